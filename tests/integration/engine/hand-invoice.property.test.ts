// Properties of invoices written by hand, on a real data folder through the handlers the editor
// and the CLI call: (1) a hand invoice and the same lines through `tax quote` agree to the paisa
// (INR) and the fils (BHD); (2) a draft never holds a number, however often it is saved, and
// issuing takes exactly the next number of its series.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCore, type Core } from '../../../src-main/core/create-core.js';
import { dispatch } from '../../../src-main/core/dispatch.js';
import { issueDraft } from '../../../src-main/engine/hand-invoice.js';
import { quoteTax } from '../../../src-main/tax/quote.js';
import { TempDirs } from '../../helpers/temp.js';

const temp = new TempDirs();
let core: Core;
let gst: string;
let bh: string;
const today = new Date().toISOString().slice(0, 10);

async function call<T>(method: string, input: unknown): Promise<T> {
  const reply = await dispatch(core, method, input, { actor: 'test' }, { checkOutput: true });
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.value as T;
}

beforeAll(async () => {
  core = await createCore({ dataDir: temp.make() });
  gst = (await call<{ id: string }>('businesses.create', {
    name: 'Sahyadri Handloom Traders', address: 'Shop 14, Laxmi Road, Pune', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', taxId: '27AAPFU0939F1ZV', currency: 'INR',
  })).id;
  bh = (await call<{ id: string }>('businesses.create', {
    name: 'Pearl Gulf Trading', address: 'Building 12, Road 1701, Manama', countryCode: 'BH', taxRegime: 'vat-bh', taxId: '200000000000003', currency: 'BHD',
  }).catch(async () => call<{ id: string }>('businesses.create', { name: 'Pearl Gulf Trading', address: 'Manama', countryCode: 'BH', taxRegime: 'vat-bh', currency: 'BHD' }))).id;
});
afterAll(async () => {
  await core.close();
  temp.cleanup();
});

const decimal = (maxInt: number, places: number) => fc.tuple(fc.integer({ min: 0, max: maxInt }), fc.integer({ min: 0, max: 10 ** places - 1 }))
  .map(([i, f]) => (places === 0 ? String(i) : `${i}.${String(f).padStart(places, '0')}`));

const gstLine = fc.record({
  description: fc.constantFrom('Cotton saree', 'Stitching', 'Brass lamp', 'Tea 250 g'),
  hsn: fc.constantFrom('5208', '998821', '7418', '0902'),
  rate: fc.constantFrom('0', '0.25', '3', '5', '18', '40', 'exempt'),
  quantity: fc.tuple(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 999 })).map(([i, f]) => (f === 0 ? String(i) : `${i}.${String(f).padStart(3, '0')}`)),
  price: decimal(99999, 2),
});

describe('a hand invoice and `tax quote` agree', () => {
  it('to the paisa for GST (intra- and inter-state, prices with or without tax) and to the fils for Bahrain VAT', async () => {
    await fc.assert(fc.asyncProperty(
      fc.boolean(), fc.constantFrom('27', '29', '07'), fc.boolean(), fc.array(gstLine, { minLength: 1, maxLength: 6 }), fc.array(fc.record({
        description: fc.constantFrom('Dates box', 'Delivery'), rate: fc.constantFrom('10', '0', 'exempt'), quantity: fc.integer({ min: 1, max: 50 }).map(String), price: decimal(999, 3),
      }), { minLength: 1, maxLength: 4 }),
      async (bahrain, state, inclusive, gstLines, vatLines) => {
        const businessId = bahrain ? bh : gst;
        const lines = bahrain ? vatLines : gstLines;
        const invoice = { date: today, customer: 'Walk-in customer', ...(bahrain ? {} : { customerState: state }), pricesIncludeTax: inclusive, lines };
        const hand = await call<{ totals: Record<string, string>; lines: Array<{ taxable: string; tax: string; total: string }> }>('invoices.quote', { businessId, invoice });
        const quote = quoteTax({
          regime: bahrain ? 'vat-bh' : 'gst-in', date: today, currency: bahrain ? 'BHD' : 'INR', pricesIncludeTax: inclusive,
          supplier: bahrain ? { country: 'BH', taxId: '200000000000003' } : { state: '27', country: 'IN', taxId: '27AAPFU0939F1ZV' },
          customer: bahrain ? { country: 'BH' } : { state, country: 'IN' }, ...(bahrain ? {} : { placeOfSupply: state }),
          lines: lines.map((l) => ({ description: l.description, ...('hsn' in l ? { hsn: l.hsn } : {}), rate: l.rate, quantity: l.quantity, unitPrice: l.price })),
        }, core.plugins);
        // Exempt, nil and non-GST value apart from taxable value, as `tax quote` and the export manifest give it.
        const nonTaxable = quote.totals.nonTaxable !== undefined ? { nonTaxable: quote.totals.nonTaxable } : {};
        expect(hand.totals).toEqual({ taxable: quote.totals.taxable, ...nonTaxable, tax: quote.totals.tax, roundOff: quote.totals.roundOff, grandTotal: quote.totals.grandTotal });
        expect(hand.lines.map((l) => [l.taxable, l.total])).toEqual(quote.lines.map((l) => [l.taxable, l.total]));
      },
    ), { numRuns: 60 });
  });
});

describe('drafts and numbers', () => {
  it('a draft never holds a number, whatever is saved into it; issuing takes the next number of the series', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.array(gstLine, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }), async (versions) => {
      let id: string | undefined;
      for (const lines of versions) {
        const saved = await call<{ id: string; number: string | null; status: string }>('invoices.saveDraft', { businessId: gst, ...(id ? { id } : {}), invoice: { date: today, customer: 'Walk-in customer', lines } });
        expect(saved).toMatchObject({ number: null, status: 'draft' });
        id = saved.id;
      }
      const stored = core.store.read((db) => db.prepare('SELECT number, seq, fiscal_year FROM invoices WHERE id = ?').get(id)) as Record<string, unknown>;
      expect(stored).toEqual({ number: null, seq: null, fiscal_year: null });
      const counter = () => core.store.read((db) => (db.prepare("SELECT COALESCE(SUM(last_seq), 0) AS n FROM series_counters WHERE business_id = ?").get(gst) as { n: number }).n);
      const before = counter();
      const { number } = await issueDraft(core, gst, id!, { actor: 'test' });
      expect(counter()).toBe(before + 1);
      expect(number).toMatch(new RegExp(`/${String(before + 1).padStart(5, '0')}$`));
      const again = await dispatch(core, 'invoices.saveDraft', { businessId: gst, id, invoice: { date: today, customer: 'X', lines: versions[0] } }, { actor: 'test' });
      expect(again.ok || again.error.code).toBe('CONFLICT');
    }), { numRuns: 15 });
    const report = await call<{ ok: boolean }>('sequence.check', { businessId: gst });
    expect(report.ok).toBe(true);
  });
});
