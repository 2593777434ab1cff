// Gap-free numbering on a real file: numbers are taken only inside the transaction that writes
// the invoices, consecutive per (series, fiscal year), returned on rollback, backed by unique
// indexes, and checkSequence names the first gap, duplicate or counter mismatch.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src-main/db/store.js';
import { allocateNumbers, checkSequence } from '../../../src-main/numbering/numbering.js';
import { fiscalYearOf } from '../../../src-main/numbering/format.js';
import { verifyAudit } from '../../../src-main/audit/audit.js';
import { verifyLedger } from '../../../src-main/audit/verify-ledger.js';
import { seedBusiness, type SeededBusiness } from '../../helpers/seed.js';
import { issueInvoicesForBench, voidInvoice, type IssueRequest } from '../../helpers/issue.js';
import { TempDirs } from '../../helpers/temp.js';

const temp = new TempDirs();
let store: Store;
let biz: SeededBusiness;

beforeEach(() => {
  store = openStore(temp.make());
  biz = seedBusiness(store);
});
afterEach(() => {
  store.close();
  temp.cleanup();
});

const issue = (date: string, count: number, extra: Partial<IssueRequest> = {}) =>
  issueInvoicesForBench(store, { businessId: biz.businessId, series: biz.invoiceSeries, fiscalYearStartMonth: biz.fiscalYearStartMonth, date, count, ...extra });
const rows = (table: string) => (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('allocateNumbers', () => {
  it('hands out consecutive numbers from 1, one chunk at a time, formatted by the series', () => {
    expect(issue('2026-01-15', 1)).toMatchObject({ seqs: [1], numbers: ['INV/2526/00001'], fiscalYear: '2025-26' });
    expect(issue('2026-01-15', 3)).toMatchObject({ seqs: [2, 3, 4], numbers: ['INV/2526/00002', 'INV/2526/00003', 'INV/2526/00004'] });
    const report = checkSequence(store.db, biz.businessId);
    expect(report.ok).toBe(true);
    expect(report.series).toEqual([{ seriesCode: 'INV', fiscalYear: '2025-26', issued: 4, void: 0, first: 1, last: 4, counter: 4 }]);
  });

  it('restarts at 1 in a new fiscal year (1 April) and keeps series apart', () => {
    issue('2026-03-31', 2);
    expect(issue('2026-04-01', 1)).toMatchObject({ seqs: [1], numbers: ['INV/2627/00001'], fiscalYear: '2026-27' });
    expect(issueInvoicesForBench(store, { businessId: biz.businessId, series: biz.creditSeries, fiscalYearStartMonth: 4, date: '2026-03-31', count: 1 }))
      .toMatchObject({ seqs: [1], numbers: ['CN/2526/00001'] });
    expect(issue('2026-03-01', 1)).toMatchObject({ seqs: [3] });
    const report = checkSequence(store.db, biz.businessId);
    expect(report.ok).toBe(true);
    expect(report.series.map((s) => `${s.seriesCode} ${s.fiscalYear} ${s.last}`)).toEqual(['CN 2025-26 1', 'INV 2025-26 3', 'INV 2026-27 1']);
  });

  it('a pattern without a year (SHOP1-{SEQ}) starts at 1 again in a new fiscal year: SHOP1-1 once per year (GST Rule 46(b))', () => {
    const shop = seedBusiness(store, { invoiceFormat: 'SHOP1-{SEQ}' });
    const take = (date: string, count: number) => issueInvoicesForBench(store, { businessId: shop.businessId, series: shop.invoiceSeries, fiscalYearStartMonth: 4, date, count });
    expect(take('2026-03-30', 2)).toMatchObject({ numbers: ['SHOP1-1', 'SHOP1-2'], fiscalYear: '2025-26' });
    expect(take('2026-04-01', 2)).toMatchObject({ numbers: ['SHOP1-1', 'SHOP1-2'], fiscalYear: '2026-27' });
    expect(take('2026-03-31', 1)).toMatchObject({ numbers: ['SHOP1-3'], fiscalYear: '2025-26' });
    const report = checkSequence(store.db, shop.businessId);
    expect(report.problems).toEqual([]);
    expect(report.series.map((s) => `${s.seriesCode} ${s.fiscalYear} ${s.last}`)).toEqual(['INV 2025-26 3', 'INV 2026-27 2']);
    expect(verifyLedger(store.db).invoices.problems).toEqual([]);
  });

  it('uses calendar years for a business whose fiscal year starts in January', () => {
    const bh = seedBusiness(store, { taxRegime: 'vat-bh', countryCode: 'BH', stateCode: null, currency: 'BHD', fiscalYearStartMonth: 1, invoiceFormat: 'INV-{FY}-{SEQ:6}' });
    const take = (date: string) => issueInvoicesForBench(store, { businessId: bh.businessId, series: bh.invoiceSeries, fiscalYearStartMonth: 1, date, count: 1, currency: 'BHD' });
    expect(take('2025-12-31')).toMatchObject({ numbers: ['INV-2025-000001'] });
    expect(take('2026-01-01')).toMatchObject({ numbers: ['INV-2026-000001'] });
    expect(take('2026-04-01')).toMatchObject({ numbers: ['INV-2026-000002'] });
    expect(checkSequence(store.db, bh.businessId).ok).toBe(true);
  });

  it('returns the numbers when the transaction rolls back: nothing of it remains and the next issue has no gap', () => {
    issue('2026-01-15', 2);
    const before = { invoices: rows('invoices'), lines: rows('invoice_lines'), audit: rows('audit_log'), outbox: rows('outbox') };
    expect(() => issue('2026-01-15', 5, { failBeforeCommit: true })).toThrow(/failBeforeCommit/);
    expect({ invoices: rows('invoices'), lines: rows('invoice_lines'), audit: rows('audit_log'), outbox: rows('outbox') }).toEqual(before);
    expect(store.db.prepare('SELECT last_seq FROM series_counters').get()).toEqual({ last_seq: 2 });
    expect(issue('2026-01-15', 1).seqs).toEqual([3]);
    expect(checkSequence(store.db, biz.businessId).ok).toBe(true);
    expect(verifyAudit(store.db).ok).toBe(true);
  });

  it('refuses to run outside a transaction, and a non-positive count', () => {
    const fy = fiscalYearOf('2026-01-15', 4);
    expect(() => allocateNumbers(store.db, biz.invoiceSeries, fy, 1)).toThrow(/inside the transaction/);
    expect(() => store.write((db) => allocateNumbers(db, biz.invoiceSeries, fy, 0))).toThrow(/positive integer/);
    expect(() => store.write((db) => allocateNumbers(db, biz.invoiceSeries, fy, 1.5))).toThrow(/positive integer/);
    expect(rows('series_counters')).toBe(0);
  });

  it("refuses numbers that break the tax regime's rule (GST: 16 characters) with CONFLICT, taking none", () => {
    const long = seedBusiness(store, { invoiceFormat: 'INVOICE/{FY}/{SEQ:6}' });
    const rules = { maxLength: 16, pattern: '^[A-Za-z0-9/-]+$', description: 'at most 16 characters: letters, digits, - and /' };
    expect(() => issueInvoicesForBench(store, { businessId: long.businessId, series: long.invoiceSeries, fiscalYearStartMonth: 4, date: '2026-01-15', count: 1, rules }))
      .toThrowError(expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining('INVOICE/2025-26/000001') as string }) as Error);
    expect(rows('invoices')).toBe(0);
    expect(issue('2026-01-15', 1, { rules }).numbers).toEqual(['INV/2526/00001']);
  });

  it('voiding keeps the number used: the next invoice takes the next number', () => {
    const first = issue('2026-01-15', 3);
    expect(voidInvoice(store, biz.businessId, first.ids[1]!)).toBe(true);
    expect(voidInvoice(store, biz.businessId, first.ids[1]!)).toBe(false);
    expect(issue('2026-01-15', 1).seqs).toEqual([4]);
    const report = checkSequence(store.db, biz.businessId);
    expect(report.ok).toBe(true);
    expect(report.series[0]).toMatchObject({ issued: 3, void: 1, last: 4 });
    expect(store.db.prepare('SELECT number, status FROM invoices WHERE id = ?').get(first.ids[1])).toEqual({ number: 'INV/2526/00002', status: 'void' });
  });
});

describe('unique indexes back the numbering', () => {
  it('refuse a second invoice with the same (series, fiscal year, seq) or the same number in another case', () => {
    const issued = issue('2026-01-15', 1);
    const copy = (changes: string) => store.db.prepare(`INSERT INTO invoices (id, business_id, kind, status, series_id, fiscal_year, seq, number, issue_date, currency, taxable_minor, tax_minor, total_minor, created_at, updated_at)
      SELECT id || '-copy', business_id, kind, status, series_id, fiscal_year, ${changes}, issue_date, currency, taxable_minor, tax_minor, total_minor, created_at, updated_at FROM invoices WHERE id = ?`).run(issued.ids[0]);
    expect(() => copy("seq, 'OTHER/1'")).toThrow(/UNIQUE constraint failed: invoices.business_id, invoices.series_id, invoices.fiscal_year, invoices.seq/);
    expect(() => copy("99, lower(number)")).toThrow(/UNIQUE constraint failed/);
    expect(() => copy("NULL, number")).toThrow(/CHECK constraint failed/);
  });

  it('key a number by fiscal year: the same number twice in one fiscal year is refused (any case, any series), in another fiscal year it is allowed', () => {
    const shop = seedBusiness(store, { invoiceFormat: 'SHOP1-{SEQ}' });
    const first = issueInvoicesForBench(store, { businessId: shop.businessId, series: shop.invoiceSeries, fiscalYearStartMonth: 4, date: '2026-03-30', count: 1 });
    const copy = (id: string, seriesId: string, fiscalYear: string, number: string) => store.db.prepare(`INSERT INTO invoices (id, business_id, kind, status, series_id, fiscal_year, seq, number, issue_date, currency, taxable_minor, tax_minor, total_minor, created_at, updated_at)
      SELECT ?, business_id, kind, status, ?, ?, 7, ?, issue_date, currency, taxable_minor, tax_minor, total_minor, created_at, updated_at FROM invoices WHERE id = ?`).run(id, seriesId, fiscalYear, number, first.ids[0]);
    expect(() => copy('x1', shop.creditSeries.id, '2025-26', 'shop1-1')).toThrow(/UNIQUE constraint failed: index 'invoices_unique_number'/);
    expect(() => copy('x2', shop.creditSeries.id, '2026-27', 'SHOP1-1')).not.toThrow();
    expect(() => copy('x3', shop.invoiceSeries.id, '2024-25', 'Shop1-1')).not.toThrow();
  });
});

describe('checkSequence', () => {
  it('names the first gap when an invoice disappears (raw SQL)', () => {
    const issued = issue('2026-01-15', 6);
    store.db.prepare('DELETE FROM invoice_lines WHERE invoice_id IN (?, ?)').run(issued.ids[2], issued.ids[3]);
    store.db.prepare('DELETE FROM invoices WHERE id IN (?, ?)').run(issued.ids[2], issued.ids[3]);
    const report = checkSequence(store.db, biz.businessId);
    expect(report.ok).toBe(false);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ seriesCode: 'INV', fiscalYear: '2025-26', kind: 'gap' });
    expect(report.problems[0]!.message).toBe('series INV, fiscal year 2025-26: numbers 3–4 are missing before INV/2526/00005');
  });

  it('names a missing last number through the counter', () => {
    const issued = issue('2026-01-15', 3);
    store.db.prepare('DELETE FROM invoice_lines WHERE invoice_id = ?').run(issued.ids[2]);
    store.db.prepare('DELETE FROM invoices WHERE id = ?').run(issued.ids[2]);
    const report = checkSequence(store.db, biz.businessId);
    expect(report.problems.map((p) => p.kind)).toEqual(['counter_mismatch']);
    expect(report.problems[0]!.message).toContain('the counter says 3 numbers were taken but invoices account for 2');
  });

  it('names a duplicate when the unique index is bypassed', () => {
    const issued = issue('2026-01-15', 3);
    store.db.exec('DROP INDEX invoices_unique_seq; DROP INDEX invoices_unique_number;');
    store.db.prepare(`INSERT INTO invoices (id, business_id, kind, status, series_id, fiscal_year, seq, number, issue_date, currency, taxable_minor, tax_minor, total_minor, created_at, updated_at)
      SELECT id || '-dup', business_id, kind, status, series_id, fiscal_year, seq, number, issue_date, currency, taxable_minor, tax_minor, total_minor, created_at, updated_at FROM invoices WHERE id = ?`).run(issued.ids[1]);
    const report = checkSequence(store.db, biz.businessId);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind).sort()).toEqual(['duplicate', 'number_duplicate']);
    expect(report.problems.find((p) => p.kind === 'duplicate')!.message).toContain('INV/2526/00002 (seq 2) is used more than once');
  });

  it('names a number whose text no longer matches its series format and sequence (raw edit)', () => {
    const issued = issue('2026-01-15', 4);
    store.db.prepare("UPDATE invoices SET number = 'INV/2526/00099' WHERE id = ?").run(issued.ids[2]);
    const report = checkSequence(store.db, biz.businessId);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind)).toEqual(['number_mismatch']);
    expect(report.problems[0]!.message).toBe('series INV, fiscal year 2025-26: seq 3 carries number INV/2526/00099, but the series format gives INV/2526/00003');
  });

  it('re-derives numbers for calendar-year businesses too', () => {
    const bh = seedBusiness(store, { taxRegime: 'vat-bh', countryCode: 'BH', stateCode: null, currency: 'BHD', fiscalYearStartMonth: 1, invoiceFormat: 'INV-{FY}-{SEQ:6}' });
    issueInvoicesForBench(store, { businessId: bh.businessId, series: bh.invoiceSeries, fiscalYearStartMonth: 1, date: '2026-07-01', count: 3, currency: 'BHD' });
    expect(checkSequence(store.db, bh.businessId)).toMatchObject({ ok: true, problems: [] });
    store.db.prepare("UPDATE invoices SET number = lower(number) WHERE business_id = ? AND seq = 2").run(bh.businessId);
    expect(checkSequence(store.db, bh.businessId).problems.map((p) => p.kind)).toEqual(['number_mismatch']);
  });

  it('looks only at the business asked about', () => {
    const other = seedBusiness(store);
    issueInvoicesForBench(store, { businessId: other.businessId, series: other.invoiceSeries, fiscalYearStartMonth: 4, date: '2026-01-15', count: 2 });
    expect(checkSequence(store.db, biz.businessId)).toEqual({ ok: true, series: [], problems: [] });
    expect(checkSequence(store.db, other.businessId).series).toHaveLength(1);
  });
});
