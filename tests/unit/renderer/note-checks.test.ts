// The checks the credit-note and debit-note dialogs share (note-checks.ts): one function, two
// kinds. A credit note passes over a typed 0 and refuses more than is left; a debit note calls a
// typed 0 a mistake and has no cap. Messages come from the real locales, in English and Arabic.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { checkNote, CREDIT_NOTE, DEBIT_NOTE, readDecimalInput, type NoteSource } from '../../../src-renderer/features/invoices/note-checks.js';
import { makeFormatters } from '../../../src-renderer/i18n/format.js';
import en from '../../../locales/en/translation.json' with { type: 'json' };
import ar from '../../../locales/ar/translation.json' with { type: 'json' };

const i18n = i18next.createInstance();
await i18n.init({ resources: { en: { translation: en }, ar: { translation: ar } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
const t = i18n.getFixedT('en');
const f = makeFormatters('en');

const capped: NoteSource = {
  currency: 'INR',
  left: '1000',
  lines: [
    { line: 1, description: 'Cotton saree', quantity: '3', leftQuantity: '3', leftTotal: '600' },
    { line: 2, description: 'Silk stole', quantity: '2', leftQuantity: '0', leftTotal: '0' },
  ],
};
const plain: NoteSource = { currency: 'INR', lines: [{ line: 1, description: 'Cotton saree', quantity: '3' }, { line: 2, description: 'Silk stole', quantity: '2' }] };
const form = (over: Partial<{ mode: 'lines' | 'value' | 'rest'; quantities: Record<number, string>; value: string; reason: string }>) => ({ mode: 'lines' as const, quantities: {}, value: '', reason: 'Returned', ...over });

describe('readDecimalInput', () => {
  it('reads Latin, Arabic-Indic and grouped input, and nothing else', () => {
    expect(readDecimalInput('1,234.50')).toBe('1234.50');
    expect(readDecimalInput('٢٫٥')).toBe('2.5');
    expect(readDecimalInput('')).toBeUndefined();
    expect(readDecimalInput('-2')).toBeUndefined();
    expect(readDecimalInput('2e3')).toBeUndefined();
  });
});

describe('credit-note checks', () => {
  it('needs a reason and at least one line', () => {
    expect(checkNote(t, f, CREDIT_NOTE, capped, form({ reason: ' ' }))).toEqual({ errors: { reason: 'Say why the credit note is issued.', lines: 'Type the quantity to credit on at least one line.' } });
  });
  it('passes over a typed 0, refuses more than is left on a line, and sends the rest', () => {
    expect(checkNote(t, f, CREDIT_NOTE, capped, form({ quantities: { 1: '0' } })).errors).toEqual({ lines: 'Type the quantity to credit on at least one line.' });
    expect(checkNote(t, f, CREDIT_NOTE, capped, form({ quantities: { 1: '5' } })).errors).toEqual({ 'line-1': 'Only 3 left to credit on this line.' });
    expect(checkNote(t, f, CREDIT_NOTE, capped, form({ quantities: { 1: 'two' } })).errors).toEqual({ 'line-1': 'Type a quantity, for example 2 or 1.5.' });
    expect(checkNote(t, f, CREDIT_NOTE, capped, form({ quantities: { 1: ' 2 ', 2: '' } }))).toEqual({ errors: {}, request: { lines: [{ line: 1, quantity: '2' }] } });
  });
  it('checks a value: readable, the currency’s decimals, above zero, within what is left', () => {
    const value = (v: string) => checkNote(t, f, CREDIT_NOTE, capped, form({ mode: 'value', value: v }));
    expect(value('x').errors.value).toBe('Type an amount more than zero, for example 500.');
    expect(value('1.234').errors.value).toBe('At most 2 decimals in this currency.');
    expect(value('0').errors.value).toBe('Type an amount more than zero, for example 500.');
    expect(value('1000.01').errors.value).toMatch(/^Only .*1,000\.00.* is left to credit\.$/);
    expect(value('100')).toEqual({ errors: {}, request: { value: '100' } });
  });
  it('credits all that is left with only a reason', () => {
    expect(checkNote(t, f, CREDIT_NOTE, capped, form({ mode: 'rest' }))).toEqual({ errors: {}, request: {} });
    expect(checkNote(t, f, CREDIT_NOTE, capped, form({ mode: 'rest', reason: '' })).request).toBeUndefined();
  });
});

describe('debit-note checks', () => {
  it('calls a typed 0 a mistake and has no cap on quantities or values', () => {
    expect(checkNote(t, f, DEBIT_NOTE, plain, form({ quantities: { 1: '0' } })).errors).toEqual({ 'line-1': 'Type a quantity more than zero, for example 2 or 1.5.' });
    expect(checkNote(t, f, DEBIT_NOTE, plain, form({ quantities: { 1: '50' } }))).toEqual({ errors: {}, request: { lines: [{ line: 1, quantity: '50' }] } });
    expect(checkNote(t, f, DEBIT_NOTE, plain, form({ mode: 'value', value: '99999' }))).toEqual({ errors: {}, request: { value: '99999' } });
  });
  it('says its own messages, in Arabic too', () => {
    expect(checkNote(t, f, DEBIT_NOTE, plain, form({ reason: '' })).errors).toEqual({ reason: 'Say why the debit note is issued.', lines: 'Type the extra quantity on at least one line.' });
    const tAr = i18n.getFixedT('ar');
    expect(checkNote(tAr, makeFormatters('ar'), DEBIT_NOTE, plain, form({ reason: '' })).errors.reason).toBe('اذكر سبب إصدار الإشعار المدين.');
    expect(checkNote(tAr, makeFormatters('ar'), DEBIT_NOTE, plain, form({ mode: 'value', value: '1.234' })).errors.value).toContain('٢');
  });
});
