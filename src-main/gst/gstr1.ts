// GSTR-1 for one return period, in the shape of the GSTN offline tool's JSON, built from the
// documents of that period as the database holds them (the stored tax results, never recomputed).
// Pure: no I/O; amounts are BigInt paise from the stored decimal strings, written back as exact
// 2-decimal numbers. The sections and thresholds, with their sources, are in docs/TAX-RULES.md
// ("GSTR-1").
import { minorToText, toMinorUnitsBig } from '../../src-shared/money/minor-units.js';
import { Dec } from '../../src-shared/money/decimal.js';
import type { InvoiceKind, SupplyType, TaxLineResult, TaxResult } from '../../src-shared/tax/plugin-api.js';
import { jsonDecimal, type JsonDecimal } from './exact-json.js';
import { uqcOf } from './uqc.js';

/** One issued or voided document of the period, with what GSTR-1 needs of it. */
export interface FilingDocument {
  id: string;
  kind: InvoiceKind;
  status: 'issued' | 'void';
  number: string;
  /** YYYY-MM-DD */
  issueDate: string;
  seriesCode: string;
  fiscalYear: string;
  seq: number;
  /** The recipient's GSTIN or UIN when registered; null for an unregistered recipient. */
  recipientTaxId: string | null;
  recipientCountry: string | null;
  /** Two-digit GST state code of the place of supply ("96" for a place outside India). */
  placeOfSupply: string;
  supplyType: SupplyType;
  reverseCharge: boolean;
  /** Grand total (invoice value) as stored. */
  grandTotal: string;
  tax: TaxResult;
  /** For a credit note: the invoice it corrects (the same fields). */
  original?: Omit<FilingDocument, 'original'>;
}

export type Gstr1Section = 'b2b' | 'b2cl' | 'b2cs' | 'exp' | 'cdnr' | 'cdnur' | 'nil';

export interface SectionSummary {
  section: Gstr1Section;
  /** Documents placed in the section (each document is placed in exactly one). */
  documents: number;
  taxable: string;
  igst: string;
  cgst: string;
  sgst: string;
  cess: string;
  /** nil section: exempt, nil-rated and non-GST values. */
  exempt?: string;
  nilRated?: string;
  nonGst?: string;
}

export interface Gstr1Result {
  json: Record<string, unknown>;
  summary: {
    gstin: string;
    period: string;
    sections: SectionSummary[];
    /** Net of credit notes, voided documents left out: what the register's totals must equal. */
    /** taxable excludes exempt, nil-rated and non-GST value, which nonTaxable holds (the invoice's own split). */
    totals: { documents: number; voided: number; taxable: string; nonTaxable: string; tax: string; invoiceValue: string };
    /** Where each document went (its id -> section), for checks and the UI. */
    placement: Record<string, Gstr1Section | 'void'>;
  };
}

/** B2CL threshold: invoice value above which an inter-state B2C invoice is reported one by one. */
export function b2clThresholdOn(date: string): bigint {
  // ₹2,50,000 up to 31-07-2024; ₹1,00,000 from 01-08-2024 (Notification 12/2024-CT, rule 59(4)(a)).
  return date < '2024-08-01' ? 25_000_000n : 10_000_000n;
}

/** HSN summary split into B2B and B2C tables for return periods from May 2025 (GSTN advisory, Phase-III). */
export function hsnSplitApplies(period: string): boolean {
  const year = Number.parseInt(period.slice(2), 10);
  const month = Number.parseInt(period.slice(0, 2), 10);
  return year > 2025 || (year === 2025 && month >= 5);
}

const paise = (amount: string): bigint => toMinorUnitsBig(amount, 'INR');
const money = (minor: bigint): JsonDecimal => jsonDecimal(minorToText(minor, 2));
const text = (minor: bigint): string => minorToText(minor, 2);
const rateNumber = (rate: string): JsonDecimal => jsonDecimal(new Dec(rate).toFixed());

/** dd-mm-yyyy, as the portal writes dates. */
export function portalDate(iso: string): string {
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}

interface Amounts {
  txval: bigint;
  iamt: bigint;
  camt: bigint;
  samt: bigint;
  csamt: bigint;
}

const zero = (): Amounts => ({ txval: 0n, iamt: 0n, camt: 0n, samt: 0n, csamt: 0n });

function addInto(target: Amounts, source: Amounts, sign = 1n): void {
  target.txval += sign * source.txval;
  target.iamt += sign * source.iamt;
  target.camt += sign * source.camt;
  target.samt += sign * source.samt;
  target.csamt += sign * source.csamt;
}

function lineAmounts(line: TaxLineResult): Amounts {
  const amounts = zero();
  amounts.txval = paise(line.taxable);
  for (const component of line.components) {
    const value = paise(component.amount);
    if (component.name === 'IGST') amounts.iamt += value;
    else if (component.name === 'CGST') amounts.camt += value;
    else if (component.name === 'SGST' || component.name === 'UTGST') amounts.samt += value;
    else if (component.name === 'CESS') amounts.csamt += value;
  }
  return amounts;
}

const isTaxableLine = (line: TaxLineResult): boolean => line.category === 'standard' || line.category === 'zero';

/** Taxable lines grouped by rate, in rate order: the `itms` of an invoice. */
function itemsByRate(doc: FilingDocument, withIntraState: boolean): Array<Record<string, unknown>> {
  const byRate = new Map<string, Amounts>();
  for (const line of doc.tax.lines.filter(isTaxableLine)) {
    const key = new Dec(line.rate).toFixed();
    const amounts = byRate.get(key) ?? zero();
    addInto(amounts, lineAmounts(line));
    byRate.set(key, amounts);
  }
  return [...byRate.entries()]
    .sort(([a], [b]) => new Dec(a).cmp(new Dec(b)))
    .map(([rate, a], index) => ({
      num: index + 1,
      itm_det: withIntraState
        ? { rt: rateNumber(rate), txval: money(a.txval), iamt: money(a.iamt), camt: money(a.camt), samt: money(a.samt), csamt: money(a.csamt) }
        : { rt: rateNumber(rate), txval: money(a.txval), iamt: money(a.iamt), csamt: money(a.csamt) },
    }));
}

function documentAmounts(doc: FilingDocument): Amounts {
  const total = zero();
  for (const line of doc.tax.lines.filter(isTaxableLine)) addInto(total, lineAmounts(line));
  return total;
}

type Placement = 'b2b' | 'b2cl' | 'b2cs' | 'exp' | 'nil';

/** Which invoice-level section a (non-credit) document belongs to. */
function placeInvoice(doc: Omit<FilingDocument, 'original'>, supplierState: string): Placement {
  if (!doc.tax.lines.some(isTaxableLine)) return 'nil';
  if (doc.supplyType === 'export') return 'exp';
  if (doc.recipientTaxId) return 'b2b';
  const interState = doc.placeOfSupply !== supplierState;
  if (interState && paise(doc.grandTotal) > b2clThresholdOn(doc.issueDate)) return 'b2cl';
  return 'b2cs';
}

function exportPaysTax(doc: Omit<FilingDocument, 'original'>): boolean {
  return documentAmounts(doc as FilingDocument).iamt > 0n;
}

function sezType(doc: Omit<FilingDocument, 'original'>): string {
  if (doc.supplyType !== 'sez') return 'R';
  return exportPaysTax(doc) ? 'SEWP' : 'SEWOP';
}

interface NilRow {
  expt: bigint;
  nil: bigint;
  ngsup: bigint;
}

interface HsnRow extends Amounts {
  hsn: string;
  desc: string;
  uqc: string;
  rate: string;
  qty: Dec;
}

export interface Gstr1Input {
  gstin: string;
  /** MMYYYY */
  period: string;
  /** Two-digit state code of the supplier (the GSTIN's first two digits). */
  supplierState: string;
  documents: FilingDocument[];
}

type Row = Record<string, unknown>;

interface B2csRow {
  sply: 'INTRA' | 'INTER';
  pos: string;
  rate: string;
  amounts: Amounts;
}

interface SectionTotal {
  docs: Set<string>;
  amounts: Amounts;
  /** The nil section's exempt, nil-rated and non-GST values. */
  nil?: NilRow;
}

/** The period's documents as they are placed: the rows of each section, and the running totals. */
interface Gstr1Tables {
  placement: Record<string, Gstr1Section | 'void'>;
  b2b: Map<string, Row[]>;
  b2cl: Map<string, Row[]>;
  b2cs: Map<string, B2csRow>;
  exp: Map<'WPAY' | 'WOPAY', Row[]>;
  cdnr: Map<string, Row[]>;
  cdnur: Row[];
  nil: Map<string, NilRow>;
  hsn: { b2b: Map<string, HsnRow>; b2c: Map<string, HsnRow> };
  sectionTotals: Map<Gstr1Section, SectionTotal>;
  /** Net of credit notes, voided documents left out. */
  net: { documents: number; voided: number; amounts: Amounts; value: bigint; nonTaxable: bigint };
}

function newTables(): Gstr1Tables {
  return {
    placement: {},
    b2b: new Map(),
    b2cl: new Map(),
    b2cs: new Map(),
    exp: new Map(),
    cdnr: new Map(),
    cdnur: [],
    nil: new Map(),
    hsn: { b2b: new Map(), b2c: new Map() },
    sectionTotals: new Map(),
    net: { documents: 0, voided: 0, amounts: zero(), value: 0n, nonTaxable: 0n },
  };
}

/** How one issued document is reported. */
interface Classified {
  /** Credit and debit notes (s.34) report under cdnr/cdnur by their invoice's section, ntty C or D; null for an invoice. */
  ntty: 'C' | 'D' | null;
  /** -1 for a credit note, which reduces the period's figures. */
  sign: bigint;
  /** The document whose recipient and place of supply decide the section: a note's invoice, else the document itself. */
  reference: Omit<FilingDocument, 'original'>;
  registered: boolean;
  interState: boolean;
  /** The invoice-level section of the reference. */
  place: Placement;
}

function classify(doc: FilingDocument, supplierState: string): Classified {
  const isCredit = doc.kind === 'credit_note';
  const isNote = isCredit || doc.kind === 'debit_note';
  const reference = isNote && doc.original ? doc.original : doc;
  return {
    ntty: isNote ? (isCredit ? 'C' : 'D') : null,
    sign: isCredit ? -1n : 1n,
    reference,
    registered: Boolean(reference.recipientTaxId),
    interState: reference.placeOfSupply !== supplierState || reference.supplyType !== 'regular',
    place: placeInvoice(reference, supplierState),
  };
}

export function buildGstr1(input: Gstr1Input): Gstr1Result {
  const { gstin, period, supplierState } = input;
  const tables = newTables();
  for (const doc of input.documents) {
    if (doc.status === 'void') {
      tables.placement[doc.id] = 'void';
      tables.net.voided += 1;
      continue;
    }
    addDocument(tables, doc, classify(doc, supplierState), supplierState);
  }
  return {
    json: gstr1Json(input, tables),
    summary: { gstin, period, sections: sectionSummaries(tables), placement: tables.placement, totals: netTotals(tables.net) },
  };
}

function addDocument(tables: Gstr1Tables, doc: FilingDocument, how: Classified, supplierState: string): void {
  const amounts = documentAmounts(doc);
  addToNet(tables.net, doc, amounts, how.sign);
  addNilLines(tables, doc, `${how.interState ? 'INTR' : 'INTRA'}${how.registered ? 'B2B' : 'B2C'}`, how.sign);
  addHsnLines(how.registered ? tables.hsn.b2b : tables.hsn.b2c, doc, how.sign);
  if (how.ntty) addNote(tables, doc, how, amounts, supplierState);
  else addInvoice(tables, doc, how.place, amounts, supplierState);
}

function addToNet(net: Gstr1Tables['net'], doc: FilingDocument, amounts: Amounts, sign: bigint): void {
  net.documents += 1;
  addInto(net.amounts, amounts, sign);
  for (const line of doc.tax.lines.filter((l) => !isTaxableLine(l))) net.nonTaxable += sign * paise(line.taxable);
  net.value += sign * paise(doc.grandTotal);
}

function touch(tables: Gstr1Tables, section: Gstr1Section, id: string, amounts: Amounts, sign = 1n): void {
  const entry = tables.sectionTotals.get(section) ?? { docs: new Set<string>(), amounts: zero() };
  entry.docs.add(id);
  addInto(entry.amounts, amounts, sign);
  tables.sectionTotals.set(section, entry);
}

const emptyNil = (): NilRow => ({ expt: 0n, nil: 0n, ngsup: 0n });

function addNilValue(row: NilRow, category: TaxLineResult['category'], value: bigint): void {
  if (category === 'exempt') row.expt += value;
  else if (category === 'nil') row.nil += value;
  else row.ngsup += value;
}

/** Nil, exempt and non-GST lines, aggregated by inter/intra-state and registered or not. */
function addNilLines(tables: Gstr1Tables, doc: FilingDocument, nilKey: string, sign: bigint): void {
  for (const line of doc.tax.lines) {
    if (isTaxableLine(line)) continue;
    const row = tables.nil.get(nilKey) ?? emptyNil();
    const value = sign * paise(line.taxable);
    addNilValue(row, line.category, value);
    tables.nil.set(nilKey, row);
    const totals = tables.sectionTotals.get('nil') ?? { docs: new Set<string>(), amounts: zero(), nil: emptyNil() };
    addNilValue(totals.nil!, line.category, value);
    tables.sectionTotals.set('nil', totals);
  }
}

/** HSN summary: every line, net of credit notes. */
function addHsnLines(table: Map<string, HsnRow>, doc: FilingDocument, sign: bigint): void {
  for (const line of doc.tax.lines) {
    const code = (line.hsn ?? '').trim();
    const service = code.startsWith('99');
    const uqc = service ? 'NA' : uqcOf(line.unit);
    const rate = isTaxableLine(line) ? new Dec(line.rate).toFixed() : '0';
    const key = `${code}|${uqc}|${rate}`;
    const row = table.get(key) ?? { hsn: code, desc: line.description.slice(0, 30), uqc, rate, qty: new Dec(0), ...zero() };
    addInto(row, lineAmounts(line), sign);
    if (!service) row.qty = row.qty.add(new Dec(line.quantity).mul(sign === 1n ? 1 : -1));
    table.set(key, row);
  }
}

function pushTo<K>(map: Map<K, Row[]>, key: K, row: Row): void {
  const list = map.get(key) ?? [];
  list.push(row);
  map.set(key, list);
}

/** An invoice (not a note): in the section of its own place; a nil invoice only in the nil table. */
function addInvoice(tables: Gstr1Tables, doc: FilingDocument, place: Placement, amounts: Amounts, supplierState: string): void {
  tables.placement[doc.id] = place;
  if (place === 'nil') return;
  touch(tables, place, doc.id, amounts);
  if (place === 'b2b') pushTo(tables.b2b, doc.recipientTaxId!, b2bInvoice(doc));
  else if (place === 'b2cl') pushTo(tables.b2cl, doc.placeOfSupply, b2clInvoice(doc));
  else if (place === 'exp') pushTo(tables.exp, exportPaysTax(doc) ? 'WPAY' : 'WOPAY', expInvoice(doc));
  else addB2cs(tables.b2cs, doc, supplierState, 1n);
}

function b2bInvoice(doc: FilingDocument): Row {
  return { inum: doc.number, idt: portalDate(doc.issueDate), val: money(paise(doc.grandTotal)), pos: doc.placeOfSupply, rchrg: doc.reverseCharge ? 'Y' : 'N', inv_typ: sezType(doc), itms: itemsByRate(doc, true) };
}

function b2clInvoice(doc: FilingDocument): Row {
  return { inum: doc.number, idt: portalDate(doc.issueDate), val: money(paise(doc.grandTotal)), itms: itemsByRate(doc, false) };
}

function expInvoice(doc: FilingDocument): Row {
  return { inum: doc.number, idt: portalDate(doc.issueDate), val: money(paise(doc.grandTotal)), itms: itemsByRate(doc, false).map((item) => item.itm_det) };
}

/**
 * A credit (debit) note: against a registered recipient -> cdnr; against a B2CL or export
 * invoice -> cdnur; against a B2CS invoice it reduces (adds to) the B2CS figures it was part of.
 * A note with no taxable line is reported only in the nil table.
 */
function addNote(tables: Gstr1Tables, doc: FilingDocument, how: Classified, amounts: Amounts, supplierState: string): void {
  const ntty = how.ntty!;
  if (!doc.tax.lines.some(isTaxableLine)) {
    tables.placement[doc.id] = 'nil';
  } else if (how.place === 'b2b') {
    tables.placement[doc.id] = 'cdnr';
    touch(tables, 'cdnr', doc.id, amounts);
    pushTo(tables.cdnr, how.reference.recipientTaxId!, cdnrNote(doc, how.reference, ntty));
  } else if (how.place === 'b2cl' || how.place === 'exp') {
    tables.placement[doc.id] = 'cdnur';
    touch(tables, 'cdnur', doc.id, amounts);
    tables.cdnur.push(cdnurNote(doc, how.reference, how.place, ntty));
  } else {
    tables.placement[doc.id] = 'b2cs';
    touch(tables, 'b2cs', doc.id, amounts, how.sign);
    addB2cs(tables.b2cs, { ...doc, placeOfSupply: how.reference.placeOfSupply }, supplierState, how.sign);
  }
}

function cdnrNote(doc: FilingDocument, reference: Omit<FilingDocument, 'original'>, ntty: 'C' | 'D'): Row {
  return { ntty, nt_num: doc.number, nt_dt: portalDate(doc.issueDate), val: money(paise(doc.grandTotal)), pos: reference.placeOfSupply, rchrg: reference.reverseCharge ? 'Y' : 'N', inv_typ: sezType(reference), itms: itemsByRate(doc, true) };
}

function cdnurNote(doc: FilingDocument, reference: Omit<FilingDocument, 'original'>, place: 'b2cl' | 'exp', ntty: 'C' | 'D'): Row {
  const typ = place === 'b2cl' ? 'B2CL' : exportPaysTax(reference) ? 'EXPWP' : 'EXPWOP';
  return { ntty, nt_num: doc.number, nt_dt: portalDate(doc.issueDate), val: money(paise(doc.grandTotal)), typ, ...(typ === 'B2CL' ? { pos: reference.placeOfSupply } : {}), itms: itemsByRate(doc, false) };
}

function addB2cs(table: Map<string, B2csRow>, doc: FilingDocument, supplierState: string, sign: bigint): void {
  const sply = doc.placeOfSupply === supplierState ? 'INTRA' : 'INTER';
  for (const line of doc.tax.lines.filter(isTaxableLine)) {
    const rate = new Dec(line.rate).toFixed();
    const key = `${sply}|${doc.placeOfSupply}|${rate}`;
    const row = table.get(key) ?? { sply, pos: doc.placeOfSupply, rate, amounts: zero() };
    addInto(row.amounts, lineAmounts(line), sign);
    table.set(key, row);
  }
}

const byKey = <V>(map: Map<string, V>): Array<[string, V]> => [...map.entries()].sort(([a], [b]) => a.localeCompare(b));

/** The return in the offline tool's shape. */
function gstr1Json(input: Gstr1Input, tables: Gstr1Tables): Record<string, unknown> {
  return {
    gstin: input.gstin,
    fp: input.period,
    version: 'GST3.2.2',
    hash: 'hash',
    b2b: byKey(tables.b2b).map(([ctin, inv]) => ({ ctin, inv })),
    b2cl: byKey(tables.b2cl).map(([pos, inv]) => ({ pos, inv })),
    b2cs: b2csRows(tables.b2cs),
    exp: [...tables.exp.entries()].map(([exp_typ, inv]) => ({ exp_typ, inv })),
    cdnr: byKey(tables.cdnr).map(([ctin, nt]) => ({ ctin, nt })),
    cdnur: tables.cdnur,
    nil: { inv: nilRows(tables.nil) },
    hsn: hsnSplitApplies(input.period) ? { hsn_b2b: hsnRows(tables.hsn.b2b), hsn_b2c: hsnRows(tables.hsn.b2c) } : { data: hsnRows(mergeHsn(tables.hsn.b2b, tables.hsn.b2c)) },
    doc_issue: { doc_det: docIssue(input.documents) },
  };
}

function b2csRows(table: Map<string, B2csRow>): Row[] {
  return [...table.values()]
    .sort((a, b) => a.pos.localeCompare(b.pos) || a.sply.localeCompare(b.sply) || new Dec(a.rate).cmp(new Dec(b.rate)))
    .map((row) => ({
      sply_ty: row.sply, pos: row.pos, typ: 'OE', rt: rateNumber(row.rate), txval: money(row.amounts.txval),
      iamt: money(row.amounts.iamt), camt: money(row.amounts.camt), samt: money(row.amounts.samt), csamt: money(row.amounts.csamt),
    }));
}

/** All four supply types, zero when nothing fell in one. */
function nilRows(table: Map<string, NilRow>): Row[] {
  return ['INTRB2B', 'INTRAB2B', 'INTRB2C', 'INTRAB2C'].map((sply_ty) => {
    const row = table.get(sply_ty) ?? emptyNil();
    return { sply_ty, expt_amt: money(row.expt), nil_amt: money(row.nil), ngsup_amt: money(row.ngsup) };
  });
}

function sectionSummaries(tables: Gstr1Tables): SectionSummary[] {
  return (['b2b', 'b2cl', 'b2cs', 'exp', 'cdnr', 'cdnur', 'nil'] as Gstr1Section[]).map((section) => {
    const entry = tables.sectionTotals.get(section) ?? { docs: new Set<string>(), amounts: zero() };
    // Each document is counted in the one section it was placed in; a mixed invoice's exempt
    // lines still add to the nil table's values.
    const placed = Object.values(tables.placement).filter((p) => p === section).length;
    const summary: SectionSummary = {
      section, documents: placed, taxable: text(entry.amounts.txval), igst: text(entry.amounts.iamt), cgst: text(entry.amounts.camt), sgst: text(entry.amounts.samt), cess: text(entry.amounts.csamt),
    };
    if (section === 'nil') Object.assign(summary, nilSummary(entry.nil ?? emptyNil()));
    return summary;
  });
}

const nilSummary = (nil: NilRow): Pick<SectionSummary, 'exempt' | 'nilRated' | 'nonGst'> => ({ exempt: text(nil.expt), nilRated: text(nil.nil), nonGst: text(nil.ngsup) });

function netTotals(net: Gstr1Tables['net']): Gstr1Result['summary']['totals'] {
  const { amounts } = net;
  return {
    documents: net.documents, voided: net.voided, taxable: text(amounts.txval), nonTaxable: text(net.nonTaxable),
    tax: text(amounts.iamt + amounts.camt + amounts.samt + amounts.csamt), invoiceValue: text(net.value),
  };
}

function mergeHsn(...tables: Array<Map<string, HsnRow>>): Map<string, HsnRow> {
  const merged = new Map<string, HsnRow>();
  for (const table of tables) {
    for (const [key, row] of table) {
      const into = merged.get(key);
      if (!into) merged.set(key, { ...row });
      else {
        addInto(into, row);
        into.qty = into.qty.add(row.qty);
      }
    }
  }
  return merged;
}

function hsnRows(table: Map<string, HsnRow>): Array<Record<string, unknown>> {
  return [...table.values()]
    .sort((a, b) => a.hsn.localeCompare(b.hsn) || a.uqc.localeCompare(b.uqc) || new Dec(a.rate).cmp(new Dec(b.rate)))
    .map((row, index) => ({
      num: index + 1, hsn_sc: row.hsn, desc: row.desc, uqc: row.uqc, qty: jsonDecimal(row.qty.toDecimalPlaces(2).toFixed(2)), rt: rateNumber(row.rate),
      txval: money(row.txval), iamt: money(row.iamt), camt: money(row.camt), samt: money(row.samt), csamt: money(row.csamt),
    }));
}

/** Table 13: per series and fiscal year, the first and last number of the period, count, cancelled. */
function docIssue(documents: FilingDocument[]): Array<Record<string, unknown>> {
  const groups = new Map<string, { docNum: number; docs: FilingDocument[] }>();
  for (const doc of documents) {
    const docNum = doc.kind === 'credit_note' ? 5 : doc.kind === 'debit_note' ? 4 : 1; // 1 invoices for outward supply, 4 debit notes, 5 credit notes
    const key = `${docNum}|${doc.seriesCode}|${doc.fiscalYear}`;
    const group = groups.get(key) ?? { docNum, docs: [] };
    group.docs.push(doc);
    groups.set(key, group);
  }
  const byDocNum = new Map<number, Array<Record<string, unknown>>>();
  for (const { docNum, docs } of [...groups.values()].sort((a, b) => a.docNum - b.docNum)) {
    docs.sort((a, b) => a.seq - b.seq);
    const list = byDocNum.get(docNum) ?? [];
    const cancelled = docs.filter((d) => d.status === 'void').length;
    list.push({ num: list.length + 1, from: docs[0]!.number, to: docs[docs.length - 1]!.number, totnum: docs.length, cancel: cancelled, net_issue: docs.length - cancelled });
    byDocNum.set(docNum, list);
  }
  return [...byDocNum.entries()].map(([doc_num, docs]) => ({ doc_num, docs }));
}
