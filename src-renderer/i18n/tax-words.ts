// What the totals of an invoice say in words, in the UI language: a tax component's name ("VAT"
// is ضريبة القيمة المضافة in Arabic; GST's CGST/SGST/IGST stay acronyms in every language) and the
// amount in words the tax plugin wrote in that language (GST: English and Hindi; Bahrain VAT:
// English and Arabic), else its English.
import type { TFunction } from 'i18next';
import { k } from './keys.js';

const COMPONENT_KEYS: Record<string, string> = { VAT: k('hand.componentVat') };

export function componentName(t: TFunction, name: string): string {
  const key = COMPONENT_KEYS[name];
  return key ? t(key) : name;
}

export function wordsFor(words: { en: string; ar?: string; hi?: string }, lang: string): { text: string; lang: string } {
  const own = lang === 'ar' ? words.ar : lang === 'hi' ? words.hi : undefined;
  return own ? { text: own, lang } : { text: words.en, lang: 'en' };
}
