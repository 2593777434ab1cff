// `tax quote --file F.json`, `check gstin|vat-bh|invoice-number VALUE`, `words AMOUNT`.
// Thin: the logic is in src-main/tax (quote, loader) and src-shared (money, GSTIN).
import { AppError } from '../../../src-shared/errors.js';
import { amountInWords, tryParseAmount } from '../../../src-shared/money/index.js';
import { validateGstin } from '../../../src-shared/tax/gstin.js';
import { validateInvoiceNumber } from '../../../src-shared/tax/invoice-number.js';
import type { TaxIdCheck } from '../../../src-shared/tax/plugin-api.js';
import type { CliContext, CommandRegistrar } from '../context.js';
import { readJsonFile } from '../read-json-file.js';
import { getTaxPlugin, loadTaxPlugins } from '../../tax/loader.js';
import { computeQuote, toQuoteOutput } from '../../tax/quote.js';
import { validateBahrainVatNumber } from '../../tax/vat-bh/index.js';


function report(ctx: CliContext, what: string, value: string, check: TaxIdCheck): number {
  const reason = check.reason ?? (check.valid ? 'valid' : 'invalid');
  ctx.result({ valid: check.valid, reason }, `${what} ${value}: ${check.valid ? 'valid' : 'NOT valid'}: ${reason}`);
  return check.valid ? 0 : 1;
}

export function wordsFor(amount: string, currency: string, lang: string): string {
  const cur = currency.toUpperCase();
  if (cur !== 'INR' && cur !== 'BHD') throw new AppError('BAD_INPUT', `--currency: "${currency}" is not INR or BHD`, { details: { field: 'currency' } });
  if (lang !== 'en' && lang !== 'ar') throw new AppError('BAD_INPUT', `--lang: "${lang}" is not en or ar`, { details: { field: 'lang' } });
  if (lang === 'ar' && cur !== 'BHD') throw new AppError('BAD_INPUT', '--lang ar: Arabic words are available for BHD', { details: { field: 'lang' } });
  const parsed = tryParseAmount(amount);
  if (!parsed.ok) throw new AppError('BAD_INPUT', `AMOUNT: not an amount: ${parsed.reason}`, { details: { field: 'amount', value: amount } });
  return amountInWords(parsed.value, cur, lang);
}

export const registerTaxCommands: CommandRegistrar = (program, action) => {
  const tax = program.command('tax').description('tax computations (nothing numbered or stored)');
  tax
    .command('quote')
    .description('compute a tax breakdown for the lines in a JSON file')
    .requiredOption('--file <file>', 'quote JSON file (regime, date, supplier, placeOfSupply, lines...)')
    .action(action(async (ctx, options: { file: string }) => {
      const input = readJsonFile(options.file);
      const { plugins, errors } = await loadTaxPlugins(ctx.dataDir);
      for (const e of errors) ctx.info(e.message);
      let result;
      try {
        result = computeQuote(input, plugins);
      } catch (error) {
        if (error instanceof AppError) throw new AppError(error.code, `${options.file}: ${error.message}`, { details: { file: options.file, ...error.details } });
        throw error;
      }
      const out = toQuoteOutput(result);
      const human = [
        `${result.regime} ${result.kind} in ${result.currency}`,
        ...result.lines.map((l) => `  [${l.index}] ${l.description}: taxable ${l.taxable}${l.components.map((c) => `, ${c.name} ${c.rate}% ${c.amount}`).join('')} -> ${l.total}`),
        ...out.components.map((c) => `  ${c.name} ${c.rate}% on ${c.taxable} = ${c.amount}`),
        `  taxable ${out.totals.taxable}${out.totals.nonTaxable !== undefined ? `, exempt/nil/non-GST ${out.totals.nonTaxable}` : ''}, tax ${out.totals.tax}, total ${out.totals.total}, round off ${out.totals.roundOff}, grand total ${out.totals.grandTotal}`,
        `  ${out.amountInWords}`,
        ...result.notes.map((n) => `  note: ${n.en}`),
      ];
      ctx.result(out, human);
    }));

  const check = program.commands.find((c) => c.name() === 'check') ?? program.command('check').description('validate identifiers and sequences');
  check
    .command('gstin')
    .description('validate a GSTIN (format, state code, check digit)')
    .argument('<value>', 'the GSTIN')
    .action(action(async (ctx, value: string) => report(ctx, 'GSTIN', value, validateGstin(value))));
  check
    .command('vat-bh')
    .description('validate a Bahrain VAT account number (15 digits)')
    .argument('<value>', 'the VAT account number')
    .action(action(async (ctx, value: string) => report(ctx, 'VAT number', value, validateBahrainVatNumber(value))));
  check
    .command('invoice-number')
    .description("validate an invoice number against a regime's rules")
    .argument('<value>', 'the invoice number')
    .option('--regime <id>', 'tax plugin id', 'gst-in')
    .action(action(async (ctx, value: string, options: { regime: string }) => {
      const { plugins } = await loadTaxPlugins(ctx.dataDir);
      const plugin = getTaxPlugin(plugins, options.regime);
      return report(ctx, 'invoice number', value, validateInvoiceNumber(plugin.invoiceNumberRules, value));
    }));

  program
    .command('words')
    .description('an amount in words (lakh/crore for INR; dinars and fils for BHD)')
    .argument('<amount>', 'the amount, e.g. 123456.50')
    .requiredOption('--currency <code>', 'INR or BHD')
    .option('--lang <lang>', 'en or ar (ar for BHD)', 'en')
    .action(action(async (ctx, amount: string, options: { currency: string; lang: string }) => {
      const words = wordsFor(amount, options.currency, options.lang);
      ctx.result({ words }, words);
    }));
};
