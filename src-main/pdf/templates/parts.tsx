// Building blocks shared by every invoice template: bilingual labels, the page frame (watermark,
// "continued", page x of y), party blocks, tables, totals and the signatory block.
import type { ReactNode } from 'react';
import { Image, Text, View, StyleSheet } from '@react-pdf/renderer';
import type { Style } from '@react-pdf/types';
import type { InvoiceDocument, PartyBlock } from '../../../src-shared/schemas/invoice-document.js';
import type { LocalizedText, SummaryTable } from '../../../src-shared/tax/plugin-api.js';
import { FONT_ARABIC, FONT_DEVANAGARI, FONT_LATIN } from '../fonts.js';
import { formatDecimal } from '../format.js';
import { LABELS, type Label } from '../labels.js';

export type Secondary = 'ar' | 'hi' | undefined;

export const COLORS = {
  text: '#1f2933',
  muted: '#5f6b7a',
  accent: '#1f4e79',
  line: '#c5cfda',
  headBg: '#e8eef5',
  zebra: '#f7f9fb',
  totalBg: '#1f4e79',
};

export const s = StyleSheet.create({
  page: {
    paddingTop: 30,
    paddingBottom: 50,
    paddingHorizontal: 30,
    fontFamily: [FONT_LATIN, FONT_ARABIC, FONT_DEVANAGARI],
    fontSize: 8,
    color: COLORS.text,
    lineHeight: 1.3,
  },
  row: { flexDirection: 'row' },
  bold: { fontWeight: 'bold' },
  muted: { color: COLORS.muted },
  arabic: { fontFamily: FONT_ARABIC, direction: 'rtl' },
  hindi: { fontFamily: FONT_DEVANAGARI },
  box: { borderWidth: 0.75, borderColor: COLORS.line, borderRadius: 2, padding: 6 },
  boxTitle: { fontSize: 7, color: COLORS.accent, fontWeight: 'bold', marginBottom: 2, textTransform: 'uppercase' },
  cell: { paddingVertical: 3, paddingHorizontal: 3 },
  th: { fontWeight: 'bold', fontSize: 7, color: COLORS.accent },
  thSecondary: { fontSize: 6.5, color: COLORS.accent },
});

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

type StyleArg = Style | undefined;

/** Free text that may be Arabic: printed RTL with the Arabic font when it starts Arabic. */
export function T({ children, style }: { children: string; style?: StyleArg }) {
  if (isRtlText(children)) return <Text style={[s.arabic, { textAlign: 'right' }, style ?? {}]}>{children}</Text>;
  if (DEVANAGARI_RE.test(children)) return <Text style={[s.hindi, style ?? {}]}>{children}</Text>;
  return <Text style={style ?? {}}>{children}</Text>;
}

/** The secondary-language form of a label as its own Text (Arabic RTL, or Hindi). */
export function Second({ label, lang, style }: { label: Label | LocalizedText; lang: Secondary; style?: StyleArg }) {
  if (lang === 'ar' && label.ar) return <Text style={[s.arabic, { alignSelf: 'stretch' }, style ?? {}]}>{label.ar}</Text>;
  if (lang === 'hi' && label.hi) return <Text style={[s.hindi, style ?? {}]}>{label.hi}</Text>;
  return null;
}

/** English with the second language centred below it. */
export function BiCentered({ label, lang, style }: { label: Label; lang: Secondary; style?: Style }) {
  return (
    <View style={{ alignSelf: 'stretch' }}>
      <Text style={[{ textAlign: 'center' }, style ?? {}]}>{label.en}</Text>
      {lang ? <Second label={label} lang={lang} style={{ ...(style ?? {}), textAlign: 'center' }} /> : null}
    </View>
  );
}

/** A column header: English above, second language below. */
export function BiStack({ label, lang, align }: { label: Label | LocalizedText; lang: Secondary; align: 'left' | 'right' | 'center' }) {
  return (
    <View>
      <Text style={[s.th, { textAlign: align }]}>{label.en}</Text>
      {lang ? <Second label={label} lang={lang} style={{ ...s.thSecondary, textAlign: align }} /> : null}
    </View>
  );
}

/**
 * The page chrome: SPECIMEN watermark, running "continued" marks and the footer with page x of y.
 * Absolutely positioned, so it takes no space from the content.
 *
 * `pageNumber`/`totalPages` given (a page `layout`, react-pdf's pagination engine that measures the
 * content once and calls the layout once per output page): the texts for that page.
 * Omitted (`static`): a one-page document, "Page 1 of 1" and no "continued" marks.
 */
export function PageChrome({ doc, lang, pageNumber = 1, totalPages = 1, children }: { doc: InvoiceDocument; lang: Secondary; pageNumber?: number | undefined; totalPages?: number | undefined; children?: ReactNode }) {
  const numberLabel = doc.kind === 'credit_note' ? LABELS.creditNoteNo.en : LABELS.invoiceNo.en;
  // The watermark is drawn after the content (on top, translucent): drawn first, the table rows'
  // opaque backgrounds hid it on every page full of lines, and a sandbox invoice looked real.
  const watermark = doc.specimen ? (
    <View style={{ position: 'absolute', top: 330, left: 40, right: 40, alignItems: 'center' }}>
      <Text style={{ fontSize: 96, lineHeight: 1.2, fontWeight: 'bold', color: '#c0392b', opacity: 0.12, transform: 'rotate(-35deg)' }}>
        {LABELS.specimen.en}
      </Text>
    </View>
  ) : null;
  return (
    <>
      {pageNumber > 1 ? (
        <Text style={{ position: 'absolute', top: 14, left: 30, right: 30, fontSize: 7, color: COLORS.muted }}>{`${numberLabel} ${doc.number} (${LABELS.continued.en})`}</Text>
      ) : null}
      {pageNumber > 1 && lang === 'ar' ? <Text style={[s.arabic, { position: 'absolute', top: 12, right: 30, width: 80, textAlign: 'right', fontSize: 7, color: COLORS.muted }]}>{LABELS.continued.ar}</Text> : null}
      {children}
      {watermark}
      {pageNumber < totalPages ? (
        <Text style={{ position: 'absolute', top: 795, right: 30, fontSize: 7, color: COLORS.muted, fontStyle: 'normal' }}>{`${LABELS.continuedOnNext.en} ...`}</Text>
      ) : null}
      {pageNumber < totalPages && lang === 'ar' ? <Text style={[s.arabic, { position: 'absolute', top: 793, right: 130, width: 120, textAlign: 'right', fontSize: 7, color: COLORS.muted }]}>{LABELS.continuedOnNext.ar}</Text> : null}
      <View style={{ position: 'absolute', top: 808, left: 30, right: 30, flexDirection: 'row', borderTopWidth: 0.5, borderTopColor: COLORS.line, paddingTop: 3 }}>
        <Text style={{ flex: 1, fontSize: 6.5, color: COLORS.muted }}>
          {LABELS.computerGenerated.en}
          {doc.traceId ? `  Trace ${doc.traceId}` : ''}
        </Text>
        {/* Arabic text of auto width in a row measured 0 wide and was never printed: widths are given. */}
        {lang === 'ar' ? <Text style={[s.arabic, { width: 110, textAlign: 'right', fontSize: 6.5, color: COLORS.muted, marginRight: 12 }]}>{LABELS.computerGenerated.ar}</Text> : null}
        <Text style={{ fontSize: 7, color: COLORS.muted }}>{`${LABELS.page.en} ${pageNumber} ${LABELS.of.en} ${totalPages}`}</Text>
        {lang === 'ar' ? <Text style={[s.arabic, { width: 50, textAlign: 'right', fontSize: 6.5, color: COLORS.muted, marginLeft: 6 }]}>{`${LABELS.page.ar} ${pageNumber} ${LABELS.of.ar} ${totalPages}`}</Text> : null}
      </View>
    </>
  );
}

export function Logo({ src }: { src?: string | undefined }) {
  if (!src) return null;
  return <Image src={src} style={{ maxHeight: 46, maxWidth: 120, objectFit: 'contain', marginBottom: 6 }} />;
}

/** Supplier block: name, address, tax id, state, contact. */
export function PartyLines({ party, taxIdLabel, lang, showState }: { party: PartyBlock; taxIdLabel: Label; lang: Secondary; showState: boolean }) {
  // Few layout nodes (each costs render time): Latin lines share one Text; Arabic lines, the
  // tax id row and contact lines get their own.
  const rtlLines = party.address.filter(isRtlText);
  const ltrLines = party.address.filter((l) => !isRtlText(l));
  const stateLine = showState && party.stateName ? `${LABELS.state.en}: ${party.stateName}${party.stateCode ? ` (Code ${party.stateCode})` : ''}` : '';
  const contact = [party.phone ? `${LABELS.phone.en}: ${party.phone}` : '', party.email ? `${LABELS.email.en}: ${party.email}` : ''].filter(Boolean).join('\n');
  return (
    <View>
      {rtlLines.map((line, i) => (
        <T key={i}>{line}</T>
      ))}
      {ltrLines.length > 0 ? <Text>{ltrLines.join('\n')}</Text> : null}
      {party.taxId ? (
        <View style={s.row}>
          <Text style={s.bold}>
            {taxIdLabel.en}: {party.taxId}
          </Text>
          {lang === 'ar' && taxIdLabel.ar !== taxIdLabel.en ? <Text style={[s.arabic, s.bold, { flex: 1, textAlign: 'right' }]}>{taxIdLabel.ar}</Text> : null}
        </View>
      ) : null}
      {stateLine ? <Text>{stateLine}</Text> : null}
      {contact ? <Text style={s.muted}>{contact}</Text> : null}
    </View>
  );
}

/** A label/value pair. With Arabic: English label left, value, Arabic label right. */
export function MetaRow({ label, value, lang, strong }: { label: Label; value: string; lang: Secondary; strong?: boolean }) {
  return (
    <View style={[s.row, { paddingVertical: 1.5, borderBottomWidth: 0.5, borderBottomColor: COLORS.line, alignItems: 'center' }]}>
      <Text style={{ width: lang === 'ar' ? 62 : 92, color: COLORS.muted }}>{label.en}</Text>
      <T style={{ flex: 1, fontWeight: strong ? 'bold' : 'normal', textAlign: lang === 'ar' ? 'center' : 'left' }}>{value}</T>
      {lang === 'ar' ? <Text style={[s.arabic, { width: 70, textAlign: 'right', color: COLORS.muted }]}>{label.ar}</Text> : null}
      {lang === 'hi' ? <Text style={[s.hindi, { width: 62, textAlign: 'right', color: COLORS.muted }]}>{label.hi}</Text> : null}
    </View>
  );
}

export interface Column<Row> {
  key: string;
  label: Label | LocalizedText;
  /** Flex weight of the column. */
  width: number;
  align: 'left' | 'right' | 'center';
  /** The cell's content: a string or nested <Text> runs (one layout node per cell keeps rendering fast). */
  cell: (row: Row) => ReactNode;
  /** Extra style for a cell (e.g. right-to-left for Arabic text). */
  cellStyle?: (row: Row) => Style | undefined;
  /** The text of the cell that must stay on one line (an amount): the column widens to hold it. */
  fit?: (row: Row) => string;
  /** Free text that may wrap: gives up width first when an amount column needs more. */
  shrink?: boolean;
}

/** Width of a table: A4 minus the page's side padding and the table's two borders. */
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
 * Column widths as percentages: the columns' weights, unless an amount (`fit`) would not fit its
 * cell on one line (crore rupee and million dinar amounts overflowed into the next column and past
 * the table's edge). Then those columns get the width they need, taken from the free-text
 * columns (`shrink`, down to 40% of their width) and then from other amount columns' slack.
 * Documents whose amounts fit are laid out exactly as the weights say.
 */
export function columnPercents<Row>(columns: Column<Row>[], rows: Row[]): string[] {
  const sum = columns.reduce((a, c) => a + c.width, 0);
  const base = columns.map((c) => c.width / sum);
  const need = columns.map((c) => {
    if (!c.fit) return 0;
    const em = rows.reduce((m, r) => Math.max(m, amountWidthEm(c.fit!(r))), 0);
    return (em * TABLE_FONT_SIZE + CELL_PADDING_X + 1) / TABLE_WIDTH;
  });
  if (need.every((n, i) => n <= base[i]!)) return base.map((b) => `${(b * 100).toFixed(3)}%`);
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
  return p.map((x) => `${(x * scale * 100).toFixed(3)}%`);
}

/** Style for a free-text cell: Arabic text is printed right-to-left. */
export function textCellStyle(text: string): Style | undefined {
  return isRtlText(text) ? { fontFamily: FONT_ARABIC, direction: 'rtl', textAlign: 'right' } : undefined;
}

/** A table whose header repeats on every page it spans; rows never split across pages. */
export function Table<Row>({ columns, rows, lang, rowKey, boldRow }: { columns: Column<Row>[]; rows: Row[]; lang: Secondary; rowKey: (r: Row, i: number) => string; boldRow?: number }) {
  // Percentage widths (not flex) let the layout engine measure each cell's text once.
  const percents = columnPercents(columns, rows);
  const pct = (c: Column<Row>) => percents[columns.indexOf(c)]!;
  const secondStyle: Style = lang === 'ar' ? { fontFamily: FONT_ARABIC, fontSize: 6.5, fontWeight: 'normal' } : { fontFamily: FONT_DEVANAGARI, fontSize: 6.5, fontWeight: 'normal' };
  return (
    <View style={{ borderWidth: 0.75, borderColor: COLORS.line }}>
      <View fixed style={[s.row, { backgroundColor: COLORS.headBg, borderBottomWidth: 0.75, borderBottomColor: COLORS.line }]}>
        {columns.map((c) => {
          const second = lang ? (c.label as LocalizedText)[lang] : undefined;
          return (
            <Text key={c.key} style={[s.cell, s.th, { width: pct(c), textAlign: c.align }]}>
              {c.label.en}
              {second && second !== c.label.en ? '\n' : ''}
              {second && second !== c.label.en ? <Text style={secondStyle}>{second}</Text> : null}
            </Text>
          );
        })}
      </View>
      {rows.map((r, i) => (
        <View key={rowKey(r, i)} wrap={false} style={[s.row, { backgroundColor: i % 2 === 1 ? COLORS.zebra : '#ffffff', borderBottomWidth: i === rows.length - 1 ? 0 : 0.5, borderBottomColor: '#e1e7ee' }]}>
          {columns.map((c) => (
            <Text key={c.key} style={[s.cell, { width: pct(c), textAlign: c.align }, i === boldRow ? s.bold : {}, c.cellStyle?.(r) ?? {}]}>
              {c.cell(r)}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}

const NUMERIC_RE = /^-?\d+(\.\d+)?$/;

/** A plugin-provided summary table (HSN/SAC summary, VAT per rate), printed as given. */
export function SummaryTableView({ table, lang, indianGrouping, minPresenceAhead }: { table: SummaryTable; lang: Secondary; indianGrouping: boolean; minPresenceAhead?: number }) {
  const fmt = (v: string | undefined) => {
    if (v === undefined) return '';
    if (NUMERIC_RE.test(v) && v.includes('.')) return formatDecimal(v, v.split('.')[1]?.length ?? 0, indianGrouping);
    return v;
  };
  const columns: Column<Record<string, string>>[] = table.columns.map((c) => ({
    key: c.key,
    label: c.label,
    width: c.align === 'end' ? 1.2 : 1,
    align: c.align === 'end' ? 'right' : 'left',
    cell: (r) => fmt(r[c.key]),
    cellStyle: (r) => textCellStyle(r[c.key] ?? ''),
  }));
  const rows = table.totals ? [...table.rows, table.totals] : table.rows;
  return (
    <View wrap={false} style={{ marginTop: 10 }} {...(minPresenceAhead ? { minPresenceAhead } : {})}>
      <View style={[s.row, { marginBottom: 3 }]}>
        <Text style={[s.boxTitle, { marginBottom: 0, flex: 1 }]}>{table.title.en}</Text>
        {lang ? <Second label={table.title} lang={lang} style={{ ...s.boxTitle, marginBottom: 0, textTransform: 'none', flex: 1, textAlign: 'right' }} /> : null}
      </View>
      <Table columns={columns} rows={rows} lang={lang} rowKey={(_r, i) => String(i)} {...(table.totals ? { boldRow: rows.length - 1 } : {})} />
    </View>
  );
}

/** Width of the amount in the totals box, unless a longer amount needs more (totalAmountWidth). */
export const TOTAL_AMOUNT_WIDTH = 72;

/**
 * The amount width for a totals box: 72, or what the widest amount needs on one line (the grand
 * total at 9.5 pt bold; "₹ 12,16,51,587.00" once wrapped under its currency sign).
 */
export function totalAmountWidth(amounts: string[], grandTotal: string): number {
  const widest = Math.max(...amounts.map((a) => amountWidthEm(a) * 8), amountWidthEm(grandTotal) * 9.5);
  return Math.max(TOTAL_AMOUNT_WIDTH, Math.ceil(widest + 2));
}

/** One line of the totals box: English label, amount, second-language label. */
export function TotalRow({ label, amount, lang, strong, extra, amountWidth = TOTAL_AMOUNT_WIDTH }: { label: Label; amount: string; lang: Secondary; strong?: boolean; extra?: string; amountWidth?: number }) {
  const base = strong ? { fontWeight: 'bold' as const, color: '#ffffff' } : {};
  return (
    <View style={[s.row, { paddingVertical: strong ? 4 : 2, paddingHorizontal: 6, alignItems: 'center' }, strong ? { backgroundColor: COLORS.totalBg } : { borderBottomWidth: 0.5, borderBottomColor: COLORS.line }]}>
      <Text style={[{ flex: 1.1 }, base]}>
        {label.en}
        {extra ?? ''}
      </Text>
      {lang === 'ar' ? <Text style={[s.arabic, { flex: 1, textAlign: 'right', marginRight: 8 }, base]}>{label.ar}</Text> : null}
      {lang === 'hi' ? <Text style={[s.hindi, { flex: 1, textAlign: 'right', marginRight: 8 }, base]}>{label.hi}</Text> : null}
      <Text style={[{ width: amountWidth, textAlign: 'right' }, base, strong ? { fontSize: 9.5, lineHeight: 1.3 } : {}]}>{amount}</Text>
    </View>
  );
}


/** Amount in words, in English and (when present) the second language. */
export function AmountInWords({ words, lang }: { words: LocalizedText; lang: Secondary }) {
  return (
    <View style={[s.box, { marginTop: 8 }]} wrap={false}>
      <View style={s.row}>
        <Text style={[s.boxTitle, { flex: 1 }]}>{LABELS.amountInWords.en}</Text>
        {lang ? <Second label={LABELS.amountInWords} lang={lang} style={{ ...s.boxTitle, textTransform: 'none', flex: 1, textAlign: 'right' }} /> : null}
      </View>
      <Text style={s.bold}>{words.en}</Text>
      {lang === 'ar' && words.ar ? <Text style={[s.arabic, s.bold, { textAlign: 'right' }]}>{words.ar}</Text> : null}
      {lang === 'hi' && words.hi ? <Text style={[s.hindi, s.bold]}>{words.hi}</Text> : null}
    </View>
  );
}

export function Notes({ notes, lang }: { notes: LocalizedText[]; lang: Secondary }) {
  if (notes.length === 0) return null;
  return (
    <View style={[s.box, { marginTop: 8 }]} wrap={false}>
      <View style={s.row}>
        <Text style={[s.boxTitle, { flex: 1 }]}>{LABELS.notes.en}</Text>
        {lang ? <Second label={LABELS.notes} lang={lang} style={{ ...s.boxTitle, textTransform: 'none', flex: 1, textAlign: 'right' }} /> : null}
      </View>
      {notes.map((n, i) => (
        <View key={i} style={{ marginBottom: 2 }}>
          <Text>{n.en}</Text>
          {lang === 'ar' && n.ar ? <Text style={[s.arabic, { textAlign: 'right' }]}>{n.ar}</Text> : null}
          {lang === 'hi' && n.hi ? <Text style={s.hindi}>{n.hi}</Text> : null}
        </View>
      ))}
    </View>
  );
}

export function Signatory({ supplier, lang }: { supplier: InvoiceDocument['supplier']; lang: Secondary }) {
  return (
    <View wrap={false} style={{ width: 190, borderWidth: 0.75, borderColor: COLORS.line, borderRadius: 2, padding: 6 }}>
      <Text style={[s.bold, { textAlign: 'center' }]}>
        {LABELS.forSupplier.en} {supplier.name}
      </Text>
      {supplier.signature ? (
        <Image src={supplier.signature} style={{ height: 38, maxWidth: 150, objectFit: 'contain', marginVertical: 4, alignSelf: 'center' }} />
      ) : (
        <View style={{ height: 38 }} />
      )}
      <View style={{ borderTopWidth: 0.5, borderTopColor: COLORS.muted, alignSelf: 'stretch', paddingTop: 2, alignItems: 'center' }}>
        {supplier.signatoryName ? <T style={{ textAlign: 'center', alignSelf: 'stretch' }}>{supplier.signatoryName}</T> : null}
        <BiCentered label={LABELS.authorisedSignatory} lang={lang} style={{ color: COLORS.muted }} />
      </View>
    </View>
  );
}
