// register.xlsx: the sales register, one row per document line (exempt, nil and non-GST lines
// included) with status and links, and a Totals sheet. Text cells that a spreadsheet could run as a formula (starting
// with = + - @, tab or CR) are neutralised with a leading apostrophe.
//
// Amount cells are numeric (Excel's cell model is an IEEE double; accountants sum these columns)
// with the currency's fixed-decimals number format; the exact decimal strings stay in
// manifest.json and data/*.json. See numericCell for where and how the double is made.
import * as XLSX from 'xlsx';
import { currencyScale } from '../../src-shared/money/currencies.js';
import { Decimal } from 'decimal.js';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import { alreadySigned, countedAmount, countedTotals, documentStatus, isNonTaxableLine, registerTotalsOf } from './counted.js';

const DANGEROUS = /^[=+\-@\t\r]/;

/** Prefixes text that a spreadsheet would treat as a formula. */
export function neutraliseCell(text: string): string {
  return DANGEROUS.test(text) ? `'${text}` : text;
}

const HEADERS = [
  'Status',
  'Number',
  'Date',
  'Kind',
  'Linked documents',
  'Regime',
  'Customer',
  'Customer tax ID',
  'Place of supply',
  'Currency',
  'Line',
  'Description',
  'HSN/SAC',
  'Quantity',
  'Unit',
  'Category',
  'Rate %',
  'Taxable value',
  'Exempt, nil and non-GST value',
  'CGST',
  'SGST/UTGST',
  'IGST',
  'Cess',
  'VAT',
  'Other tax',
  'Tax amount',
  'Line total',
  'Round off',
  'Document total',
  'File',
];

const TAX_COLUMNS: Record<string, number> = { CGST: 0, SGST: 1, UTGST: 1, IGST: 2, CESS: 3, VAT: 4 };

/**
 * A numeric cell from an exact decimal string. This is the one place where an amount (or a rate)
 * becomes a JS number, and only because an .xlsx numeric cell is an IEEE double (docs/ARCHITECTURE.md rule 1:
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

function linksOf(d: InvoiceDocument): string {
  if (d.creditNoteFor) return `${d.kind === 'debit_note' ? 'debit' : 'credit'} note for ${d.creditNoteFor.number}`;
  const links: string[] = [];
  if (d.creditNotes && d.creditNotes.length > 0) links.push(`credit notes: ${d.creditNotes.map((n) => n.number).join(', ')}`);
  if (d.debitNotes && d.debitNotes.length > 0) links.push(`debit notes: ${d.debitNotes.map((n) => n.number).join(', ')}`);
  return links.join('; ');
}

interface CurrencyTotals {
  documents: number;
  issued: number;
  void: number;
  creditNotes: number;
  debitNotes: number;
  sums: Decimal[];
}
const SUMMED = ['Taxable value', 'Exempt, nil and non-GST value', 'Tax amount', 'Round off', 'Document total'] as const;

/**
 * The sales register: one row per line of every document, with its status (issued, void, credit
 * note) and links. Amounts as counted: credit notes negative, voided invoices zero (listed so the
 * series is whole). Round off and the document total sit on each document's first row, so a
 * column's sum is the period's figure; the Totals sheet gives those sums per currency.
 */
export function buildRegisterXlsx(entries: RegisterEntry[]): Buffer {
  const rows: XLSX.CellObject[][] = [HEADERS.map((h) => text(h))];
  const byCurrency = new Map<string, CurrencyTotals>();
  for (const { document: d, file } of entries) {
    const status = documentStatus(d);
    const signed = alreadySigned(d.totals);
    const amount = (value: string) => money(countedAmount(value, status, d.currency, signed), d.currency);
    const pos = d.placeOfSupply ? `${d.placeOfSupply.name} (${d.placeOfSupply.code})` : '';
        const t = byCurrency.get(d.currency) ?? { documents: 0, issued: 0, void: 0, creditNotes: 0, debitNotes: 0, sums: SUMMED.map(() => new Decimal(0)) };
    t.documents++;
    if (status === 'void') t.void++;
    else if (status === 'credit note') t.creditNotes++;
    else if (status === 'debit note') t.debitNotes++;
    else t.issued++;
    const counted = countedTotals(registerTotalsOf(d), status, d.currency);
    [counted.taxable, counted.nonTaxable ?? '0', counted.tax, counted.roundOff, counted.grandTotal].forEach((v, i) => (t.sums[i] = t.sums[i]!.plus(v)));
    byCurrency.set(d.currency, t);
    d.lines.forEach((line, i) => {
      const nonTaxable = isNonTaxableLine(d, line.category);
      const taxes = ['0', '0', '0', '0', '0', '0'].map((z) => new Decimal(z));
      for (const c of line.components) {
        const at = TAX_COLUMNS[c.name.toUpperCase()] ?? 5;
        taxes[at] = taxes[at]!.plus(c.amount);
      }
      const scale = currencyScale(d.currency);
      rows.push([
        text(status),
        text(d.number),
        text(d.issueDate),
        text(d.kind),
        text(linksOf(d)),
        text(d.regime),
        text(d.customer.name),
        text(d.customer.taxId ?? ''),
        text(pos),
        text(d.currency),
        numericCell(String(line.index)),
        text(line.description),
        text(line.hsn ?? ''),
        numericCell(line.quantity),
        text(line.unit ?? ''),
        text(line.category),
        numericCell(line.rate),
        amount(nonTaxable ? '0' : line.taxable),
        amount(nonTaxable ? line.taxable : '0'),
        ...taxes.map((x) => amount(x.toFixed(scale))),
        amount(line.tax),
        amount(line.total),
        i === 0 ? amount(d.totals.roundOff) : text(''),
        i === 0 ? amount(d.totals.grandTotal) : text(''),
        text(file),
      ]);
    });
  }
  const sheet = XLSX.utils.aoa_to_sheet([]);
  XLSX.utils.sheet_add_aoa(sheet, rows);
  sheet['!cols'] = HEADERS.map((h) => ({ wch: Math.max(10, h.length + 2) }));
  sheet['!autofilter'] = { ref: XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length - 1, c: HEADERS.length - 1 } }) };
  const totalsRows: XLSX.CellObject[][] = [['Currency', 'Documents', 'Issued', 'Void', 'Credit notes', 'Debit notes', ...SUMMED].map((h) => text(h))];
  for (const [currency, t] of byCurrency) {
    const scale = currencyScale(currency);
    totalsRows.push([text(currency), numericCell(String(t.documents)), numericCell(String(t.issued)), numericCell(String(t.void)), numericCell(String(t.creditNotes)), numericCell(String(t.debitNotes)), ...t.sums.map((v) => money(v.toFixed(scale), currency))]);
  }
  const totalsSheet = XLSX.utils.aoa_to_sheet([]);
  XLSX.utils.sheet_add_aoa(totalsSheet, totalsRows);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'Sales register');
  XLSX.utils.book_append_sheet(book, totalsSheet, 'Totals');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}
