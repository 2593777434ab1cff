// Amounts in words. English via the `to-words` package (Indian system for INR: lakh, crore;
// international otherwise); Arabic for BHD implemented here, because to-words' ar-* locales get
// the counted noun wrong after 11+, 200 and 2000 ("مائتان درهم" for "مائتا درهم").
import { ToWords } from 'to-words';
import { AppError } from '../errors.js';
import { currencyScale } from './currencies.js';
import { Dec, type DecimalInput, roundTo } from './decimal.js';

export type WordsLanguage = 'en' | 'ar' | 'hi';

// Created on first use, so importing the money module costs nothing (the renderer bundles it).
const converters = new Map<string, ToWords>();
function converter(localeCode: 'en-IN' | 'en-US' | 'hi-IN'): ToWords {
  let tw = converters.get(localeCode);
  if (!tw) converters.set(localeCode, (tw = new ToWords({ localeCode })));
  return tw;
}

const CRORE = 10_000_000n;
const TRILLION = 1_000_000_000_000n;

/** Indian system: to-words up to 99 crore; above, "<n> Crore <rest>" (to-words 5.x would say "Arab"). */
function indianWords(n: bigint, tw: ToWords = converter('en-IN'), croreWord = 'Crore'): string {
  if (n < 1_000_000_000n) return tw.convert(n);
  const rest = n % CRORE;
  return `${indianWords(n / CRORE, tw, croreWord)} ${croreWord}${rest > 0n ? ' ' + tw.convert(rest) : ''}`;
}

function westernWords(n: bigint): string {
  if (n < TRILLION) return converter('en-US').convert(n);
  const rest = n % TRILLION;
  return `${westernWords(n / TRILLION)} Trillion${rest > 0n ? ' ' + converter('en-US').convert(rest) : ''}`;
}

interface CurrencyNames { one: string; many: string; minorOne: string; minorMany: string }
const EN_NAMES: Record<string, CurrencyNames> = {
  INR: { one: 'Rupee', many: 'Rupees', minorOne: 'Paisa', minorMany: 'Paise' },
  BHD: { one: 'Bahraini Dinar', many: 'Bahraini Dinars', minorOne: 'Fils', minorMany: 'Fils' },
  AED: { one: 'UAE Dirham', many: 'UAE Dirhams', minorOne: 'Fils', minorMany: 'Fils' },
  SAR: { one: 'Saudi Riyal', many: 'Saudi Riyals', minorOne: 'Halala', minorMany: 'Halalas' },
  OMR: { one: 'Omani Rial', many: 'Omani Rials', minorOne: 'Baisa', minorMany: 'Baisa' },
  KWD: { one: 'Kuwaiti Dinar', many: 'Kuwaiti Dinars', minorOne: 'Fils', minorMany: 'Fils' },
  QAR: { one: 'Qatari Riyal', many: 'Qatari Riyals', minorOne: 'Dirham', minorMany: 'Dirhams' },
  USD: { one: 'US Dollar', many: 'US Dollars', minorOne: 'Cent', minorMany: 'Cents' },
  EUR: { one: 'Euro', many: 'Euros', minorOne: 'Cent', minorMany: 'Cents' },
  GBP: { one: 'Pound Sterling', many: 'Pounds Sterling', minorOne: 'Penny', minorMany: 'Pence' },
};

const PLAIN_AMOUNT = /^(-?)(\d+)(?:\.(\d+))?$/;

function split(amount: DecimalInput, currency: string): { negative: boolean; major: bigint; minor: bigint; scale: number } {
  const scale = currencyScale(currency);
  const plain = typeof amount === 'string' ? PLAIN_AMOUNT.exec(amount) : null;
  if (plain && (plain[3] ?? '').length <= scale) {
    // Already at the currency's scale or coarser (every amount a tax result prints): no rounding, BigInt only.
    const minorTotal = BigInt(plain[2]! + (plain[3] ?? '').padEnd(scale, '0'));
    const base = 10n ** BigInt(scale);
    return { negative: plain[1] === '-' && minorTotal !== 0n, major: minorTotal / base, minor: minorTotal % base, scale };
  }
  let value: Dec;
  try {
    value = roundTo(amount, scale, 'halfUp');
  } catch {
    throw new AppError('BAD_INPUT', `"${String(amount)}" is not a decimal number`, { details: { amount: String(amount) } });
  }
  const minorTotal = BigInt(value.abs().times(new Dec(10).pow(scale)).toFixed(0));
  const base = 10n ** BigInt(scale);
  return { negative: value.isNegative() && !value.isZero(), major: minorTotal / base, minor: minorTotal % base, scale };
}

/** "Rupees One Lakh Twenty Three Thousand Four Hundred Fifty Six and Fifty Paise Only". */
function inrEnglish(major: bigint, minor: bigint): string {
  const rupees = `Rupees ${indianWords(major)}`;
  if (minor === 0n) return `${rupees} Only`;
  const paise = `${indianWords(minor)} ${minor === 1n ? 'Paisa' : 'Paise'}`;
  return major === 0n ? `${paise} Only` : `${rupees} and ${paise} Only`;
}

function inrHindi(major: bigint, minor: bigint): string {
  const rupees = `${indianWords(major, converter('hi-IN'), 'करोड़')} रुपये`;
  if (minor === 0n) return `${rupees} मात्र`;
  return `${rupees} और ${indianWords(minor, converter('hi-IN'), 'करोड़')} पैसे मात्र`;
}

function genericEnglish(currency: string, major: bigint, minor: bigint, scale: number): string {
  const names = EN_NAMES[currency] ?? { one: currency, many: currency, minorOne: '', minorMany: '' };
  const words = (n: bigint): string => (currency === 'INR' ? indianWords(n) : westernWords(n));
  const main = `${words(major)} ${major === 1n ? names.one : names.many}`;
  if (minor === 0n || scale === 0) return `${main} Only`;
  const minorText = names.minorOne ? `${words(minor)} ${minor === 1n ? names.minorOne : names.minorMany}` : `${minor.toString().padStart(scale, '0')}/${10n ** BigInt(scale)}`;
  return major === 0n && names.minorOne ? `${minorText} Only` : `${main} and ${minorText} Only`;
}

// ---- Arabic ----------------------------------------------------------------------------------
// Rules for a masculine counted noun (دينار, فلس): 1 = noun + واحد; 2 = dual; 3-10 = number
// (feminine form, gender polarity) + plural; 11-99 = number + singular accusative (ديناراً);
// 100, 1000 and round hundreds = number + singular genitive; 200/2000 drop their nūn before the
// noun (مائتا، ألفا).

const AR_UNITS = ['', 'واحد', 'اثنان', 'ثلاثة', 'أربعة', 'خمسة', 'ستة', 'سبعة', 'ثمانية', 'تسعة', 'عشرة'];
const AR_TEENS = ['', 'أحد عشر', 'اثنا عشر', 'ثلاثة عشر', 'أربعة عشر', 'خمسة عشر', 'ستة عشر', 'سبعة عشر', 'ثمانية عشر', 'تسعة عشر'];
const AR_TENS = ['', 'عشرة', 'عشرون', 'ثلاثون', 'أربعون', 'خمسون', 'ستون', 'سبعون', 'ثمانون', 'تسعون'];
const AR_HUNDREDS = ['', 'مائة', 'مائتان', 'ثلاثمائة', 'أربعمائة', 'خمسمائة', 'ستمائة', 'سبعمائة', 'ثمانمائة', 'تسعمائة'];

/** 1..999; `construct` when the number is followed directly by a noun (مائتان -> مائتا). Digits index the word tables. */
function arBelow1000(n: bigint, construct: boolean): string {
  const digits = n.toString().padStart(3, '0');
  const h = digits.charCodeAt(0) - 48;
  const t = digits.charCodeAt(1) - 48;
  const u = digits.charCodeAt(2) - 48;
  const r = t * 10 + u; // the last two digits, 0..99 (a word-table index)
  const parts: string[] = [];
  if (h > 0) parts.push(h === 2 && r === 0 && construct ? 'مائتا' : AR_HUNDREDS[h]!);
  if (r > 0) {
    if (r <= 10) parts.push(AR_UNITS[r]!);
    else if (r < 20) parts.push(AR_TEENS[r - 10]!);
    else parts.push(u === 0 ? AR_TENS[t]! : `${AR_UNITS[u]} و${AR_TENS[t]}`);
  }
  return parts.join(' و');
}

const AR_SCALES: Array<{ value: bigint; one: string; dual: string; dualConstruct: string; plural: string; accusative: string }> = [
  { value: 1_000_000_000n, one: 'مليار', dual: 'ملياران', dualConstruct: 'مليارا', plural: 'مليارات', accusative: 'ملياراً' },
  { value: 1_000_000n, one: 'مليون', dual: 'مليونان', dualConstruct: 'مليونا', plural: 'ملايين', accusative: 'مليوناً' },
  { value: 1_000n, one: 'ألف', dual: 'ألفان', dualConstruct: 'ألفا', plural: 'آلاف', accusative: 'ألفاً' },
];

/** Arabic words for n >= 1; `construct` when a counted noun follows the number directly. */
export function arabicNumber(n: bigint, construct = false): string {
  if (n === 0n) return 'صفر';
  for (const scale of AR_SCALES) {
    if (n >= scale.value) {
      const count = n / scale.value;
      const rest = n % scale.value;
      const last = rest === 0n && construct; // the scale word is followed by the counted noun
      const c = count % 100n;
      let head: string;
      if (count === 1n) head = scale.one;
      else if (count === 2n) head = last ? scale.dualConstruct : scale.dual;
      else if (count >= 1000n) head = `${arabicNumber(count, true)} ${scale.one}`;
      else if (c >= 3n && c <= 10n) head = `${arabicNumber(count)} ${scale.plural}`;
      else if (c >= 11n) head = `${arabicNumber(count)} ${last ? scale.one : scale.accusative}`;
      else head = `${arabicNumber(count, true)} ${scale.one}`;
      return rest === 0n ? head : `${head} و${arabicNumber(rest, construct)}`;
    }
  }
  return arBelow1000(n, construct);
}

interface ArNoun { singular: string; dual: string; plural: string; accusative: string }
const AR_DINAR: ArNoun = { singular: 'دينار', dual: 'ديناران', plural: 'دنانير', accusative: 'ديناراً' };
const AR_FILS: ArNoun = { singular: 'فلس', dual: 'فلسان', plural: 'فلوس', accusative: 'فلساً' };

/** A count with its noun in the right number and case: "دينار واحد", "ديناران", "ثلاثة دنانير"... */
export function arabicCount(n: bigint, noun: ArNoun): string {
  if (n === 1n) return `${noun.singular} واحد`;
  if (n === 2n) return noun.dual;
  const r = n % 100n;
  if (r >= 3n && r <= 10n) return `${arabicNumber(n)} ${noun.plural}`;
  if (r >= 11n) return `${arabicNumber(n)} ${noun.accusative}`;
  return `${arabicNumber(n, true)} ${noun.singular}`;
}

export const ARABIC_NOUNS = { dinar: AR_DINAR, fils: AR_FILS } as const;

function bhdArabic(major: bigint, minor: bigint): string {
  const parts: string[] = [];
  if (major > 0n || minor === 0n) parts.push(major === 0n ? `صفر ${AR_DINAR.singular}` : arabicCount(major, AR_DINAR));
  if (minor > 0n) parts.push(arabicCount(minor, AR_FILS));
  return `فقط ${parts.join(' و')} لا غير`;
}

/**
 * The amount in words for invoices. INR: Indian system ("Rupees ... and ... Paise Only");
 * BHD: dinars and fils in English or Arabic; other currencies: English, international system.
 * Negative amounts (credit notes) are prefixed "Minus" / "سالب".
 */
export function amountInWords(amount: DecimalInput, currency: string, language: WordsLanguage = 'en'): string {
  const { negative, major, minor, scale } = split(amount, currency);
  let text: string;
  if (language === 'ar' && currency === 'BHD') text = bhdArabic(major, minor);
  else if (language === 'hi' && currency === 'INR') text = inrHindi(major, minor);
  else if (currency === 'INR') text = inrEnglish(major, minor);
  else text = genericEnglish(currency, major, minor, scale);
  if (!negative) return text;
  return language === 'ar' && currency === 'BHD' ? `سالب ${text}` : `Minus ${text}`;
}
