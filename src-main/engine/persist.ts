// Writes one chunk of priced invoices inside a single BEGIN IMMEDIATE transaction: customers that
// must be created, consecutive numbers per (series, fiscal year) in date order, the invoices and
// their lines, batch items, and the audit and outbox rows. All of it commits, or none of it.
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.js';
import { toMinorUnits } from '../../src-shared/money/index.js';
import type { Business } from '../../src-shared/schemas/business.js';
import type { TaxPlugin, TaxResult } from '../../src-shared/tax/plugin-api.js';
import { appendAudit } from '../audit/audit.js';
import { findCustomer, insertCustomer } from '../db/repos/catalogue.js';
import { statement } from '../db/query.js';
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

/** Up to this many lines of one invoice go in one multi-row INSERT. */
const LINES_PER_INSERT = 16;
const LINE_COLUMNS = 17;

const LINE_INSERT_SQL = Array.from({ length: LINES_PER_INSERT + 1 }, (_, rows) => `INSERT INTO invoice_lines (id, invoice_id, business_id, position, product_id, description, hsn, unit, quantity, unit_price,
    discount_minor, taxable_minor, tax_rate, tax_category, components, tax_minor, total_minor) VALUES ${Array.from({ length: rows }, () => `(${Array.from({ length: LINE_COLUMNS }, () => '?').join(', ')})`).join(', ')}`);

function lineInsert(db: Database.Database, rows: number): Database.Statement {
  return statement(db, LINE_INSERT_SQL[rows]!);
}

/** Customer snapshots are shared by many invoices of a batch (repeat customers): stringified once. */
const snapshotJson = new WeakMap<object, string>();
function customerJson(customer: InvoiceSpec['customer']): string {
  let json = snapshotJson.get(customer);
  if (json === undefined) snapshotJson.set(customer, (json = JSON.stringify(customer)));
  return json;
}

/**
 * generation_metadata: JSON.stringify({ ...base, source, creditReason, ...extra }), with the
 * (batch-wide, larger) base stringified once per chunk. Falls back to the plain spread whenever
 * splicing could differ from it: an extra key that repeats an earlier one, or an integer-like key
 * (which objects order first).
 */
function metadataJson(base: Record<string, unknown>, baseJson: string, spec: InvoiceSpec): string {
  const extra = spec.metadata;
  let plain = baseJson.length < 2 || baseJson[0] !== '{' || typeof spec.sourceRef !== 'string' || (spec.creditReason !== undefined && typeof spec.creditReason !== 'string') || 'source' in base || 'creditReason' in base;
  if (!plain && extra) {
    for (const key of Object.keys(extra)) {
      if (key in base || key === 'source' || key === 'creditReason' || /^\d+$/.test(key)) {
        plain = true;
        break;
      }
    }
  }
  if (plain) return JSON.stringify({ ...base, source: spec.sourceRef, creditReason: spec.creditReason, ...extra });
  let json = baseJson.length === 2 ? '{' : `${baseJson.slice(0, -1)},`;
  json += `"source":${JSON.stringify(spec.sourceRef)}`;
  if (spec.creditReason !== undefined) json += `,"creditReason":${JSON.stringify(spec.creditReason)}`;
  if (extra) {
    const extraJson = JSON.stringify(extra);
    if (extraJson.length > 2) json += `,${extraJson.slice(1)}`;
    else json += '}';
  } else json += '}';
  return json;
}

/**
 * Takes out of `priced` the orders that already have an invoice in this business (or earlier in
 * this chunk), inside the writing transaction: this read and the order_invoices insert below
 * happen under the same write lock, so two processes running the same file cannot both issue one.
 * Imported rows of such an order are marked invoiced with the invoice the order already has.
 */
function takeAlreadyInvoiced(db: Database.Database, businessId: string, priced: PricedInvoice[]): { fresh: PricedInvoice[]; already: AlreadyInvoiced[] } {
  const lookup = statement(db, 'SELECT o.invoice_id, i.number FROM order_invoices o JOIN invoices i ON i.id = o.invoice_id WHERE o.business_id = ? AND o.order_id = ?');
  const markOrder = statement(db, "UPDATE orders SET status = 'invoiced', invoice_id = ? WHERE id = ? AND business_id = ? AND status = 'pending'");
  const claimed = new Map<string, PricedInvoice>();
  const fresh: PricedInvoice[] = [];
  const already: AlreadyInvoiced[] = [];
  for (const item of priced) {
    const orderId = item.spec.orderId;
    if (!orderId) {
      fresh.push(item);
      continue;
    }
    const existing = lookup.get(businessId, orderId) as { invoice_id: string; number: string } | undefined;
    if (existing) {
      already.push({ position: item.position, orderId, sourceRef: item.spec.sourceRef, invoiceId: existing.invoice_id, invoiceNumber: existing.number });
      for (const rowId of item.spec.orderRowIds ?? []) markOrder.run(existing.invoice_id, rowId, businessId);
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

export function persistChunk(db: Database.Database, ctx: ChunkContext, pricedIn: PricedInvoice[], failed: FailedItem[], options: { recordBatchItems?: boolean } = {}): { issued: IssuedInvoice[]; newCustomerIds: Map<string, string>; already: AlreadyInvoiced[] } {
  const recordItems = options.recordBatchItems ?? ctx.batchId !== null;
  const now = new Date().toISOString();
  const { business } = ctx;
  const issued: IssuedInvoice[] = [];
  const { fresh: priced, already } = takeAlreadyInvoiced(db, business.id, pricedIn);
  // Remembered only once this chunk commits (see the engine), so a rolled-back chunk leaves no stale id.
  const pendingCustomerIds = new Map<string, string>();
  const ordered = [...priced].sort((a, b) => (a.spec.date < b.spec.date ? -1 : a.spec.date > b.spec.date ? 1 : a.position - b.position));

  // Consecutive numbers per (series, fiscal year), handed out in date order.
  const groups = new Map<string, { series: SeriesRow; fiscalYear: ReturnType<typeof fiscalYearOf>; items: PricedInvoice[] }>();
  for (const item of ordered) {
    const series = item.spec.documentKind === 'invoice' && item.result.kind === 'bill_of_supply' && ctx.series.bill_of_supply ? ctx.series.bill_of_supply : ctx.series[item.spec.documentKind];
    if (!series) throw new AppError('INTERNAL', `no ${item.spec.documentKind.replace('_', '-')} series was chosen for ${item.spec.sourceRef}`);
    const fiscalYear = fiscalYearOf(item.spec.date, business.fiscalYearStartMonth);
    const key = `${series.id}|${fiscalYear.label}`;
    const group = groups.get(key) ?? { series, fiscalYear, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  const numberOf = new Map<PricedInvoice, { seq: number; number: string; fiscalYear: string; seriesId: string }>();
  for (const group of groups.values()) {
    const allocated = allocateNumbers(db, group.series, group.fiscalYear, group.items.length, ctx.plugin.invoiceNumberRules);
    group.items.forEach((item, i) => numberOf.set(item, { seq: allocated.seqs[i]!, number: allocated.numbers[i]!, fiscalYear: allocated.fiscalYear, seriesId: allocated.seriesId }));
  }

  const insertInvoice = statement(db, `INSERT INTO invoices (id, business_id, kind, status, series_id, fiscal_year, seq, number, issue_date, supply_date,
    customer_id, customer_snapshot, place_of_supply, supply_type, reverse_charge, prices_include_tax, currency, taxable_minor, tax_minor, round_off_minor,
    total_minor, tax_result, original_invoice_id, batch_id, trace_id, generation_metadata, ship_to, retry_count, last_error, issued_at, created_at, updated_at)
    VALUES (?, ?, ?, 'issued', ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?)`);
  const lineParams: unknown[] = [];
  const baseMetadataJson = JSON.stringify(ctx.metadata);
  const insertItem = statement(db, `INSERT INTO batch_items (id, batch_id, business_id, position, source_ref, status, invoice_id, payload, retry_count, last_error, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
    ON CONFLICT (batch_id, position) DO UPDATE SET status = excluded.status, invoice_id = excluded.invoice_id, retry_count = batch_items.retry_count + 1,
      last_error = excluded.last_error, updated_at = excluded.updated_at`);
  const markOrder = statement(db, "UPDATE orders SET status = 'invoiced', invoice_id = ? WHERE id = ? AND business_id = ? AND status = 'pending'");
  // The unique key: a second invoice for the same order id fails the whole chunk, never commits.
  const claimOrder = statement(db, 'INSERT INTO order_invoices (business_id, order_id, invoice_id, batch_id, created_at) VALUES (?, ?, ?, ?, ?)');

  for (const item of ordered) {
    const { spec, result } = item;
    const assigned = numberOf.get(item)!;
    let customerId = spec.customerId ?? null;
    if (!customerId && spec.createCustomer) {
      const key = spec.customer.taxId ? `tax:${spec.customer.taxId.toUpperCase()}` : `name:${spec.customer.name}`;
      customerId = ctx.customerIds.get(key) ?? null;
      if (!customerId) {
        const existing = findCustomer(db, business.id, spec.customer.taxId, spec.customer.name);
        customerId = (existing ?? insertCustomer(db, business.id, { ...spec.customer, address: spec.customer.address ?? '' })).id;
        pendingCustomerIds.set(key, customerId);
      }
    }
    const invoiceId = item.invoiceId;
    const currency = business.currency;
    const metadata = metadataJson(ctx.metadata, baseMetadataJson, spec);
    insertInvoice.run(
      invoiceId, business.id, result.kind, assigned.seriesId, assigned.fiscalYear, assigned.seq, assigned.number, spec.date,
      customerId, customerJson(spec.customer), spec.placeOfSupply ?? null, spec.supplyType, currency,
      toMinorUnits(result.totals.taxable, currency), toMinorUnits(result.totals.tax, currency), toMinorUnits(result.totals.roundOff, currency),
      toMinorUnits(result.totals.grandTotal, currency), JSON.stringify(result), spec.originalInvoiceId ?? null, ctx.batchId, ctx.traceId, metadata, spec.shipTo ? JSON.stringify(spec.shipTo) : null, now, now, now,
    );
    // The invoice's lines, in multi-row INSERTs (one statement per up to 16 lines).
    for (let from = 0; from < result.lines.length; from += LINES_PER_INSERT) {
      const to = Math.min(result.lines.length, from + LINES_PER_INSERT);
      lineParams.length = 0;
      for (let index = from; index < to; index++) {
        const line = result.lines[index]!;
        lineParams.push(newRowId(), invoiceId, business.id, index + 1, spec.lines[index]?.productId ?? null, line.description, line.hsn ?? null, line.unit ?? null,
          line.quantity, line.unitPrice, toMinorUnits(line.discount, currency), toMinorUnits(line.taxable, currency), line.rate, line.category,
          JSON.stringify(line.components), toMinorUnits(line.tax, currency), toMinorUnits(line.total, currency));
      }
      lineInsert(db, to - from).run(lineParams);
    }
    if (recordItems) insertItem.run(newRowId(), ctx.batchId, business.id, item.position, spec.sourceRef, 'issued', invoiceId, '{}', null, now);
    for (const orderId of spec.orderRowIds ?? []) markOrder.run(invoiceId, orderId, business.id);
    if (spec.orderId) claimOrder.run(business.id, spec.orderId, invoiceId, ctx.batchId, now);
    appendAudit(db, { businessId: business.id, actor: ctx.actor, action: spec.documentKind === 'invoice' ? 'invoice.issue' : `${spec.documentKind}.issue`, entity: 'invoice', entityId: invoiceId, traceId: ctx.traceId, details: { number: assigned.number, total: result.totals.grandTotal, currency } });
    appendOutbox(db, { businessId: business.id, entity: 'invoice', entityId: invoiceId, op: 'insert', payload: { id: invoiceId, number: assigned.number, date: spec.date, kind: result.kind, totals: result.totals, currency, customerId } });
    issued.push({ position: item.position, invoiceId, number: assigned.number, fiscalYear: assigned.fiscalYear, spec, result });
  }
  for (const { position, failure } of failed) {
    if (!recordItems) continue;
    insertItem.run(newRowId(), ctx.batchId, business.id, position, failure.sourceRef, 'failed', null, JSON.stringify(failure.payload ?? {}), failure.message, now);
  }
  if (recordItems && already.length > 0) {
    // A failed item retried after another batch invoiced its order: no longer this batch's failure.
    const drop = statement(db, "DELETE FROM batch_items WHERE batch_id = ? AND position = ? AND status = 'failed'");
    for (const item of already) drop.run(ctx.batchId, item.position);
  }
  for (const item of already) if (!item.invoiceNumber) item.invoiceNumber = issued.find((i) => i.invoiceId === item.invoiceId)?.number ?? '';
  // Counts and a sign of life commit with the chunk, so a batch whose process dies still says
  // exactly what it issued.
  if (recordItems && ctx.batchId) {
    statement(db, `UPDATE batches SET created_count = created_count + ?, failed_count = failed_count + ?, already_invoiced_count = already_invoiced_count + ?,
      heartbeat_at = ? WHERE id = ?`).run(issued.length, failed.length, already.length, now, ctx.batchId);
  }
  return { issued, newCustomerIds: pendingCustomerIds, already };
}
