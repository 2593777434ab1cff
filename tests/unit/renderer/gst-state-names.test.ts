// Every GST state code has its name in each UI language: Hindi in Devanagari, English and Arabic
// as the English name of record.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { GST_STATES } from '../../../src-shared/tax/gst-states.js';
import { GST_STATE_NAME_KEYS, gstStateLabel } from '../../../src-renderer/i18n/gst-state-names.js';
import en from '../../../locales/en/translation.json' with { type: 'json' };
import ar from '../../../locales/ar/translation.json' with { type: 'json' };
import hi from '../../../locales/hi/translation.json' with { type: 'json' };

const i18n = i18next.createInstance();
await i18n.init({ resources: { en: { translation: en }, ar: { translation: ar }, hi: { translation: hi } }, lng: 'en', fallbackLng: 'en' });

describe('GST state names in the UI', () => {
  it('has a key for every state code and no other', () => {
    expect(Object.keys(GST_STATE_NAME_KEYS).sort()).toEqual(GST_STATES.map((s) => s.code).sort());
  });

  it('prints the English name of record in English and Arabic', () => {
    for (const lang of ['en', 'ar']) {
      const t = i18n.getFixedT(lang);
      for (const state of GST_STATES) expect(gstStateLabel(t, state.code)).toBe(state.name);
    }
  });

  it('prints every name in Devanagari in Hindi', () => {
    const t = i18n.getFixedT('hi');
    for (const state of GST_STATES) expect(gstStateLabel(t, state.code)).toMatch(/^[\u0900-\u097f ()]+$/);
    expect(gstStateLabel(t, '27')).toBe('महाराष्ट्र');
    expect(gstStateLabel(t, '7')).toBe('दिल्ली');
  });

  it('has no name for an unknown code', () => {
    expect(gstStateLabel(i18n.getFixedT('hi'), '42')).toBeUndefined();
  });
});
