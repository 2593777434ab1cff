// Property (docs/ARCHITECTURE.md: what must never happen is refused): for random orders carrying
// random valid or invalid identifiers and names, no issued invoice ever carries an identifier that
// its `check` command rejects, nor a name the shared text rules refuse.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../../../src-main/engine/pipeline.js';
import { statement } from '../../../src-main/db/query.js';
import { validateBahrainVatNumber } from '../../../src-main/tax/vat-bh/index.js';
import { validateGstin } from '../../../src-shared/tax/gstin.js';
import { checkRecipientGstId, checkText, gstinCheckCharacter } from '../../../src-shared/validation/fields.js';
import { gstFixture, type EngineFixture } from './setup.js';

let fixture: EngineFixture;
beforeAll(async () => {
  fixture = await gstFixture({ sandbox: false });
});
afterAll(async () => fixture?.cleanup());

const TODAY = new Date().toISOString().slice(0, 10);
const ALNUM = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/** GST identifiers: valid GSTINs and UINs, TCS ids, one-character typos, wrong lengths, lower case, junk. */
const gstId = fc.oneof(
  fc.tuple(fc.constantFrom('27', '29', '33', '07', '99', '00', '96'), fc.stringMatching(/^[A-Z]{5}\d{4}[A-Z]$/), fc.constantFrom('1', '2', 'A'), fc.constantFrom('Z', 'Z', 'C', 'D', 'X'))
    .map(([state, pan, entity, flag]) => { const first14 = `${state}${pan}${entity}${flag}`; return first14 + gstinCheckCharacter(first14); }),
  fc.tuple(fc.constantFrom('07', '29'), fc.stringMatching(/^\d{2}[A-Z]{3}\d{5}$/)).map(([state, mid]) => { const first14 = `${state}${mid}UN`; return first14 + gstinCheckCharacter(first14); }),
  fc.tuple(fc.constant('27AAPFU0939F1ZV'), fc.nat(14), fc.constantFrom(...ALNUM)).map(([id, at, ch]) => id.slice(0, at) + ch + id.slice(at + 1)),
  fc.constantFrom('29AAHCS3391E1Z6', '07AAACF1234A1CS', ' 27aapfu0939f1zv ', '27AAPFU0939F1Z', '27AAPFU0939F1ZVX', ''),
  fc.string({ maxLength: 20 }),
);
const bhId = fc.oneof(
  fc.stringMatching(/^\d{15}$/), fc.stringMatching(/^\d{13,16}$/), fc.stringMatching(/^[0-9A-Z]{15}$/),
  fc.constantFrom('20000000000003', '2000000000000AB', ' 200000000000003 '), fc.string({ maxLength: 20 }),
);
const name = fc.oneof(
  fc.constantFrom('Gupta Stores', 'Shirt \u202Efdp.exe', 'Null\u0000 Traders', 'شركة المنامة', 'x'.repeat(201), 'Tab\tName'),
  fc.string({ minLength: 1, maxLength: 30 }),
);

describe('no issued invoice carries an identifier its check command rejects', () => {
  it('for random GST orders', async () => {
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(fc.record({ id: fc.option(gstId, { nil: undefined }), name, state: fc.option(fc.constantFrom('27', '29', 'Maharashtra', 'Atlantis', '42'), { nil: undefined }) }), { minLength: 1, maxLength: 6 }), async (orders) => {
      run += 1;
      const file = join(fixture.dir, `gst-${run}.json`);
      writeFileSync(file, JSON.stringify(orders.map((o, i) => ({
        orderId: `R${run}-${i}`, date: TODAY, customer: o.name, product: 'SH-1', quantity: 1,
        ...(o.id !== undefined ? { customerTaxId: o.id } : {}), ...(o.state !== undefined ? { customerState: o.state } : {}),
      }))));
      const report = await runBatch(fixture.core, { source: 'orders', businessId: fixture.business.id, ordersFile: file, pdf: false }, { today: TODAY });
      const issued = fixture.core.store.read((db) => statement(db, 'SELECT customer_snapshot, place_of_supply FROM invoices WHERE batch_id = ?').all(report.batchId) as Array<{ customer_snapshot: string; place_of_supply: string | null }>);
      for (const row of issued) {
        const customer = JSON.parse(row.customer_snapshot) as { name: string; taxId?: string | null };
        if (customer.taxId) {
          expect(validateGstin(customer.taxId).valid).toBe(true);
          expect(checkRecipientGstId(customer.taxId).ok).toBe(true);
          expect(customer.taxId).toBe(customer.taxId.trim().toUpperCase());
          expect(row.place_of_supply).toBe(customer.taxId.slice(0, 2));
        }
        expect(checkText(customer.name, 'name').ok).toBe(true);
      }
    }), { numRuns: 40, seed: 13 });
  });

  it('for random Bahrain orders', async () => {
    const bh = await (await import('./setup.js')).gstFixture({ sandbox: false }); // a data folder of its own
    try {
      const { createBusiness, validateBusinessInput } = await import('../../../src-main/db/repos/businesses.js');
      const { insertProduct } = await import('../../../src-main/db/repos/catalogue.js');
      const business = createBusiness(bh.core.store, validateBusinessInput({ name: 'Manama Trading', address: 'Manama', countryCode: 'BH', taxRegime: 'vat-bh', taxId: '200000000000003', currency: 'BHD' }, bh.core.plugins), 'test');
      bh.core.store.write((db) => insertProduct(db, business.id, { sku: 'SH-1', name: 'Shirt', priceMinor: 7500n, currency: 'BHD', taxRate: '10' }));
      let run = 0;
      await fc.assert(fc.asyncProperty(fc.array(fc.record({ id: fc.option(bhId, { nil: undefined }), name }), { minLength: 1, maxLength: 6 }), async (orders) => {
        run += 1;
        const file = join(bh.dir, `bh-${run}.json`);
        writeFileSync(file, JSON.stringify(orders.map((o, i) => ({ orderId: `B${run}-${i}`, date: TODAY, customer: o.name, product: 'SH-1', quantity: 100, ...(o.id !== undefined ? { customerTaxId: o.id } : {}) }))));
        const report = await runBatch(bh.core, { source: 'orders', businessId: business.id, ordersFile: file, pdf: false }, { today: TODAY });
        const issued = bh.core.store.read((db) => statement(db, 'SELECT customer_snapshot FROM invoices WHERE batch_id = ?').all(report.batchId) as Array<{ customer_snapshot: string }>);
        for (const row of issued) {
          const customer = JSON.parse(row.customer_snapshot) as { name: string; taxId?: string | null };
          if (customer.taxId) expect(validateBahrainVatNumber(customer.taxId).valid).toBe(true);
          expect(checkText(customer.name, 'name').ok).toBe(true);
        }
      }), { numRuns: 30, seed: 13 });
    } finally {
      await bh.cleanup();
    }
  });
});
