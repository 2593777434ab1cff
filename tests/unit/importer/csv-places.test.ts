import { describe, expect, test } from 'vitest';
import { detectDelimiter, parseCsv } from '../../../src-main/importer/csv.js';
import { countryCode } from '../../../src-main/importer/places.js';
import { customerTaxId } from '../../../src-main/importer/validate.js';
import { checkGstState } from '../../../src-shared/validation/fields.js';

describe('CSV as people export it', () => {
  test('quoted fields keep commas, quotes and line breaks', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\r\n')).toEqual([['a', 'b'], ['x, y', 'say "hi"\nthere']]);
  });
  test('semicolon and tab separated files are detected', () => {
    expect(detectDelimiter('Name;Price\nPen;1,50\nInk;2,00')).toBe(';');
    expect(detectDelimiter('Name\tPrice\nPen\t1')).toBe('\t');
    expect(detectDelimiter('Name,Price\n"Pen; blue",1')).toBe(',');
  });
  test('values stay text: leading zeros and grouping survive', () => {
    expect(parseCsv('HSN,Price\n0401,"1,23,456.50"')).toEqual([['HSN', 'Price'], ['0401', '1,23,456.50']]);
  });
});

describe('places and tax ids', () => {
  test('Indian states by name, abbreviation or GST code', () => {
    expect(checkGstState('Maharashtra')).toEqual({ ok: true, value: '27' });
    expect(checkGstState('tamil nadu')).toEqual({ ok: true, value: '33' });
    expect(checkGstState('24')).toEqual({ ok: true, value: '24' });
    expect(checkGstState('7')).toEqual({ ok: true, value: '07' });
    expect(checkGstState('Atlantis').ok).toBe(false);
  });
  test('countries in English, Arabic and Hindi', () => {
    expect(countryCode('Bahrain')).toBe('BH');
    expect(countryCode('البحرين')).toBe('BH');
    expect(countryCode('भारत')).toBe('IN');
    expect(countryCode('fr')).toBe('FR');
    expect(countryCode('Narnia')).toBeNull();
  });
  test('a GSTIN is checked down to its check character', () => {
    expect(customerTaxId('27AAPFU0939F1ZV', 'IN')).toMatchObject({ ok: true, country: 'IN', stateCode: '27' });
    expect(customerTaxId('27AAPFU0939F1ZW', 'IN')).toMatchObject({ ok: false, message: expect.stringMatching(/check digit is "W" but should be "V"/) });
    expect(customerTaxId('27AAPFU0939F1Z', 'IN')).toMatchObject({ ok: false, message: expect.stringMatching(/has 14 characters/) });
    expect(customerTaxId('200000000000003', 'IN')).toMatchObject({ ok: true, country: 'BH' });
    expect(customerTaxId('Gupta Stores', null).ok).toBe(false);
  });
});
