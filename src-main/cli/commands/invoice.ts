// `invoice …` (docs/ARCHITECTURE.md CLI contract): actions on one invoice, found by id or number. Each
// subcommand is a thin layer over the engine; the group is shared by every invoice subcommand.
import type { Command } from 'commander';
import { AppError } from '../../../src-shared/errors.js';
import type { CommandRegistrar } from '../context.js';
import { findInvoice, issueCreditNote, issueDebitNote, voidInvoiceWithPdf } from '../../engine/invoice-actions.js';
import { openPdfRenderer } from '../../core/services.js';
import { creditNoteTotals, debitNoteTotals } from '../../core/handlers/invoices.js';
import { FISCAL_YEAR_LABEL } from '../../db/repos/invoice-refs.js';

/** The `invoice` command group, created once whichever file registers first. */
export function invoiceGroup(program: Command): Command {
  return program.commands.find((c) => c.name() === 'invoice') ?? program.command('invoice').description('one invoice: create, issue, show, void, credit note, debit note');
}

/** `--lines '1=2,3=0.5'` → [{line: 1, quantity: '2'}, {line: 3, quantity: '0.5'}]. */
export function parseCreditLines(text: string, flag = '--lines', what = 'QTY'): Array<{ line: number; quantity: string }> {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new AppError('BAD_INPUT', `${flag}: expected LINE_NO=${what},… (e.g. '1=2,3=0.5')`, { details: { flag } });
  return items.map((item, i) => {
    const m = /^(\d+)\s*=\s*(\d+(?:\.\d+)?)$/.exec(item);
    if (!m || Number(m[1]) < 1) throw new AppError('BAD_INPUT', `${flag} item ${i + 1} "${item}": expected LINE_NO=${what} with a line number from 1 and a ${what === 'QTY' ? 'quantity' : 'price'} such as 2 or 0.5`, { details: { flag, item } });
    return { line: Number(m[1]), quantity: m[2]! };
  });
}

/**
 * `--fy YYYY-YY`: the fiscal year a number was issued in, needed when a series that starts again
 * at 1 each fiscal year issued the same number in several (a bad label exits 2).
 */
export function fiscalYearOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const label = value.trim();
  if (!FISCAL_YEAR_LABEL.test(label)) throw new AppError('BAD_INPUT', `--fy: expected a fiscal year such as 2025-26 (or 2026 for a calendar year), got "${value}"`, { details: { flag: '--fy' } });
  return label;
}

export const FY_HELP = 'fiscal year of the number, e.g. 2025-26 (needed when the number was issued in several fiscal years)';

interface ActionOptions {
  reason?: string;
  business?: string;
  fy?: string;
  lines?: string;
  prices?: string;
  value?: string;
  date?: string;
  pdf: boolean;
}

function reasonOf(options: ActionOptions): string {
  const reason = options.reason?.trim();
  if (!reason) throw new AppError('BAD_INPUT', '--reason: say why (e.g. --reason "Goods returned")', { details: { flag: '--reason' } });
  return reason;
}

export const registerInvoiceActionCommands: CommandRegistrar = (program, action) => {
  const invoice = invoiceGroup(program);

  invoice
    .command('void')
    .description('void an issued invoice: its number stays used; its PDF is marked CANCELLED')
    .argument('<ref>', 'invoice id or number')
    .requiredOption('--reason <text>', 'why the invoice is voided')
    .option('--business <id>', 'business id (needed when the number exists in several businesses)')
    .option('--fy <year>', FY_HELP)
    .option('--no-pdf', 'do not render the PDF again')
    .action(action(async (ctx, ref: string, options: ActionOptions) => {
      const reason = reasonOf(options);
      const core = await ctx.core();
      const found = findInvoice(core, ref, options.business, fiscalYearOption(options.fy));
      const pdf = options.pdf && found.pdf_sha256 ? await openPdfRenderer(core) : undefined;
      try {
        const row = await voidInvoiceWithPdf(core, { businessId: found.business_id, id: found.id, reason, actor: 'cli', pdf });
        ctx.result({ id: row.id, number: row.number, status: row.status, businessId: row.business_id, reason, voidedAt: row.voided_at }, `${row.number} voided (${reason}); its number stays used`);
      } finally {
        await pdf?.close();
      }
    }));

  invoice
    .command('credit-note')
    .description('issue a credit note against an issued invoice: chosen lines and quantities, a value, or all that is left')
    .argument('<ref>', 'invoice id or number')
    .requiredOption('--reason <text>', 'why the credit note is issued')
    .option('--lines <list>', "lines and quantities to credit: 'LINE_NO=QTY,…' (e.g. '1=2,3=0.5')")
    .option('--value <amount>', 'an amount to credit, tax included, spread over the lines')
    .option('--date <date>', 'date of the credit note, YYYY-MM-DD (default today)')
    .option('--business <id>', 'business id (needed when the number exists in several businesses)')
    .option('--fy <year>', FY_HELP)
    .option('--no-pdf', 'skip rendering the PDFs')
    .action(action(async (ctx, ref: string, options: ActionOptions) => {
      const reason = reasonOf(options);
      if (options.lines !== undefined && options.value !== undefined) throw new AppError('BAD_INPUT', 'use either --lines or --value, not both', { details: { flag: '--lines' } });
      const lines = options.lines !== undefined ? parseCreditLines(options.lines) : undefined;
      if (options.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.date)) throw new AppError('BAD_INPUT', `--date: expected YYYY-MM-DD, got "${options.date}"`, { details: { flag: '--date' } });
      const core = await ctx.core();
      const found = findInvoice(core, ref, options.business, fiscalYearOption(options.fy));
      const pdf = options.pdf ? await openPdfRenderer(core) : undefined;
      try {
        const row = await issueCreditNote(core, { businessId: found.business_id, id: found.id, reason, lines, value: options.value, date: options.date, actor: 'cli', pdf });
        const totals = creditNoteTotals(row);
        ctx.result(
          { id: row.id, number: row.number, kind: row.kind, status: row.status, date: row.issue_date, currency: row.currency, creditNoteFor: found.number, businessId: row.business_id, totals },
          `${row.number} credits ${totals.grandTotal.replace(/^-/, '')} ${row.currency} of ${found.number} (${reason})`,
        );
      } finally {
        await pdf?.close();
      }
    }));

  invoice
    .command('debit-note')
    .description('issue a debit note against an issued invoice (GST s.34(3)): extra quantities on chosen lines, revised unit prices, or a value')
    .argument('<ref>', 'invoice id or number')
    .requiredOption('--reason <text>', 'why the debit note is issued')
    .option('--lines <list>', "lines and extra quantities to charge: 'LINE_NO=QTY,…' (e.g. '1=2,3=0.5')")
    .option('--prices <list>', "lines and their revised (higher) unit prices: 'LINE_NO=PRICE,…'; the difference is charged on the invoiced quantity")
    .option('--value <amount>', 'an amount to charge, tax included, spread over the lines')
    .option('--date <date>', 'date of the debit note, YYYY-MM-DD (default today)')
    .option('--business <id>', 'business id (needed when the number exists in several businesses)')
    .option('--fy <year>', FY_HELP)
    .option('--no-pdf', 'skip rendering the PDFs')
    .action(action(async (ctx, ref: string, options: ActionOptions) => {
      const reason = reasonOf(options);
      const given = [options.lines, options.prices, options.value].filter((v) => v !== undefined).length;
      if (given !== 1) throw new AppError('BAD_INPUT', given === 0 ? 'say what the debit note charges: --lines, --prices or --value' : 'use one of --lines, --prices or --value', { details: { flag: '--lines' } });
      const lines = options.lines !== undefined ? parseCreditLines(options.lines) : undefined;
      const prices = options.prices !== undefined ? parseCreditLines(options.prices, '--prices', 'PRICE').map((l) => ({ line: l.line, unitPrice: l.quantity })) : undefined;
      if (options.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.date)) throw new AppError('BAD_INPUT', `--date: expected YYYY-MM-DD, got "${options.date}"`, { details: { flag: '--date' } });
      const core = await ctx.core();
      const found = findInvoice(core, ref, options.business, fiscalYearOption(options.fy));
      const pdf = options.pdf ? await openPdfRenderer(core) : undefined;
      try {
        const row = await issueDebitNote(core, { businessId: found.business_id, id: found.id, reason, lines, prices, value: options.value, date: options.date, actor: 'cli', pdf });
        const totals = debitNoteTotals(row);
        ctx.result(
          { id: row.id, number: row.number, kind: row.kind, status: row.status, date: row.issue_date, currency: row.currency, debitNoteFor: found.number, businessId: row.business_id, totals },
          `${row.number} charges ${totals.grandTotal} ${row.currency} more on ${found.number} (${reason})`,
        );
      } finally {
        await pdf?.close();
      }
    }));
};
