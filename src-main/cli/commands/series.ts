// `series add --business ID --code C --format PATTERN [--credit-note] [--default]` and
// `series list --business ID`: numbering series a business chooses.
import type { CommandRegistrar } from '../context.js';
import { callHandler } from '../call-handler.js';

export const registerSeriesCommands: CommandRegistrar = (program, action) => {
  const series = program.command('series').description('numbering series (pattern with {FY}/{FYS}/{YYYY} and {SEQ:n}; GST: at most 16 characters)');
  series
    .command('add')
    .description('add a numbering series, e.g. --code SHOP1 --format "S1/{FYS}/{SEQ:5}"')
    .requiredOption('--business <id>', 'business id')
    .requiredOption('--code <code>', 'short code of the series (letters, digits, - or _)')
    .requiredOption('--format <pattern>', 'pattern: {FY} 2025-26, {FYS} 2526, {YYYY} 2025, {SEQ:n} counter zero-padded to n digits')
    .option('--credit-note', 'a series for credit notes')
    .option('--default', 'hand invoices use it unless another is named')
    .action(action(async (ctx, options: { business: string; code: string; format: string; creditNote?: boolean; default?: boolean }) => {
      const core = await ctx.core();
      const added = await callHandler(core, 'series.add', { businessId: options.business, code: options.code, format: options.format, kind: options.creditNote ? 'credit_note' : 'invoice', default: Boolean(options.default) });
      ctx.result(added, `added series ${added.code} (${added.format}); next number ${added.next}`);
    }));
  series
    .command('list')
    .description("a business's series, with this fiscal year's counter and next number")
    .requiredOption('--business <id>', 'business id')
    .action(action(async (ctx, options: { business: string }) => {
      const core = await ctx.core();
      const all = await callHandler(core, 'series.list', { businessId: options.business });
      ctx.result(all, all.map((s) => `${s.code.padEnd(8)} ${s.kind === 'invoice' ? 'invoice    ' : s.kind === 'debit_note' ? 'debit note ' : 'credit note'} ${s.format.padEnd(22)} ${s.fiscalYear}: ${s.lastSeq} taken, next ${s.next}${s.isDefault ? '  [default]' : ''}`));
    }));
};
