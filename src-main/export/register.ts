// register.xlsx: the sales register, one row per invoice and tax component (an invoice without
// tax components gets one row). Text cells that a spreadsheet could run as a formula (starting
// with = + - @, tab or CR) are neutralised with a leading apostrophe.
//
// Amount cells are numeric (Excel's cell model is an IEEE double; accountants sum these columns)
// with the currency's fixed-decimals number format; the exact decimal strings stay in
// manifest.json and data/*.json. See numericCell for where and how the double is made.
import * as XLSX from 'xlsx';
import { currencyScale } from '../../src-shared/money/currencies.js';
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

/**
 * A numeric cell from an exact decimal string. This is the one place where an amount (or a rate)
 * becomes a JS number, and only because an .xlsx numeric cell is an IEEE double (DESIGN.md rule 1:
 * documented boundary). The double is made once from the text — Number() of the decimal string,
 * which is the nearest double, with no arithmetic before or after — so any amount of up to 15
 * significant digits prints back at its scale as exactly that string
 * (tests/unit/export/register.test.ts checks it, and the export test against manifest.json).
 */
function numericCell(exact: string, format?: string): XLSX.CellObject {
  const cell: XLSX.CellObject = { t: 'n', v: Number(exact), w: exact };
  if (format !== undefined) cell.z = format;
  return cell;
}

function money(value: string, currency: string): XLSX.CellObject {
  const scale = currencyScale(currency);
  return numericCell(value, scale === 0 ? '#,##0' : `#,##0.${'0'.repeat(scale)}`);
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
        c ? numericCell(c.rate) : text(''),
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
