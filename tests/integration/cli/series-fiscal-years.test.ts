// A numbering series without a year in its pattern (`SHOP1-{SEQ}`), through the CLI contract. GST
// Rule 46(b) wants the serial number "unique for a financial year", and every series starts again
// at 1 in a new one: SHOP1-1 is issued in 2025-26 and again in 2026-27. Whatever finds an invoice by
// number then refuses an ambiguous number (exit 2, naming the fiscal years) and takes `--fy`.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, writeJson } from '../../helpers/cli-in-process.js';
import { TempDirs, databaseFile } from '../../helpers/temp.js';
import { fiscalYearOf } from '../../../src-main/numbering/format.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

function rows(dataDir: string, sql: string, ...params: unknown[]): unknown[] {
  const db = new Database(databaseFile(dataDir), { readonly: true });
  try {
    return db.prepare(sql).all(...params);
  } finally {
    db.close();
  }
}

interface Shop { dir: string; dataDir: string; businessId: string }

async function shop(): Promise<Shop> {
  const dir = temp.make();
  const dataDir = join(dir, 'data');
  const business = writeJson(dir, {
    name: 'Sahyadri Handloom Traders', address: 'Shop 14, Laxmi Road\nPune 411030', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in',
    taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: false,
  });
  const added = await cli('--data-dir', dataDir, '--json', 'business', 'add', '--file', business);
  expect(added.code, added.stderr).toBe(0);
  const businessId = (JSON.parse(added.stdout) as { id: string }).id;
  const product = await cli('--data-dir', dataDir, 'product', 'add', '--business', businessId, '--file', writeJson(dir, { sku: 'SAR-1', name: 'Cotton saree', hsn: '5208', price: '1200', taxRate: '5', unit: 'pcs' }));
  expect(product.code, product.stderr).toBe(0);
  return { dir, dataDir, businessId };
}

async function issue(s: Shop, date: string, quantity = 1): Promise<{ id: string; number: string }> {
  const file = writeJson(s.dir, { date, series: 'SHOP1', customer: 'Kaveri Textiles', customerTaxId: '29AAGCB7383J1Z4', customerAddress: '4 Residency Road\nBengaluru 560025', lines: [{ product: 'SAR-1', quantity }] });
  const issued = await cli('--data-dir', s.dataDir, '--json', 'invoice', 'create', '--business', s.businessId, '--file', file, '--issue');
  expect(issued.code, issued.stderr).toBe(0);
  return JSON.parse(issued.stdout) as { id: string; number: string };
}

describe('a series without a year in its pattern', () => {
  it('is accepted for GST and Bahrain VAT; the other checks stay (GST 16 characters, characters, one {SEQ})', async () => {
    const s = await shop();
    const add = (code: string, format: string) => cli('--data-dir', s.dataDir, '--json', 'series', 'add', '--business', s.businessId, '--code', code, '--format', format);
    const ok = await add('SHOP1', 'SHOP1-{SEQ}');
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ code: 'SHOP1', format: 'SHOP1-{SEQ}', next: 'SHOP1-1' });
    const long = await add('LONG', 'COUNTER-NO-1/{SEQ:5}');
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/\$\.format: .*"COUNTER-NO-1\/00001".*16 characters/);
    const chars = await add('US', 'SHOP_2-{SEQ}');
    expect(chars.code).toBe(2);
    const twice = await add('TWO', 'A{SEQ}-{SEQ}');
    expect(twice.code).toBe(2);
    const clash = await add('SHOPX', 'SHOP1-{SEQ:3}');
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/series SHOP1 \(SHOP1-\{SEQ\}\) also gives/);

    const bhDir = temp.make();
    const bhData = join(bhDir, 'data');
    const bh = await cli('--data-dir', bhData, '--json', 'business', 'add', '--file', writeJson(bhDir, {
      name: 'Pearl Gulf Trading W.L.L', address: 'Building 12, Road 3803\nManama', countryCode: 'BH', taxRegime: 'vat-bh', taxId: '200000000000003', currency: 'BHD', sandbox: false,
    }));
    expect(bh.code, bh.stderr).toBe(0);
    const bhSeries = await cli('--data-dir', bhData, '--json', 'series', 'add', '--business', (JSON.parse(bh.stdout) as { id: string }).id, '--code', 'COUNTER1', '--format', 'C1-{SEQ:6}');
    expect(bhSeries.code, bhSeries.stderr).toBe(0);
    expect(JSON.parse(bhSeries.stdout)).toMatchObject({ next: 'C1-000001' });
  }, 60_000);

  it('gives SHOP1-1 again in a new fiscal year; a number in two years is refused by number (exit 2 naming both years) and found with --fy', async () => {
    const s = await shop();
    const added = await cli('--data-dir', s.dataDir, 'series', 'add', '--business', s.businessId, '--code', 'SHOP1', '--format', 'SHOP1-{SEQ}');
    expect(added.code, added.stderr).toBe(0);
    const old1 = await issue(s, '2026-03-30');
    const old2 = await issue(s, '2026-03-31', 2);
    const new1 = await issue(s, '2026-04-01', 3);
    expect([old1.number, old2.number, new1.number]).toEqual(['SHOP1-1', 'SHOP1-2', 'SHOP1-1']);
    expect(rows(s.dataDir, 'SELECT fiscal_year, number FROM invoices WHERE number IS NOT NULL ORDER BY issue_date')).toEqual([
      { fiscal_year: '2025-26', number: 'SHOP1-1' }, { fiscal_year: '2025-26', number: 'SHOP1-2' }, { fiscal_year: '2026-27', number: 'SHOP1-1' },
    ]);

    const ambiguous = await cli('--data-dir', s.dataDir, 'invoice', 'show', 'shop1-1');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/SHOP1-1.*2025-26.*2026-27.*--fy/);
    const shownOld = await cli('--data-dir', s.dataDir, '--json', 'invoice', 'show', 'SHOP1-1', '--fy', '2025-26');
    expect(shownOld.code, shownOld.stderr).toBe(0);
    expect(JSON.parse(shownOld.stdout)).toMatchObject({ id: old1.id, number: 'SHOP1-1' });
    const shownNew = await cli('--data-dir', s.dataDir, '--json', 'invoice', 'show', 'SHOP1-1', '--fy', '2026-27', '--business', s.businessId);
    expect(JSON.parse(shownNew.stdout)).toMatchObject({ id: new1.id });
    // A number issued in one year only needs no --fy; a wrong --fy is not found; a malformed one is bad input.
    expect((await cli('--data-dir', s.dataDir, 'invoice', 'show', 'SHOP1-2')).code).toBe(0);
    const none = await cli('--data-dir', s.dataDir, 'invoice', 'show', 'SHOP1-2', '--fy', '2026-27');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/SHOP1-2.*2026-27/);
    expect((await cli('--data-dir', s.dataDir, 'invoice', 'show', 'SHOP1-1', '--fy', '26-27')).code).toBe(2);

    // Void, credit note and debit note: the same refusal, and --fy picks the invoice.
    for (const argv of [['void', 'SHOP1-1', '--reason', 'typo'], ['credit-note', 'SHOP1-1', '--reason', 'returned', '--no-pdf'], ['debit-note', 'SHOP1-1', '--reason', 'short billed', '--value', '10', '--no-pdf']]) {
      const refused = await cli('--data-dir', s.dataDir, 'invoice', ...argv);
      expect(refused.code, argv.join(' ')).toBe(2);
      expect(refused.stderr).toMatch(/2025-26.*2026-27/);
    }
    const credit = await cli('--data-dir', s.dataDir, '--json', 'invoice', 'credit-note', 'SHOP1-1', '--fy', '2026-27', '--reason', 'returned', '--value', '100', '--date', '2026-04-02');
    expect(credit.code, credit.stderr).toBe(0);
    expect(rows(s.dataDir, "SELECT original_invoice_id FROM invoices WHERE kind = 'credit_note'")).toEqual([{ original_invoice_id: new1.id }]);
    const voided = await cli('--data-dir', s.dataDir, '--json', 'invoice', 'void', 'SHOP1-1', '--fy', '2025-26', '--reason', 'typo');
    expect(voided.code, voided.stderr).toBe(0);
    expect(rows(s.dataDir, 'SELECT id, status FROM invoices WHERE number = ? ORDER BY fiscal_year', 'SHOP1-1')).toEqual([{ id: old1.id, status: 'void' }, { id: new1.id, status: 'issued' }]);

    // The e-invoice JSON of one invoice by number: the same.
    const einvoice = await cli('--data-dir', s.dataDir, 'gst', 'einvoice', '--business', s.businessId, '--invoice', 'SHOP1-1');
    expect(einvoice.code).toBe(2);
    expect(einvoice.stderr).toMatch(/2025-26.*2026-27/);
    const einvoiceFy = await cli('--data-dir', s.dataDir, '--json', 'gst', 'einvoice', '--business', s.businessId, '--invoice', 'SHOP1-1', '--fy', '2026-27');
    expect(einvoiceFy.code, einvoiceFy.stderr).toBe(0);
    expect(JSON.parse(einvoiceFy.stdout)).toMatchObject({ ready: 1 });

    // The IRP's answer names the invoice by number and date: the date picks 2026-27's SHOP1-1.
    const einvoiceFile = join(s.dir, 'einvoice.json');
    expect((await cli('--data-dir', s.dataDir, 'gst', 'einvoice', '--business', s.businessId, '--invoice', new1.id, '--out', einvoiceFile)).code).toBe(0);
    const [doc] = JSON.parse(readFileSync(einvoiceFile, 'utf8')) as Array<{ SellerDtls: { Gstin: string }; BuyerDtls: { Gstin: string }; DocDtls: { No: string; Dt: string }; ValDtls: { TotInvVal: number } }>;
    expect(doc!.DocDtls).toEqual({ Typ: 'INV', No: 'SHOP1-1', Dt: '01/04/2026' });
    const irn = 'a'.repeat(64);
    const data = JSON.stringify({ SellerGstin: doc!.SellerDtls.Gstin, BuyerGstin: doc!.BuyerDtls.Gstin, DocNo: 'SHOP1-1', DocTyp: 'INV', DocDt: '01/04/2026', TotInvVal: doc!.ValDtls.TotInvVal, ItemCnt: 1, MainHsnCode: '5208', Irn: irn, IrnDt: '2026-04-01 12:04:00' });
    const b64url = (text: string) => Buffer.from(text).toString('base64url');
    const signed = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify({ data, iss: 'NIC' }))}.${b64url('x'.repeat(256))}`;
    const response = writeJson(s.dir, { Irn: irn, AckNo: 112610000456789, AckDt: '2026-04-01 12:04:00', SignedQRCode: signed, Status: 'ACT' });
    const imported = await cli('--data-dir', s.dataDir, '--json', 'gst', 'irn-import', response, '--business', s.businessId);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ attached: [{ invoiceId: new1.id, number: 'SHOP1-1', irn }], refused: [] });

    // Sequence and audit checks see no duplicate; an export of both years names every PDF apart.
    const sequence = await cli('--data-dir', s.dataDir, 'check', 'sequence', '--business', s.businessId);
    expect(sequence.code, sequence.stdout + sequence.stderr).toBe(0);
    const audit = await cli('--data-dir', s.dataDir, 'audit', 'verify');
    expect(audit.code, audit.stdout + audit.stderr).toBe(0);
    const out = join(s.dir, 'both-years.zip');
    const exported = await cli('--data-dir', s.dataDir, 'export', '--from', '2026-03-01', '--to', '2026-04-30', '--business', s.businessId, '--out', out);
    expect(exported.code, exported.stderr).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(out));
    const pdfs = Object.keys(zip.files).filter((f) => f.startsWith('invoices/') && f.endsWith('.pdf'));
    // Three invoices and the credit note: SHOP1-1 of each year in a PDF of its own.
    expect(pdfs).toHaveLength(4);
    expect(new Set(pdfs.map((f) => f.toLowerCase())).size).toBe(4);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as { invoices: Array<{ number: string; date: string; file: string }> };
    expect(manifest.invoices.filter((i) => i.number === 'SHOP1-1').map((i) => i.date).sort()).toEqual(['2026-03-30', '2026-04-01']);
  }, 120_000);
});

describe('two series of a business never give the same number in one fiscal year', () => {
  it('refuses a pattern whose numbers meet another series\' (exit 2 naming $.format, the number, the year and the series); nothing is written', async () => {
    const s = await shop();
    const add = (code: string, format: string) => cli('--data-dir', s.dataDir, '--json', 'series', 'add', '--business', s.businessId, '--code', code, '--format', format);
    const fy = fiscalYearOf(new Date().toISOString().slice(0, 10), 4).label;
    expect((await add('C3', '3-{SEQ}')).code).toBe(0);
    // {SEQ}-7 at 3 is 3-7, which 3-{SEQ} gives at 7: the fixed text sits on opposite sides of the counters.
    const opposite = await add('C7', '{SEQ}-7');
    expect(opposite.code, opposite.stdout).toBe(2);
    expect(opposite.stderr).toContain(`$.format: "{SEQ}-7" can give 3-7 in fiscal year ${fy}, which series C3 (3-{SEQ}) also gives`);
    expect((await add('D2', 'D2-{SEQ}')).code).toBe(0);
    const crossing = await add('D5', 'D{SEQ}-5');
    expect(crossing.code).toBe(2);
    expect(crossing.stderr).toContain('can give D2-5');
    // Padding: {SEQ:3} gives 001 where {SEQ} gives 1, but both give 100.
    expect((await add('P1', 'P-{SEQ}')).code).toBe(0);
    const padded = await add('P3', 'P-{SEQ:3}');
    expect(padded.code).toBe(2);
    expect(padded.stderr).toContain('can give P-100');
    // A year written as fixed text meets {FYS} in that fiscal year, not in today's.
    expect((await add('Y', 'Y{FYS}-{SEQ}')).code).toBe(0);
    const later = await add('Y29', 'Y2930-{SEQ}');
    expect(later.code).toBe(2);
    expect(later.stderr).toContain('can give Y2930-1 in fiscal year 2029-30, which series Y (Y{FYS}-{SEQ}) also gives');
    // Apart: a 0 before the counter that String(seq) never starts with.
    expect((await add('Z', 'Z0{SEQ}')).code).toBe(0);
    expect((await add('ZZ', 'Z{SEQ}')).code).toBe(0);
    expect(rows(s.dataDir, "SELECT code FROM series WHERE code IN ('C7', 'D5', 'P3', 'Y29')")).toEqual([]);
  }, 60_000);

  it('refuses a new business whose own series would meet (credit notes numbered like its invoices)', async () => {
    const dir = temp.make();
    const dataDir = join(dir, 'data');
    const base = { name: 'Sahyadri Handloom Traders', address: 'Shop 14, Laxmi Road\nPune 411030', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: false };
    const same = await cli('--data-dir', dataDir, 'business', 'add', '--file', writeJson(dir, { ...base, invoiceSeriesFormat: 'SHOP-{SEQ}', creditNoteSeriesFormat: 'SHOP-{SEQ:2}' }));
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('$.creditNoteSeriesFormat: "SHOP-{SEQ:2}" can give SHOP-10 in fiscal year');
    expect(same.stderr).toContain('which series INV (SHOP-{SEQ}) also gives');
    const onDefault = await cli('--data-dir', dataDir, 'business', 'add', '--file', writeJson(dir, { ...base, invoiceSeriesFormat: 'CN/{FYS}/{SEQ:5}' }));
    expect(onDefault.code).toBe(2);
    expect(onDefault.stderr).toContain('$.invoiceSeriesFormat: "CN/{FYS}/{SEQ:5}" can give');
    expect(onDefault.stderr).toContain('which series CN (CN/{FYS}/{SEQ:5}) also gives');
    const apart = await cli('--data-dir', dataDir, 'business', 'add', '--file', writeJson(dir, { ...base, invoiceSeriesFormat: 'SHOP-{SEQ}', creditNoteSeriesFormat: 'CRN-{SEQ}' }));
    expect(apart.code, apart.stderr).toBe(0);
  }, 60_000);

  it('shows a refused pattern\'s example number in today\'s fiscal year, the year the series list shows', async () => {
    const s = await shop();
    const fy = fiscalYearOf(new Date().toISOString().slice(0, 10), 4).label;
    const long = await cli('--data-dir', s.dataDir, 'series', 'add', '--business', s.businessId, '--code', 'LONG', '--format', 'LONGEST-{FY}/{SEQ}');
    expect(long.code).toBe(2);
    expect(long.stderr).toContain(`"LONGEST-${fy}/1"`);
    const list = await cli('--data-dir', s.dataDir, '--json', 'series', 'list', '--business', s.businessId);
    expect((JSON.parse(list.stdout) as Array<{ fiscalYear: string }>)[0]!.fiscalYear).toBe(fy);
  }, 60_000);
});
