// Debit notes (CGST Act s.34(3), CGST Rules r.53(1A); docs/TAX-RULES.md D5 and E13): issued
// against one issued invoice when what it charged turns out too little — extra units on chosen
// lines, a higher unit price on chosen lines, or a value spread over the lines. The note carries
// the invoice's number and date and its reason, keeps the invoice's place of supply and rates, and
// is numbered from the business's debit-note series (created on first use, DN/{FYS}/{SEQ:5}) in
// the same write transaction that stores it. Regimes whose plugin does not issue debit notes
// (Bahrain VAT, cash memos) are refused with the reason.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.js';
import { newId, newTraceId } from '../../src-shared/ids.js';
import { Dec, toMinorUnitsBig } from '../../src-shared/money/index.js';
import type { Business } from '../../src-shared/schemas/business.js';
import type { TaxPlugin, TaxResult } from '../../src-shared/tax/plugin-api.js';
import { getBusiness, seriesForDocuments } from '../db/repos/businesses.js';
import { findInvoice, invoiceLines } from '../db/repos/invoices.js';
import { debitNoteSeries, issuedDebitNotes, noteByRequestKey, recordNotePdf, seriesCodeTaken } from '../db/repos/notes.js';
import type { InvoiceRow, SeriesRow } from '../db/types.js';
import { addSeries } from '../numbering/series.js';
import type { EngineContext } from './context.js';
import { lineAtQuantity, scaleOf, spreadValue, taxLineInput, type CreditLineLink, type PlannedCreditLine } from './credit-cap.js';
import { buildInvoiceDocument, pdfPathFor } from './document.js';
import { persistChunk, type ChunkContext } from './persist.js';
import { taxContextFor } from './pipeline.js';
import type { PdfRenderer } from './pdf-renderer.js';
import type { CustomerSnapshot, InvoiceSpec } from './spec.js';

/** The default debit-note series of a business (r.46(b) rules: ≤ 16 characters, unique per FY). */
export const DEBIT_NOTE_SERIES_FORMAT = 'DN/{FYS}/{SEQ:5}';

/**
 * Why a regime issues no debit notes. Bahrain: the VAT Executive Regulations provide tax credit
 * notes for a reduced consideration; an increase is charged on a further tax invoice (see
 * docs/TAX-RULES.md E13). A seller not registered for tax collects no tax to adjust.
 */
const NO_DEBIT_NOTES: Record<string, string> = {
  'vat-bh': 'Bahrain VAT has no debit notes: the VAT Executive Regulations provide tax credit notes for a reduced consideration, and an increase is charged on a further tax invoice; issue a new invoice for the extra amount',
  none: 'a seller not registered for tax issues no debit notes (there is no tax to adjust); issue a further cash memo for the extra amount',
};

export type DebitRequest =
  | { kind: 'lines'; lines: Array<{ line: number; quantity: string }> }
  | { kind: 'prices'; lines: Array<{ line: number; unitPrice: string }> }
  | { kind: 'value'; value: string };

export interface DebitNoteInput {
  businessId: string;
  id: string;
  reason: string;
  /** Extra quantities on chosen lines (1-based), at the invoice's unit price. */
  lines?: Array<{ line: number; quantity: string }>;
  /** Revised (higher) unit prices of chosen lines: the note charges the difference on the invoiced quantity. */
  prices?: Array<{ line: number; unitPrice: string }>;
  /** A value, tax included, spread over the invoice's lines. */
  value?: string;
  date?: string;
  actor?: string;
  pdf?: PdfRenderer;
  /** One key per request: a repeat (second click, retried call) gets the note the first one issued. */
  requestKey?: string;
}

function refuse(message: string, field: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('BAD_INPUT', message, { details: { field, ...extra } });
}

function requestOf(input: DebitNoteInput): DebitRequest {
  const given = [input.lines !== undefined, input.prices !== undefined, input.value !== undefined].filter(Boolean).length;
  if (given === 0) throw refuse('say what the debit note charges: extra quantities on lines, revised unit prices of lines, or a value', 'lines');
  if (given > 1) throw refuse('a debit note charges either extra quantities, revised prices or a value, not several', 'lines');
  if (input.lines !== undefined) return { kind: 'lines', lines: input.lines };
  if (input.prices !== undefined) return { kind: 'prices', lines: input.prices };
  return { kind: 'value', value: input.value! };
}

function decimalOf(text: string, what: string, field: string): Dec {
  let d: Dec;
  try {
    d = new Dec(text);
  } catch {
    throw refuse(`${what}: "${text}" is not a number`, field);
  }
  if (!d.isFinite()) throw refuse(`${what}: "${text}" is not a number`, field);
  return d;
}

function invoiceLine(invoice: TaxResult, line: number, seen: Set<number>, field: string): TaxResult['lines'][number] {
  const at = invoice.lines[line - 1];
  if (!Number.isInteger(line) || !at) throw refuse(`${field}: the invoice has no line ${line} (it has ${invoice.lines.length})`, field);
  if (seen.has(line)) throw refuse(`${field}: line ${line} is named twice`, field);
  seen.add(line);
  return at;
}

/** The lines of a debit note for `request` (priced by the regime's plugin afterwards). */
export function planDebit(invoice: TaxResult, request: DebitRequest, productIds: Array<string | null | undefined> = []): { lines: PlannedCreditLine[]; pricesIncludeTax: boolean } {
  const currency = invoice.currency;
  const scale = scaleOf(currency);
  const seen = new Set<number>();
  if (request.kind === 'lines') {
    if (request.lines.length === 0) throw refuse('lines: name at least one line and the extra quantity to charge', 'lines');
    const lines = request.lines.map(({ line, quantity }) => {
      invoiceLine(invoice, line, seen, 'lines');
      const q = decimalOf(quantity, `lines: line ${line}`, 'lines');
      if (q.lte(0)) throw refuse(`lines: line ${line}: the extra quantity must be more than 0, got ${quantity}`, 'lines');
      return lineAtQuantity(invoice, line, q, productIds);
    });
    return { lines, pricesIncludeTax: false };
  }
  if (request.kind === 'prices') {
    if (request.lines.length === 0) throw refuse('prices: name at least one line and its revised unit price', 'prices');
    const lines = request.lines.map(({ line, unitPrice }) => {
      const original = invoiceLine(invoice, line, seen, 'prices');
      const price = decimalOf(unitPrice, `prices: line ${line}`, 'prices');
      if (price.decimalPlaces() > scale + 2) throw refuse(`prices: line ${line}: ${unitPrice} has more than ${scale + 2} decimals`, 'prices');
      const increase = price.minus(original.unitPrice);
      if (increase.lte(0)) throw refuse(`prices: line ${line} (${original.description}): a debit note raises the price; ${unitPrice} is not above the invoiced ${original.unitPrice} (lower it with a credit note)`, 'prices');
      const input = taxLineInput(invoice, line - 1, productIds);
      const link: CreditLineLink = { line, quantity: null };
      return { input: { ...input, description: `${original.description} (price revised from ${original.unitPrice} to ${price.toFixed()})`, unitPrice: increase.toFixed(), discount: '0' }, link };
    });
    return { lines, pricesIncludeTax: false };
  }
  let value: bigint;
  try {
    value = toMinorUnitsBig(request.value, currency);
  } catch {
    throw refuse(`value: "${request.value}" is not an amount in ${currency} (at most ${scale} decimals)`, 'value');
  }
  if (value <= 0n) throw refuse(`value: the amount to charge must be more than 0, got ${request.value}`, 'value');
  // Spread over the invoice's lines by their totals (largest remainder), so each keeps its rate.
  const open = invoice.lines.map((l, i) => ({ line: i + 1, total: toMinorUnitsBig(l.total, currency) })).filter((l) => l.total > 0n);
  if (open.length === 0) throw refuse('value: the invoice has no line with a value to spread a debit over', 'value');
  return { lines: spreadValue(invoice, open, value, productIds), pricesIncludeTax: true };
}

function loadInvoice(db: Database.Database, businessId: string, id: string): InvoiceRow {
  const row = findInvoice(db, businessId, id);
  if (!row) throw new AppError('NOT_FOUND', `no invoice ${id} in business ${businessId}`, { details: { businessId, invoiceId: id } });
  return row;
}

/** Every issued debit note against `invoiceId`, oldest first. */
export function debitNotesOf(db: Database.Database, businessId: string, invoiceId: string): InvoiceRow[] {
  return issuedDebitNotes(db, businessId, invoiceId);
}

/** Why `original` cannot take a debit note now (its kind, its status, the regime), or nothing. */
export function debitRefusal(business: Pick<Business, 'taxRegime'>, plugin: TaxPlugin, original: InvoiceRow): AppError | undefined {
  const number = original.number ?? original.id;
  if (!plugin.kinds.includes('debit_note')) return refuse(`${number}: ${NO_DEBIT_NOTES[business.taxRegime] ?? `tax regime ${business.taxRegime} issues no debit notes`}`, 'regime', { regime: business.taxRegime });
  if (original.kind === 'credit_note') return refuse(`${number} is a credit note; a debit note is issued against the invoice it corrects, not against a credit note`, 'id', { kind: original.kind });
  if (original.kind === 'debit_note') return refuse(`${number} is itself a debit note; issue a further debit note against its invoice instead`, 'id', { kind: original.kind });
  if (original.status === 'void') return refuse(`invoice ${number} is void; a voided invoice takes no debit note (its supply was cancelled — issue a new invoice instead)`, 'id', { status: original.status });
  if (original.status !== 'issued') return refuse(`invoice ${number} is a ${original.status}; debit notes are issued against issued invoices`, 'id', { status: original.status });
  return undefined;
}

export interface PreparedDebitNote {
  business: Business;
  plugin: TaxPlugin;
  original: InvoiceRow;
  spec: InvoiceSpec;
  result: TaxResult;
}

/** Prices a debit note against an issued invoice (nothing is written). */
export function prepareDebitNote(core: EngineContext, input: DebitNoteInput): PreparedDebitNote {
  const reason = input.reason.trim();
  if (!reason) throw refuse('reason: say why the debit note is issued (r.53(1A))', 'reason');
  const { original, business, lineRows } = core.store.read((db) => {
    const o = loadInvoice(db, input.businessId, input.id);
    return { original: o, business: getBusiness(db, input.businessId), lineRows: invoiceLines(db, input.businessId, o.id) };
  });
  const plugin = core.plugins.get(business.taxRegime);
  if (!plugin) throw new AppError('PLUGIN_INVALID', `tax regime "${business.taxRegime}" is not installed`);
  const refusal = debitRefusal(business, plugin, original);
  if (refusal) throw refusal;
  const request = requestOf(input);
  const date = input.date ?? new Date().toISOString().slice(0, 10);
  if (date < original.issue_date) throw refuse(`date: a debit note cannot be dated ${date}, before the invoice it corrects (${original.issue_date})`, 'date');
  const tax = JSON.parse(original.tax_result) as TaxResult;
  const plan = planDebit(tax, request, lineRows.map((l) => l.product_id));
  const base: InvoiceSpec = {
    sourceRef: `debit note for ${original.number}`,
    documentKind: 'debit_note',
    date,
    customerId: original.customer_id ?? undefined,
    customer: JSON.parse(original.customer_snapshot) as CustomerSnapshot,
    supplyType: original.supply_type,
    placeOfSupply: original.place_of_supply ?? undefined,
    originalInvoiceId: original.id,
    creditReason: reason,
    lines: plan.lines.map((l) => l.input),
  };
  const result = plugin.compute({ ...taxContextFor(business, plugin, base), pricesIncludeTax: plan.pricesIncludeTax }, base.lines);
  const spec: InvoiceSpec = {
    ...base,
    metadata: { debitNoteFor: original.number, reason, debitLines: plan.lines.map((l) => l.link), ...(plan.pricesIncludeTax ? { debitByValue: true } : {}), ...(input.requestKey ? { requestKey: input.requestKey } : {}) },
  };
  return { business, plugin, original, spec, result };
}

/** The business's debit-note series, created (and audited) in this transaction on first use. */
function debitSeries(db: Database.Database, business: Business, plugin: TaxPlugin, actor: string): SeriesRow {
  const found = debitNoteSeries(db, business.id);
  if (found) return found;
  const taken = (code: string) => seriesCodeTaken(db, business.id, code);
  const code = ['DN', 'DBN', 'DN1', 'DN2'].find((c) => !taken(c)) ?? `DN-${newId().slice(0, 6)}`;
  return addSeries(db, business.id, plugin, { code, format: DEBIT_NOTE_SERIES_FORMAT, kind: 'debit_note' }, actor, new Date().toISOString().slice(0, 10));
}

function noteOfRequest(db: Database.Database, businessId: string, invoiceId: string, requestKey: string): InvoiceRow | undefined {
  const earlier = noteByRequestKey(db, businessId, 'debit_note', requestKey);
  if (earlier && earlier.original_invoice_id !== invoiceId) {
    throw new AppError('CONFLICT', `request key ${requestKey} already issued debit note ${earlier.number} for another invoice`, { details: { field: 'requestKey', number: earlier.number } });
  }
  return earlier;
}

/** Issues a prepared debit note: the invoice is read again inside the write transaction (voided meanwhile: refused). */
export function commitDebitNote(core: EngineContext, prepared: PreparedDebitNote, actor = 'ui', requestKey?: string): { row: InvoiceRow; replayed: boolean } {
  const { business, plugin, original, spec, result } = prepared;
  return core.store.write((db) => {
    if (requestKey) {
      const earlier = noteOfRequest(db, business.id, original.id, requestKey);
      if (earlier) return { row: earlier, replayed: true };
    }
    const fresh = loadInvoice(db, business.id, original.id);
    const refusal = debitRefusal(business, plugin, fresh);
    if (refusal) throw refusal;
    const series = { ...seriesForDocuments(db, business.id), debit_note: debitSeries(db, business, plugin, actor) };
    const ctx: ChunkContext = { business, plugin, batchId: null, traceId: original.trace_id ?? newTraceId(), actor, series, metadata: { debitNoteFor: original.number }, customerIds: new Map() };
    const { issued } = persistChunk(db, ctx, [{ position: 0, invoiceId: newId(), spec, result }], []);
    return { row: loadInvoice(db, business.id, issued[0]!.invoiceId), replayed: false };
  });
}

/**
 * Issues a debit note against an issued invoice and renders its PDF — and the invoice's again,
 * listing its debit notes — when a writer is given.
 */
export async function issueDebitNoteWith(core: EngineContext, input: DebitNoteInput, rerender?: (businessId: string, invoiceId: string, pdf: PdfRenderer) => Promise<void>): Promise<InvoiceRow> {
  if (input.requestKey) {
    const key = input.requestKey;
    const earlier = core.store.read((db) => noteOfRequest(db, input.businessId, input.id, key));
    if (earlier) return earlier;
  }
  const prepared = prepareDebitNote(core, input);
  const { row: created, replayed } = commitDebitNote(core, prepared, input.actor ?? 'ui', input.requestKey);
  if (!input.pdf || replayed) return created;
  const { business, original } = prepared;
  const outPath = pdfPathFor(core.dataDir, business.id, created.fiscal_year!, created.number!);
  mkdirSync(dirname(outPath), { recursive: true });
  const written = await input.pdf.render(buildInvoiceDocument(business, created, { number: original.number!, issue_date: original.issue_date }), outPath, { businessId: business.id });
  core.store.write((db) => recordNotePdf(db, created.id, written));
  if (original.pdf_sha256 && rerender) await rerender(business.id, original.id, input.pdf);
  return core.store.read((db) => loadInvoice(db, business.id, created.id));
}
