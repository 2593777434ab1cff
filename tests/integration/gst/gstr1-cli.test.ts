// `ledgerflow gst gstr1` on a seeded month of a few hundred documents: B2B and B2C, intra- and
// inter-state, exempt lines, credit notes, voided invoices, two series. Every document lands in
// exactly one section, the sections add up to the stored totals of the period (net of credit
// notes, voided ones left out), doc_issue agrees with `check sequence`, bad input exits 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { main } from '../../../src-main/cli/main.js';
import { TempDirs, databaseFile } from '../../helpers/temp.js';
import { compile } from '../../../src-shared/schemas/validate.js';

const temp = new TempDirs();
let dataDir = '';
let businessId = '';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['--data-dir', dataDir, ...argv], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

interface Summary {
  sections: Array<{ section: string; documents: number; taxable: string; igst: string; cgst: string; sgst: string; cess: string; exempt?: string; nilRated?: string; nonGst?: string }>;
  totals: { documents: number; voided: number; taxable: string; nonTaxable: string; tax: string; invoiceValue: string };
  register: { documents: number; voided: number; tax: string };
  registerChecks: Array<{ name: string; equal: boolean }>;
}

const cents = (s: string) => BigInt(s.replace('.', ''));

beforeAll(async () => {
  dataDir = temp.make();
  const businessFile = join(temp.make(), 'business.json');
  writeFileSync(businessFile, JSON.stringify({
    name: 'Sahyadri Handloom Traders', address: 'Shop 14, Laxmi Road, Pune 411030', countryCode: 'IN', stateCode: '27', taxRegime: 'gst-in',
    taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: true,
  }));
  const added = await cli('--json', 'business', 'add', '--file', businessFile);
  expect(added.code, added.stderr).toBe(0);
  businessId = (JSON.parse(added.stdout) as { id: string }).id;
  // A catalogue at the rates in force from 22 Sep 2025, with an exempt item and a service.
  const catalogue = join(temp.make(), 'products.csv');
  writeFileSync(catalogue, [
    'SKU,Product Name,HSN,Base Price,GST %,Unit',
    'SAR-1,Paithani silk saree,5007,18500,5,PCS', 'TOT-1,Jute tote bag,4202,249,18,PCS', 'FAB-1,Silk fabric (per metre),5007,1240,5,MTR',
    'MLK-1,Fresh milk 1L,0401,56,Exempt,NOS', 'SRV-1,Tailoring service,998821,450,18,NOS',
  ].join('\n'));
  const imported = await cli('import', 'products', catalogue, '--business', businessId);
  expect(imported.code, imported.stderr).toBe(0);
  const batch = await cli('batch', '--business', businessId, '--count', '300', '--profile', 'advanced', '--seed', 'gstr1', '--start', '2026-10-01', '--end', '2026-10-31', '--no-pdf');
  expect(batch.code, batch.stderr + batch.stdout).toBe(0);
  // Void a few invoices directly (the state a voided invoice leaves behind).
  const db = new Database(databaseFile(dataDir));
  try {
    db.prepare("UPDATE invoices SET status = 'void', void_reason = 'test', voided_at = issue_date WHERE id IN (SELECT id FROM invoices WHERE kind != 'credit_note' AND id NOT IN (SELECT original_invoice_id FROM invoices WHERE original_invoice_id IS NOT NULL) ORDER BY seq LIMIT 3 OFFSET 10)").run();
  } finally {
    db.close();
  }
}, 300_000);

afterAll(() => temp.cleanup());

describe('ledgerflow gst gstr1', () => {
  it('places every document of the month in exactly one section, and the sections add up to the stored totals', async () => {
    const out = join(temp.make(), 'gstr1.json');
    const result = await cli('--json', 'gst', 'gstr1', '--business', businessId, '--period', '102026', '--out', out);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    const db = new Database(databaseFile(dataDir), { readonly: true });
    db.defaultSafeIntegers(true);
    const stored = db.prepare(`SELECT
        COUNT(*) FILTER (WHERE status = 'issued') AS issued, COUNT(*) FILTER (WHERE status = 'void') AS voided,
        SUM(CASE WHEN status = 'issued' THEN (CASE kind WHEN 'credit_note' THEN -1 ELSE 1 END) * taxable_minor ELSE 0 END) AS taxable,
        SUM(CASE WHEN status = 'issued' THEN (CASE kind WHEN 'credit_note' THEN -1 ELSE 1 END) * tax_minor ELSE 0 END) AS tax,
        SUM(CASE WHEN status = 'issued' THEN (CASE kind WHEN 'credit_note' THEN -1 ELSE 1 END) * CAST(round(100 * coalesce(json_extract(tax_result, '$.totals.nonTaxable'), 0)) AS INTEGER) ELSE 0 END) AS nonTaxable,
        SUM(CASE WHEN status = 'issued' THEN (CASE kind WHEN 'credit_note' THEN -1 ELSE 1 END) * total_minor ELSE 0 END) AS total,
        COUNT(*) FILTER (WHERE kind = 'credit_note' AND status = 'issued') AS credits
      FROM invoices WHERE business_id = ? AND issue_date BETWEEN '2026-10-01' AND '2026-10-31' AND status != 'draft'`).get(businessId) as Record<string, bigint>;
    db.close();
    expect(stored.credits).toBeGreaterThan(0n);
    expect(BigInt(summary.totals.documents)).toBe(stored.issued);
    expect(BigInt(summary.totals.voided)).toBe(stored.voided);
    expect(summary.sections.reduce((n, s) => n + s.documents, 0)).toBe(summary.totals.documents);
    // A bill of supply stores its exempt value as taxable; a mixed tax invoice keeps it apart as
    // nonTaxable. GSTR-1 separates taxed from exempt/nil/non-GST value line by line; the value of
    // all lines is the same either way.
    expect(cents(summary.totals.taxable) + cents(summary.totals.nonTaxable)).toBe(stored.taxable! + stored.nonTaxable!);
    expect(cents(summary.totals.tax)).toBe(stored.tax);
    expect(cents(summary.totals.invoiceValue)).toBe(stored.total);
    const by = Object.fromEntries(summary.sections.map((s) => [s.section, s]));
    for (const section of ['b2b', 'b2cs']) expect(by[section]!.documents).toBeGreaterThan(0);
    const tax = (s: Summary['sections'][number]) => cents(s.igst) + cents(s.cgst) + cents(s.sgst) + cents(s.cess);
    const fromSections = (pick: (s: Summary['sections'][number]) => bigint) =>
      pick(by.b2b!) + pick(by.b2cl!) + pick(by.b2cs!) + pick(by.exp!) - pick(by.cdnr!) - pick(by.cdnur!);
    expect(fromSections(tax)).toBe(stored.tax);
    expect(fromSections((s) => cents(s.taxable))).toBe(cents(summary.totals.taxable));
    expect(cents(by.nil!.exempt!) + cents(by.nil!.nilRated!) + cents(by.nil!.nonGst!)).toBe(cents(summary.totals.nonTaxable));
    expect(cents(summary.totals.nonTaxable)).toBeGreaterThan(0n);
    // Printed beside the summary: the register's totals of the same month (register.xlsx's counting), figure by figure equal.
    expect(summary.registerChecks.map((c) => [c.name, c.equal])).toEqual([['documents', true], ['voided', true], ['taxable', true], ['nonTaxable', true], ['tax', true], ['invoiceValue', true]]);
    expect(summary.register).toMatchObject({ documents: summary.totals.documents, voided: summary.totals.voided, tax: summary.totals.tax });

    // The file: the GSTN shape, amounts as numbers with two decimals, dates dd-mm-yyyy.
    const text = readFileSync(out, 'utf8');
    const json = JSON.parse(text) as Record<string, unknown> & { b2b: Array<{ ctin: string; inv: Array<{ idt: string; val: number }> }>; doc_issue: { doc_det: Array<{ doc_num: number; docs: Array<{ totnum: number; cancel: number; net_issue: number }> }> } };
    expect(json).toMatchObject({ gstin: '27AAPFU0939F1ZV', fp: '102026' });
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['b2b', 'b2cl', 'b2cs', 'exp', 'cdnr', 'cdnur', 'nil', 'hsn', 'doc_issue']));
    expect(json.b2b[0]!.inv[0]!.idt).toMatch(/^\d{2}-10-2026$/);
    expect(text).toMatch(/"txval": \d+\.\d{2}[,\n]/);
    expect(text).not.toMatch(/"txval": \d+\.\d{3,}/);

    // doc_issue agrees with check sequence: per series, all documents of the year (all are in this month).
    const sequence = await cli('--json', 'check', 'sequence', '--business', businessId);
    const series = (JSON.parse(sequence.stdout) as { series: Array<{ issued: number; void: number }> }).series;
    const docs = json.doc_issue.doc_det.flatMap((d) => d.docs);
    expect(docs.map((d) => d.totnum).sort()).toEqual(series.map((s) => s.issued + s.void).sort());
    expect(docs.map((d) => d.cancel).sort()).toEqual(series.map((s) => s.void).sort());
    expect(docs.reduce((n, d) => n + d.net_issue, 0)).toBe(summary.totals.documents);
  });

  it('writes the IRP e-invoice JSON of the month: every B2B document, each valid against the schema 1.1', async () => {
    const out = join(temp.make(), 'einvoice.json');
    const result = await cli('--json', 'gst', 'einvoice', '--business', businessId, '--period', '102026', '--out', out);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const summary = JSON.parse(result.stdout) as { ready: number; refused: unknown[]; notApplicable: number };
    const documents = JSON.parse(readFileSync(out, 'utf8')) as Array<{ DocDtls: { Typ: string; No: string }; BuyerDtls: { Gstin: string } }>;
    expect(documents.length).toBe(summary.ready);
    expect(summary.refused).toEqual([]);
    const validate = compile(JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/gst/einvoice-1.1.schema.json'), 'utf8')) as object);
    for (const document of documents) expect(validate(document) ? [] : validate.errors).toEqual([]);
    const db = new Database(databaseFile(dataDir), { readonly: true });
    const b2b = db.prepare("SELECT COUNT(*) AS n FROM invoices WHERE business_id = ? AND status = 'issued' AND kind = 'tax_invoice' AND json_extract(customer_snapshot, '$.taxId') IS NOT NULL").get(businessId) as { n: number };
    const b2c = db.prepare("SELECT number FROM invoices WHERE business_id = ? AND status = 'issued' AND kind = 'tax_invoice' AND json_extract(customer_snapshot, '$.taxId') IS NULL LIMIT 1").get(businessId) as { number: string };
    db.close();
    expect(documents.filter((d) => d.DocDtls.Typ === 'INV').length).toBe(b2b.n);
    // A B2C invoice is not for the IRP: asked for by number, it is refused with the reason.
    const single = await cli('gst', 'einvoice', '--business', businessId, '--invoice', b2c.number);
    expect(single.code).toBe(2);
    expect(single.stderr).toMatch(/not a B2B, SEZ or export/);
    expect((await cli('gst', 'einvoice', '--business', businessId)).code).toBe(2);
  });

  it('refuses a bad period, an unknown business and a non-GST business with exit 2', async () => {
    expect((await cli('gst', 'gstr1', '--business', businessId, '--period', '2026-10')).code).toBe(2);
    expect((await cli('gst', 'gstr1', '--business', businessId, '--period', '132026')).stderr).toMatch(/MMYYYY/);
    expect((await cli('gst', 'gstr1', '--business', '01a00000-0000-7000-8000-000000000000', '--period', '102026')).code).toBe(2);
  });
});
