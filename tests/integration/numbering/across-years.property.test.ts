// A series without a year in its pattern (`SHOP1-{SEQ}`) across fiscal years. GST Rule 46(b): the
// serial number is "unique for a financial year", and every series starts again at 1 in a new
// one, so SHOP1-1 is issued once per fiscal year. Property: whatever the order of issue dates
// across three fiscal years and two series, the numbers of each (series, fiscal year) are 1..N
// with no gap, each number is unique within its fiscal year, and `check sequence` and the audit
// verification agree.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openStore, type Store } from '../../../src-main/db/store.js';
import { checkSequence } from '../../../src-main/numbering/numbering.js';
import { verifyLedger } from '../../../src-main/audit/verify-ledger.js';
import { seedBusiness } from '../../helpers/seed.js';
import { issueInvoicesForBench } from '../../helpers/issue.js';
import { TempDirs } from '../../helpers/temp.js';

const temp = new TempDirs();
const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  temp.cleanup();
});

// Dates on both sides of two 1 April boundaries: fiscal years 2024-25, 2025-26 and 2026-27.
const DATES = ['2025-03-31', '2025-04-01', '2026-01-15', '2026-03-31', '2026-04-01', '2026-11-30'];
const request = fc.record({ date: fc.constantFrom(...DATES), count: fc.integer({ min: 1, max: 3 }), series: fc.constantFrom('INV', 'CN') });

describe('numbering across fiscal years with a pattern that has no year', () => {
  it('is gap-free from 1 and unique per (series, fiscal year); the same number recurs only in another year', () => {
    fc.assert(fc.property(fc.array(request, { minLength: 1, maxLength: 25 }), (requests) => {
      const store = openStore(temp.make());
      stores.push(store);
      const biz = seedBusiness(store, { invoiceFormat: 'SHOP1-{SEQ}', creditNoteFormat: 'CN1-{SEQ:3}' });
      const issued = new Map<string, string[]>();
      for (const r of requests) {
        const series = r.series === 'INV' ? biz.invoiceSeries : biz.creditSeries;
        const result = issueInvoicesForBench(store, { businessId: biz.businessId, series, fiscalYearStartMonth: 4, date: r.date, count: r.count });
        const key = `${r.series} ${result.fiscalYear}`;
        issued.set(key, [...(issued.get(key) ?? []), ...result.numbers]);
      }
      for (const [key, numbers] of issued) {
        const prefix = key.startsWith('INV') ? 'SHOP1-' : 'CN1-';
        const expected = Array.from({ length: numbers.length }, (_, i) => `${prefix}${key.startsWith('INV') ? String(i + 1) : String(i + 1).padStart(3, '0')}`);
        expect(numbers, key).toEqual(expected);
      }
      const rows = store.db.prepare('SELECT fiscal_year AS fy, upper(number) AS n FROM invoices WHERE business_id = ?').all(biz.businessId) as Array<{ fy: string; n: string }>;
      expect(new Set(rows.map((r) => `${r.fy}|${r.n}`)).size).toBe(rows.length);
      const report = checkSequence(store.db, biz.businessId);
      expect(report.problems).toEqual([]);
      expect(report.series.map((s) => `${s.seriesCode} ${s.fiscalYear}`).sort()).toEqual([...issued.keys()].sort());
      for (const s of report.series) expect(s.last).toBe(issued.get(`${s.seriesCode} ${s.fiscalYear}`)!.length);
      expect(verifyLedger(store.db).invoices.problems).toEqual([]);
      store.close();
      stores.pop();
    }), { numRuns: 25 });
  });
});
