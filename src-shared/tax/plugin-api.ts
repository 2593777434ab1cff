// The tax plugin interface. A plugin is pure and deterministic: no I/O, no clock, no
// randomness. Every amount that crosses this interface is a decimal string (never a JS number);
// amounts in results are at the currency's scale (INR "123.45", BHD "1.250").

export const TAX_PLUGIN_API_VERSION = 1 as const;

export type LanguageCode = 'en' | 'ar' | 'hi';

/** Text in each UI language. `en` is required; others fall back to `en` when absent. */
export interface LocalizedText {
  en: string;
  ar?: string;
  hi?: string;
}

export type InvoiceKind =
  | 'tax_invoice' // GST r.46 tax invoice; Bahrain full tax invoice
  | 'simplified_tax_invoice' // Bahrain ER art. 53
  | 'bill_of_supply' // GST r.49: exempt supplies, composition dealers
  | 'cash_memo' // seller not registered for tax: no tax lines
  | 'credit_note'
  | 'debit_note'; // GST s.34(3), r.53(1A): an increase on an issued tax invoice

export type SupplyType = 'regular' | 'sez' | 'export';

/** How a line is taxed; `standard` uses the numeric rate. */
export type TaxCategory = 'standard' | 'zero' | 'exempt' | 'nil' | 'non_gst';

export interface TaxIdCheck {
  valid: boolean;
  /** Why the value is not valid (or a note on a valid one), in English. */
  reason?: string;
}

export interface InvoiceNumberRules {
  maxLength: number;
  /** A RegExp source the whole number must match. */
  pattern: string;
  /** Human description of the rule, used in error messages. */
  description: string;
  /** Whether uniqueness ignores case (GST: GSTR-1 and the IRP treat numbers case-insensitively). */
  caseInsensitiveUnique: boolean;
}

export interface TaxContext {
  /** Document date, YYYY-MM-DD. Rates depend on it (time of supply). */
  date: string;
  currency: string;
  kind: InvoiceKind;
  supplier: {
    /** GST state code ("27"), absent outside India. */
    state?: string;
    country: string;
    taxId?: string | null;
    /** The business's settings for this plugin, already validated against `settingsSchema`. */
    settings: Record<string, unknown>;
  };
  customer?: {
    taxId?: string | null;
    state?: string;
    country?: string;
  };
  /** GST place of supply as a state code ("29"; "96" for exports). */
  placeOfSupply?: string;
  supplyType: SupplyType;
  pricesIncludeTax: boolean;
  reverseCharge?: boolean;
}

export interface TaxLineInput {
  description: string;
  /** HSN or SAC code, kept as text (leading zeros matter). */
  hsn?: string;
  unit?: string;
  /** Decimal string; negative only on a credit note. */
  quantity: string;
  /** Decimal string in currency units; may carry more decimals than the currency (e.g. "50.005"). */
  unitPrice: string;
  /** Discount for the whole line in currency units, decimal string; "0" when absent. */
  discount?: string;
  /** Decimal percentage ("18", "0.25") or a category keyword: "zero", "exempt", "nil", "non_gst". */
  rate: string;
  /** GST compensation cess, decimal percentage; "0" when absent. */
  cessRate?: string;
  /** Goods or services. Absent: services when the HSN/SAC code starts with "99" (a SAC), else goods. */
  kind?: 'goods' | 'services';
}

export interface TaxComponentAmount {
  /** Stable component code: CGST, SGST, UTGST, IGST, CESS, VAT... */
  name: string;
  /** Decimal percentage applied for this component ("9" for CGST at 18%). */
  rate: string;
  amount: string;
}

export interface TaxLineResult {
  index: number;
  description: string;
  hsn?: string;
  unit?: string;
  quantity: string;
  /** Unit price exclusive of tax, as printed (may keep extra decimals of the input). */
  unitPrice: string;
  /** quantity x unit price before discount, exclusive of tax, at currency scale. */
  gross: string;
  discount: string;
  /** Taxable value after discount, at currency scale. */
  taxable: string;
  category: TaxCategory;
  /** The rate as given ("18"), or "0" for non-standard categories. */
  rate: string;
  components: TaxComponentAmount[];
  tax: string;
  total: string;
  /** The input's goods/services kind, when it was given. */
  kind?: 'goods' | 'services';
}

export interface TaxComponentSummary {
  name: string;
  rate: string;
  taxable: string;
  amount: string;
}

/** A table the PDF prints as is (GST HSN/SAC summary; VAT per rate). */
export interface SummaryTable {
  id: string;
  title: LocalizedText;
  columns: Array<{ key: string; label: LocalizedText; align?: 'start' | 'end' }>;
  rows: Array<Record<string, string>>;
  totals?: Record<string, string>;
}

export interface TaxTotals {
  /** Value of the taxed lines (standard and zero-rated). */
  taxable: string;
  /**
   * Exempt, nil-rated and non-GST value of a tax invoice that also has taxed lines (an
   * invoice-cum-bill of supply), kept out of `taxable` and printed on its own line. Absent when
   * there is none (and on a bill of supply, whose `taxable` is the value of its lines).
   */
  nonTaxable?: string;
  tax: string;
  /** taxable + nonTaxable + tax */
  total: string;
  /** Amount added to reach the grand total ("-0.40", "0.00"). */
  roundOff: string;
  grandTotal: string;
}

export interface TaxResult {
  regime: string;
  currency: string;
  /** The kind the plugin decided on (e.g. simplified when the customer is unregistered). */
  kind: InvoiceKind;
  lines: TaxLineResult[];
  components: TaxComponentSummary[];
  totals: TaxTotals;
  summaryTables: SummaryTable[];
  /** Statements the invoice must print (zero-rated, reverse charge, composition declaration...). */
  notes: LocalizedText[];
  amountInWords: LocalizedText;
  /**
   * An export (or, for VAT, a zero-rated supply abroad): the statement the invoice prints beside the
   * country of destination (also among `notes`), the LUT / bond reference when there is one, and
   * for VAT how the destination was treated (e.g. a GCC implementing state).
   */
  export?: { statement: LocalizedText; lut?: string; basis?: string };
}

export interface TaxPlugin {
  apiVersion: typeof TAX_PLUGIN_API_VERSION;
  id: string;
  name: Required<LocalizedText>;
  /** ISO 3166 alpha-2 codes the regime applies in. */
  countries: string[];
  /** ISO 4217 codes the regime accepts; the first is the default. */
  currencies: string[];
  /** JSON Schema (draft 7) of this plugin's per-business settings; the UI draws it as a form. */
  settingsSchema: Record<string, unknown>;
  defaultSettings: Record<string, unknown>;
  kinds: InvoiceKind[];
  /** Allowed rates for a document date, as decimal strings (for forms and validation). */
  ratesOn(date: string): string[];
  validateTaxId(value: string): TaxIdCheck;
  invoiceNumberRules: InvoiceNumberRules;
  /** Throws an AppError('TAX_INPUT') naming the line index and field on bad input. */
  compute(context: TaxContext, lines: TaxLineInput[]): TaxResult;
  amountInWords(amount: string, currency: string, language: LanguageCode): string;
}

// ---- Added for external plugins (additive; apiVersion stays 1) --------------------------------

/**
 * What the loader hands an external plugin's factory, so a plugin folder needs no imports of its
 * own: decimal arithmetic configured like the app's, words, and the typed input error.
 */
export interface TaxPluginHost {
  apiVersion: typeof TAX_PLUGIN_API_VERSION;
  /** The decimal.js constructor the app computes with (precision 60, ROUND_HALF_UP default). */
  Decimal: unknown;
  /** Number of decimals of an ISO 4217 currency (INR 2, BHD 3, AED 2); throws for unknown codes. */
  currencyScale(currency: string): number;
  /** Amount in words (English for any currency; Arabic for BHD; Hindi for INR). */
  amountInWords(amount: string, currency: string, language: LanguageCode): string;
  /** An error the app reports as bad tax input (exit 2 on the CLI); name the line and field. */
  taxInputError(message: string, details?: Record<string, unknown>): Error;
}

/** An external plugin module's default export: the plugin itself, or a factory taking the host. */
export type TaxPluginFactory = (host: TaxPluginHost) => TaxPlugin;

/** `manifest.json` in `<data-dir>/plugins/<id>/`. */
export interface TaxPluginManifest {
  /** Must equal the folder name and the plugin's `id`. */
  id: string;
  apiVersion: typeof TAX_PLUGIN_API_VERSION;
  /** The ES module, relative to the folder (e.g. "index.js"). */
  main: string;
  version?: string;
  description?: string;
}
