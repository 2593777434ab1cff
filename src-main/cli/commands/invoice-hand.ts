// `invoice create --business ID --file INVOICE.json [--issue] [--pdf FILE]`, `invoice issue ID`,
// `invoice show ID|NUMBER`: one invoice by hand through the handlers the Invoice editor calls.
// The group is shared with `invoice void|credit-note` (./invoice.ts).
import { AppError } from '../../../src-shared/errors.js';
import type { Input } from '../../../src-shared/ipc/contract.js';
import type { HandInvoiceView } from '../../../src-shared/schemas/hand-invoice.js';
import { FY_HELP, fiscalYearOption, invoiceGroup } from './invoice.js';
import type { CliContext, CommandRegistrar } from '../context.js';
import { callHandler, forFile } from '../call-handler.js';
import { readJsonFile } from '../read-json-file.js';
import { findInvoiceRef } from '../../engine/hand-invoice.js';
import { pdfPathFor } from '../../engine/document.js';
import { copyFileAtomic } from '../../runtime/atomic-file.js';
import { invoiceFiscalYear } from '../../db/repos/invoices.js';
import type { Core } from '../../core/create-core.js';

function human(view: HandInvoiceView): string[] {
  return [
    `${view.number ?? 'DRAFT (no number)'}  ${view.date}  ${view.customer.name}${view.customer.taxId ? ` (${view.customer.taxId})` : ''}  [${view.status}]  id ${view.id}`,
    ...view.lines.map((l, i) => `  ${i + 1}. ${l.description}${l.hsn ? ` [${l.hsn}]` : ''}: ${l.quantity}${l.unit ? ` ${l.unit}` : ''} x ${l.unitPrice} = taxable ${l.taxable}, tax ${l.tax}, total ${l.total}`),
    `  taxable ${view.totals.taxable}, tax ${view.totals.tax}, round off ${view.totals.roundOff}, total ${view.currency} ${view.totals.grandTotal}`,
    ...(view.amountInWords ? [`  ${view.amountInWords}`] : []),
    ...(view.pdfError ? [`  PDF not written: ${view.pdfError}`] : []),
  ];
}

/** Copies an issued invoice's PDF to `out` atomically (temp file beside it, then rename). */
async function copyPdf(core: Core, view: HandInvoiceView, out: string): Promise<void> {
  if (!view.number || !view.pdf) throw new AppError('PDF_FAILED', `invoice ${view.number ?? view.id} has no PDF${view.pdfError ? ` (${view.pdfError})` : ''}`, { details: { invoiceId: view.id } });
  const fiscalYear = core.store.read((db) => invoiceFiscalYear(db, view.id))!;
  const source = pdfPathFor(core.dataDir, view.businessId, fiscalYear, view.number);
  try {
    await copyFileAtomic(source, out);
  } catch (error) {
    throw new AppError('PDF_FAILED', `--pdf ${out}: cannot write the PDF there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { details: { file: out } });
  }
}

function print(ctx: CliContext, view: HandInvoiceView, pdfOut?: string): void {
  const { input: _input, ...shown } = view;
  ctx.result({ ...shown, ...(pdfOut ? { pdfFile: pdfOut } : {}) }, [...human(view), ...(pdfOut ? [`  PDF written to ${pdfOut}`] : [])]);
}

export const registerInvoiceCommands: CommandRegistrar = (program, action) => {
  const invoice = invoiceGroup(program);
  invoice
    .command('create')
    .description('write one invoice from a JSON file (date, customer or customerId, customerTaxId, customerState, customerCountry, customerAddress, lines); a draft unless --issue')
    .requiredOption('--business <id>', 'business id')
    .requiredOption('--file <file>', 'INVOICE.json')
    .option('--issue', 'issue it now: the number is taken and the PDF written')
    .option('--pdf <file>', 'with --issue: also copy the PDF to this file')
    .action(action(async (ctx, options: { business: string; file: string; issue?: boolean; pdf?: string }) => {
      if (options.pdf && !options.issue) throw new AppError('BAD_INPUT', '--pdf needs --issue: a draft has no number and no PDF', { details: { field: 'pdf' } });
      const file = readJsonFile(options.file) as Input<'invoices.saveDraft'>['invoice'];
      const core = await ctx.core();
      const draft = await forFile(options.file, () => callHandler(core, 'invoices.saveDraft', { businessId: options.business, invoice: file }));
      const view = options.issue ? await callHandler(core, 'invoices.issue', { businessId: options.business, id: draft.id }) : draft;
      if (options.pdf) await copyPdf(core, view, options.pdf);
      print(ctx, view, options.pdf);
      return view.pdfError ? 1 : 0;
    }));
  invoice
    .command('issue')
    .description('issue a draft: its number is taken now and its PDF written')
    .argument('<id>', 'draft invoice id')
    .option('--business <id>', 'business id (default: the draft\'s)')
    .option('--pdf <file>', 'also copy the PDF to this file')
    .action(action(async (ctx, id: string, options: { business?: string; pdf?: string }) => {
      const core = await ctx.core();
      const ref = core.store.read((db) => findInvoiceRef(db, id, options.business));
      const view = await callHandler(core, 'invoices.issue', { businessId: ref.businessId, id: ref.id });
      if (options.pdf) await copyPdf(core, view, options.pdf);
      print(ctx, view, options.pdf);
      return view.pdfError ? 1 : 0;
    }));
  invoice
    .command('show')
    .description('an invoice by id or number, with its lines and totals')
    .argument('<ref>', 'invoice id or number')
    .option('--business <id>', 'business id (when a number exists in several businesses)')
    .option('--fy <year>', FY_HELP)
    .action(action(async (ctx, refText: string, options: { business?: string; fy?: string }) => {
      const fiscalYear = fiscalYearOption(options.fy);
      const core = await ctx.core();
      const ref = core.store.read((db) => findInvoiceRef(db, refText, options.business, fiscalYear));
      print(ctx, await callHandler(core, 'invoices.show', { businessId: ref.businessId, id: ref.id }));
    }));
};


