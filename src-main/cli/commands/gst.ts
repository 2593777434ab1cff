// `gst gstr1 --business ID --period MMYYYY [--out FILE.json]`: the GSTR-1 JSON of a return period
// in the GSTN offline tool's shape, with a summary per section (counts and tax) that equals the
// register's totals for the period.
import type { CommandRegistrar } from '../context.js';
import { writeFileAtomic } from '../../runtime/atomic-file.js';
import { gstr1ForPeriod } from '../../gst/period.js';
import { stringifyExact } from '../../gst/exact-json.js';
import type { Gstr1Result } from '../../gst/gstr1.js';
import { AppError } from '../../../src-shared/errors.js';
import { einvoicesFor, type EinvoiceSelector } from '../../gst/einvoice-run.js';
import { attachRegistrations, recordIrnCancellation } from '../../gst/irn.js';
import { readIrpResponseFile } from '../../gst/irn-file.js';
import { compareWithRegister, registerTotalsForPeriod } from '../../gst/register-check.js';
import { getBusiness } from '../../db/repos/businesses.js';
import { openPdfRenderer } from '../../core/services.js';
import { rerenderInvoicePdf, voidInvoiceWithPdf } from '../../engine/invoice-actions.js';
import { readFile } from 'node:fs/promises';
import { FY_HELP, fiscalYearOption } from './invoice.js';
import { plural } from '../../../src-shared/plural.js';

function describeSummary(summary: Gstr1Result['summary'], out?: string): string[] {
  const lines = [`GSTR-1 ${summary.gstin} period ${summary.period}: ${plural(summary.totals.documents, 'document')}, ${summary.totals.voided} voided`];
  lines.push('section  docs  taxable  IGST  CGST  SGST  cess');
  for (const s of summary.sections) {
    if (s.section === 'nil') lines.push(`nil      ${s.documents}  exempt ${s.exempt}  nil-rated ${s.nilRated}  non-GST ${s.nonGst}`);
    else lines.push(`${s.section.padEnd(8)} ${s.documents}  ${s.taxable}  ${s.igst}  ${s.cgst}  ${s.sgst}  ${s.cess}`);
  }
  lines.push(`net of credit notes: taxable ${summary.totals.taxable}, exempt/nil/non-GST ${summary.totals.nonTaxable}, tax ${summary.totals.tax}, invoice value ${summary.totals.invoiceValue}`);
  if (out) lines.push(`written: ${out}`);
  return lines;
}

/** Exactly one of --invoice (with --fy when its number recurs in several fiscal years), --batch or --period. */
function einvoiceSelector(options: { invoice?: string; fy?: string; batch?: string; period?: string }): EinvoiceSelector {
  const chosen = (['invoice', 'batch', 'period'] as const).filter((key) => options[key] !== undefined);
  if (chosen.length !== 1) throw new AppError('BAD_INPUT', 'say which documents: exactly one of --invoice ID, --batch ID or --period MMYYYY', { details: { field: 'invoice' } });
  if (options.fy !== undefined && chosen[0] !== 'invoice') throw new AppError('BAD_INPUT', '--fy goes with --invoice NUMBER', { details: { flag: '--fy' } });
  const fiscalYear = fiscalYearOption(options.fy);
  if (chosen[0] === 'invoice') return { invoice: options.invoice!, ...(fiscalYear ? { fiscalYear } : {}) };
  return { [chosen[0]!]: options[chosen[0]!]! } as EinvoiceSelector;
}

export const registerGstCommands: CommandRegistrar = (program, action) => {
  const gst = program.command('gst').description('GST filing files: GSTR-1, e-invoice JSON for the IRP');
  gst
    .command('gstr1')
    .description('the GSTR-1 JSON of a return period (GSTN offline tool format) and its summary per section')
    .requiredOption('--business <id>', 'business id')
    .requiredOption('--period <MMYYYY>', 'return period, e.g. 042026')
    .option('--out <file>', 'write the return JSON to this file')
    .action(action(async (ctx, options: { business: string; period: string; out?: string }) => {
      const core = await ctx.core();
      const { result, register } = core.store.read((db) => {
        const gstr1 = gstr1ForPeriod(db, options.business, options.period);
        return { result: gstr1, register: registerTotalsForPeriod(db, getBusiness(db, options.business), options.period) };
      });
      if (options.out) await writeFileAtomic(options.out, new TextEncoder().encode(stringifyExact(result.json, 2) + '\n'));
      const { placement: _placement, ...summary } = result.summary;
      const checks = compareWithRegister(result.summary, register);
      const lines = describeSummary(result.summary, options.out);
      lines.splice(lines.length - (options.out ? 1 : 0), 0, ...checks.map((c) => `register ${c.name.padEnd(12)} GSTR-1 ${c.gstr1}  register ${c.register}  ${c.equal ? 'equal' : 'DIFFERS'}`));
      ctx.result({ ...summary, register, registerChecks: checks, ...(options.out ? { out: options.out } : {}) }, lines);
      return 0;
    }));

  gst
    .command('einvoice')
    .description('the IRP e-invoice JSON (schema 1.1) of B2B, SEZ and export invoices and their credit notes, one array for bulk upload')
    .requiredOption('--business <id>', 'business id')
    .option('--invoice <id-or-number>', 'one invoice')
    .option('--fy <year>', `with --invoice: ${FY_HELP}`)
    .option('--batch <id>', 'the documents of one batch')
    .option('--period <MMYYYY>', 'the documents of a return period')
    .option('--out <file>', 'write the JSON array to this file')
    .action(action(async (ctx, options: { business: string; invoice?: string; fy?: string; batch?: string; period?: string; out?: string }) => {
      const selector = einvoiceSelector(options);
      const core = await ctx.core();
      const run = core.store.read((db) => einvoicesFor(db, options.business, selector));
      if ('invoice' in selector && run.refused.length > 0) throw new AppError('BAD_INPUT', run.refused[0]!.reason, { details: { field: 'invoice', missing: run.refused[0]!.missing } });
      if (options.out && run.documents.length > 0) await writeFileAtomic(options.out, new TextEncoder().encode(stringifyExact(run.documents, 2) + '\n'));
      const lines = [`e-invoices: ${run.documents.length} ready, ${run.refused.length} refused, ${run.notApplicable} not needing one`];
      for (const refusal of run.refused) lines.push(`REFUSED ${refusal.reason}`);
      if (options.out && run.documents.length > 0) lines.push(`written: ${options.out}`);
      else if (!options.out && run.documents.length > 0) lines.push('add --out FILE.json to write them for the IRP bulk upload');
      const doc = { ready: run.documents.length, refused: run.refused, notApplicable: run.notApplicable, ...(options.out && run.documents.length > 0 ? { out: options.out } : {}) };
      ctx.result(doc, lines);
      return run.refused.length > 0 ? 1 : 0;
    }));

  gst
    .command('irn-import')
    .description("attach the IRP's answer (IRN, acknowledgement, signed QR code) to the invoices it names; the PDFs then carry the IRN and the QR code")
    .argument('<file>', "the IRP's response: JSON (one registration or an array), or the list of generated IRNs as .xlsx/.csv with IRN, Ack No, Ack Date and Signed QR Code columns")
    .requiredOption('--business <id>', 'business id')
    .action(action(async (ctx, file: string, options: { business: string }) => {
      const bytes = await readFile(file).catch((error: Error) => {
        throw new AppError('BAD_INPUT', `${file}: cannot be read (${error.message})`, { details: { file } });
      });
      const entries = readIrpResponseFile(new Uint8Array(bytes), file);
      const core = await ctx.core();
      const outcome = core.store.write((db) => attachRegistrations(db, getBusiness(db, options.business), entries, 'cli'));
      if (outcome.attached.length > 0) {
        const pdf = await openPdfRenderer(core);
        try {
          for (const attached of outcome.attached) await rerenderInvoicePdf(core, options.business, attached.invoiceId, pdf);
        } finally {
          await pdf.close();
        }
      }
      const lines = [`IRN attached to ${plural(outcome.attached.length, 'invoice')}, ${outcome.alreadyAttached.length} already attached, ${outcome.refused.length} refused`];
      for (const a of outcome.attached) lines.push(`  ${a.number}: ${a.irn}`);
      for (const r of outcome.refused) lines.push(`REFUSED entry ${r.entry}: ${r.reason}`);
      ctx.result(outcome, lines);
      return outcome.refused.length > 0 ? 1 : 0;
    }));

  gst
    .command('irn-cancel')
    .description('record that an invoice\'s IRN was cancelled on the e-invoice portal, and void the invoice here')
    .argument('<invoice>', 'invoice id or number')
    .requiredOption('--business <id>', 'business id')
    .requiredOption('--reason <text>', 'why it was cancelled')
    .option('--fy <year>', FY_HELP)
    .action(action(async (ctx, invoice: string, options: { business: string; reason: string; fy?: string }) => {
      const reason = options.reason.trim();
      if (!reason) throw new AppError('BAD_INPUT', '--reason: say why the IRN was cancelled', { details: { field: 'reason' } });
      const fiscalYear = fiscalYearOption(options.fy);
      const core = await ctx.core();
      const cancelled = core.store.write((db) => recordIrnCancellation(db, options.business, invoice, reason, 'cli', fiscalYear));
      const pdf = await openPdfRenderer(core);
      const voided = await voidInvoiceWithPdf(core, { businessId: options.business, id: cancelled.invoiceId, reason: `IRN cancelled on the portal: ${reason}`, actor: 'cli', pdf }).finally(() => pdf.close());
      ctx.result({ ...cancelled, status: voided.status }, `${cancelled.number}: IRN ${cancelled.irn} recorded as cancelled; invoice voided`);
      return 0;
    }));
};
