// A period's export is a register one can file from: invoices, a voided invoice (listed, counted
// zero, its PDF re-rendered CANCELLED) and partial credit notes (negative), with the totals in
// manifest.json = register.xlsx (Totals sheet) = the PDFs' grand totals read back by pdftotext.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import * as XLSX from 'xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import { exportBatches, exportPeriod, openPdfRenderer } from '../../../src-main/core/services.js';
import { issueCreditNote, issueDebitNote, voidInvoiceWithPdf } from '../../../src-main/engine/invoice-actions.js';
import { gstr1ForPeriod } from '../../../src-main/gst/period.js';
import { einvoicesFor } from '../../../src-main/gst/einvoice-run.js';
import { runBatch } from '../../../src-main/engine/pipeline.js';
import type { ExportManifest } from '../../../src-main/export/zip.js';
import { gstFixture, type EngineFixture } from '../engine/setup.js';

const VERIFY = '/work/shared/tools/verify-export-zip.sh';
let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

/** "Grand total … 1,23,456.00" on a PDF page → "123456.00". */
function pdfGrandTotal(file: string): string {
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\n');
  const at = text.findIndex((l) => /Grand total/i.test(l));
  // The amount sits on the label's line or, set larger, a line or two around it.
  for (const k of [at, at - 1, at + 1, at - 2, at + 2]) {
    const amounts = text[k]?.match(/-?[\d,]+\.\d{2,3}/g);
    if (at >= 0 && amounts) return amounts[amounts.length - 1]!.replace(/,/g, '');
  }
  throw new Error(`${file}: no grand total in\n${text.slice(Math.max(0, at - 4), at + 5).join('\n')}`);
}

describe('export of a period with voids and partial credit notes', () => {
  it('counts credit notes negative and voids as zero, the same in manifest, register and PDFs', async () => {
    fixture = await gstFixture({ sandbox: false });
    const f = fixture;
    const orders = join(f.dir, 'orders.json');
    writeFileSync(orders, JSON.stringify([
      { orderId: 'P-1', date: '2026-11-02', customer: 'Kaveri Textiles Pvt Ltd', product: 'SH-1', quantity: 3 },
      { orderId: 'P-1', date: '2026-11-02', customer: 'Kaveri Textiles Pvt Ltd', product: 'WS-1', quantity: 1 },
      { orderId: 'P-2', date: '2026-11-03', customer: 'Kaveri Textiles Pvt Ltd', product: 'TR-1', quantity: 2 },
      { orderId: 'P-3', date: '2026-11-04', customer: 'Kaveri Textiles Pvt Ltd', product: 'SH-1', quantity: 1 },
    ]));
    const pdf = await openPdfRenderer(f.core);
    try {
      const report = await runBatch(f.core, { source: 'orders', businessId: f.business.id, ordersFile: orders, pdf: true }, { today: '2026-11-23', pdf });
      expect(report.created).toBe(3);
      const [a, b, c] = f.core.store.read((db) => db.prepare('SELECT id, number FROM invoices ORDER BY seq').all()) as Array<{ id: string; number: string }>;
      await issueCreditNote(f.core, { businessId: f.business.id, id: a!.id, reason: 'One shirt returned', lines: [{ line: 1, quantity: '1' }], date: '2026-11-10', pdf });
      await issueCreditNote(f.core, { businessId: f.business.id, id: b!.id, reason: 'Rate difference', value: '100', date: '2026-11-11', pdf });
      await voidInvoiceWithPdf(f.core, { businessId: f.business.id, id: c!.id, reason: 'Entered twice', pdf });
      const out = join(mkdtempSync(join(f.dir, 'out-')), 'november.zip');
      const result = await exportPeriod(f.core, { from: '2026-11-01', to: '2026-11-30' }, out);
      expect(result.invoiceCount).toBe(5);
      const dir = mkdtempSync(join(f.dir, 'unzipped-'));
      execFileSync('unzip', ['-q', out, '-d', dir]);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;
      expect(manifest.period).toEqual({ from: '2026-11-01', to: '2026-11-30' });
      expect(manifest.invoices.map((i) => i.status).sort()).toEqual(['credit note', 'credit note', 'issued', 'issued', 'void']);
      const voided = manifest.invoices.find((i) => i.status === 'void')!;
      expect(voided).toMatchObject({ number: c!.number, totals: { grandTotal: '0.00' }, cancelled: { reason: 'Entered twice' } });
      expect(manifest.invoices.find((i) => i.number === a!.number)!.creditNotes).toHaveLength(1);
      expect(manifest.invoices.filter((i) => i.status === 'credit note').every((i) => i.totals.grandTotal.startsWith('-') && i.creditNoteFor)).toBe(true);
      // The voided invoice's PDF carries the CANCELLED mark and its reason.
      expect(execFileSync('pdftotext', [join(dir, voided.file), '-'], { encoding: 'utf8' })).toMatch(/CANCELLED[\s\S]*Entered twice/);
      // The PDFs' grand totals, signed as the manifest says (void: 0, credit notes: minus).
      const fromPdfs = manifest.invoices.reduce((sum, i) => {
        if (i.status === 'void') return sum;
        const printed = new Decimal(pdfGrandTotal(join(dir, i.file))).abs();
        return i.status === 'credit note' ? sum.minus(printed) : sum.plus(printed);
      }, new Decimal(0)).toFixed(2);
      const book = XLSX.read(readFileSync(join(dir, 'register.xlsx')));
      const totals = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets.Totals!);
      const register = (totals.find((r) => r.Currency === 'INR')!['Document total'] as number).toFixed(2);
      const lines = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['Sales register']!);
      const column = lines.reduce((sum, r) => sum.plus(typeof r['Document total'] === 'number' ? String(r['Document total']) : '0'), new Decimal(0)).toFixed(2);
      expect(manifest.totalsByCurrency.INR!.grandTotal).toBe(fromPdfs);
      expect(register).toBe(fromPdfs);
      expect(column).toBe(fromPdfs);
      // Exempt lines have rows; voided rows are listed with zero amounts.
      expect(lines.some((r) => r.Category === 'exempt' && Number(r['Exempt, nil and non-GST value']) > 0)).toBe(true);
      expect(lines.filter((r) => r.Status === 'void').every((r) => r['Line total'] === 0)).toBe(true);
      if (existsSync(VERIFY)) {
        const check = spawnSync('bash', [VERIFY, out], { encoding: 'utf8', env: { ...process.env, MIXED_BATCH: '0' } });
        expect(check.status, check.stdout).toBe(0);
      }
      // The batch's own export holds the credit notes issued later against its invoices.
      const batchZip = join(mkdtempSync(join(f.dir, 'batch-')), 'batch.zip');
      expect((await exportBatches(f.core, [report.batchId], batchZip)).invoiceCount).toBe(5);
    } finally {
      await pdf.close();
    }
  }, 180_000);

  it('counts debit notes positive with their links, the same in manifest, register, PDFs and GSTR-1 (cdnr ntty D), and gives the IRP a DBN', async () => {
    fixture = await gstFixture({ sandbox: false });
    const f = fixture;
    f.core.store.write((db) => {
      db.prepare("UPDATE businesses SET city = 'Pune', postal_code = '411001' WHERE id = ?").run(f.business.id);
      db.prepare("UPDATE customers SET address = '14 MG Road, Bengaluru 560001' WHERE business_id = ?").run(f.business.id);
    });
    const orders = join(f.dir, 'orders.json');
    writeFileSync(orders, JSON.stringify([
      { orderId: 'D-1', date: '2026-11-02', customer: 'Kaveri Textiles Pvt Ltd', product: 'SH-1', quantity: 3 },
      { orderId: 'D-1', date: '2026-11-02', customer: 'Kaveri Textiles Pvt Ltd', product: 'TR-1', quantity: 1 },
      { orderId: 'D-2', date: '2026-11-03', customer: 'Kaveri Textiles Pvt Ltd', product: 'SH-1', quantity: 2 },
    ]));
    const pdf = await openPdfRenderer(f.core);
    try {
      const report = await runBatch(f.core, { source: 'orders', businessId: f.business.id, ordersFile: orders, pdf: true }, { today: '2026-11-23', pdf });
      expect(report.created).toBe(2);
      const [a, b] = f.core.store.read((db) => db.prepare('SELECT id, number FROM invoices ORDER BY seq').all()) as Array<{ id: string; number: string }>;
      const extra = await issueDebitNote(f.core, { businessId: f.business.id, id: a!.id, reason: 'Two more shirts delivered', lines: [{ line: 1, quantity: '2' }], date: '2026-11-10', pdf });
      await issueDebitNote(f.core, { businessId: f.business.id, id: b!.id, reason: 'Freight recharged', value: '118', date: '2026-11-11', pdf });
      await issueCreditNote(f.core, { businessId: f.business.id, id: a!.id, reason: 'One shirt returned', lines: [{ line: 1, quantity: '1' }], date: '2026-11-12', pdf });
      const out = join(mkdtempSync(join(f.dir, 'out-')), 'november.zip');
      expect((await exportPeriod(f.core, { from: '2026-11-01', to: '2026-11-30' }, out)).invoiceCount).toBe(5);
      const dir = mkdtempSync(join(f.dir, 'unzipped-'));
      execFileSync('unzip', ['-q', out, '-d', dir]);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;
      expect(manifest.invoices.map((i) => i.status).sort()).toEqual(['credit note', 'debit note', 'debit note', 'issued', 'issued']);
      const debit = manifest.invoices.find((i) => i.number === extra.number)!;
      expect(debit).toMatchObject({ kind: 'debit_note', status: 'debit note', debitNoteFor: a!.number });
      expect(debit.totals.grandTotal).not.toMatch(/^-/);
      expect(manifest.invoices.find((i) => i.number === a!.number)).toMatchObject({ debitNotes: [extra.number], creditNotes: [expect.any(String)] });
      expect(manifest.totalsByCurrency.INR).toMatchObject({ debitNotes: 2, creditNotes: 1, issued: 2 });
      // The debit note prints its title, the invoice it adds to and why; the invoice lists it.
      const noteText = execFileSync('pdftotext', ['-layout', join(dir, debit.file), '-'], { encoding: 'utf8' });
      expect(noteText).toMatch(/DEBIT NOTE/);
      expect(noteText).toMatch(/Debit Note No\./);
      expect(noteText).toMatch(new RegExp(`AGAINST INVOICE[\\s\\S]*${a!.number.replace(/\//g, '\\/')}[\\s\\S]*Two more shirts delivered`));
      expect(noteText).toMatch(/IGST/);
      const invoiceText = execFileSync('pdftotext', ['-layout', join(dir, manifest.invoices.find((i) => i.number === a!.number)!.file), '-'], { encoding: 'utf8' });
      expect(invoiceText).toMatch(new RegExp(`DEBIT NOTES ISSUED AGAINST THIS INVOICE[\\s\\S]*${extra.number!.replace(/\//g, '\\/')}`));
      if (process.env.DEBIT_NOTE_PNG) {
        execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', join(dir, debit.file), join(process.env.DEBIT_NOTE_PNG, 'debit-note')]);
        execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', join(dir, manifest.invoices.find((i) => i.number === a!.number)!.file), join(process.env.DEBIT_NOTE_PNG, 'invoice')]);
      }
      // manifest = register.xlsx = the PDFs' grand totals (debit notes plus, credit notes minus).
      const fromPdfs = manifest.invoices.reduce((sum, i) => {
        const printed = new Decimal(pdfGrandTotal(join(dir, i.file))).abs();
        return i.status === 'credit note' ? sum.minus(printed) : sum.plus(printed);
      }, new Decimal(0)).toFixed(2);
      const book = XLSX.read(readFileSync(join(dir, 'register.xlsx')));
      const totals = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets.Totals!);
      expect(totals.find((r) => r.Currency === 'INR')).toMatchObject({ 'Debit notes': 2, 'Credit notes': 1 });
      expect((totals.find((r) => r.Currency === 'INR')!['Document total'] as number).toFixed(2)).toBe(fromPdfs);
      expect(manifest.totalsByCurrency.INR!.grandTotal).toBe(fromPdfs);
      const lines = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['Sales register']!);
      expect(lines.filter((r) => r.Status === 'debit note').length).toBeGreaterThan(0);
      // GSTR-1: both debit notes are against a registered recipient's invoices -> cdnr, ntty D; doc_issue 4.
      const gstr1 = f.core.store.read((db) => gstr1ForPeriod(db, f.business.id, '112026'));
      const notes = (gstr1.json.cdnr as Array<{ ctin: string; nt: Array<{ ntty: string; nt_num: string; val: number }> }>).flatMap((c) => c.nt);
      expect(notes.filter((n) => n.ntty === 'D').map((n) => n.nt_num).sort()).toEqual(manifest.invoices.filter((i) => i.status === 'debit note').map((i) => i.number).sort());
      expect(notes.filter((n) => n.ntty === 'C')).toHaveLength(1);
      const docIssue = (gstr1.json.doc_issue as { doc_det: Array<{ doc_num: number }> }).doc_det.map((d) => d.doc_num);
      expect(docIssue).toContain(4);
      // e-invoice: the debit note is a DBN referring to its invoice.
      const run = f.core.store.read((db) => einvoicesFor(db, f.business.id, { invoice: extra.id }));
      expect(run.refused, JSON.stringify(run.refused)).toEqual([]);
      expect(run.documents[0]).toMatchObject({ DocDtls: { Typ: 'DBN', No: extra.number }, RefDtls: { PrecDocDtls: [{ InvNo: a!.number }] } });
    } finally {
      await pdf.close();
    }
  }, 180_000);
});
