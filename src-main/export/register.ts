// register.xlsx: the sales register, one row per document line (exempt, nil and non-GST lines
// included) with status and links, and a Totals sheet. Text cells that a spreadsheet could run as a formula (starting
// with = + - @, tab or CR) are neutralised with a leading apostrophe.
//
// Amount cells are numeric (Excel's cell model is an IEEE double; accountants sum these columns)
// with the currency's fixed-decimals number format; the exact decimal strings stay in
// manifest.json and data/*.json. See numericCell for where and how the double is made.
//
// Written as a stream (`RegisterWriter`): each document's rows become sheet XML as the document is
// added and are deflated in segments (xlsx-writer.ts), so an export holds neither the documents
// nor a workbook of cell objects (SheetJS's did: ~2.4 million cells for 10,000 invoices).
import { currencyScale } from '../../src-shared/money/currencies.js';
import { Decimal } from 'decimal.js';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import { alreadySigned, countedAmount, countedTotals, documentStatus, isNonTaxableLine, registerTotalsOf, type RegisterStatus } from './counted.js';
import { Workbook, type Cell, type SheetStream } from './xlsx-writer.js';

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
function numericCell(exact: string, format?: string): Cell {
  return format === undefined ? { t: 'n', v: Number(exact) } : { t: 'n', v: Number(exact), z: format };
}

function money(value: string, currency: string): Cell {
  const scale = currencyScale(currency);
  return numericCell(value, scale === 0 ? '#,##0' : `#,##0.${'0'.repeat(scale)}`);
}

function text(value: string | null | undefined): Cell {
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

function newTotals(): CurrencyTotals {
  return { documents: 0, issued: 0, void: 0, creditNotes: 0, debitNotes: 0, sums: SUMMED.map(() => new Decimal(0)) };
}

function countDocument(t: CurrencyTotals, status: RegisterStatus, d: InvoiceDocument): void {
  t.documents++;
  if (status === 'void') t.void++;
  else if (status === 'credit note') t.creditNotes++;
  else if (status === 'debit note') t.debitNotes++;
  else t.issued++;
  const counted = countedTotals(registerTotalsOf(d), status, d.currency);
  [counted.taxable, counted.nonTaxable ?? '0', counted.tax, counted.roundOff, counted.grandTotal].forEach((v, i) => (t.sums[i] = t.sums[i]!.plus(v)));
}

/** A line's tax per register column (CGST, SGST/UTGST, IGST, Cess, VAT, other). */
function taxColumns(line: InvoiceDocument['lines'][number]): Decimal[] {
  const taxes = ['0', '0', '0', '0', '0', '0'].map((z) => new Decimal(z));
  for (const c of line.components) {
    const at = TAX_COLUMNS[c.name.toUpperCase()] ?? 5;
    taxes[at] = taxes[at]!.plus(c.amount);
  }
  return taxes;
}

/** The register's rows of one document: one per line, round off and document total on the first. */
function documentRows(d: InvoiceDocument, file: string, status: RegisterStatus): Cell[][] {
  const signed = alreadySigned(d.totals);
  const amount = (value: string) => money(countedAmount(value, status, d.currency, signed), d.currency);
  const pos = d.placeOfSupply ? `${d.placeOfSupply.name} (${d.placeOfSupply.code})` : '';
  const scale = currencyScale(d.currency);
  const shared = [text(status), text(d.number), text(d.issueDate), text(d.kind), text(linksOf(d)), text(d.regime), text(d.customer.name), text(d.customer.taxId ?? ''), text(pos), text(d.currency)];
  return d.lines.map((line, i) => {
    const nonTaxable = isNonTaxableLine(d, line.category);
    return [
      ...shared,
      numericCell(String(line.index)),
      text(line.description),
      text(line.hsn ?? ''),
      numericCell(line.quantity),
      text(line.unit ?? ''),
      text(line.category),
      numericCell(line.rate),
      amount(nonTaxable ? '0' : line.taxable),
      amount(nonTaxable ? line.taxable : '0'),
      ...taxColumns(line).map((x) => amount(x.toFixed(scale))),
      amount(line.tax),
      amount(line.total),
      i === 0 ? amount(d.totals.roundOff) : text(''),
      i === 0 ? amount(d.totals.grandTotal) : text(''),
      text(file),
    ];
  });
}

const REGISTER_SHEET = 'Sales register';

/**
 * The sales register, written as documents arrive: one row per line of every document, with its
 * status (issued, void, credit note) and links. Amounts as counted: credit notes negative, voided
 * invoices zero (listed so the series is whole). Round off and the document total sit on each
 * document's first row, so a column's sum is the period's figure; the Totals sheet gives those
 * sums per currency. Holds only the deflated sheet and the per-currency sums.
 */
export class RegisterWriter {
  private readonly book: Workbook;
  private readonly sheet: SheetStream;
  private readonly byCurrency = new Map<string, CurrencyTotals>();

  constructor(compressionLevel = 6) {
    this.book = new Workbook(compressionLevel);
    this.sheet = this.book.addSheet(REGISTER_SHEET, HEADERS.length, HEADERS.map((h) => Math.max(10, h.length + 2)));
    this.sheet.addRow(HEADERS.map((h) => text(h)));
  }

  add(d: InvoiceDocument, file: string): void {
    const status = documentStatus(d);
    const t = this.byCurrency.get(d.currency) ?? newTotals();
    countDocument(t, status, d);
    this.byCurrency.set(d.currency, t);
    for (const row of documentRows(d, file, status)) this.sheet.addRow(row);
  }

  /** The .xlsx file (call once, after the last document). */
  finish(): Buffer {
    const totals = this.book.addSheet('Totals', 6 + SUMMED.length);
    totals.addRow(['Currency', 'Documents', 'Issued', 'Void', 'Credit notes', 'Debit notes', ...SUMMED].map((h) => text(h)));
    for (const [currency, t] of this.byCurrency) {
      const scale = currencyScale(currency);
      totals.addRow([text(currency), numericCell(String(t.documents)), numericCell(String(t.issued)), numericCell(String(t.void)), numericCell(String(t.creditNotes)), numericCell(String(t.debitNotes)), ...t.sums.map((v) => money(v.toFixed(scale), currency))]);
    }
    return this.book.write(REGISTER_SHEET);
  }
}

/** The whole register of `entries` at once (tests; the export streams through RegisterWriter). */
export function buildRegisterXlsx(entries: Iterable<RegisterEntry>): Buffer {
  const writer = new RegisterWriter();
  for (const { document, file } of entries) writer.add(document, file);
  return writer.finish();
}
