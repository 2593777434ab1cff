// What a Typst template receives besides the InvoiceDocument: everything already decided and
// formatted in TypeScript (titles, which columns, amounts as printed strings, labels in the
// document's languages, column widths that keep large amounts on one line). Templates only lay
// this out; they never compute with money. docs/pdf-templates.md documents every field.
import { Decimal } from 'decimal.js';
import type { InvoiceDocument, InvoiceDocumentLine, PartyBlock } from '../../src-shared/schemas/invoice-document.js';
import type { LocalizedText, SummaryTable } from '../../src-shared/tax/plugin-api.js';
import { currencyLabel, formatDate, formatDecimal, formatMoney, formatQuantity, formatRate, formatUnitPrice, isZero } from './format.js';
import { LABELS, titleFor, type Label } from './labels.js';
import { advanceWidth, latinMetrics, lineHeight, type LatinMetrics } from './font-metrics.js';

export type Secondary = 'ar' | 'hi' | null;

/** One table cell: `text` as printed; `small` is printed above it in small type (a tax rate); `second` below it (Arabic of a category). */
export interface PrintCell {
  text: string;
  small?: string;
  second?: string;
  rtl?: boolean;
  bold?: boolean;
}

export interface PrintColumn {
  key: string;
  label: Label | LocalizedText;
  align: 'left' | 'right' | 'center';
  /** Share of the table width in percent (the columns add up to 100). */
  width: number;
}

export interface PrintTable {
  columns: PrintColumn[];
  rows: PrintCell[][];
  /** Index of a row printed bold (a summary table's totals), or -1. */
  boldRow: number;
  /**
   * Per row, its height in points when every cell of it is certain to print on one line (the
   * height Typst gives such a row: one line of Noto Sans at 8pt and the cell inset), else null
   * (the row is measured). A fixed height spares Typst the measuring layout of the row.
   */
  rowHeights: Array<number | null>;
}

export interface PrintParty {
  name: string;
  nameRtl: boolean;
  /** Address lines as printed, each with its direction. */
  address: Array<{ text: string; rtl: boolean }>;
  taxIdLabel: Label;
  taxId: string | null;
  /** "State: Maharashtra (Code 27)" (GST documents), or empty. */
  state: string;
  contact: string[];
}

export interface PrintView {
  /** The second language printed beside English. */
  lang: Secondary;
  vat: boolean;
  /** Tax columns and tax totals are printed (not on a bill of supply, cash memo, composition credit note). */
  taxed: boolean;
  title: Label;
  numberLabel: Label;
  labels: typeof LABELS;
  meta: Array<{ label: Label; value: string; strong: boolean }>;
  supplier: PrintParty;
  customer: PrintParty;
  shipTo: PrintParty | null;
  creditNoteFor: { number: string; date: string; reason: string } | null;
  /** Composition declaration(s), printed at the top in bold capitals. */
  banner: LocalizedText[];
  notes: LocalizedText[];
  placeOfSupplyNote: Label | null;
  export: { country: string; statement: LocalizedText; lut: string } | null;
  copyLabel: LocalizedText | null;
  /** Every copy the PDF holds, in order (at least the one copyLabel, when there is one). */
  copies: LocalizedText[];
  creditNotes: Array<{ number: string; date: string; total: string }>;
  debitNotes: Array<{ number: string; date: string; total: string }>;
  cancelled: { date: string; reason: string } | null;
  irn: { irn: string; ackNo: string; ackDate: string; qr: string } | null;
  lines: PrintTable;
  totals: { rows: Array<{ label: Label; amount: string }>; grand: { label: Label; amount: string }; amountWidth: number };
  summaryTables: Array<{ title: LocalizedText; table: PrintTable }>;
  amountInWords: LocalizedText;
  signatoryName: string;
  /** Bank details for payment, one labelled row each (empty: no panel). */
  bank: Array<{ label: string; value: string }>;
  /** Virtual paths of the images (inside the template's root), or null. */
  logo: string | null;
  signature: string | null;
  specimen: boolean;
  /** Tables as Typst `table`s (table structure in the tagged PDF, for screen readers); false: rows of fixed-width blocks, cheaper to lay out. */
  tableTags: boolean;
  /** Keep the last block (summary table or totals) on the page of the signatory row. */
  keepWithSignatory: boolean;
}

const ARABIC_RE = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
const DEVANAGARI_RE = /[\u0900-\u097F]/;
const LATIN_STRONG_RE = /[A-Za-z\u00C0-\u024F]/;

/** True when the first strong character of the text is Arabic (print it right-to-left). */
export function isRtlText(text: string): boolean {
  for (const ch of text) {
    if (ARABIC_RE.test(ch)) return true;
    if (LATIN_STRONG_RE.test(ch) || DEVANAGARI_RE.test(ch)) return false;
  }
  return false;
}

/** Whether a document is laid out as a Bahrain (bilingual VAT) document. */
export function isVatLayout(doc: InvoiceDocument): boolean {
  return doc.regime === 'vat-bh' || doc.currency.toUpperCase() === 'BHD';
}

const COMPOSITION_RE = /composition/i;
const INVOICE_CUM_BILL_RE = /^invoice-cum-bill of supply$/i;

/**
 * r.46A: taxable and exempt supplies to an unregistered person on one document, an
 * "invoice-cum-bill of supply" (the gst-in plugin says so in a note). That is the document's
 * title; the note is not repeated among the notes.
 */
function isInvoiceCumBill(doc: InvoiceDocument): boolean {
  return doc.kind === 'tax_invoice' && !isVatLayout(doc) && doc.notes.some((n) => INVOICE_CUM_BILL_RE.test(n.en.trim()));
}

/**
 * The composition declaration of a document that carries no tax: a bill of supply, or a
 * composition dealer's credit note (no tax components). Printed at the top; such a document gets
 * no tax columns, totals or reverse-charge line.
 */
function numberLabelFor(kind: InvoiceDocument['kind']): Label {
  return kind === 'credit_note' ? LABELS.creditNoteNo : kind === 'debit_note' ? LABELS.debitNoteNo : LABELS.invoiceNo;
}

function compositionNotes(doc: InvoiceDocument): LocalizedText[] {
  const taxless = doc.kind === 'bill_of_supply' || ((doc.kind === 'credit_note' || doc.kind === 'debit_note') && doc.components.length === 0);
  return taxless ? doc.notes.filter((n) => COMPOSITION_RE.test(n.en)) : [];
}

function hasTaxLines(doc: InvoiceDocument): boolean {
  if (doc.kind === 'bill_of_supply' || doc.kind === 'cash_memo') return false;
  if (compositionNotes(doc).length > 0) return false;
  return doc.regime !== 'none';
}

/** Component columns in print order (CGST, SGST/UTGST, IGST, CESS, VAT, others). */
function componentNames(doc: InvoiceDocument): string[] {
  const order = ['CGST', 'SGST', 'UTGST', 'IGST', 'CESS', 'VAT'];
  const names = new Set<string>();
  for (const c of doc.components) names.add(c.name);
  for (const l of doc.lines) for (const c of l.components) names.add(c.name);
  return [...names].sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
}

const same = (en: string, ar = en, hi = en): Label => ({ en, ar, hi });

/** Arabic beside the non-standard VAT categories (Bahrain VAT law: نسبة الصفر, معفى). */
const VAT_CATEGORY_AR: Record<string, string> = { zero: 'نسبة الصفر', exempt: 'معفى' };

function categoryLabel(category: string): string {
  switch (category) {
    case 'zero':
      return '0% (zero)';
    case 'exempt':
      return 'Exempt';
    case 'nil':
      return 'Nil';
    case 'non_gst':
      return 'Non-GST';
    default:
      return category;
  }
}

interface ColumnSpec<Row> {
  key: string;
  label: Label | LocalizedText;
  weight: number;
  align: 'left' | 'right' | 'center';
  cell: (row: Row) => PrintCell;
  /** Text that must stay on one line (an amount): the column widens to hold it. */
  fit?: (row: Row) => string;
  /** Free text that may wrap: gives up width first when an amount column needs more. */
  shrink?: boolean;
}

/** Width of a table: A4 minus the page's side margins and the table's border. */
const TABLE_WIDTH = 595.28 - 2 * 30 - 2 * 0.75;
const CELL_PADDING_X = 6;
const TABLE_FONT_SIZE = 8;

/**
 * Width of a number as printed, in em of Noto Sans (regular or bold: digits 0.572, separators
 * at most 0.285); anything else counts as a wide letter (0.75), so the estimate errs wide.
 */
export function amountWidthEm(text: string): number {
  let em = 0;
  for (const ch of text) em += ch >= '0' && ch <= '9' ? 0.572 : ch === ',' || ch === '.' ? 0.285 : ch === '-' ? 0.322 : ch === ' ' ? 0.26 : 0.75;
  return em;
}

/**
 * Column widths in percent: the columns' weights, unless an amount (`fit`) would not fit its cell
 * on one line (crore rupee and million dinar amounts). Then those columns get the width they need,
 * taken from the free-text columns (`shrink`, down to 40% of their width) and then from other
 * amount columns' slack. Documents whose amounts fit are laid out exactly as the weights say.
 */
export function columnPercents<Row>(columns: Array<Pick<ColumnSpec<Row>, 'weight' | 'fit' | 'shrink'>>, rows: Row[]): number[] {
  const sum = columns.reduce((a, c) => a + c.weight, 0);
  const base = columns.map((c) => c.weight / sum);
  const need = columns.map((c) => {
    if (!c.fit) return 0;
    const em = rows.reduce((m, r) => Math.max(m, amountWidthEm(c.fit!(r))), 0);
    return (em * TABLE_FONT_SIZE + CELL_PADDING_X + 1) / TABLE_WIDTH;
  });
  if (need.every((n, i) => n <= base[i]!)) return base.map((b) => round3(b * 100));
  const p = base.map((b, i) => Math.max(b, need[i]!));
  let deficit = p.reduce((a, x) => a + x, 0) - 1;
  columns.forEach((c, i) => {
    if (!c.shrink || deficit <= 0) return;
    const take = Math.min(deficit, p[i]! - base[i]! * 0.4);
    p[i] = p[i]! - take;
    deficit -= take;
  });
  if (deficit > 0) {
    const slack = p.map((x, i) => (columns[i]!.fit ? Math.max(0, x - need[i]!) : 0));
    const total = slack.reduce((a, x) => a + x, 0);
    if (total > 0) {
      const share = Math.min(1, deficit / total);
      slack.forEach((sl, i) => (p[i] = p[i]! - sl * share));
    }
  }
  const scale = 1 / p.reduce((a, x) => a + x, 0);
  return p.map((x) => round3(x * scale * 100));
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Characters that break a line or reorder it (controls, line/paragraph separators, bidi controls). */
const NOT_ONE_LINE_RE = /[\p{Cc}\p{Zl}\p{Zp}\u00AD\u200B-\u200F\u202A-\u202E\u2066-\u2069]/u;
/** The estimate of a text's width (advances, no kerning) is taken this much wider, so it is an upper bound. */
const WIDTH_MARGIN_RATIO = 1.02;
const WIDTH_MARGIN_PT = 1;

/**
 * Width in points of a table cell's text as printed (Noto Sans at `size`, bold or regular),
 * widened by the margin so that it is never less than Typst's; null when the text may not print
 * as one line of Noto Sans (a line break, a bidi control, a character Noto Sans lacks: another
 * font with other metrics would print it). `m`: the Noto Sans the compiler prints with (its
 * fonts folder's; the default folder's when not given), as for the functions below.
 */
export function cellTextWidthBound(text: string, bold: boolean, size = TABLE_FONT_SIZE, m: LatinMetrics = latinMetrics()): number | null {
  if (NOT_ONE_LINE_RE.test(text)) return null;
  const w = advanceWidth(bold ? m.bold : m.regular, text, size);
  return w === null ? null : w * WIDTH_MARGIN_RATIO + WIDTH_MARGIN_PT;
}

/**
 * Text with no line-break opportunity (Unicode line breaking: none between ASCII letters and
 * digits): Typst prints it on one line even wider than its cell (it overflows; it does not
 * hyphenate, the template turns hyphenation off). An 8-digit HSN code in its narrow column.
 */
const UNBREAKABLE_RE = /^[0-9A-Za-z]*$/;
const fitsOneLine = (text: string, bound: number, contentWidth: number) => bound <= contentWidth || UNBREAKABLE_RE.test(text);

/** Size of the small text printed above a cell's text (the template's 6.5pt: a tax rate). */
const SMALL_FONT_SIZE = 6.5;

/** Height of one line of Noto Sans at `size` (regular and bold have the same ascender and descender; the taller if not). */
function textLineHeight(size: number, m: LatinMetrics): number {
  return Math.max(lineHeight(m.regular, size), lineHeight(m.bold, size));
}

/**
 * Height of a table cell whose text is certain to print on one line (and its small text, when it
 * has one, on one line above it: a tax rate): the lines' ascender-to-descender heights (the template sets no
 * leading) and the cell's inset above and below. Null when that is not certain: a second line
 * (Arabic, another font), right-to-left text, or text that may not fit `contentWidth`.
 */
export function oneLineCellHeight(c: PrintCell, bold: boolean, contentWidth: number, m: LatinMetrics = latinMetrics()): number | null {
  if (c.second !== undefined || c.rtl) return null;
  const w = cellTextWidthBound(c.text, bold, TABLE_FONT_SIZE, m);
  if (w === null || !fitsOneLine(c.text, w, contentWidth)) return null;
  let h = textLineHeight(TABLE_FONT_SIZE, m);
  if (c.small !== undefined) {
    // A line without a glyph (an empty or blank text under the small one, or an empty small
    // text) is not one font line high in Typst (measured: the cell is one line lower).
    if (c.small.trim() === '' || c.text.trim() === '') return null;
    const s = cellTextWidthBound(c.small, false, SMALL_FONT_SIZE, m);
    if (s === null || !fitsOneLine(c.small, s, contentWidth)) return null;
    h += textLineHeight(SMALL_FONT_SIZE, m);
  }
  return h + CELL_PADDING_X;
}

/**
 * A row's height when every cell's is certain (`oneLineCellHeight`: the tallest cell's, as Typst
 * sizes an `auto` row), else null. A cell's content width is its column's share of the table
 * (TABLE_WIDTH is 1.5pt narrower than the table Typst lays out: errs narrow) less the inset.
 */
export function fixedRowHeight(columns: Array<Pick<PrintColumn, 'width'>>, cells: PrintCell[], boldRow: boolean, m: LatinMetrics = latinMetrics()): number | null {
  let height = 0;
  for (const [i, c] of cells.entries()) {
    const col = columns[i];
    if (!col) return null;
    const h = oneLineCellHeight(c, boldRow || c.bold === true, (col.width / 100) * TABLE_WIDTH - CELL_PADDING_X, m);
    if (h === null) return null;
    height = Math.max(height, h);
  }
  return height;
}

function table<Row>(specs: ColumnSpec<Row>[], rows: Row[], m: LatinMetrics, boldRow = -1): PrintTable {
  const widths = columnPercents(specs, rows);
  const columns = specs.map((c, i) => ({ key: c.key, label: c.label, align: c.align, width: widths[i]! }));
  const cells = rows.map((r) => specs.map((c) => c.cell(r)));
  return { columns, rows: cells, boldRow, rowHeights: cells.map((row, y) => fixedRowHeight(columns, row, y === boldRow, m)) };
}

const text = (t: string, extra: Partial<PrintCell> = {}): PrintCell => ({ text: t, ...extra });
const freeText = (t: string): PrintCell => (isRtlText(t) ? { text: t, rtl: true } : { text: t });

function gstColumns(doc: InvoiceDocument, taxed: boolean): ColumnSpec<InvoiceDocumentLine>[] {
  const cur = doc.currency;
  const cols: ColumnSpec<InvoiceDocumentLine>[] = [
    { key: 'sn', label: LABELS.sn, weight: 0.35, align: 'center', cell: (l) => text(String(l.index)), fit: (l) => String(l.index) },
    { key: 'description', label: LABELS.description, weight: taxed ? 2.6 : 3.4, align: 'left', cell: (l) => freeText(l.description), shrink: true },
    { key: 'hsn', label: LABELS.hsn, weight: 0.85, align: 'left', cell: (l) => text(l.hsn ?? '') },
    { key: 'quantity', label: LABELS.qty, weight: 0.8, align: 'right', cell: (l) => text(formatQuantity(l.quantity) + (l.unit ? ` ${l.unit}` : '')) },
    { key: 'unitPrice', label: LABELS.rate, weight: 1, align: 'right', cell: (l) => text(formatUnitPrice(l.unitPrice, cur)), fit: (l) => formatUnitPrice(l.unitPrice, cur) },
    { key: 'discount', label: LABELS.discount, weight: 0.8, align: 'right', cell: (l) => text(formatMoney(l.discount, cur)), fit: (l) => formatMoney(l.discount, cur) },
    { key: 'taxable', label: taxed ? LABELS.taxableValue : LABELS.value, weight: 1.1, align: 'right', cell: (l) => text(formatMoney(l.taxable, cur)), fit: (l) => formatMoney(l.taxable, cur) },
  ];
  if (taxed) {
    for (const name of componentNames(doc)) {
      const find = (l: InvoiceDocumentLine) => l.components.find((x) => x.name === name);
      cols.push({
        key: `tax:${name}`,
        label: same(name),
        weight: 0.95,
        align: 'right',
        cell: (l) => {
          const c = find(l);
          return c ? text(formatMoney(c.amount, cur), { small: formatRate(c.rate) }) : text('-');
        },
        fit: (l) => {
          const c = find(l);
          return c ? formatMoney(c.amount, cur) : '-';
        },
      });
    }
    cols.push({ key: 'total', label: LABELS.total, weight: 1.1, align: 'right', cell: (l) => text(formatMoney(l.total, cur), { bold: true }), fit: (l) => formatMoney(l.total, cur) });
  }
  return cols;
}

function vatColumns(doc: InvoiceDocument): ColumnSpec<InvoiceDocumentLine>[] {
  const cur = doc.currency;
  const simplified = doc.kind === 'simplified_tax_invoice';
  const cols: ColumnSpec<InvoiceDocumentLine>[] = [
    { key: 'sn', label: LABELS.sn, weight: 0.35, align: 'center', cell: (l) => text(String(l.index)), fit: (l) => String(l.index) },
    { key: 'description', label: LABELS.description, weight: simplified ? 3.2 : 2.6, align: 'left', cell: (l) => freeText(l.description), shrink: true },
    { key: 'quantity', label: LABELS.qty, weight: 0.75, align: 'right', cell: (l) => text(formatQuantity(l.quantity) + (l.unit ? ` ${l.unit}` : '')) },
    { key: 'unitPrice', label: LABELS.unitPrice, weight: 1, align: 'right', cell: (l) => text(formatUnitPrice(l.unitPrice, cur)), fit: (l) => formatUnitPrice(l.unitPrice, cur) },
  ];
  if (!simplified) {
    cols.push({ key: 'discount', label: LABELS.discount, weight: 0.85, align: 'right', cell: (l) => text(formatMoney(l.discount, cur)), fit: (l) => formatMoney(l.discount, cur) });
    cols.push({ key: 'taxable', label: LABELS.netAmount, weight: 1.05, align: 'right', cell: (l) => text(formatMoney(l.taxable, cur)), fit: (l) => formatMoney(l.taxable, cur) });
  }
  cols.push({
    key: 'vatRate',
    label: LABELS.vatRate,
    weight: 0.8,
    align: 'right',
    cell: (l) => {
      if (l.category === 'standard') return text(formatRate(l.rate));
      const arabic = VAT_CATEGORY_AR[l.category];
      return arabic ? text(categoryLabel(l.category), { second: arabic }) : text(categoryLabel(l.category));
    },
  });
  cols.push({ key: 'tax', label: LABELS.vatAmount, weight: 0.9, align: 'right', cell: (l) => text(formatMoney(l.tax, cur)), fit: (l) => formatMoney(l.tax, cur) });
  cols.push({ key: 'total', label: LABELS.totalInclVat, weight: 1.1, align: 'right', cell: (l) => text(formatMoney(l.total, cur), { bold: true }), fit: (l) => formatMoney(l.total, cur) });
  return cols;
}

const NUMERIC_RE = /^-?\d+(\.\d+)?$/;

/** A plugin-provided summary table (HSN/SAC summary, VAT per rate), numbers grouped as printed. */
function summaryTable(t: SummaryTable, indianGrouping: boolean, m: LatinMetrics): { title: LocalizedText; table: PrintTable } {
  const fmt = (v: string | undefined) => {
    if (v === undefined) return '';
    if (NUMERIC_RE.test(v) && v.includes('.')) return formatDecimal(v, v.split('.')[1]?.length ?? 0, indianGrouping);
    return v;
  };
  const specs: ColumnSpec<Record<string, string>>[] = t.columns.map((c) => ({
    key: c.key,
    label: c.label,
    weight: c.align === 'end' ? 1.2 : 1,
    align: c.align === 'end' ? 'right' : 'left',
    cell: (r) => (isRtlText(r[c.key] ?? '') ? { text: fmt(r[c.key]), rtl: true } : { text: fmt(r[c.key]) }),
    ...(c.align === 'end' ? { fit: (r: Record<string, string>) => fmt(r[c.key]) } : { shrink: true }),
  }));
  const rows = t.totals ? [...t.rows, t.totals] : t.rows;
  return { title: t.title, table: table(specs, rows, m, t.totals ? rows.length - 1 : -1) };
}

/** Sums of tax per component and rate, as printed in the totals box ("CGST @ 9%"). */
function componentRows(doc: InvoiceDocument): Array<{ name: string; rate: string; amount: string }> {
  const map = new Map<string, { name: string; rate: string; amount: Decimal }>();
  for (const c of doc.components) {
    const key = `${c.name}@${new Decimal(c.rate).toFixed()}`;
    const prev = map.get(key);
    if (prev) prev.amount = prev.amount.plus(c.amount);
    else map.set(key, { name: c.name, rate: c.rate, amount: new Decimal(c.amount) });
  }
  return [...map.values()].map((r) => ({ name: r.name, rate: r.rate, amount: r.amount.toFixed() }));
}

/** Width of the amount in the totals box: 72 pt, or what the widest amount needs on one line. */
export function totalAmountWidth(amounts: string[], grandTotal: string): number {
  const widest = Math.max(...amounts.map((a) => amountWidthEm(a) * 8), amountWidthEm(grandTotal) * 9.5);
  return Math.max(72, Math.ceil(widest + 2));
}

const BANK_FIELDS = ['accountName', 'bankName', 'branch', 'accountNumber', 'ifsc', 'iban', 'swift', 'upiId'] as const;

/** The supplier's bank details as labelled rows, in the order a payer copies them. */
export function bankRows(bank: InvoiceDocument['supplier']['bankDetails']): Array<{ label: string; value: string }> {
  if (!bank) return [];
  return BANK_FIELDS.filter((key) => bank[key]?.trim()).map((key) => ({ label: LABELS[key].en, value: bank[key]!.trim() }));
}

function party(p: PartyBlock, taxIdLabel: Label, showState: boolean): PrintParty {
  return {
    name: p.name,
    nameRtl: isRtlText(p.name),
    address: p.address.map((line) => ({ text: line, rtl: isRtlText(line) })),
    taxIdLabel,
    taxId: p.taxId ?? null,
    state: showState && p.stateName ? `${LABELS.state.en}: ${p.stateName}${p.stateCode ? ` (Code ${p.stateCode})` : ''}` : '',
    contact: [p.phone ? `${LABELS.phone.en}: ${p.phone}` : '', p.email ? `${LABELS.email.en}: ${p.email}` : ''].filter(Boolean),
  };
}

const BASIS_NOTES: Record<string, Label> = {
  'stated-state': LABELS.placeOfSupplyStated,
  'delivery-address': LABELS.placeOfSupplyDelivery,
  'supplier-location': LABELS.placeOfSupplySupplier,
};

/** Summary tables longer than this may break across pages (they cannot travel as one block). */
const KEEP_TOGETHER_MAX_ROWS = 30;

export interface ViewAssets {
  logo?: string;
  signature?: string;
  /** The e-invoice QR code as an SVG document. */
  qrSvg?: string;
}

/** The number, dates, place of supply, reverse charge, currency and exchange rate beside the title. */
function metaRows(doc: InvoiceDocument, vat: boolean, taxed: boolean): PrintView['meta'] {
  const meta: PrintView['meta'] = [];
  meta.push({ label: numberLabelFor(doc.kind), value: doc.number, strong: true });
  meta.push({ label: LABELS.date, value: formatDate(doc.issueDate), strong: false });
  if (doc.supplyDate && doc.supplyDate !== doc.issueDate) meta.push({ label: LABELS.supplyDate, value: formatDate(doc.supplyDate), strong: false });
  if (doc.placeOfSupply) meta.push({ label: LABELS.placeOfSupply, value: `${doc.placeOfSupply.name} (${doc.placeOfSupply.code})`, strong: false });
  if (!vat && taxed) meta.push({ label: LABELS.reverseCharge, value: doc.reverseCharge ? LABELS.yes.en : LABELS.no.en, strong: false });
  if (vat && doc.reverseCharge) meta.push({ label: LABELS.reverseCharge, value: LABELS.yes.en, strong: false });
  meta.push({ label: LABELS.currency, value: doc.currency, strong: false });
  if (doc.exchangeRate) meta.push({ label: LABELS.exchangeRate, value: doc.exchangeRate, strong: false });
  return meta;
}

/** The totals box: taxable value, tax per component and rate, total tax, round off; the grand total. */
function totalsView(doc: InvoiceDocument, vat: boolean, taxed: boolean): PrintView['totals'] {
  const cur = doc.currency;
  const m = (v: string) => formatMoney(v, cur);
  const t = doc.totals;
  const rows: PrintView['totals']['rows'] = [];
  if (taxed) {
    rows.push({ label: vat ? LABELS.totalExclVat : LABELS.totalTaxable, amount: m(t.taxable) });
    // r.46A: exempt, nil-rated and non-GST value stays out of the taxable value but in the total.
    if (t.nonTaxable && !isZero(t.nonTaxable)) rows.push({ label: LABELS.nonTaxableValue, amount: m(t.nonTaxable) });
    for (const c of componentRows(doc)) rows.push({ label: same(`${c.name} @ ${formatRate(c.rate)}`, vat ? LABELS.vatAmount.ar : c.name, c.name), amount: m(c.amount) });
    rows.push({ label: LABELS.totalTax, amount: m(t.tax) });
  } else {
    rows.push({ label: LABELS.total, amount: m(t.total) });
  }
  if (!isZero(t.roundOff)) rows.push({ label: LABELS.roundOff, amount: m(t.roundOff) });
  const grand = { label: vat ? LABELS.totalInclVat : LABELS.grandTotal, amount: `${currencyLabel(cur)} ${m(t.grandTotal)}` };
  return { rows, grand, amountWidth: totalAmountWidth(rows.map((r) => r.amount), grand.amount) };
}

/** Supplier, recipient and ship-to blocks (the state line on GST documents only). */
function partiesView(doc: InvoiceDocument, vat: boolean): Pick<PrintView, 'supplier' | 'customer' | 'shipTo'> {
  const taxIdLabel = vat ? LABELS.vatNo : LABELS.gstin;
  return {
    supplier: party(doc.supplier, taxIdLabel, !vat),
    customer: party(doc.customer, doc.customer.taxIdKind === 'uin' ? LABELS.uin : taxIdLabel, !vat),
    shipTo: doc.shipTo ? party(doc.shipTo, taxIdLabel, !vat) : null,
  };
}

/** What the document refers to or is marked with: the corrected invoice, notes issued against it, cancellation, IRN, export, copies. */
function linksView(doc: InvoiceDocument, qrSvg: string | undefined): Pick<PrintView, 'creditNoteFor' | 'creditNotes' | 'debitNotes' | 'cancelled' | 'irn' | 'export' | 'copyLabel' | 'copies'> {
  const cur = doc.currency;
  const note = (c: { number: string; date: string; total: string }) => ({ number: c.number, date: formatDate(c.date), total: `${currencyLabel(cur)} ${formatMoney(c.total, cur)}` });
  return {
    creditNoteFor: doc.creditNoteFor ? { number: doc.creditNoteFor.number, date: formatDate(doc.creditNoteFor.date), reason: doc.creditNoteFor.reason ?? '' } : null,
    creditNotes: (doc.creditNotes ?? []).map(note),
    debitNotes: (doc.debitNotes ?? []).map(note),
    cancelled: doc.cancelled ? { date: formatDate(doc.cancelled.date), reason: doc.cancelled.reason } : null,
    irn: doc.irn ? { irn: doc.irn.irn, ackNo: doc.irn.ackNo, ackDate: doc.irn.ackDate, qr: qrSvg ?? '' } : null,
    export: doc.export ? { country: `${doc.export.countryName} (${doc.export.country})`, statement: doc.export.statement, lut: doc.export.lut ?? '' } : null,
    copyLabel: doc.copyLabel ?? null,
    copies: doc.copyLabels && doc.copyLabels.length > 0 ? doc.copyLabels : doc.copyLabel ? [doc.copyLabel] : [],
  };
}

/** The line table and the summary tables, their rows measured with `m`. */
function tablesView(doc: InvoiceDocument, vat: boolean, taxed: boolean, m: LatinMetrics): Pick<PrintView, 'lines' | 'summaryTables' | 'keepWithSignatory'> {
  const summaryTables = doc.summaryTables.map((s) => summaryTable(s, doc.currency.toUpperCase() === 'INR', m));
  return {
    lines: table(vat ? vatColumns(doc) : gstColumns(doc, taxed), doc.lines, m),
    summaryTables,
    keepWithSignatory: (summaryTables.at(-1)?.table.rows.length ?? 0) <= KEEP_TOGETHER_MAX_ROWS,
  };
}

/**
 * The print view of a document. `options.metrics`: the Noto Sans Regular and Bold the compiler
 * prints with, for the tables' row heights (render.ts passes its compiler's fonts folder's); the
 * default folder's when absent.
 */
export function buildView(doc: InvoiceDocument, assets: ViewAssets = {}, options: { tableTags?: boolean; metrics?: LatinMetrics } = {}): PrintView {
  const vat = isVatLayout(doc);
  const taxed = hasTaxLines(doc);
  const banner = compositionNotes(doc);
  const cumBill = isInvoiceCumBill(doc);
  const tables = tablesView(doc, vat, taxed, options.metrics ?? latinMetrics());

  return {
    lang: doc.secondaryLanguage ?? (vat ? 'ar' : null),
    vat,
    taxed,
    title: cumBill ? LABELS.invoiceCumBillOfSupply : titleFor(doc.kind),
    numberLabel: numberLabelFor(doc.kind),
    labels: LABELS,
    meta: metaRows(doc, vat, taxed),
    ...partiesView(doc, vat),
    banner,
    notes: doc.notes.filter((n) => !banner.includes(n) && !(cumBill && INVOICE_CUM_BILL_RE.test(n.en.trim()))),
    placeOfSupplyNote: doc.placeOfSupplyBasis ? (BASIS_NOTES[doc.placeOfSupplyBasis] ?? null) : null,
    ...linksView(doc, assets.qrSvg),
    lines: tables.lines,
    totals: totalsView(doc, vat, taxed),
    summaryTables: tables.summaryTables,
    amountInWords: doc.amountInWords,
    signatoryName: doc.supplier.signatoryName ?? '',
    bank: bankRows(doc.supplier.bankDetails),
    logo: assets.logo ?? null,
    signature: assets.signature ?? null,
    specimen: doc.specimen,
    tableTags: options.tableTags ?? true,
    keepWithSignatory: tables.keepWithSignatory,
  };
}
