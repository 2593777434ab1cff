import { describe, expect, test } from 'vitest';
import { detectDelimiter, parseCsv } from '../../../src-main/importer/csv.js';
import { countryCode, gstinProblem, indianStateCode, looksLikeTaxId } from '../../../src-main/importer/places.js';

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
    expect(indianStateCode('Maharashtra')).toBe('27');
    expect(indianStateCode('tamil nadu')).toBe('33');
    expect(indianStateCode('24')).toBe('24');
    expect(indianStateCode('7')).toBe('07');
    expect(indianStateCode('Atlantis')).toBeNull();
  });
  test('countries in English, Arabic and Hindi', () => {
    expect(countryCode('Bahrain')).toBe('BH');
    expect(countryCode('البحرين')).toBe('BH');
    expect(countryCode('भारत')).toBe('IN');
    expect(countryCode('fr')).toBe('FR');
    expect(countryCode('Narnia')).toBeNull();
  });
  test('a GSTIN is checked down to its check character', () => {
    expect(gstinProblem('27AAPFU0939F1ZV')).toBeNull();
    expect(gstinProblem('27AAPFU0939F1ZW')).toMatch(/check character \(expected V\)/);
    expect(gstinProblem('27AAPFU0939F1Z')).toMatch(/not a well-formed GSTIN/);
    expect(looksLikeTaxId('27AAPFU0939F1ZV')).toBe('gstin');
    expect(looksLikeTaxId('200000000000003')).toBe('vat-bh');
    expect(looksLikeTaxId('Gupta Stores')).toBeNull();
  });
});
