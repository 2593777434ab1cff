// Writes one chunk of priced invoices inside a single BEGIN IMMEDIATE transaction: customers that
// must be created, consecutive numbers per (series, fiscal year) in date order, the invoices and
// their lines, batch items, and the audit and outbox rows. All of it commits, or none of it.
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.js';
import { toMinorUnits } from '../../src-shared/money/index.js';
import type { Business } from '../../src-shared/schemas/business.js';
import type { TaxPlugin, TaxResult } from '../../src-shared/tax/plugin-api.js';
import { appendAudit } from '../audit/audit.js';
import type { WrittenInvoiceCells } from '../audit/invoice-seal.js';
import { findCustomer, insertCustomer } from '../db/repos/catalogue.js';
import { addChunkCounts, claimOrder, dropFailedItem, insertInvoiceLines, insertIssuedInvoice, invoicedOrder, LINES_PER_INSERT, markOrderRowInvoiced, recordBatchItem, sealedIssuedCells, type IssuedInvoiceValues } from '../db/repos/issuing.js';
import type { SeriesRow } from '../db/types.js';
import { allocateNumbers } from '../numbering/numbering.js';
import { fiscalYearOf } from '../numbering/format.js';
import { appendOutbox } from '../sync/outbox.js';
import { newRowId } from './fast-ids.js';
import type { InvoiceSpec, SpecFailure } from './spec.js';

export interface PricedInvoice {
  position: number;
  /** Chosen before persisting so credit notes in the same chunk can refer to it. */
  invoiceId: string;
  spec: InvoiceSpec;
  result: TaxResult;
}

export interface FailedItem {
  position: number;
  failure: SpecFailure;
}

export interface IssuedInvoice {
  position: number;
  invoiceId: string;
  number: string;
  fiscalYear: string;
  spec: InvoiceSpec;
  result: TaxResult;
}

/** An order found already invoiced when its chunk was written: neither created nor failed. */
export interface AlreadyInvoiced {
  position: number;
  orderId: string;
  sourceRef: string;
  invoiceId: string;
  invoiceNumber: string;
}

export interface ChunkContext {
  business: Business;
  plugin: TaxPlugin;
  /** The batch the invoices belong to; null for single documents (a credit note from the UI). */
  batchId: string | null;
  traceId: string;
  actor: string;
  /** bill_of_supply: GST bills of supply get their own series; absent or null, they take the invoice series. */
  series: { invoice: SeriesRow; credit_note: SeriesRow; bill_of_supply: SeriesRow | null; debit_note?: SeriesRow };
  metadata: Record<string, unknown>;
  /** Customers resolved so far in this batch (tax id or name → id): repeat customers skip the lookup. */
  customerIds: Map<string, string>;
}

/** Customer snapshots are shared by many invoices of a batch (repeat customers): stringified once. */
const snapshotJson = new WeakMap<object, string>();
function customerJson(customer: InvoiceSpec['customer']): string {
  let json = snapshotJson.get(customer);
  if (json === undefined) snapshotJson.set(customer, (json = JSON.stringify(customer)));
  return json;
}


/** Whether splicing the metadata could differ from the plain spread (see metadataJson). */
function needsPlainSpread(base: Record<string, unknown>, baseJson: string, spec: InvoiceSpec): boolean {
  if (baseJson.length < 2 || baseJson[0] !== '{' || typeof spec.sourceRef !== 'string') return true;
  if (spec.creditReason !== undefined && typeof spec.creditReason !== 'string') return true;
  if ('source' in base || 'creditReason' in base) return true;
  const extra = spec.metadata;
  return extra ? Object.keys(extra).some((key) => key in base || key === 'source' || key === 'creditReason' || /^\d+$/.test(key)) : false;
}

/**
 * generation_metadata: JSON.stringify({ ...base, source, creditReason, ...extra }), with the
 * (batch-wide, larger) base stringified once per chunk. Falls back to the plain spread whenever
 * splicing could differ from it: an extra key that repeats an earlier one, or an integer-like key
 * (which objects order first).
 */
function metadataJson(base: Record<string, unknown>, baseJson: string, spec: InvoiceSpec): string {
  const extra = spec.metadata;
  if (needsPlainSpread(base, baseJson, spec)) return JSON.stringify({ ...base, source: spec.sourceRef, creditReason: spec.creditReason, ...extra });
  let json = baseJson.length === 2 ? '{' : `${baseJson.slice(0, -1)},`;
  json += `"source":${JSON.stringify(spec.sourceRef)}`;
  if (spec.creditReason !== undefined) json += `,"creditReason":${JSON.stringify(spec.creditReason)}`;
  const extraJson = extra ? JSON.stringify(extra) : '{}';
  return extraJson.length > 2 ? `${json},${extraJson.slice(1)}` : `${json}}`;
}

/**
 * Takes out of `priced` the orders that already have an invoice in this business (or earlier in
 * this chunk), inside the writing transaction: this read and the order_invoices insert below
 * happen under the same write lock, so two processes running the same file cannot both issue one.
 * Imported rows of such an order are marked invoiced with the invoice the order already has.
 */
function takeAlreadyInvoiced(db: Database.Database, businessId: string, priced: PricedInvoice[]): { fresh: PricedInvoice[]; already: AlreadyInvoiced[] } {
  const claimed = new Map<string, PricedInvoice>();
  const fresh: PricedInvoice[] = [];
  const already: AlreadyInvoiced[] = [];
  for (const item of priced) {
    const orderId = item.spec.orderId;
    if (!orderId) {
      fresh.push(item);
      continue;
    }
    const existing = invoicedOrder(db, businessId, orderId);
    if (existing) {
      already.push({ position: item.position, orderId, sourceRef: item.spec.sourceRef, invoiceId: existing.invoice_id, invoiceNumber: existing.number });
      for (const rowId of item.spec.orderRowIds ?? []) markOrderRowInvoiced(db, businessId, rowId, existing.invoice_id);
      continue;
    }
    if (claimed.has(orderId)) {
      // The same order twice in one chunk (imported twice): the first one is invoiced below.
      already.push({ position: item.position, orderId, sourceRef: item.spec.sourceRef, invoiceId: claimed.get(orderId)!.invoiceId, invoiceNumber: '' });
      continue;
    }
    claimed.set(orderId, item);
    fresh.push(item);
  }
  return { fresh, already };
}

/** The number an invoice of the chunk was given. */
interface Assigned {
  seq: number;
  number: string;
  fiscalYear: string;
  seriesId: string;
}

/** The series an item is numbered in: GST bills of supply in their own series when the business has one. */
function seriesFor(ctx: ChunkContext, item: PricedInvoice): SeriesRow {
  const kind = item.spec.documentKind;
  const series = kind === 'invoice' && item.result.kind === 'bill_of_supply' && ctx.series.bill_of_supply ? ctx.series.bill_of_supply : ctx.series[kind];
  if (!series) throw new AppError('INTERNAL', `no ${kind.replace('_', '-')} series was chosen for ${item.spec.sourceRef}`);
  return series;
}

/** Consecutive numbers per (series, fiscal year), handed out in date order. */
function allocateChunkNumbers(db: Database.Database, ctx: ChunkContext, ordered: PricedInvoice[]): Map<PricedInvoice, Assigned> {
  const groups = new Map<string, { series: SeriesRow; fiscalYear: ReturnType<typeof fiscalYearOf>; items: PricedInvoice[] }>();
  for (const item of ordered) {
    const series = seriesFor(ctx, item);
    const fiscalYear = fiscalYearOf(item.spec.date, ctx.business.fiscalYearStartMonth);
    const key = `${series.id}|${fiscalYear.label}`;
    const group = groups.get(key) ?? { series, fiscalYear, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  const numberOf = new Map<PricedInvoice, Assigned>();
  for (const group of groups.values()) {
    const allocated = allocateNumbers(db, group.series, group.fiscalYear, group.items.length, ctx.plugin.invoiceNumberRules);
    group.items.forEach((item, i) => numberOf.set(item, { seq: allocated.seqs[i]!, number: allocated.numbers[i]!, fiscalYear: allocated.fiscalYear, seriesId: allocated.seriesId }));
  }
  return numberOf;
}

/** The customer an invoice is for: given, remembered from this batch, found, or created now (remembered in `pending`). */
function customerIdFor(db: Database.Database, ctx: ChunkContext, spec: InvoiceSpec, pending: Map<string, string>): string | null {
  if (spec.customerId || !spec.createCustomer) return spec.customerId ?? null;
  const key = spec.customer.taxId ? `tax:${spec.customer.taxId.toUpperCase()}` : `name:${spec.customer.name}`;
  const known = ctx.customerIds.get(key);
  if (known) return known;
  const existing = findCustomer(db, ctx.business.id, spec.customer.taxId, spec.customer.name);
  const customerId = (existing ?? insertCustomer(db, ctx.business.id, { ...spec.customer, address: spec.customer.address ?? '' })).id;
  pending.set(key, customerId);
  return customerId;
}

/** What every invoice of one chunk shares while it is written. */
interface ChunkWrite {
  db: Database.Database;
  ctx: ChunkContext;
  now: string;
  recordItems: boolean;
  baseMetadataJson: string;
  /** Reused for every multi-row INSERT of lines. */
  lineValues: unknown[];
}

/**
 * The invoice's lines, in multi-row INSERTs (one statement per up to LINES_PER_INSERT lines).
 * Returns each line's sealed cells (db/audit-store.ts order), the values it was written with.
 */
function writeLines(w: ChunkWrite, invoiceId: string, spec: InvoiceSpec, lines: TaxResult['lines']): unknown[][] {
  const businessId = w.ctx.business.id;
  const currency = w.ctx.business.currency;
  const values = w.lineValues;
  const sealed: unknown[][] = [];
  for (let from = 0; from < lines.length; from += LINES_PER_INSERT) {
    const to = Math.min(lines.length, from + LINES_PER_INSERT);
    values.length = 0;
    for (let index = from; index < to; index++) {
      const line = lines[index]!;
      const cells = [index + 1, spec.lines[index]?.productId ?? null, line.description, line.hsn ?? null, line.unit ?? null,
        line.quantity, line.unitPrice, toMinorUnits(line.discount, currency), toMinorUnits(line.taxable, currency), line.rate, line.category,
        JSON.stringify(line.components), toMinorUnits(line.tax, currency), toMinorUnits(line.total, currency)];
      sealed.push(cells);
      values.push(newRowId(), invoiceId, businessId, ...cells);
    }
    insertInvoiceLines(w.db, to - from, values);
  }
  return sealed;
}

/** One issued invoice: its row and lines, its batch item, its orders, and its audit and outbox rows. */
function writeInvoice(w: ChunkWrite, item: PricedInvoice, assigned: Assigned, customerId: string | null): IssuedInvoice {
  const { db, ctx, now } = w;
  const { spec, result, invoiceId } = item;
  const businessId = ctx.business.id;
  const currency = ctx.business.currency;
  const row: IssuedInvoiceValues = {
    id: invoiceId, businessId, kind: result.kind, seriesId: assigned.seriesId, fiscalYear: assigned.fiscalYear, seq: assigned.seq, number: assigned.number, issueDate: spec.date,
    customerId, customerSnapshot: customerJson(spec.customer), placeOfSupply: spec.placeOfSupply ?? null, supplyType: spec.supplyType, currency,
    taxableMinor: toMinorUnits(result.totals.taxable, currency), taxMinor: toMinorUnits(result.totals.tax, currency), roundOffMinor: toMinorUnits(result.totals.roundOff, currency),
    totalMinor: toMinorUnits(result.totals.grandTotal, currency), taxResult: JSON.stringify(result), originalInvoiceId: spec.originalInvoiceId ?? null, batchId: ctx.batchId, traceId: ctx.traceId,
    generationMetadata: metadataJson(ctx.metadata, w.baseMetadataJson, spec), shipTo: spec.shipTo ? JSON.stringify(spec.shipTo) : null, now,
  };
  insertIssuedInvoice(db, row);
  const written: WrittenInvoiceCells = { invoice: sealedIssuedCells(row), lines: writeLines(w, invoiceId, spec, result.lines) };
  if (w.recordItems) recordBatchItem(db, { id: newRowId(), batchId: ctx.batchId, businessId, position: item.position, sourceRef: spec.sourceRef, status: 'issued', invoiceId, payload: '{}', lastError: null, now });
  for (const rowId of spec.orderRowIds ?? []) markOrderRowInvoiced(db, businessId, rowId, invoiceId);
  if (spec.orderId) claimOrder(db, { businessId, orderId: spec.orderId, invoiceId, batchId: ctx.batchId, now });
  appendAudit(db, { businessId, actor: ctx.actor, action: spec.documentKind === 'invoice' ? 'invoice.issue' : `${spec.documentKind}.issue`, entity: 'invoice', entityId: invoiceId, traceId: ctx.traceId, details: { number: assigned.number, total: result.totals.grandTotal, currency }, written });
  appendOutbox(db, { businessId, entity: 'invoice', entityId: invoiceId, op: 'insert', payload: { id: invoiceId, number: assigned.number, date: spec.date, kind: result.kind, totals: result.totals, currency, customerId } });
  return { position: item.position, invoiceId, number: assigned.number, fiscalYear: assigned.fiscalYear, spec, result };
}

/** The batch's side of a chunk: failed items, items no longer failed, and the counts with a sign of life. */
function recordChunkInBatch(w: ChunkWrite, failed: FailedItem[], already: AlreadyInvoiced[], created: number): void {
  const { db, ctx, now } = w;
  for (const { position, failure } of failed) {
    recordBatchItem(db, { id: newRowId(), batchId: ctx.batchId, businessId: ctx.business.id, position, sourceRef: failure.sourceRef, status: 'failed', invoiceId: null, payload: JSON.stringify(failure.payload ?? {}), lastError: failure.message, now });
  }
  // A failed item retried after another batch invoiced its order: no longer this batch's failure.
  for (const item of already) dropFailedItem(db, ctx.batchId, item.position);
  // Counts and a sign of life commit with the chunk, so a batch whose process dies still says
  // exactly what it issued.
  if (ctx.batchId) addChunkCounts(db, ctx.batchId, { created, failed: failed.length, alreadyInvoiced: already.length, now });
}

function byDateThenPosition(a: PricedInvoice, b: PricedInvoice): number {
  if (a.spec.date !== b.spec.date) return a.spec.date < b.spec.date ? -1 : 1;
  return a.position - b.position;
}

export function persistChunk(db: Database.Database, ctx: ChunkContext, pricedIn: PricedInvoice[], failed: FailedItem[], options: { recordBatchItems?: boolean } = {}): { issued: IssuedInvoice[]; newCustomerIds: Map<string, string>; already: AlreadyInvoiced[] } {
  const w: ChunkWrite = { db, ctx, now: new Date().toISOString(), recordItems: options.recordBatchItems ?? ctx.batchId !== null, baseMetadataJson: JSON.stringify(ctx.metadata), lineValues: [] };
  const { fresh: priced, already } = takeAlreadyInvoiced(db, ctx.business.id, pricedIn);
  // Remembered only once this chunk commits (see the engine), so a rolled-back chunk leaves no stale id.
  const pendingCustomerIds = new Map<string, string>();
  const ordered = [...priced].sort(byDateThenPosition);
  const numberOf = allocateChunkNumbers(db, ctx, ordered);
  const issued = ordered.map((item) => writeInvoice(w, item, numberOf.get(item)!, customerIdFor(db, ctx, item.spec, pendingCustomerIds)));
  if (w.recordItems) recordChunkInBatch(w, failed, already, issued.length);
  for (const item of already) if (!item.invoiceNumber) item.invoiceNumber = issued.find((i) => i.invoiceId === item.invoiceId)?.number ?? '';
  return { issued, newCustomerIds: pendingCustomerIds, already };
}
