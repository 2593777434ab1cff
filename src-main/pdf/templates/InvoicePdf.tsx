// The invoice document: one React tree for every regime and kind. GST documents (gst-in, none)
// print Rule 46 / Rule 49 particulars; Bahrain VAT documents print every label in English and
// Arabic side by side; credit notes reference the invoice they correct.
import { Document, Page, Text, View } from '@react-pdf/renderer';
import type { ReactNode } from 'react';
import { Decimal } from 'decimal.js';
import type { InvoiceDocument, InvoiceDocumentLine } from '../../../src-shared/schemas/invoice-document.js';
import type { LocalizedText } from '../../../src-shared/tax/plugin-api.js';
import { currencyLabel, formatDate, formatMoney, formatQuantity, formatRate, formatUnitPrice, isZero } from '../format.js';
import { LABELS, titleFor, type Label } from '../labels.js';
import { FONT_ARABIC, FONT_DEVANAGARI, FONT_LATIN } from '../fonts.js';
import {
  AmountInWords,
  COLORS,
  type Column,
  Logo,
  MetaRow,
  Notes,
  PageChrome,
  PartyLines,
  type Secondary,
  Second,
  Signatory,
  SummaryTableView,
  T,
  Table,
  textCellStyle,
  TotalRow,
  totalAmountWidth,
  s,
} from './parts.js';

/** Whether a document is laid out as a Bahrain (bilingual VAT) document. */
export function isVatLayout(doc: InvoiceDocument): boolean {
  return doc.regime === 'vat-bh' || doc.currency.toUpperCase() === 'BHD';
}

function hasTaxLines(doc: InvoiceDocument): boolean {
  if (doc.kind === 'bill_of_supply' || doc.kind === 'cash_memo') return false;
  if (compositionNotes(doc).length > 0) return false;
  return doc.regime !== 'none';
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

function documentTitle(doc: InvoiceDocument): Label {
  return isInvoiceCumBill(doc) ? LABELS.invoiceCumBillOfSupply : titleFor(doc.kind);
}

/**
 * The composition declaration of a document that carries no tax: a bill of supply, or a
 * composition dealer's credit note (no tax components). Printed at the top, and such a
 * document gets no tax columns, totals or reverse-charge line.
 */
function compositionNotes(doc: InvoiceDocument): InvoiceDocument['notes'] {
  const taxless = doc.kind === 'bill_of_supply' || (doc.kind === 'credit_note' && doc.components.length === 0);
  return taxless ? doc.notes.filter((n) => COMPOSITION_RE.test(n.en)) : [];
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

const label = (en: string, ar = en, hi = en): Label => ({ en, ar, hi });

function gstColumns(doc: InvoiceDocument, lang: Secondary): Column<InvoiceDocumentLine>[] {
  const cur = doc.currency;
  const taxed = hasTaxLines(doc);
  const cols: Column<InvoiceDocumentLine>[] = [
    { key: 'sn', label: LABELS.sn, width: 0.35, align: 'center', cell: (l) => String(l.index), fit: (l) => String(l.index) },
    { key: 'desc', label: LABELS.description, width: taxed ? 2.6 : 3.4, align: 'left', cell: (l) => l.description, cellStyle: (l) => textCellStyle(l.description), shrink: true },
    { key: 'hsn', label: LABELS.hsn, width: 0.85, align: 'left', cell: (l) => l.hsn ?? '' },
    {
      key: 'qty',
      label: LABELS.qty,
      width: 0.8,
      align: 'right',
      cell: (l) => formatQuantity(l.quantity) + (l.unit ? ` ${l.unit}` : ''),
    },
    { key: 'rate', label: LABELS.rate, width: 1, align: 'right', cell: (l) => formatUnitPrice(l.unitPrice, cur), fit: (l) => formatUnitPrice(l.unitPrice, cur) },
    { key: 'disc', label: LABELS.discount, width: 0.8, align: 'right', cell: (l) => formatMoney(l.discount, cur), fit: (l) => formatMoney(l.discount, cur) },
    {
      key: 'taxable',
      label: taxed ? LABELS.taxableValue : LABELS.value,
      width: 1.1,
      align: 'right',
      cell: (l) => formatMoney(l.taxable, cur),
      fit: (l) => formatMoney(l.taxable, cur),
    },
  ];
  if (taxed) {
    for (const name of componentNames(doc)) {
      cols.push({
        key: `c-${name}`,
        label: label(name),
        width: 0.95,
        align: 'right',
        cell: (l) => {
          const c = l.components.find((x) => x.name === name);
          if (!c) return '-';
          return [
            <Text key="r" style={{ fontSize: 6.5, color: COLORS.muted }}>
              {formatRate(c.rate)}
            </Text>,
            '\n',
            formatMoney(c.amount, cur),
          ];
        },
        fit: (l) => {
          const c = l.components.find((x) => x.name === name);
          return c ? formatMoney(c.amount, cur) : '-';
        },
      });
    }
    cols.push({ key: 'total', label: LABELS.total, width: 1.1, align: 'right', cell: (l) => formatMoney(l.total, cur), cellStyle: () => s.bold, fit: (l) => formatMoney(l.total, cur) });
  }
  void lang;
  return cols;
}

function vatColumns(doc: InvoiceDocument): Column<InvoiceDocumentLine>[] {
  const cur = doc.currency;
  const simplified = doc.kind === 'simplified_tax_invoice';
  const cols: Column<InvoiceDocumentLine>[] = [
    { key: 'sn', label: LABELS.sn, width: 0.35, align: 'center', cell: (l) => String(l.index), fit: (l) => String(l.index) },
    { key: 'desc', label: LABELS.description, width: simplified ? 3.2 : 2.6, align: 'left', cell: (l) => l.description, cellStyle: (l) => textCellStyle(l.description), shrink: true },
    {
      key: 'qty',
      label: LABELS.qty,
      width: 0.75,
      align: 'right',
      cell: (l) => formatQuantity(l.quantity) + (l.unit ? ` ${l.unit}` : ''),
    },
    { key: 'price', label: LABELS.unitPrice, width: 1, align: 'right', cell: (l) => formatUnitPrice(l.unitPrice, cur), fit: (l) => formatUnitPrice(l.unitPrice, cur) },
  ];
  if (!simplified) {
    cols.push({ key: 'disc', label: LABELS.discount, width: 0.85, align: 'right', cell: (l) => formatMoney(l.discount, cur), fit: (l) => formatMoney(l.discount, cur) });
    cols.push({ key: 'net', label: LABELS.netAmount, width: 1.05, align: 'right', cell: (l) => formatMoney(l.taxable, cur), fit: (l) => formatMoney(l.taxable, cur) });
  }
  cols.push({
    key: 'vatRate',
    label: LABELS.vatRate,
    width: 0.8,
    align: 'right',
    cell: (l) => {
      if (l.category === 'standard') return formatRate(l.rate);
      const arabic = VAT_CATEGORY_AR[l.category];
      // English over Arabic, like every other label on the Bahrain invoice.
      return arabic ? [categoryLabel(l.category), '\n', <Text key="ar" style={s.arabic}>{arabic}</Text>] : categoryLabel(l.category);
    },
  });
  cols.push({ key: 'vat', label: LABELS.vatAmount, width: 0.9, align: 'right', cell: (l) => formatMoney(l.tax, cur), fit: (l) => formatMoney(l.tax, cur) });
  cols.push({ key: 'total', label: LABELS.totalInclVat, width: 1.1, align: 'right', cell: (l) => formatMoney(l.total, cur), cellStyle: () => s.bold, fit: (l) => formatMoney(l.total, cur) });
  return cols;
}

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

function Header({ doc, lang }: { doc: InvoiceDocument; lang: Secondary }) {
  const vat = isVatLayout(doc);
  const title = documentTitle(doc);
  const numberLabel = doc.kind === 'credit_note' ? LABELS.creditNoteNo : LABELS.invoiceNo;
  return (
    <View style={[s.row, { marginBottom: 10 }]}>
      <View style={{ flex: 1.15, paddingRight: 12 }}>
        <Logo src={doc.supplier.logo} />
        <T style={{ fontSize: 13, lineHeight: 1.3, fontWeight: 'bold', color: COLORS.accent, marginBottom: 2 }}>{doc.supplier.name}</T>
        <PartyLines party={doc.supplier} taxIdLabel={vat ? LABELS.vatNo : LABELS.gstin} lang={lang} showState={!vat} />
      </View>
      <View style={{ flex: 1 }}>
        <View style={{ borderBottomWidth: 2, borderBottomColor: COLORS.accent, paddingBottom: 3, marginBottom: 4, alignItems: 'flex-end' }}>
          <Text style={{ fontSize: 16, lineHeight: 1.25, fontWeight: 'bold', color: COLORS.accent, textTransform: 'uppercase' }}>{title.en}</Text>
          {lang ? <Second label={title} lang={lang} style={{ fontSize: 14, lineHeight: 1.5, fontWeight: 'bold', color: COLORS.accent, textAlign: 'right' }} /> : null}
        </View>
        <MetaRow label={numberLabel} value={doc.number} lang={lang} strong />
        <MetaRow label={LABELS.date} value={formatDate(doc.issueDate)} lang={lang} />
        {doc.supplyDate && doc.supplyDate !== doc.issueDate ? <MetaRow label={LABELS.supplyDate} value={formatDate(doc.supplyDate)} lang={lang} /> : null}
        {doc.placeOfSupply ? (
          <MetaRow label={LABELS.placeOfSupply} value={`${doc.placeOfSupply.name} (${doc.placeOfSupply.code})`} lang={lang} />
        ) : null}
        {!vat && hasTaxLines(doc) ? <MetaRow label={LABELS.reverseCharge} value={doc.reverseCharge ? LABELS.yes.en : LABELS.no.en} lang={lang} /> : null}
        {vat && doc.reverseCharge ? <MetaRow label={LABELS.reverseCharge} value={LABELS.yes.en} lang={lang} /> : null}
        <MetaRow label={LABELS.currency} value={doc.currency} lang={lang} />
        {doc.exchangeRate ? <MetaRow label={LABELS.exchangeRate} value={doc.exchangeRate} lang={lang} /> : null}
      </View>
    </View>
  );
}

function BoxTitle({ label: l, lang }: { label: Label; lang: Secondary }) {
  return (
    <View style={s.row}>
      <Text style={[s.boxTitle, { flex: 1 }]}>{l.en}</Text>
      {lang ? <Second label={l} lang={lang} style={{ ...s.boxTitle, textTransform: 'none', flex: 1, textAlign: 'right' }} /> : null}
    </View>
  );
}

function Parties({ doc, lang }: { doc: InvoiceDocument; lang: Secondary }) {
  const vat = isVatLayout(doc);
  const c = doc.customer;
  return (
    <View style={[s.row, { marginBottom: 10 }]}>
      <View style={[s.box, { flex: 1, marginRight: doc.creditNoteFor ? 8 : 0 }]}>
        <BoxTitle label={LABELS.billTo} lang={lang} />
        <T style={{ fontWeight: 'bold', fontSize: 9.5, lineHeight: 1.4 }}>{c.name}</T>
        <PartyLines party={c} taxIdLabel={vat ? LABELS.vatNo : LABELS.gstin} lang={lang} showState={!vat} />
      </View>
      {doc.creditNoteFor ? (
        <View style={[s.box, { flex: 1, borderColor: COLORS.accent }]}>
          <BoxTitle label={LABELS.againstInvoice} lang={lang} />
          <Text style={{ fontSize: 9.5, lineHeight: 1.3, fontWeight: 'bold' }}>{doc.creditNoteFor.number}</Text>
          <View style={s.row}>
            <Text style={{ flex: 1 }}>
              {LABELS.dated.en} {formatDate(doc.creditNoteFor.date)}
            </Text>
            {lang ? <Second label={LABELS.dated} lang={lang} style={{ width: 60, textAlign: 'right', color: COLORS.muted }} /> : null}
          </View>
          {doc.creditNoteFor.reason ? (
            <View style={s.row}>
              <Text style={{ flex: 1 }}>
                {LABELS.reason.en}: {doc.creditNoteFor.reason}
              </Text>
              {lang ? <Second label={LABELS.reason} lang={lang} style={{ width: 60, textAlign: 'right', color: COLORS.muted }} /> : null}
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  );
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

function Totals({ doc, lang }: { doc: InvoiceDocument; lang: Secondary }) {
  const cur = doc.currency;
  const vat = isVatLayout(doc);
  const taxed = hasTaxLines(doc);
  const t = doc.totals;
  const m = (v: string) => formatMoney(v, cur);
  const rows = taxed ? componentRows(doc) : [];
  const grand = `${currencyLabel(cur)} ${m(t.grandTotal)}`;
  const w = totalAmountWidth([m(t.taxable), m(t.tax), m(t.total), m(t.roundOff), ...rows.map((c) => m(c.amount))], grand);
  return (
    <View wrap={false} style={{ width: 280, borderWidth: 0.75, borderColor: COLORS.line }}>
      {taxed ? (
        <>
          <TotalRow label={vat ? LABELS.totalExclVat : LABELS.totalTaxable} amount={m(t.taxable)} lang={lang} amountWidth={w} />
          {rows.map((c) => (
            <TotalRow key={`${c.name}-${c.rate}`} label={label(c.name, vat ? LABELS.vatAmount.ar : c.name, c.name)} extra={` @ ${formatRate(c.rate)}`} amount={m(c.amount)} lang={lang} amountWidth={w} />
          ))}
          <TotalRow label={LABELS.totalTax} amount={m(t.tax)} lang={lang} amountWidth={w} />
        </>
      ) : (
        <TotalRow label={LABELS.total} amount={m(t.total)} lang={lang} amountWidth={w} />
      )}
      {!isZero(t.roundOff) ? <TotalRow label={LABELS.roundOff} amount={m(t.roundOff)} lang={lang} amountWidth={w} /> : null}
      <TotalRow label={vat ? LABELS.totalInclVat : LABELS.grandTotal} amount={grand} lang={lang} strong amountWidth={w} />
    </View>
  );
}

function CompositionBanner({ notes }: { notes: LocalizedText[] }) {
  if (notes.length === 0) return null;
  return (
    <View style={{ borderWidth: 1, borderColor: COLORS.text, padding: 4, marginBottom: 8, alignItems: 'center' }}>
      {notes.map((n, i) => (
        <Text key={i} style={{ fontWeight: 'bold', textTransform: 'uppercase', fontSize: 8.5, textAlign: 'center' }}>
          {n.en}
        </Text>
      ))}
    </View>
  );
}

/** Fallback chain for the page: Latin first, then only the script the document needs (faster). */
function fontChain(doc: InvoiceDocument, vat: boolean, lang: Secondary): string[] {
  if (vat || lang === 'ar') return [FONT_LATIN, FONT_ARABIC];
  if (lang === 'hi') return [FONT_LATIN, FONT_DEVANAGARI];
  // A GST document whose text is all Latin needs no fallback font (font fallback costs time).
  const json = JSON.stringify(doc);
  const chain = [FONT_LATIN];
  if (/[\u0900-\u097F]/.test(json)) chain.push(FONT_DEVANAGARI);
  if (/[\u0600-\u06FF]/.test(json)) chain.push(FONT_ARABIC);
  return chain;
}

/**
 * The block printed just before the notes and signatory row (the last summary table, else the
 * totals) asks the paginator for this much room after it (`minPresenceAhead`): when the signatory
 * row does not fit below it, the block moves to the next page with it instead of leaving "For
 * <supplier> / Authorised signatory" (and the notes) alone on the last page. The row is one
 * unbreakable block, so any positive window forbids the only break between the two.
 */
const KEEP_WITH_SIGNATORY = 24;

/** A4 height in points as react-pdf sizes the page; a non-wrapping page is only as tall as its content. */
const A4_HEIGHT = 841.89;

interface PageLayoutProps {
  children?: ReactNode;
  pageNumber?: number;
  totalPages?: number;
}

/** What react-pdf hands Document's onRender after layout (its internal layout tree). */
export type LayoutProbe = (params: object) => void;

/**
 * `singlePage`: lay the document out as one page that does not wrap (no pagination pass) with a
 * static footer; `onLayout` receives react-pdf's layout tree so the caller can check that the
 * content really fits (render.ts).
 */
export function InvoicePdf({ doc, singlePage, onLayout }: { doc: InvoiceDocument; singlePage?: boolean; onLayout?: LayoutProbe }) {
  const vat = isVatLayout(doc);
  const lang: Secondary = doc.secondaryLanguage ?? (vat ? 'ar' : undefined);
  const composition = compositionNotes(doc);
  const otherNotes = doc.notes.filter((n) => !composition.includes(n) && !(isInvoiceCumBill(doc) && INVOICE_CUM_BILL_RE.test(n.en.trim())));
  const columns = vat ? vatColumns(doc) : gstColumns(doc, lang);
  const title = documentTitle(doc);
  return (
    <Document title={`${title.en} ${doc.number}`} author={doc.supplier.name} subject={`${title.en} ${doc.number}`} creator="LedgerFlow" producer="LedgerFlow" {...(onLayout ? { onRender: onLayout } : {})}>
      <Page
        size="A4"
        wrap={!singlePage}
        {...(singlePage ? {} : { layout: (p: PageLayoutProps) => <PageChrome doc={doc} lang={lang} pageNumber={p.pageNumber} totalPages={p.totalPages}>{p.children}</PageChrome> })}
        style={[s.page, { fontFamily: fontChain(doc, vat, lang) }, singlePage ? { minHeight: A4_HEIGHT } : {}]}
      >
        <CompositionBanner notes={composition} />
        <Header doc={doc} lang={lang} />
        <Parties doc={doc} lang={lang} />
        <Table columns={columns} rows={doc.lines} lang={lang} rowKey={(l) => String(l.index)} />
        <View style={[s.row, { marginTop: 8 }]} wrap={false} {...(doc.summaryTables.length === 0 ? { minPresenceAhead: KEEP_WITH_SIGNATORY } : {})}>
          <View style={{ flex: 1, paddingRight: 10 }}>
            <AmountInWords words={doc.amountInWords} lang={lang} />
          </View>
          <Totals doc={doc} lang={lang} />
        </View>
        {doc.summaryTables.map((t, i) => (
          <SummaryTableView
            key={t.id}
            table={t}
            lang={lang}
            indianGrouping={doc.currency.toUpperCase() === 'INR'}
            {...(i === doc.summaryTables.length - 1 ? { minPresenceAhead: KEEP_WITH_SIGNATORY } : {})}
          />
        ))}
        <View style={[s.row, { marginTop: 8, alignItems: 'flex-end' }]} wrap={false}>
          <View style={{ flex: 1, paddingRight: 10 }}>
            <Notes notes={otherNotes} lang={lang} />
          </View>
          <Signatory supplier={doc.supplier} lang={lang} />
        </View>
        {singlePage ? <PageChrome doc={doc} lang={lang} /> : null}
      </Page>
    </Document>
  );
}
