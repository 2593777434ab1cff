// No tax (none): cash memos for sellers not registered for tax. A person not registered may not
// collect any amount as tax (CGST Act s.32(1); docs/TAX-RULES.md A4), so there are no tax lines, no
// tax id, and the totals are the sum of the lines.
import { amountInWords, isKnownCurrency } from '../../../src-shared/money/index.js';
import { TAX_PLUGIN_API_VERSION, type LanguageCode, type TaxContext, type TaxLineInput, type TaxPlugin, type TaxResult } from '../../../src-shared/tax/plugin-api.js';
import { checkDate, checkLines, computeLines, lineDecimal, taxInput } from '../common/engine.js';

const settingsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  title: 'No tax (cash memo)',
  properties: {
    roundOffTotal: { type: 'boolean', title: 'Round the total to a whole unit of currency ("Round off" line)', default: false },
  },
  additionalProperties: false,
} as const;

function compute(context: TaxContext, inputLines: TaxLineInput[]): TaxResult {
  checkDate(context.date);
  const lines = checkLines(inputLines);
  if (!isKnownCurrency(context.currency)) throw taxInput(`currency: "${context.currency}" is not an ISO 4217 code we know`, { field: 'currency' });
  const requested = context.kind ?? 'cash_memo';
  if (!noTax.kinds.includes(requested)) throw taxInput(`kind: a seller not registered for tax issues cash memos (or credit notes), not ${requested}`, { field: 'kind', value: requested });
  const planned = lines.map((line, index) => {
    const raw = String(line.rate).trim().toLowerCase();
    if (!['exempt', 'nil', 'non_gst', 'zero'].includes(raw) && !lineDecimal(index, 'rate', line.rate).isZero()) {
      throw taxInput(`lines[${index}].rate: ${String(line.rate)}% cannot be charged: a seller not registered for tax may not collect any amount as tax (use "0")`, { line: index, field: 'rate', value: line.rate });
    }
    if (line.cessRate !== undefined && !lineDecimal(index, 'cessRate', line.cessRate, '0').isZero()) {
      throw taxInput(`lines[${index}].cessRate: no cess on a cash memo`, { line: index, field: 'cessRate' });
    }
    return { index, input: line, category: 'non_gst' as const, rate: '0', components: [] };
  });
  const settings = context.supplier.settings ?? {};
  const computed = computeLines({ ...context, pricesIncludeTax: false }, planned, {
    componentOrder: [],
    roundOffPlaces: settings.roundOffTotal === true ? 0 : undefined,
    allowNegative: requested === 'credit_note',
  });
  const grand = computed.totals.grandTotal;
  const words: TaxResult['amountInWords'] = { en: amountInWords(grand, context.currency, 'en') };
  if (context.currency === 'BHD') words.ar = amountInWords(grand, 'BHD', 'ar');
  if (context.currency === 'INR') words.hi = amountInWords(grand, 'INR', 'hi');
  return { regime: 'none', currency: context.currency, kind: requested, ...computed, summaryTables: [], notes: [], amountInWords: words };
}

export const noTax: TaxPlugin = {
  apiVersion: TAX_PLUGIN_API_VERSION,
  id: 'none',
  name: { en: 'No tax (cash memo)', ar: 'بدون ضريبة (مذكرة نقدية)', hi: 'कोई कर नहीं (कैश मेमो)' },
  countries: [],
  currencies: ['INR', 'BHD', 'AED', 'USD', 'EUR', 'GBP', 'SAR'],
  settingsSchema: settingsSchema as unknown as Record<string, unknown>,
  defaultSettings: { roundOffTotal: false },
  kinds: ['cash_memo', 'credit_note'],
  ratesOn: () => ['0'],
  validateTaxId: () => ({ valid: false, reason: 'a seller not registered for tax has no tax id' }),
  invoiceNumberRules: {
    maxLength: 30,
    pattern: '^[A-Za-z0-9][A-Za-z0-9/-]{0,29}$',
    description: 'at most 30 characters: letters, digits, "-" and "/", starting with a letter or digit',
    caseInsensitiveUnique: true,
  },
  compute,
  amountInWords(amount: string, currency: string, language: LanguageCode): string {
    return amountInWords(amount, currency, language);
  },
};

export default noTax;
