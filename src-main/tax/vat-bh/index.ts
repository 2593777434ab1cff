// Bahrain VAT (vat-bh): 10% standard rate from 1 Jan 2022 (5% from 1 Jan 2019), zero-rated and
// exempt supplies with their statements, BHD at 3 decimals rounded half-up to the fils per rate
// at invoice level; full vs simplified tax invoice. Sources: docs/TAX-RULES.md B1-B5.
import { amountInWords, Dec, minorToText, toMinorUnitsBig } from '../../../src-shared/money/index.js';
import { TAX_PLUGIN_API_VERSION, type InvoiceKind, type LanguageCode, type LocalizedText, type SummaryTable, type TaxCategory, type TaxContext, type TaxIdCheck, type TaxLineInput, type TaxPlugin, type TaxResult } from '../../../src-shared/tax/plugin-api.js';
import { checkBahrainVatNumber } from '../../../src-shared/validation/fields.js';
import { checkDate, checkLines, computeLines, lineDecimal, lineKind, linePlanCache, taxInput, type PlannedLine } from '../common/engine.js';

export const VAT_START = '2019-01-01';
export const VAT_10_FROM = '2022-01-01';
/** ER art. 53: a simplified tax invoice may be issued when the consideration is at most BHD 500. */
export const SIMPLIFIED_LIMIT = '500';

export function bahrainStandardRate(date: string): string {
  return date >= VAT_10_FROM ? '10' : '5';
}

const settingsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  title: 'Bahrain VAT',
  properties: {
    simplifiedInvoices: { type: 'boolean', title: 'Issue simplified tax invoices when allowed (customer not VAT-registered, or total up to BHD 500)', default: true },
  },
  additionalProperties: false,
} as const;

const NOTES: Record<'zero' | 'exempt', LocalizedText> = {
  zero: { en: 'Zero-rated supply: VAT charged at 0%', ar: 'توريد خاضع للضريبة بنسبة الصفر بالمائة' },
  exempt: { en: 'Exempt supply: no VAT charged', ar: 'توريد معفى من ضريبة القيمة المضافة' },
};

/** The one Bahrain VAT number rule (src-shared/validation/fields.ts): 15 digits, no public check digit. */
export function validateBahrainVatNumber(input: string): TaxIdCheck {
  const { valid, reason } = checkBahrainVatNumber(input);
  return { valid, reason };
}

/**
 * GCC states that implement VAT, from when (Saudi Arabia and the UAE 1 Jan 2018, Oman 16 Apr 2021).
 * Qatar and Kuwait have not implemented it: for Bahrain they are outside the implementing states.
 */
export const GCC_IMPLEMENTING_FROM: Readonly<Record<string, string>> = { SA: '2018-01-01', AE: '2018-01-01', OM: '2021-04-16' };
export const GCC_NON_IMPLEMENTING: ReadonlySet<string> = new Set(['QA', 'KW']);

/** How a destination outside Bahrain is treated on `date` (docs/TAX-RULES.md, Bahrain exports). */
export type ExportBasis = 'outside-gcc' | 'gcc-non-implementing' | 'gcc-implementing';

export function exportBasis(country: string, date: string): ExportBasis {
  const from = GCC_IMPLEMENTING_FROM[country];
  if (from !== undefined) return date >= from ? 'gcc-implementing' : 'gcc-non-implementing';
  return GCC_NON_IMPLEMENTING.has(country) ? 'gcc-non-implementing' : 'outside-gcc';
}

const COUNTRY_NAMES: Record<string, { en: string; ar: string }> = {
  SA: { en: 'Saudi Arabia', ar: 'المملكة العربية السعودية' },
  AE: { en: 'the United Arab Emirates', ar: 'الإمارات العربية المتحدة' },
  OM: { en: 'Oman', ar: 'سلطنة عمان' },
  QA: { en: 'Qatar', ar: 'قطر' },
  KW: { en: 'Kuwait', ar: 'الكويت' },
};

function countryName(code: string, language: 'en' | 'ar'): string {
  const known = COUNTRY_NAMES[code];
  if (known) return known[language];
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The zero-rating statement of an export, in English and Arabic, by what is exported and where to. */
function exportStatement(country: string | undefined, basis: ExportBasis, goods: boolean, services: boolean): LocalizedText {
  const en: string[] = [];
  const ar: string[] = [];
  const to = country ? { en: ` to ${countryName(country, 'en')}`, ar: ` إلى ${countryName(country, 'ar')}` } : { en: '', ar: '' };
  if (goods) {
    if (basis === 'gcc-implementing') {
      en.push(`Zero-rated export of goods${to.en}, a GCC VAT implementing state, treated as an export until the GCC electronic services system operates`);
      ar.push(`تصدير سلع${to.ar}، وهي دولة مطبقة لضريبة القيمة المضافة في مجلس التعاون، يُعامل معاملة الصادرات إلى حين تشغيل نظام الخدمات الإلكترونية، خاضع للضريبة بنسبة الصفر`);
    } else {
      en.push(`Zero-rated export of goods${to.en}, outside the GCC VAT implementing states`);
      ar.push(`تصدير سلع${to.ar}، خارج دول مجلس التعاون المطبقة لضريبة القيمة المضافة، خاضع للضريبة بنسبة الصفر`);
    }
  }
  if (services) {
    const where = country ? { en: ` (${countryName(country, 'en')})`, ar: ` (${countryName(country, 'ar')})` } : { en: '', ar: '' };
    en.push(`Zero-rated export of services to a customer not resident in Bahrain${where.en}, used outside Bahrain`);
    ar.push(`تصدير خدمات لعميل غير مقيم في مملكة البحرين${where.ar} يستفيد منها خارج المملكة، خاضع للضريبة بنسبة الصفر`);
  }
  return { en: `${en.join('; ')}: VAT 0%`, ar: `${ar.join('؛ ')}: ضريبة القيمة المضافة 0%` };
}

const cachedPlan = linePlanCache();

function planLine(line: TaxLineInput, index: number, date: string, abroad: boolean): PlannedLine {
  // The plan depends on the rate and cess as given, on the rate period and on whether the supply is an export.
  const key = `${typeof line.rate}:${String(line.rate)}|${typeof line.cessRate}:${String(line.cessRate)}|${date >= VAT_10_FROM}|${abroad}`;
  return cachedPlan(key, line, index, () => planLineUncached(line, index, date, abroad));
}

function planLineUncached(line: TaxLineInput, index: number, date: string, abroad: boolean): PlannedLine {
  const raw = String(line.rate).trim().toLowerCase();
  if (!lineDecimal(index, 'cessRate', line.cessRate, '0').isZero()) {
    throw taxInput(`lines[${index}].cessRate: Bahrain VAT has no cess`, { line: index, field: 'cessRate' });
  }
  let category: TaxCategory;
  let rate = new Dec(0);
  if (raw === 'zero') category = 'zero';
  else if (raw === 'exempt') category = 'exempt';
  else {
    rate = lineDecimal(index, 'rate', line.rate);
    const standard = bahrainStandardRate(date);
    if (rate.isZero()) category = 'zero';
    else if (rate.eq(standard)) category = 'standard';
    else {
      throw taxInput(`lines[${index}].rate: ${rate.toFixed()}% is not a Bahrain VAT rate on ${date} (standard rate ${standard}%${date >= VAT_10_FROM ? ' from 1 Jan 2022' : ' before 1 Jan 2022'}; or "zero", "exempt")`, { line: index, field: 'rate', value: line.rate });
    }
  }
  // Goods leaving Bahrain and services to a non-resident used abroad are zero-rated (TAX-RULES D8).
  if (abroad && category === 'standard') {
    category = 'zero';
    rate = new Dec(0);
  }
  const components = category === 'exempt' ? [] : [{ name: 'VAT', rate }];
  return { index, input: line, category, rate: category === 'standard' ? rate.toFixed() : '0', components };
}

/** The VAT summary, with sums in fils as BigInt (exact at any size; the amounts are BHD strings at scale 3). */
function vatTable(result: Pick<TaxResult, 'lines'>): SummaryTable {
  const rows = new Map<string, { category: string; rate: string; taxable: bigint; vat: bigint }>();
  for (const line of result.lines) {
    const key = `${line.category}|${line.rate}`;
    const row = rows.get(key) ?? { category: line.category, rate: line.rate, taxable: 0n, vat: 0n };
    row.taxable += toMinorUnitsBig(line.taxable, 'BHD');
    row.vat += toMinorUnitsBig(line.tax, 'BHD');
    rows.set(key, row);
  }
  // Printed as given on a bilingual invoice, so each category names itself in both languages.
  const label: Record<string, string> = { standard: 'Standard / النسبة الأساسية', zero: 'Zero-rated / نسبة الصفر', exempt: 'Exempt / معفى' };
  const sorted = [...rows.values()].sort((a, b) => ['standard', 'zero', 'exempt'].indexOf(a.category) - ['standard', 'zero', 'exempt'].indexOf(b.category));
  const taxableTotal = sorted.reduce((a, r) => a + r.taxable, 0n);
  const vatTotal = sorted.reduce((a, r) => a + r.vat, 0n);
  return {
    id: 'vat',
    title: { en: 'VAT summary', ar: 'ملخص ضريبة القيمة المضافة' },
    columns: [
      { key: 'category', label: { en: 'Category', ar: 'الفئة' } },
      { key: 'rate', label: { en: 'VAT %', ar: 'نسبة الضريبة' }, align: 'end' },
      { key: 'taxable', label: { en: 'Taxable amount (BHD)', ar: 'المبلغ الخاضع للضريبة (د.ب)' }, align: 'end' },
      { key: 'vat', label: { en: 'VAT (BHD)', ar: 'الضريبة (د.ب)' }, align: 'end' },
    ],
    rows: sorted.map((r) => ({ category: label[r.category] ?? r.category, rate: r.category === 'exempt' ? '' : r.rate, taxable: minorToText(r.taxable, 3), vat: minorToText(r.vat, 3) })),
    totals: { category: 'Total / الإجمالي', rate: '', taxable: minorToText(taxableTotal, 3), vat: minorToText(vatTotal, 3) },
  };
}

/** The customer's country (upper case) when given, and whether the supply goes abroad. */
function destination(context: TaxContext): { country: string | undefined; abroad: boolean } {
  const country = typeof context.customer?.country === 'string' && context.customer.country.trim() !== '' ? context.customer.country.trim().toUpperCase() : undefined;
  return { country, abroad: context.supplyType === 'export' || (country !== undefined && country !== 'BH') };
}

/** A full tax invoice carries the customer's Bahrain VAT number (ER art. 52): one `check vat-bh` refuses never reaches an invoice. */
function checkCustomerVatNumber(context: TaxContext, abroad: boolean, requested: InvoiceKind): void {
  const customerTaxId = typeof context.customer?.taxId === 'string' ? context.customer.taxId.trim() : '';
  if (abroad || customerTaxId === '' || requested === 'credit_note') return;
  const checked = validateBahrainVatNumber(customerTaxId);
  if (!checked.valid) throw taxInput(`customer.taxId: "${customerTaxId}" is not a Bahrain VAT number: ${checked.reason ?? 'invalid'}`, { field: 'customer.taxId', value: customerTaxId, rule: 'vat-number' });
}

/** Simplified when allowed and the customer is unregistered or the total is within the limit; a full invoice above it. */
function documentKind(context: TaxContext, requested: InvoiceKind, grandTotal: string): InvoiceKind {
  const settings = context.supplier.settings ?? {};
  const simplifiedAllowed = settings.simplifiedInvoices !== false;
  const unregistered = !context.customer?.taxId;
  if (requested !== 'credit_note' && simplifiedAllowed && (unregistered || new Dec(grandTotal).lte(SIMPLIFIED_LIMIT))) return 'simplified_tax_invoice';
  if (requested === 'simplified_tax_invoice' && !unregistered && new Dec(grandTotal).gt(SIMPLIFIED_LIMIT)) return 'tax_invoice';
  return requested;
}

/** The zero-rating and exemption notes, and the export statement for a zero-rated supply abroad. */
function documentNotes(planned: PlannedLine[], country: string | undefined, abroad: boolean, date: string): { notes: LocalizedText[]; exported: TaxResult['export'] } {
  const notes: LocalizedText[] = [];
  let exported: TaxResult['export'];
  const zeroLines = planned.filter((p) => p.category === 'zero');
  if (abroad && zeroLines.length > 0) {
    const basis = exportBasis(country ?? '', date);
    const statement = exportStatement(country, basis, zeroLines.some((p) => lineKind(p.input) === 'goods'), zeroLines.some((p) => lineKind(p.input) === 'services'));
    notes.push(statement);
    exported = { statement, basis };
  } else if (zeroLines.length > 0) notes.push(NOTES.zero);
  if (planned.some((p) => p.category === 'exempt')) notes.push(NOTES.exempt);
  return { notes, exported };
}

function compute(context: TaxContext, inputLines: TaxLineInput[]): TaxResult {
  const date = checkDate(context.date);
  const lines = checkLines(inputLines);
  if (date < VAT_START) throw taxInput(`date: Bahrain VAT started on 1 Jan 2019; ${date} is before it`, { field: 'date', value: date });
  if (context.currency !== 'BHD') throw taxInput(`currency: vat-bh computes in BHD, not "${context.currency}" (state the exchange rate on the invoice instead)`, { field: 'currency', value: context.currency });
  const requested = context.kind ?? 'tax_invoice';
  if (!vatBh.kinds.includes(requested)) throw taxInput(`kind: vat-bh issues ${vatBh.kinds.join(', ')}, not ${requested}`, { field: 'kind', value: requested });
  const { country, abroad } = destination(context);
  checkCustomerVatNumber(context, abroad, requested);
  const planned = lines.map((line, i) => planLine(line, i, date, abroad));
  const computed = computeLines(context, planned, { componentOrder: ['VAT'], allowNegative: requested === 'credit_note' });
  const kind = documentKind(context, requested, computed.totals.grandTotal);
  const { notes, exported } = documentNotes(planned, country, abroad, date);
  const grand = computed.totals.grandTotal;
  return {
    regime: 'vat-bh',
    currency: 'BHD',
    kind,
    ...computed,
    summaryTables: [vatTable(computed)],
    notes,
    amountInWords: { en: amountInWords(grand, 'BHD', 'en'), ar: amountInWords(grand, 'BHD', 'ar') },
    ...(exported ? { export: exported } : {}),
  };
}

export const vatBh: TaxPlugin = {
  apiVersion: TAX_PLUGIN_API_VERSION,
  id: 'vat-bh',
  name: { en: 'Bahrain VAT', ar: 'ضريبة القيمة المضافة في البحرين', hi: 'बहरीन वैट' },
  countries: ['BH'],
  currencies: ['BHD'],
  settingsSchema: settingsSchema as unknown as Record<string, unknown>,
  defaultSettings: { simplifiedInvoices: true },
  kinds: ['tax_invoice', 'simplified_tax_invoice', 'credit_note'],
  ratesOn: (date: string) => ['0', bahrainStandardRate(date)],
  validateTaxId: validateBahrainVatNumber,
  invoiceNumberRules: {
    maxLength: 30,
    pattern: '^[A-Za-z0-9][A-Za-z0-9/-]{0,29}$',
    description: 'at most 30 characters: letters, digits, "-" and "/", starting with a letter or digit; sequential (ER art. 52)',
    caseInsensitiveUnique: true,
  },
  compute,
  amountInWords(amount: string, currency: string, language: LanguageCode): string {
    return amountInWords(amount, currency, language === 'ar' ? 'ar' : 'en');
  },
};

export default vatBh;
