// Printing amounts per locale with Intl on the decimal string itself (Intl.NumberFormat v3 takes
// strings exactly), after rounding to the currency's scale with a named mode.
import { currencyScale } from './currencies.js';
import { type DecimalInput, type RoundingMode, roundTo } from './decimal.js';

export interface FormatOptions {
  /** Print the currency (symbol or code as the locale prefers). Default false. */
  currency?: boolean;
  /** Use Latin digits even in Arabic (common on Bahraini invoices). Default: the locale's digits. */
  latinDigits?: boolean;
  rounding?: RoundingMode;
}

/**
 * `formatMoney("12345678.9", "INR", "en-IN")` -> "1,23,45,678.90";
 * `formatMoney("1234.5", "BHD", "ar-BH")` -> "١٬٢٣٤٫٥٠٠"; `"en"` -> "1,234.500".
 */
export function formatMoney(amount: DecimalInput, currency: string, locale: string, options: FormatOptions = {}): string {
  const scale = currencyScale(currency);
  const fixed = roundTo(amount, scale, options.rounding ?? 'halfUp').toFixed(scale);
  const nf = new Intl.NumberFormat(options.latinDigits ? `${locale}-u-nu-latn` : locale, {
    minimumFractionDigits: scale,
    maximumFractionDigits: scale,
    ...(options.currency ? { style: 'currency', currency, currencyDisplay: 'symbol' } : {}),
  });
  // Intl.NumberFormat v3 formats decimal strings exactly; the cast covers older lib typings.
  return nf.format(fixed as unknown as number);
}
