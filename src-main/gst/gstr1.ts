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

export function buildGstr1(input: Gstr1Input): Gstr1Result {
  const { gstin, period, supplierState } = input;
  const placement: Record<string, Gstr1Section | 'void'> = {};
  const b2b = new Map<string, Array<Record<string, unknown>>>();
  const b2cl = new Map<string, Array<Record<string, unknown>>>();
  const b2cs = new Map<string, { sply: 'INTRA' | 'INTER'; pos: string; rate: string; amounts: Amounts }>();
  const exp = new Map<'WPAY' | 'WOPAY', Array<Record<string, unknown>>>();
  const cdnr = new Map<string, Array<Record<string, unknown>>>();
  const cdnur: Array<Record<string, unknown>> = [];
  const nil = new Map<string, NilRow>();
  const hsn = { b2b: new Map<string, HsnRow>(), b2c: new Map<string, HsnRow>() };
  const sectionTotals = new Map<Gstr1Section, { docs: Set<string>; amounts: Amounts; nil?: NilRow }>();
  const touch = (section: Gstr1Section, id: string, amounts: Amounts, sign = 1n) => {
    const entry = sectionTotals.get(section) ?? { docs: new Set<string>(), amounts: zero() };
    entry.docs.add(id);
    addInto(entry.amounts, amounts, sign);
    sectionTotals.set(section, entry);
  };

  let documents = 0;
  let voided = 0;
  const netTotals = zero();
  let netValue = 0n;
  let netNonTaxable = 0n;

  for (const doc of input.documents) {
    if (doc.status === 'void') {
      placement[doc.id] = 'void';
      voided += 1;
      continue;
    }
    documents += 1;
    const isCredit = doc.kind === 'credit_note';
    // Credit and debit notes (s.34) report under cdnr/cdnur by their invoice's section, ntty C or D.
    const isNote = isCredit || doc.kind === 'debit_note';
    const sign = isCredit ? -1n : 1n;
    const reference = isNote && doc.original ? doc.original : doc;
    const registered = Boolean(reference.recipientTaxId);
    const interState = reference.placeOfSupply !== supplierState || reference.supplyType !== 'regular';
    const amounts = documentAmounts(doc);
    addInto(netTotals, amounts, sign);
    for (const line of doc.tax.lines.filter((l) => !isTaxableLine(l))) netNonTaxable += sign * paise(line.taxable);
    netValue += sign * paise(doc.grandTotal);

    // Nil, exempt and non-GST lines, aggregated by inter/intra-state and registered or not.
    const nilKey = `${interState ? 'INTR' : 'INTRA'}${registered ? 'B2B' : 'B2C'}`;
    for (const line of doc.tax.lines) {
      if (isTaxableLine(line)) continue;
      const row = nil.get(nilKey) ?? { expt: 0n, nil: 0n, ngsup: 0n };
      const value = sign * paise(line.taxable);
      if (line.category === 'exempt') row.expt += value;
      else if (line.category === 'nil') row.nil += value;
      else row.ngsup += value;
      nil.set(nilKey, row);
      const totals = sectionTotals.get('nil') ?? { docs: new Set<string>(), amounts: zero(), nil: { expt: 0n, nil: 0n, ngsup: 0n } };
      if (line.category === 'exempt') totals.nil!.expt += value;
      else if (line.category === 'nil') totals.nil!.nil += value;
      else totals.nil!.ngsup += value;
      sectionTotals.set('nil', totals);
    }

    // HSN summary: every line, net of credit notes.
    const hsnTable = registered ? hsn.b2b : hsn.b2c;
    for (const line of doc.tax.lines) {
      const code = (line.hsn ?? '').trim();
      const service = code.startsWith('99');
      const uqc = service ? 'NA' : uqcOf(line.unit);
      const rate = isTaxableLine(line) ? new Dec(line.rate).toFixed() : '0';
      const key = `${code}|${uqc}|${rate}`;
      const row = hsnTable.get(key) ?? { hsn: code, desc: line.description.slice(0, 30), uqc, rate, qty: new Dec(0), ...zero() };
      addInto(row, lineAmounts(line), sign);
      if (!service) row.qty = row.qty.add(new Dec(line.quantity).mul(sign === 1n ? 1 : -1));
      hsnTable.set(key, row);
    }

    const originalPlace = placeInvoice(reference, supplierState);
    if (!isNote) {
      placement[doc.id] = originalPlace;
      if (originalPlace === 'nil') continue;
      touch(originalPlace, doc.id, amounts);
      if (originalPlace === 'b2b') {
        const list = b2b.get(doc.recipientTaxId!) ?? [];
        list.push({ inum: doc.number, idt: portalDate(doc.issueDate), val: money(paise(doc.grandTotal)), pos: doc.placeOfSupply, rchrg: doc.reverseCharge ? 'Y' : 'N', inv_typ: sezType(doc), itms: itemsByRate(doc, true) });
        b2b.set(doc.recipientTaxId!, list);
      } else if (originalPlace === 'b2cl') {
        const list = b2cl.get(doc.placeOfSupply) ?? [];
        list.push({ inum: doc.number, idt: portalDate(doc.issueDate), val: money(paise(doc.grandTotal)), itms: itemsByRate(doc, false) });
        b2cl.set(doc.placeOfSupply, list);
      } else if (originalPlace === 'exp') {
        const type = exportPaysTax(doc) ? 'WPAY' : 'WOPAY';
        const list = exp.get(type) ?? [];
        list.push({ inum: doc.number, idt: portalDate(doc.issueDate), val: money(paise(doc.grandTotal)), itms: itemsByRate(doc, false).map((item) => item.itm_det) });
        exp.set(type, list);
      } else {
        addB2cs(b2cs, doc, supplierState, 1n);
      }
      continue;
    }

    // A credit (debit) note: against a registered recipient -> cdnr; against a B2CL or export
    // invoice -> cdnur; against a B2CS invoice it reduces (adds to) the B2CS figures it was part of.
    const ntty = isCredit ? 'C' : 'D';
    if (!doc.tax.lines.some(isTaxableLine)) {
      placement[doc.id] = 'nil';
      continue;
    }
    if (originalPlace === 'b2b') {
      placement[doc.id] = 'cdnr';
      touch('cdnr', doc.id, amounts);
      const list = cdnr.get(reference.recipientTaxId!) ?? [];
      list.push({ ntty, nt_num: doc.number, nt_dt: portalDate(doc.issueDate), val: money(paise(doc.grandTotal)), pos: reference.placeOfSupply, rchrg: reference.reverseCharge ? 'Y' : 'N', inv_typ: sezType(reference), itms: itemsByRate(doc, true) });
      cdnr.set(reference.recipientTaxId!, list);
    } else if (originalPlace === 'b2cl' || originalPlace === 'exp') {
      placement[doc.id] = 'cdnur';
      touch('cdnur', doc.id, amounts);
      const typ = originalPlace === 'b2cl' ? 'B2CL' : exportPaysTax(reference) ? 'EXPWP' : 'EXPWOP';
      cdnur.push({ ntty, nt_num: doc.number, nt_dt: portalDate(doc.issueDate), val: money(paise(doc.grandTotal)), typ, ...(typ === 'B2CL' ? { pos: reference.placeOfSupply } : {}), itms: itemsByRate(doc, false) });
    } else {
      placement[doc.id] = 'b2cs';
      touch('b2cs', doc.id, amounts, sign);
      addB2cs(b2cs, { ...doc, placeOfSupply: reference.placeOfSupply }, supplierState, sign);
    }
  }

  const json: Record<string, unknown> = {
    gstin,
    fp: period,
    version: 'GST3.2.2',
    hash: 'hash',
    b2b: [...b2b.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([ctin, inv]) => ({ ctin, inv })),
    b2cl: [...b2cl.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([pos, inv]) => ({ pos, inv })),
    b2cs: [...b2cs.values()]
      .sort((a, b) => a.pos.localeCompare(b.pos) || a.sply.localeCompare(b.sply) || new Dec(a.rate).cmp(new Dec(b.rate)))
      .map((row) => ({
        sply_ty: row.sply, pos: row.pos, typ: 'OE', rt: rateNumber(row.rate), txval: money(row.amounts.txval),
        iamt: money(row.amounts.iamt), camt: money(row.amounts.camt), samt: money(row.amounts.samt), csamt: money(row.amounts.csamt),
      })),
    exp: [...exp.entries()].map(([exp_typ, inv]) => ({ exp_typ, inv })),
    cdnr: [...cdnr.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([ctin, nt]) => ({ ctin, nt })),
    cdnur,
    nil: { inv: ['INTRB2B', 'INTRAB2B', 'INTRB2C', 'INTRAB2C'].map((sply_ty) => {
      const row = nil.get(sply_ty) ?? { expt: 0n, nil: 0n, ngsup: 0n };
      return { sply_ty, expt_amt: money(row.expt), nil_amt: money(row.nil), ngsup_amt: money(row.ngsup) };
    }) },
    hsn: hsnSplitApplies(period) ? { hsn_b2b: hsnRows(hsn.b2b), hsn_b2c: hsnRows(hsn.b2c) } : { data: hsnRows(mergeHsn(hsn.b2b, hsn.b2c)) },
    doc_issue: { doc_det: docIssue(input.documents) },
  };

  const sections: SectionSummary[] = (['b2b', 'b2cl', 'b2cs', 'exp', 'cdnr', 'cdnur', 'nil'] as Gstr1Section[]).map((section) => {
    const entry = sectionTotals.get(section) ?? { docs: new Set<string>(), amounts: zero() };
    // Each document is counted in the one section it was placed in; a mixed invoice's exempt
    // lines still add to the nil table's values.
    const placed = Object.values(placement).filter((p) => p === section).length;
    const summary: SectionSummary = {
      section, documents: placed, taxable: text(entry.amounts.txval), igst: text(entry.amounts.iamt), cgst: text(entry.amounts.camt), sgst: text(entry.amounts.samt), cess: text(entry.amounts.csamt),
    };
    if (section === 'nil') Object.assign(summary, { exempt: text(entry.nil?.expt ?? 0n), nilRated: text(entry.nil?.nil ?? 0n), nonGst: text(entry.nil?.ngsup ?? 0n) });
    return summary;
  });

  return {
    json,
    summary: {
      gstin, period, sections, placement,
      totals: { documents, voided, taxable: text(netTotals.txval), nonTaxable: text(netNonTaxable), tax: text(netTotals.iamt + netTotals.camt + netTotals.samt + netTotals.csamt), invoiceValue: text(netValue) },
    },
  };
}

function addB2cs(table: Map<string, { sply: 'INTRA' | 'INTER'; pos: string; rate: string; amounts: Amounts }>, doc: FilingDocument, supplierState: string, sign: bigint): void {
  const sply = doc.placeOfSupply === supplierState ? 'INTRA' : 'INTER';
  for (const line of doc.tax.lines.filter(isTaxableLine)) {
    const rate = new Dec(line.rate).toFixed();
    const key = `${sply}|${doc.placeOfSupply}|${rate}`;
    const row = table.get(key) ?? { sply, pos: doc.placeOfSupply, rate, amounts: zero() };
    addInto(row.amounts, lineAmounts(line), sign);
    table.set(key, row);
  }
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
