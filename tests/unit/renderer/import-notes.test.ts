// The importer's notes reach the wizard as codes with parameters and are said in the UI's
// language with that language's plural forms: Arabic's one/two/few/many, Hindi's one/other, and
// English "1 row has" / "2 rows have" — never "(s)", never the English sentence in Arabic.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { importNoteText } from '../../../src-renderer/features/import/note-text.js';
import { makeFormatters } from '../../../src-renderer/i18n/format.js';
import type { Language } from '../../../src-renderer/i18n/index.js';
import { ImportNoteSchema, type ImportNote } from '../../../src-shared/schemas/import.js';
import { Value } from '@sinclair/typebox/value';
import en from '../../../locales/en/translation.json' with { type: 'json' };
import ar from '../../../locales/ar/translation.json' with { type: 'json' };
import hi from '../../../locales/hi/translation.json' with { type: 'json' };

const i18n = i18next.createInstance();
await i18n.init({ resources: { en: { translation: en }, ar: { translation: ar }, hi: { translation: hi } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
const say = (lang: Language, note: ImportNote): string => importNoteText(i18n.getFixedT(lang), makeFormatters(lang), note);
const errors = (count: number): ImportNote => ({ code: 'nothingWrittenErrors', params: { count } });

/** One note of every code, as the importer sends them. */
const EVERY_NOTE: ImportNote[] = [
  { code: 'totalsRow', params: { row: 12 } },
  { code: 'percentReading', params: { field: 'taxRate', column: 'E', reading: 'fraction', mixed: true } },
  { code: 'percentReading', params: { field: 'taxRate', column: 'E', reading: 'percent', mixed: false } },
  { code: 'percentReading', params: { field: 'cessRate', column: 'F', reading: 'written', mixed: false } },
  { code: 'dateOrder', params: { field: 'date', column: 'B', order: 'mdy' } },
  { code: 'hsnPadded', params: { field: 'hsn', column: 'C', count: 7, rows: [3, 4, 5, 8, 9] } },
  { code: 'hiddenColumnRead', params: { field: 'price', column: 'G' } },
  { code: 'hiddenColumnsSkipped', params: { columns: [{ column: 'G', header: 'Old Price' }] } },
  errors(3),
  { code: 'nothingWrittenEmpty', params: {} },
];

describe('import notes in the UI language', () => {
  it('English counts agree with the number', () => {
    expect(say('en', errors(1))).toBe('Nothing was written: 1 row has errors (the import is all or nothing).');
    expect(say('en', errors(2))).toBe('Nothing was written: 2 rows have errors (the import is all or nothing).');
    expect(say('en', { code: 'hsnPadded', params: { field: 'hsn', column: 'C', count: 1, rows: [4] } })).toBe('HSN/SAC (column C): 1 numeric code had lost a leading zero and was read with it (row 4).');
    expect(say('en', { code: 'hiddenColumnsSkipped', params: { columns: [{ column: 'G', header: 'Old Price' }, { column: 'H', header: 'Notes' }] } })).toBe('Hidden columns G "Old Price", H "Notes" were not imported.');
  });

  it('Arabic uses its own plural forms and Arabic digits, not the English sentence', () => {
    expect(say('ar', errors(1))).toBe('لم يُكتب شيء: صف واحد (١) به أخطاء (الاستيراد كله أو لا شيء).');
    expect(say('ar', errors(2))).toBe('لم يُكتب شيء: صفّان (٢) بهما أخطاء (الاستيراد كله أو لا شيء).');
    expect(say('ar', errors(3))).toBe('لم يُكتب شيء: ٣ صفوف بها أخطاء (الاستيراد كله أو لا شيء).');
    expect(say('ar', errors(11))).toBe('لم يُكتب شيء: ١١ صفًا بها أخطاء (الاستيراد كله أو لا شيء).');
    expect(say('ar', errors(100))).toBe('لم يُكتب شيء: ١٠٠ صف بها أخطاء (الاستيراد كله أو لا شيء).');
    expect(say('ar', { code: 'totalsRow', params: { row: 12 } })).toBe('يبدو أن الصف ١٢ صف مجاميع، فتُرك خارج الاستيراد.');
  });

  it('Hindi uses its singular and plural', () => {
    expect(say('hi', errors(1))).toMatch(/^कुछ भी नहीं लिखा गया: 1 पंक्ति में त्रुटियाँ हैं/);
    expect(say('hi', errors(4))).toMatch(/^कुछ भी नहीं लिखा गया: 4 पंक्तियों में त्रुटियाँ हैं/);
  });

  for (const lang of ['en', 'ar', 'hi'] as const) {
    it(`says every note code in ${lang}, with no key, placeholder or "(s)" left over`, () => {
      for (const note of EVERY_NOTE) {
        expect(Value.Check(ImportNoteSchema, note)).toBe(true);
        const text = say(lang, note);
        expect(text).not.toMatch(/import\.notes|\{\{|\(s\)|undefined/);
        if (lang === 'ar') expect(text).toMatch(/[\u0600-\u06ff]/);
        if (lang === 'hi') expect(text).toMatch(/[\u0900-\u097f]/);
      }
    });
  }

  it('field names follow the language (the wizard\'s field labels)', () => {
    const note: ImportNote = { code: 'hiddenColumnRead', params: { field: 'price', column: 'G' } };
    expect(say('ar', note)).toContain(i18n.getFixedT('ar')('import.fields.price'));
    expect(say('ar', note)).not.toContain(i18n.getFixedT('en')('import.fields.price'));
  });

  it('the contract refuses a note without its parameters or with an unknown code', () => {
    expect(Value.Check(ImportNoteSchema, { code: 'nothingWrittenErrors', params: {} })).toBe(false);
    expect(Value.Check(ImportNoteSchema, { code: 'nothingWrittenErrors', params: { count: 0 } })).toBe(false);
    expect(Value.Check(ImportNoteSchema, { code: 'somethingElse', params: {} })).toBe(false);
    expect(Value.Check(ImportNoteSchema, 'Row 12 looks like a totals row and was left out.')).toBe(false);
  });
});
