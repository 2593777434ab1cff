// The importer's row errors reach the wizard as codes with parameters beside the English message
// (the CLI's, unchanged) and are said in the UI's language: every code has its sentence in en, ar
// and hi with exactly the code's parameters (every plural form too), and the row and the field are
// named in the language.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { Value } from '@sinclair/typebox/value';
import { COUNTED_PARAM, ROW_PROBLEM_KEYS, rowErrorText } from '../../../src-renderer/features/import/row-error-text.js';
import { makeFormatters } from '../../../src-renderer/i18n/format.js';
import type { Language } from '../../../src-renderer/i18n/index.js';
import { ImportRowErrorSchema, type ImportRowError } from '../../../src-shared/schemas/import.js';
import { PROBLEM_CODES, PROBLEM_PARAMS, problem, problemText, type FieldProblem } from '../../../src-shared/validation/problems.js';
import en from '../../../locales/en/translation.json' with { type: 'json' };
import ar from '../../../locales/ar/translation.json' with { type: 'json' };
import hi from '../../../locales/hi/translation.json' with { type: 'json' };

type Tree = Record<string, unknown>;
const LANGS = { en, ar, hi } as const;

const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!))].sort();

/**
 * What is missing or wrong in the row-error sentences of one language: a code without its message
 * (or without a plural form the language needs), or a message whose placeholders are not exactly
 * the code's parameters.
 */
function translationGaps(lang: string, locale: Tree): string[] {
  const table = ((locale.import as Tree | undefined)?.rowProblem ?? {}) as Record<string, string>;
  const gaps: string[] = [];
  for (const code of PROBLEM_CODES) {
    const expected = Object.keys(PROBLEM_PARAMS[code]).sort();
    const keys = COUNTED_PARAM[code] ? new Intl.PluralRules(lang).resolvedOptions().pluralCategories.map((form) => `${code}_${form}`) : [code];
    for (const key of keys) {
      const text = table[key];
      if (typeof text !== 'string' || text.trim() === '') gaps.push(`${lang}:${key} missing`);
      else if (placeholders(text).join() !== expected.join()) gaps.push(`${lang}:${key} has {${placeholders(text).join(',')}}, the code has {${expected.join(',')}}`);
    }
  }
  return gaps;
}

const clone = (tree: Tree): Tree => JSON.parse(JSON.stringify(tree)) as Tree;
const rowProblems = (tree: Tree): Record<string, string> => (tree.import as Tree).rowProblem as Record<string, string>;

const i18n = i18next.createInstance();
await i18n.init({ resources: { en: { translation: en }, ar: { translation: ar }, hi: { translation: hi } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
const say = (lang: Language, error: ImportRowError): string => rowErrorText(i18n.getFixedT(lang), makeFormatters(lang), error);
// Bidi isolates around the user's values are for display; the assertions read the words.
const plain = (text: string): string => text.replace(/[\u2066-\u2069]/g, '');

/** A row error as the importer builds it. */
function rowError(row: number, field: string, label: string, why: FieldProblem): ImportRowError {
  return { row, column: 'C', field, message: `${label}: ${problemText(why)}`, code: why.code, params: why.params } as ImportRowError;
}

/** One example of every code, with parameters of the right types. */
function example(code: (typeof PROBLEM_CODES)[number]): FieldProblem {
  const params: Record<string, string | number> = {};
  for (const [name, schema] of Object.entries(PROBLEM_PARAMS[code])) params[name] = (schema as { type: string }).type === 'integer' ? 2 : name === 'stated' || name === 'registered' ? '27' : name === 'country' || name === 'taxIdCountry' ? 'BH' : 'X1';
  return { code, params } as FieldProblem;
}

describe('row error codes have their sentence in every language', () => {
  for (const [lang, locale] of Object.entries(LANGS)) {
    it(`${lang}: every code, every plural form, exactly the code's parameters`, () => {
      expect(translationGaps(lang, locale as Tree)).toEqual([]);
    });
  }

  it('fails on a planted missing translation, a missing plural form and a renamed parameter', () => {
    const arabic = clone(ar as Tree);
    delete rowProblems(arabic).notDate;
    delete rowProblems(arabic).textTooLong_few;
    expect(translationGaps('ar', arabic)).toEqual(['ar:textTooLong_few missing', 'ar:notDate missing']);
    const hindi = clone(hi as Tree);
    rowProblems(hindi).duplicateSku = rowProblems(hindi).duplicateSku!.replace('{{firstRow}}', '{{row}}');
    expect(translationGaps('hi', hindi)).toEqual(['hi:duplicateSku has {row,value}, the code has {firstRow,value}']);
  });

  it('the renderer knows a message key for every code', () => {
    expect(Object.keys(ROW_PROBLEM_KEYS).sort()).toEqual([...PROBLEM_CODES].sort());
  });

  for (const lang of ['en', 'ar', 'hi'] as const) {
    it(`says every code in ${lang} with no key, placeholder or "(s)" left over`, () => {
      for (const code of PROBLEM_CODES) {
        const error = rowError(7, 'price', 'Price', example(code));
        expect(Value.Check(ImportRowErrorSchema, error)).toBe(true);
        const text = say(lang, error);
        expect(text).not.toMatch(/import\.rowProblem|\{\{|\(s\)|undefined/);
        if (lang === 'ar') expect(text).toMatch(/^الصف ٧، السعر: /);
        if (lang === 'hi') expect(text).toMatch(/^पंक्ति 7, मूल्य: |^पंक्ति 7, /);
      }
    });
  }
});

describe('row errors in the UI language', () => {
  const empty = rowError(3, 'price', 'Price', problem('empty', {}));
  const comma = rowError(12, 'price', 'Unit Price', problem('decimalComma', { value: '12,5', suggestion: '12.5' }));

  it('English names the row and the field and keeps the CLI\'s words', () => {
    expect(say('en', empty)).toBe('Row 3, Price: is empty');
    expect(plain(say('en', comma))).toBe('Row 12, Price: "12,5" uses a decimal comma; write 12.5');
    expect(comma.message).toBe('Unit Price: "12,5" uses a decimal comma; write 12.5');
  });

  it('Arabic names the row in Arabic digits and the field by its Arabic label, not the English sentence', () => {
    expect(say('ar', empty)).toBe('الصف ٣، السعر: فارغ');
    expect(plain(say('ar', comma))).toBe('الصف ١٢، السعر: «12,5» يستخدم الفاصلة علامةً عشرية؛ اكتب 12.5');
  });

  it('Hindi names the row and field in Hindi', () => {
    expect(say('hi', empty)).toMatch(/^पंक्ति 3, .+: खाली है$/);
    expect(say('hi', empty)).not.toContain('Price');
  });

  it('counts follow each language\'s plural forms', () => {
    const tooLong = (length: number) => rowError(4, 'name', 'Name', problem('textTooLong', { length, limit: 200 }));
    expect(say('en', tooLong(201))).toBe('Row 4, Name: has 201 characters; at most 200 are allowed so that every invoice template prints it in full');
    expect(say('ar', tooLong(300))).toContain('فيه ٣٠٠ حرف،');
    expect(say('ar', tooLong(205))).toContain('فيه ٢٠٥ أحرف،');
    expect(say('ar', tooLong(211))).toContain('فيه ٢١١ حرفًا،');
    const ambiguous = (matches: number) => rowError(5, 'name', 'Name', problem('ambiguousProductName', { matches }));
    expect(say('en', ambiguous(2))).toBe('Row 5, Name: 2 existing products have this name; add a SKU column to say which one');
    expect(say('ar', ambiguous(2))).toContain('منتجان موجودان (٢)');
    expect(say('ar', ambiguous(3))).toContain('٣ منتجات موجودة');
  });

  it('states and countries are named in the language', () => {
    const contradiction = rowError(6, 'state', 'State', problem('stateContradiction', { stated: '29', gstin: '27AAPFU0939F1ZV', registered: '27' }));
    expect(plain(say('hi', contradiction))).toContain('27 (महाराष्ट्र)');
    expect(plain(say('hi', contradiction))).toContain('27AAPFU0939F1ZV');
    const country = rowError(6, 'country', 'Country', problem('countryMismatch', { country: 'IN', taxIdCountry: 'BH' }));
    expect(say('ar', country)).toContain('البحرين');
  });

  it('the contract refuses a row error without its code, with an unknown code, or with the wrong parameters', () => {
    expect(Value.Check(ImportRowErrorSchema, empty)).toBe(true);
    expect(Value.Check(ImportRowErrorSchema, { row: 3, column: 'C', field: 'price', message: 'Price: is empty' })).toBe(false);
    expect(Value.Check(ImportRowErrorSchema, { ...empty, code: 'somethingElse' })).toBe(false);
    expect(Value.Check(ImportRowErrorSchema, { ...comma, params: { value: '12,5' } })).toBe(false);
  });
});
