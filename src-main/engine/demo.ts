// `ledgerflow demo`: on an empty data folder, sandbox businesses (India GST, Bahrain VAT, a cash
// shop), the demo catalogue and customers from resources/demo/, one batch per business and one
// ZIP holding them all.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src-shared/errors.js';
import { toMinorUnits } from '../../src-shared/money/index.js';
import type { BatchProgress, BatchReport } from '../../src-shared/schemas/batch.js';
import type { Business } from '../../src-shared/schemas/business.js';
import { appendAudit } from '../audit/audit.js';
import type { EngineContext } from './context.js';
import { packageRoot } from '../runtime/paths.js';
import { createBusiness, listBusinesses, validateBusinessInput } from '../db/repos/businesses.js';
import { insertCustomer, insertProduct, type NewCustomer } from '../db/repos/catalogue.js';
import { runBatch } from './pipeline.js';
import type { PdfRenderer } from './pdf-renderer.js';

interface DemoProduct { sku: string; name: string; hsn: string; unit: string; price: string; taxRate: string; taxCategory: string; kind: 'goods' | 'services'; cessRate: string }
interface DemoFile {
  businesses: Array<Record<string, unknown> & { key: string }>;
  customers: Record<string, Array<NewCustomer & { stateCode?: string }>>;
}

/** How many invoices the demo batch draws per business key. */
export const DEMO_COUNTS: Record<string, { count: number; profile: 'basic' | 'realistic' | 'advanced'; creditNoteShare?: number }> = {
  in: { count: 36, profile: 'advanced', creditNoteShare: 0.08 },
  bh: { count: 18, profile: 'realistic' },
  cash: { count: 8, profile: 'basic' },
};

export interface DemoResult {
  businesses: Business[];
  batches: BatchReport[];
}

export async function seedAndRunDemo(core: EngineContext, options: { pdf?: PdfRenderer; onProgress?: (label: string, p: BatchProgress) => void; today?: string; seed?: string }): Promise<DemoResult> {
  const existing = core.store.read((db) => listBusinesses(db));
  if (existing.length > 0) {
    throw new AppError('BAD_INPUT', `demo runs on an empty data folder; ${core.dataDir} already has ${existing.length} business(es). Use --data-dir with a new folder.`, { details: { dataDir: core.dataDir } });
  }
  const root = join(packageRoot(), 'resources', 'demo');
  const demo = JSON.parse(readFileSync(join(root, 'businesses.json'), 'utf8')) as DemoFile;
  const catalogue = JSON.parse(readFileSync(join(root, 'catalogue.json'), 'utf8')) as { products: Record<string, DemoProduct[]> };
  const businesses: Business[] = [];
  const batches: BatchReport[] = [];
  for (const { key, ...fields } of demo.businesses) {
    const business = createBusiness(core.store, validateBusinessInput(fields, core.plugins), 'demo');
    businesses.push(business);
    core.store.write((db) => {
      for (const p of catalogue.products[key] ?? []) {
        insertProduct(db, business.id, { sku: p.sku, name: p.name, hsn: p.hsn, unit: p.unit, kind: p.kind, priceMinor: toMinorUnits(p.price, business.currency), currency: business.currency, taxRate: p.taxCategory === 'standard' ? p.taxRate : '0', taxCategory: p.taxCategory, cessRate: p.cessRate });
      }
      for (const c of demo.customers[key] ?? []) insertCustomer(db, business.id, c);
      appendAudit(db, { businessId: business.id, actor: 'demo', action: 'catalogue.seed', entity: 'business', entityId: business.id, details: { products: catalogue.products[key]?.length ?? 0, customers: demo.customers[key]?.length ?? 0 } });
    });
  }
  for (const [index, business] of businesses.entries()) {
    const key = demo.businesses[index]!.key;
    const { count, profile, creditNoteShare } = DEMO_COUNTS[key] ?? { count: 10, profile: 'basic' as const };
    const report = await runBatch(core, { source: 'simulation', businessId: business.id, count, profile, seed: options.seed ?? 'demo', pdf: Boolean(options.pdf), ...(creditNoteShare ? { creditNoteShare } : {}) }, {
      pdf: options.pdf, actor: 'demo', today: options.today, onProgress: (p) => options.onProgress?.(business.name, p),
    });
    batches.push(report);
  }
  return { businesses, batches };
}
