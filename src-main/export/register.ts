// register.xlsx: the sales register, one row per invoice and tax component (an invoice without
// tax components gets one row). Text cells that a spreadsheet could run as a formula (starting
// with = + - @, tab or CR) are neutralised with a leading apostrophe.
//
// Amount cells are numeric (Excel's cell model is an IEEE double) with a fixed-decimals number
// format; the exact decimal strings stay in manifest.json and data/*.json.
import * as XLSX from 'xlsx';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';

const DANGEROUS = /^[=+\-@\t\r]/;

/** Prefixes text that a spreadsheet would treat as a formula. */
export function neutraliseCell(text: string): string {
  return DANGEROUS.test(text) ? `'${text}` : text;
}

const HEADERS = [
  'Invoice number',
  'Date',
  'Kind',
  'Regime',
  'Customer',
  'Customer tax ID',
  'Place of supply',
  'Currency',
  'Tax component',
  'Rate %',
  'Taxable value',
  'Tax amount',
  'Invoice taxable',
  'Invoice tax',
  'Round off',
  'Invoice total',
  'File',
];

const SCALE: Record<string, number> = { BHD: 3, KWD: 3, OMR: 3 };

function money(value: string, currency: string): XLSX.CellObject {
  const scale = SCALE[currency.toUpperCase()] ?? 2;
  return { t: 'n', v: Number(value), w: value, z: scale === 3 ? '#,##0.000' : '#,##0.00' };
}

function text(value: string | null | undefined): XLSX.CellObject {
  return { t: 's', v: neutraliseCell(value ?? '') };
}

export interface RegisterEntry {
  document: InvoiceDocument;
  file: string;
}

export function buildRegisterXlsx(entries: RegisterEntry[]): Buffer {
  const rows: XLSX.CellObject[][] = [HEADERS.map((h) => text(h))];
  for (const { document: d, file } of entries) {
    const pos = d.placeOfSupply ? `${d.placeOfSupply.name} (${d.placeOfSupply.code})` : '';
    const components = d.components.length > 0 ? d.components : [null];
    for (const c of components) {
      rows.push([
        text(d.number),
        text(d.issueDate),
        text(d.kind),
        text(d.regime),
        text(d.customer.name),
        text(d.customer.taxId ?? ''),
        text(pos),
        text(d.currency),
        text(c ? c.name : 'NONE'),
        c ? { t: 'n', v: Number(c.rate), w: c.rate } : text(''),
        money(c ? c.taxable : d.totals.taxable, d.currency),
        money(c ? c.amount : '0', d.currency),
        money(d.totals.taxable, d.currency),
        money(d.totals.tax, d.currency),
        money(d.totals.roundOff, d.currency),
        money(d.totals.grandTotal, d.currency),
        text(file),
      ]);
    }
  }
  const sheet = XLSX.utils.aoa_to_sheet([]);
  XLSX.utils.sheet_add_aoa(sheet, rows);
  sheet['!cols'] = HEADERS.map((h) => ({ wch: Math.max(12, h.length + 2) }));
  sheet['!autofilter'] = { ref: XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length - 1, c: HEADERS.length - 1 } }) };
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'Sales register');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}
