// `tax quote`: one tax computation from a JSON description, nothing numbered or stored.
// Validates the input (unknown keys by name), settles defaults, runs the plugin, and reduces the
// result to the documented output shape.
import { AppError } from '../../src-shared/errors.js';
import { check } from '../../src-shared/schemas/validate.js';
import { TaxQuoteInput, type TaxQuoteOutput } from '../../src-shared/schemas/tax-quote.js';
import type { TaxContext, TaxLineInput, TaxPlugin, TaxResult } from '../../src-shared/tax/plugin-api.js';
import { getTaxPlugin } from './loader.js';

const COUNTRY: Record<string, string> = { 'gst-in': 'IN', 'vat-bh': 'BH' };

function text(value: string | number | undefined): string | undefined {
  return value === undefined ? undefined : typeof value === 'number' ? String(value) : value;
}

/** The full plugin result for a quote input (validated here). */
export function computeQuote(input: unknown, plugins: ReadonlyMap<string, TaxPlugin>): TaxResult {
  const q = check(TaxQuoteInput, input, '$');
  const plugin = getTaxPlugin(plugins, q.regime);
  const currency = q.currency ?? plugin.currencies[0]!;
  if (!plugin.currencies.includes(currency)) {
    throw new AppError('TAX_INPUT', `currency: ${plugin.id} accepts ${plugin.currencies.join(', ')}, not ${currency}`, { details: { field: 'currency', value: currency } });
  }
  return plugin.compute(quoteContext(q, plugin, currency), q.lines.map(quoteLine));
}

/** The plugin's context for a quote: defaults settled (first kind, the plugin's country, regular supply, prices before tax). */
function quoteContext(q: TaxQuoteInput, plugin: TaxPlugin, currency: string): TaxContext {
  const settings = { ...plugin.defaultSettings, ...(q.supplier?.settings ?? {}) };
  return {
    date: q.date,
    currency,
    kind: q.kind ?? plugin.kinds[0]!,
    supplier: { state: q.supplier?.state, country: q.supplier?.country ?? COUNTRY[plugin.id] ?? plugin.countries[0] ?? '', taxId: q.supplier?.taxId ?? null, settings },
    customer: q.customer,
    placeOfSupply: q.placeOfSupply,
    supplyType: q.supplyType ?? 'regular',
    pricesIncludeTax: q.pricesIncludeTax ?? false,
    reverseCharge: q.reverseCharge ?? false,
  };
}

/** A quote line as the plugin's line input: numbers as decimal text, optional fields only when given. */
function quoteLine(l: TaxQuoteInput['lines'][number]): TaxLineInput {
  const line: TaxLineInput = { description: l.description, quantity: text(l.quantity)!, unitPrice: text(l.unitPrice)!, rate: text(l.rate)! };
  if (l.hsn !== undefined) line.hsn = l.hsn;
  if (l.unit !== undefined) line.unit = l.unit;
  if (l.discount !== undefined) line.discount = text(l.discount);
  if (l.cessRate !== undefined) line.cessRate = text(l.cessRate);
  if (l.kind !== undefined) line.kind = l.kind;
  return line;
}

/** The documented `tax quote --json` shape (`totals.nonTaxable`, `kind` and `notes` added only when they say something). */
export function toQuoteOutput(result: TaxResult): TaxQuoteOutput {
  const totals: TaxQuoteOutput['totals'] = { taxable: result.totals.taxable, tax: result.totals.tax, total: result.totals.total, roundOff: result.totals.roundOff, grandTotal: result.totals.grandTotal };
  if (result.totals.nonTaxable !== undefined) totals.nonTaxable = result.totals.nonTaxable;
  const out: TaxQuoteOutput = {
    lines: result.lines.map((l) => ({ taxable: l.taxable, components: l.components.map((c) => ({ name: c.name, rate: c.rate, amount: c.amount })), total: l.total })),
    components: result.components.map((c) => ({ name: c.name, rate: c.rate, taxable: c.taxable, amount: c.amount })),
    totals,
    amountInWords: result.amountInWords.en,
  };
  if (result.notes.length > 0) {
    out.kind = result.kind;
    out.notes = result.notes.map((n) => ({ ...n }));
  }
  return out;
}

export function quoteTax(input: unknown, plugins: ReadonlyMap<string, TaxPlugin>): TaxQuoteOutput {
  return toQuoteOutput(computeQuote(input, plugins));
}
