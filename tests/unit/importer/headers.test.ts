import { describe, expect, test } from 'vitest';
import { AppError } from '../../../src-shared/errors.js';
import { applyOverrides, assignFields, detectHeader, normalizeHeader, parseMapOption, requireFields, scoreHeader } from '../../../src-main/importer/headers.js';
import type { Cell, Grid } from '../../../src-main/importer/read.js';

function grid(rows: (string | number | null)[][], extra: Partial<Grid> = {}): Grid {
  return {
    format: 'csv', sheet: 'Sheet1', sheets: ['Sheet1'], merges: [], hiddenCols: new Set(), date1904: false,
    rows: rows.map((r) => r.map((v): Cell | undefined => (v === null ? undefined : typeof v === 'number' ? { t: 'n', v } : { t: 's', v }))),
    ...extra,
  };
}

const best = (kind: 'products' | 'customers' | 'orders', header: string): string | undefined =>
  [...scoreHeader(kind, header).entries()].sort((a, b) => b[1] - a[1])[0]?.[0];

describe('header matching ignores case, spaces and punctuation', () => {
  test('normalisation folds case, punctuation and Arabic letter variants', () => {
    expect(normalizeHeader(' Base-Price ')).toBe(normalizeHeader('base price'));
    expect(normalizeHeader('GST %')).toBe('gst');
    expect(normalizeHeader('الأسعار')).toBe(normalizeHeader('الاسعار'));
  });
  test.each([
    ['Product Name', 'name'], ['ITEM', 'name'], ['اسم المنتج', 'name'], ['उत्पाद का नाम', 'name'],
    ['Base Price', 'price'], ['Rate', 'price'], ['Unit Price', 'price'], ['MRP', 'price'], ['السعر', 'price'], ['मूल्य', 'price'],
    ['HSN', 'hsn'], ['HSN Code', 'hsn'], ['SAC', 'hsn'], ['GST %', 'taxRate'], ['Tax Rate', 'taxRate'], ['VAT %', 'taxRate'],
    ['SKU', 'sku'], ['Code', 'sku'], ['Unit', 'unit'], ['UOM', 'unit'], ['Prodcut Name', 'name'],
  ])('products: "%s" is %s', (header, field) => {
    expect(best('products', header)).toBe(field);
  });
  test('customers and orders know their own synonyms', () => {
    expect(best('customers', 'GSTIN')).toBe('taxId');
    expect(best('customers', 'الرقم الضريبي')).toBe('taxId');
    expect(best('orders', 'Qty')).toBe('quantity');
    expect(best('orders', 'Invoice Date')).toBe('date');
    expect(best('orders', 'ग्राहक')).toBe('customer');
  });
  test('an exact synonym beats a header that merely contains one', () => {
    const columns = [
      { c: 0, letter: 'A', header: 'Unit Price', hidden: false, scores: scoreHeader('products', 'Unit Price') },
      { c: 1, letter: 'B', header: 'UOM', hidden: false, scores: scoreHeader('products', 'UOM') },
    ];
    const mapping = assignFields('products', columns);
    expect(mapping.find((m) => m.field === 'price')?.column).toBe('A');
    expect(mapping.find((m) => m.field === 'unit')?.column).toBe('B');
  });
  test('"Description" becomes the name only when there is no better name column', () => {
    const withName = detectHeader('products', grid([['Item', 'Description', 'Price']]));
    const mapped = assignFields('products', withName.columns);
    expect(mapped.find((m) => m.field === 'name')?.header).toBe('Item');
    expect(mapped.find((m) => m.field === 'description')?.header).toBe('Description');
    const alone = assignFields('products', detectHeader('products', grid([['Description', 'Price']])).columns);
    expect(alone.find((m) => m.field === 'name')?.header).toBe('Description');
  });
  test('a visible column wins over a hidden one with the same header', () => {
    const g = grid([['Name', 'Price', 'Price']], { hiddenCols: new Set([1]) });
    const mapping = assignFields('products', detectHeader('products', g).columns);
    expect(mapping.find((m) => m.field === 'price')?.column).toBe('C');
  });
});

describe('finding the header row', () => {
  test('title rows above the header are skipped (within the first 20 rows)', () => {
    const rows: (string | number | null)[][] = [['ACME Price List 2025'], ['Prices in INR'], [], ['Code', 'Product Name', 'Rate'], ['A1', 'Pen', 10]];
    const d = detectHeader('products', grid(rows));
    expect(d.headerRow).toBe(3);
    expect(d.dataStart).toBe(4);
  });
  test('a header below row 20 is not found', () => {
    const rows: (string | number | null)[][] = Array.from({ length: 21 }, () => ['x']);
    rows.push(['Product Name', 'Price']);
    const d = detectHeader('products', grid(rows));
    expect(() => requireFields('products', assignFields('products', d.columns), d, 'Sheet1')).toThrow(AppError);
  });
  test('a merged header cell is filled from its top-left cell and data starts below the merge', () => {
    const g = grid([['SKU', 'Item', null], [null, 'Name', 'Price'], ['A-1', 'Pen', 10]], {
      merges: [{ s: { r: 0, c: 0 }, e: { r: 1, c: 0 } }, { s: { r: 0, c: 1 }, e: { r: 0, c: 2 } }],
    });
    const d = detectHeader('products', g);
    expect(d.headerRow).toBe(1);
    const mapping = assignFields('products', d.columns);
    expect(mapping.map((m) => `${m.field}=${m.column}`)).toEqual(['name=B', 'price=C', 'sku=A']);
  });
  test('a missing required column is IMPORT_MISSING_COLUMN naming it and the headers seen', () => {
    const d = detectHeader('products', grid([['Product Name', 'Colour']]));
    try {
      requireFields('products', assignFields('products', d.columns), d, 'Sheet1');
      throw new Error('should have thrown');
    } catch (error) {
      expect((error as AppError).code).toBe('IMPORT_MISSING_COLUMN');
      expect((error as AppError).message).toMatch(/no Base Price column.*"Colour"/);
    }
  });
});

describe('--map overrides', () => {
  const d = detectHeader('products', grid([['Item Desc', 'Cost Price', 'Sale Price', 'Code']]));
  test('parses Field=Header pairs, keeping quoted commas', () => {
    expect(parseMapOption('Product Name=Item Desc,"Base Price"="Sale, Price"')).toEqual({ 'Product Name': 'Item Desc', 'Base Price': 'Sale, Price' });
    expect(() => parseMapOption('nonsense')).toThrow(/Field=Header/);
  });
  test('maps by header text or column letter with full confidence, moving the column', () => {
    const mapping = applyOverrides('products', assignFields('products', d.columns), d.columns, { 'Base Price': 'Sale Price', name: 'A', sku: '' });
    expect(mapping.find((m) => m.field === 'price')).toMatchObject({ column: 'C', header: 'Sale Price', confidence: 1, source: 'user' });
    expect(mapping.find((m) => m.field === 'name')).toMatchObject({ column: 'A', confidence: 1 });
    expect(mapping.find((m) => m.field === 'sku')).toBeUndefined();
  });
  test('an unknown field or header is BAD_INPUT listing what exists', () => {
    expect(() => applyOverrides('products', [], d.columns, { Colour: 'A' })).toThrow(/unknown field "Colour".*Product Name/);
    expect(() => applyOverrides('products', [], d.columns, { name: 'Nope' })).toThrow(/no column headed "Nope".*Item Desc/);
  });
});
