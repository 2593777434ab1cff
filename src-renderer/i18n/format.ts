// Numbers, money and dates printed in the UI language's conventions. Money goes through the shared
// formatter (decimal strings, never floats); minor units come as BigInt or integer text.
import { useTranslation } from 'react-i18next';
import { formatMoney, fromMinorUnits } from '../../src-shared/money/index.js';
import { INTL_LOCALE, isLanguage, type Language } from './index.js';

export interface Formatters {
  lang: Language;
  locale: string;
  number(value: number, fractionDigits?: number): string;
  /** A decimal string amount ("1234.50") in its currency, as one bidi-isolated unit (see isolateAmount). */
  money(amount: string, currency: string): string;
  /** An integer amount in minor units (paise, fils) in its currency: a BigInt or its digits ("123450"), never a JS number. */
  minor(amount: bigint | string, currency: string): string;
  date(iso: string | null | undefined): string;
  dateTime(iso: string | null | undefined): string;
  percent(ratio: number): string;
  /** A decimal string (quantity, rate) with its own decimals, in the locale's digits. */
  decimal(value: string): string;
  /** A tax rate given in percent ("18", "0.25") as the locale writes a percentage. */
  rate(value: string): string;
}

// Unicode bidi isolates (LRI/RLI ... PDI) around every printed amount. Inside, the locale places
// the sign: Arabic (ar-BH) puts an Arabic letter mark before the minus, so it is read first, at
// the right of the digits ("₹ ٠٫٢٦-"), English and Hindi put it at the left ("-₹0.26"). The isolate
// keeps that whole, whatever stands around the amount: an LTR cell, a label, a sentence, a name in
// the other script; without it the minus of an Arabic amount in left-to-right surroundings lands
// between the digits and the currency ("٠٫٢٦- ₹").
const LRI = '\u2066';
const RLI = '\u2067';
const PDI = '\u2069';

/** An amount as one bidi unit in the direction of the UI language that formatted it. */
export function isolateAmount(text: string, lang: Language): string {
  return `${lang === 'ar' ? RLI : LRI}${text}${PDI}`;
}

export function makeFormatters(lang: Language): Formatters {
  const locale = INTL_LOCALE[lang];
  const amount = (text: string) => isolateAmount(text, lang);
  const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const dateTimeFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const percentFmt = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const safeDate = (iso: string | null | undefined, fmt: Intl.DateTimeFormat): string => {
    if (!iso) return '—';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : fmt.format(d);
  };
  return {
    lang,
    locale,
    number: (value, fractionDigits = 0) =>
      new Intl.NumberFormat(locale, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(value),
    money: (value, currency) => {
      try {
        return amount(formatMoney(value, currency, locale, { currency: true }));
      } catch {
        return amount(`${value} ${currency}`);
      }
    },
    minor: (value, currency) => {
      try {
        return amount(formatMoney(fromMinorUnits(typeof value === 'bigint' ? value : BigInt(value), currency), currency, locale, { currency: true }));
      } catch {
        return amount(`${String(value)} ${currency}`);
      }
    },
    date: (iso) => safeDate(iso, dateFmt),
    dateTime: (iso) => safeDate(iso, dateTimeFmt),
    percent: (ratio) => percentFmt.format(ratio),
    rate: (value) => {
      if (!/^-?\d+(\.\d+)?$/.test(value)) return value;
      const decimals = value.includes('.') ? (value.split('.')[1] ?? '').replace(/0+$/, '').length : 0;
      // Display only; the stored rate stays a decimal string.
      return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(Number(value) / 100);
    },
    decimal: (value) => {
      if (!/^-?\d+(\.\d+)?$/.test(value)) return value;
      const decimals = value.includes('.') ? (value.split('.')[1] ?? '').replace(/0+$/, '').length : 0;
      // Display only (quantities and rates, not money); Intl takes the decimal string exactly.
      return new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value as unknown as number);
    },
  };
}

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const lang = isLanguage(i18n.language) ? i18n.language : 'en';
  return makeFormatters(lang);
}
