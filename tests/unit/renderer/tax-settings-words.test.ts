// The business forms say every setting of the built-in tax plugins in the UI language: each
// setting's label and each choice of a select in words ("Up to ₹5 crore…", not the stored value
// "up-to-5-crore"), in English, Arabic and Hindi. The invoice editor's totals name the tax
// component and say the amount in words in the UI language when the regime writes it there.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { taxSettingsUiSchema } from '../../../src-renderer/features/businesses/BusinessesScreen.js';
import { componentName, wordsFor } from '../../../src-renderer/i18n/tax-words.js';
import { gstIn } from '../../../src-main/tax/gst-in/index.js';
import { vatBh } from '../../../src-main/tax/vat-bh/index.js';
import en from '../../../locales/en/translation.json' with { type: 'json' };
import ar from '../../../locales/ar/translation.json' with { type: 'json' };
import hi from '../../../locales/hi/translation.json' with { type: 'json' };

const i18n = i18next.createInstance();
await i18n.init({ resources: { en: { translation: en }, ar: { translation: ar }, hi: { translation: hi } }, lng: 'en', fallbackLng: false, interpolation: { escapeValue: false } });

describe('the tax settings of the built-in plugins', () => {
  for (const lang of ['en', 'ar', 'hi'] as const) {
    for (const plugin of [gstIn, vatBh]) {
      it(`are labelled, choices in words (${plugin.id}, ${lang})`, async () => {
        await i18n.changeLanguage(lang);
        const t = i18n.getFixedT(lang);
        const missing: string[] = [];
        const ui = taxSettingsUiSchema((key) => {
          const text = t(key);
          if (text === key) missing.push(key);
          return text;
        }, plugin.settingsSchema, 'x') as Record<string, Record<string, unknown>>;
        expect(missing).toEqual([]);
        const properties = plugin.settingsSchema.properties as Record<string, { enum?: string[] }>;
        for (const [key, property] of Object.entries(properties)) {
          expect(ui[key]?.['ui:title'], key).toEqual(expect.any(String));
          if (property.enum) {
            const names = ui[key]?.['ui:enumNames'] as string[] | undefined;
            expect(names, key).toHaveLength(property.enum.length);
            for (const [i, value] of property.enum.entries()) expect(names![i]).not.toBe(value);
          }
        }
        if (lang === 'ar') expect(Object.values(ui).map((v) => (typeof v === 'object' ? v['ui:title'] : '')).join(' ')).toMatch(/[\u0600-\u06ff]/);
        if (lang === 'hi') expect(Object.values(ui).map((v) => (typeof v === 'object' ? v['ui:title'] : '')).join(' ')).toMatch(/[\u0900-\u097f]/);
      });
    }
  }
});

describe('the totals of the invoice editor', () => {
  it('name VAT in Arabic and keep the GST acronyms', () => {
    const t = i18n.getFixedT('ar');
    expect(componentName(t, 'VAT')).toBe('ضريبة القيمة المضافة');
    expect(componentName(t, 'IGST')).toBe('IGST');
    expect(componentName(i18n.getFixedT('en'), 'VAT')).toBe('VAT');
  });

  it('say the amount in words in the UI language when the regime wrote it, else in English (marked so)', () => {
    const bhd = { en: 'Four Hundred Twenty Five Bahraini Dinars Only', ar: 'فقط أربعمائة وخمسة وعشرون ديناراً لا غير' };
    const inr = { en: 'Rupees Ten Only', hi: 'दस रुपये मात्र' };
    expect(wordsFor(bhd, 'ar')).toEqual({ text: bhd.ar, lang: 'ar' });
    expect(wordsFor(inr, 'hi')).toEqual({ text: inr.hi, lang: 'hi' });
    expect(wordsFor(inr, 'ar')).toEqual({ text: inr.en, lang: 'en' });
    expect(wordsFor(bhd, 'hi')).toEqual({ text: bhd.en, lang: 'en' });
    expect(wordsFor(bhd, 'en')).toEqual({ text: bhd.en, lang: 'en' });
  });
});
