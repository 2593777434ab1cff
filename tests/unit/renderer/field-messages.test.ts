// The backend's English sentences about a field are said again in the UI language. Messages are
// taken from the shared field rules themselves where they are pure functions, so a reworded rule
// that the renderer no longer recognises fails here instead of showing English in Arabic.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { checkGstId, checkHsn } from '../../../src-shared/validation/fields.js';
import { fieldMessage, isKnownFieldMessage } from '../../../src-renderer/i18n/field-messages.js';
import { patternsOverlap, seriesFormatProblem, seriesOverlapMessage } from '../../../src-main/numbering/series.js';
import { gstIn } from '../../../src-main/tax/gst-in/index.js';
import en from '../../../locales/en/translation.json' with { type: 'json' };
import ar from '../../../locales/ar/translation.json' with { type: 'json' };
import hi from '../../../locales/hi/translation.json' with { type: 'json' };

const i18n = i18next.createInstance();
await i18n.init({ resources: { en: { translation: en }, ar: { translation: ar }, hi: { translation: hi } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });

const reason = (value: string) => checkGstId(value).reason;
const hsn = checkHsn('5');

// Sentences the hand-entry, importer and schema checks send (seen from the live backend).
const BACKEND = [
  reason('29AAACR5055K1Z4'),
  reason('29AAACR5055K1'),
  reason('55AAACR5055K1Z3'),
  `"29AAACR5055K1Z4" is not a valid GSTIN or UIN: ${reason('29AAACR5055K1Z4')}`,
  hsn.ok ? 'unreachable' : hsn.message,
  '"address" is required',
  'must NOT have fewer than 1 characters',
  '1.234 has 3 decimals; INR has 2',
  '"x" is not a percentage',
  '7% is not a gst-in rate on 2099-01-01; allowed: 0, 0.25, 1.5, 3, 5, 18, 40',
  '"Atlantis" is not an Indian state or union territory, nor a GST state code (01-38, 97)',
  '2099-01-01 is in the future; an invoice is dated the day it is issued or earlier',
  'name the customer ("customer", or "customerId" of a saved one)',
  'no product with SKU or name "nope" in this business\'s catalogue',
  'a typed line needs a description (or name a "product")',
  '"0" is not a quantity above zero',
  'a typed line needs its price',
  'a typed line needs its tax rate (a percentage, or exempt / zero / nil)',
  '"-1" is not a price (a number, 0 or more)',
  '55 is not a GST state code',
  '20 is more than the line\'s amount',
  'a GST invoice needs the HSN (goods) or SAC (services) code',
  seriesFormatProblem('SHOP_1-{SEQ}', gstIn, 4, '2026-12-03') ?? 'unreachable',
  seriesFormatProblem('VERYLONGPREFIX-{FY}/{SEQ:5}', gstIn, 4, '2026-12-03') ?? 'unreachable',
  seriesOverlapMessage('3-{SEQ}', patternsOverlap('3-{SEQ}', '{SEQ}-7', 4, '2026-12-03')!, { code: 'C7', format: '{SEQ}-7' }),
  'the business already has a series SHOP1',
  '"A B" is not a series code (1 to 20 letters, digits, "-" or "_")',
];

describe('field messages in the UI language', () => {
  it('recognises every sentence the backend sends about a field', () => {
    expect(BACKEND.filter((m) => !isKnownFieldMessage(m))).toEqual([]);
  });

  it('says each in Arabic and Hindi script, never the backend English', () => {
    for (const [lang, script] of [['ar', /[\u0600-\u06ff]/], ['hi', /[\u0900-\u097f]/]] as const) {
      const t = i18n.getFixedT(lang);
      for (const m of BACKEND) {
        const said = fieldMessage(t, m);
        expect(said, m).toMatch(script);
        expect(said, m).not.toContain(m);
      }
    }
  });

  it('keeps the values that say where the mistake is', () => {
    const t = i18n.getFixedT('ar');
    expect(fieldMessage(t, reason('29AAACR5055K1Z4'))).toContain('"3"');
    expect(fieldMessage(t, '7% is not a gst-in rate on 2099-01-01; allowed: 0, 0.25, 1.5, 3, 5, 18, 40')).toContain('0, 0.25, 1.5, 3, 5, 18, 40');
    expect(fieldMessage(i18n.getFixedT('en'), '"5" is not an HSN/SAC code (2 to 8 digits)')).toBe('"5" is not an HSN/SAC code (2 to 8 digits).');
  });

  it('shows an unknown sentence behind a translated lead-in rather than hiding it', () => {
    expect(fieldMessage(i18n.getFixedT('hi'), 'something new went wrong')).toBe('स्वीकार नहीं: something new went wrong');
  });
});
