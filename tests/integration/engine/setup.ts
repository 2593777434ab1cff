// Builds a core on a fresh temp data folder with one business and a small catalogue.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../../src-main/core/create-core.js';
import { createBusiness, validateBusinessInput } from '../../../src-main/db/repos/businesses.js';
import { insertCustomer, insertProduct } from '../../../src-main/db/repos/catalogue.js';
import { silentLogger } from '../../../src-main/log/logger.js';
import type { Business } from '../../../src-shared/schemas/business.js';

export interface EngineFixture {
  core: Core;
  dir: string;
  business: Business;
  cleanup(): Promise<void>;
}

export async function gstFixture(options: { sandbox?: boolean } = {}): Promise<EngineFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'lf-engine-'));
  const core = await createCore({ dataDir: dir, logger: silentLogger });
  const business = createBusiness(core.store, validateBusinessInput({
    name: 'Engine Test Traders', address: '1 MG Road\nPune', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in',
    taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: options.sandbox ?? true,
  }, core.plugins), 'test');
  core.store.write((db) => {
    insertProduct(db, business.id, { sku: 'SH-1', name: 'Cotton shirt', hsn: '6205', unit: 'PCS', priceMinor: 89900n, currency: 'INR', taxRate: '5' });
    insertProduct(db, business.id, { sku: 'TR-1', name: 'Tailoring service', hsn: '998821', unit: 'NOS', kind: 'services', priceMinor: 45000n, currency: 'INR', taxRate: '18' });
    insertProduct(db, business.id, { sku: 'WS-1', name: 'Workshop', hsn: '999293', unit: 'NOS', kind: 'services', priceMinor: 250000n, currency: 'INR', taxRate: '0', taxCategory: 'exempt' });
    insertCustomer(db, business.id, { name: 'Kaveri Textiles Pvt Ltd', taxId: '29AAGCB7383J1Z4', stateCode: '29', countryCode: 'IN', address: 'Bengaluru' });
  });
  return { core, dir, business, async cleanup() { await core.close(); rmSync(dir, { recursive: true, force: true }); } };
}
