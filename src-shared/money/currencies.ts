// Currencies and their scales: the ISO 4217 minor units (digits after the decimal point).
// Money is stored as INTEGER minor units plus the currency code (docs/ARCHITECTURE.md rule 1), so the
// scale here decides how every amount is rounded, stored and printed.
import { AppError } from '../errors.js';

/** ISO 4217 minor units for the currencies LedgerFlow knows (ISO 4217 list one, 2024). */
export const CURRENCY_SCALES: Readonly<Record<string, number>> = Object.freeze({
  AED: 2, AFN: 2, ALL: 2, AMD: 2, ARS: 2, AUD: 2, BDT: 2, BGN: 2, BHD: 3, BRL: 2, BTN: 2,
  CAD: 2, CHF: 2, CLF: 4, CLP: 0, CNY: 2, COP: 2, CZK: 2, DJF: 0, DKK: 2, DZD: 2, EGP: 2,
  EUR: 2, GBP: 2, GNF: 0, HKD: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, IQD: 3, IRR: 2, ISK: 0,
  JOD: 3, JPY: 0, KES: 2, KMF: 0, KRW: 0, KWD: 3, LBP: 2, LKR: 2, LYD: 3, MAD: 2, MUR: 2,
  MVR: 2, MXN: 2, MYR: 2, NGN: 2, NOK: 2, NPR: 2, NZD: 2, OMR: 3, PHP: 2, PKR: 2, PLN: 2,
  PYG: 0, QAR: 2, RON: 2, RUB: 2, RWF: 0, SAR: 2, SEK: 2, SGD: 2, THB: 2, TND: 3, TRY: 2,
  TWD: 2, UGX: 0, USD: 2, UYI: 0, UYW: 4, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0, ZAR: 2,
});

export function isKnownCurrency(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(CURRENCY_SCALES, code);
}

/** The number of decimals of `currency`; throws BAD_INPUT for a code we do not know. */
export function currencyScale(currency: string): number {
  const scale = isKnownCurrency(currency) ? CURRENCY_SCALES[currency] : undefined;
  if (scale === undefined) {
    throw new AppError('BAD_INPUT', `unknown currency "${currency}": expected an ISO 4217 code such as INR, BHD, AED or USD`, { details: { currency } });
  }
  return scale;
}
