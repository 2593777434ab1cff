// Writes one chunk of priced invoices inside a single BEGIN IMMEDIATE transaction: customers that
// must be created, consecutive numbers per (series, fiscal year) in date order, the invoices and
// their lines, batch items, and the audit and outbox rows. All of it commits, or none of it.
import type Database from 'better-sqlite3';
import { newId } from '../../src-shared/ids.js';
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

export interface ChunkContext {
  business: Business;
  plugin: TaxPlugin;
  /** The batch the invoices belong to; null for single documents (a credit note from the UI). */
  batchId: string | null;
  traceId: string;
  actor: string;
  series: { invoice: SeriesRow; credit_note: SeriesRow };
  metadata: Record<string, unknown>;
  /** Customers resolved so far in this batch (tax id or name → id): repeat customers skip the lookup. */
  customerIds: Map<string, string>;
}

export function persistChunk(db: Database.Database, ctx: ChunkContext, priced: PricedInvoice[], failed: FailedItem[], options: { recordBatchItems?: boolean } = {}): { issued: IssuedInvoice[]; newCustomerIds: Map<string, string> } {
  const recordItems = options.recordBatchItems ?? ctx.batchId !== null;
  const now = new Date().toISOString();
  const { business } = ctx;
  const issued: IssuedInvoice[] = [];
  // Remembered only once this chunk commits (see the engine), so a rolled-back chunk leaves no stale id.
  const pendingCustomerIds = new Map<string, string>();
  const ordered = [...priced].sort((a, b) => (a.spec.date < b.spec.date ? -1 : a.spec.date > b.spec.date ? 1 : a.position - b.position));

  // Consecutive numbers per (series, fiscal year), handed out in date order.
  const groups = new Map<string, { series: SeriesRow; fiscalYear: ReturnType<typeof fiscalYearOf>; items: PricedInvoice[] }>();
  for (const item of ordered) {
    const series = ctx.series[item.spec.documentKind];
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
    total_minor, tax_result, original_invoice_id, batch_id, trace_id, generation_metadata, retry_count, last_error, issued_at, created_at, updated_at)
    VALUES (?, ?, ?, 'issued', ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?)`);
  const insertLine = statement(db, `INSERT INTO invoice_lines (id, invoice_id, business_id, position, product_id, description, hsn, unit, quantity, unit_price,
    discount_minor, taxable_minor, tax_rate, tax_category, components, tax_minor, total_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertItem = statement(db, `INSERT INTO batch_items (id, batch_id, business_id, position, source_ref, status, invoice_id, payload, retry_count, last_error, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
    ON CONFLICT (batch_id, position) DO UPDATE SET status = excluded.status, invoice_id = excluded.invoice_id, retry_count = batch_items.retry_count + 1,
      last_error = excluded.last_error, updated_at = excluded.updated_at`);
  const markOrder = statement(db, "UPDATE orders SET status = 'invoiced', invoice_id = ? WHERE id = ? AND business_id = ? AND status = 'pending'");

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
    const metadata = JSON.stringify({ ...ctx.metadata, source: spec.sourceRef, creditReason: spec.creditReason, ...spec.metadata });
    insertInvoice.run(
      invoiceId, business.id, result.kind, assigned.seriesId, assigned.fiscalYear, assigned.seq, assigned.number, spec.date,
      customerId, JSON.stringify(spec.customer), spec.placeOfSupply ?? null, spec.supplyType, currency,
      toMinorUnits(result.totals.taxable, currency), toMinorUnits(result.totals.tax, currency), toMinorUnits(result.totals.roundOff, currency),
      toMinorUnits(result.totals.grandTotal, currency), JSON.stringify(result), spec.originalInvoiceId ?? null, ctx.batchId, ctx.traceId, metadata, now, now, now,
    );
    result.lines.forEach((line, index) => {
      insertLine.run(newId(), invoiceId, business.id, index + 1, spec.lines[index]?.productId ?? null, line.description, line.hsn ?? null, line.unit ?? null,
        line.quantity, line.unitPrice, toMinorUnits(line.discount, currency), toMinorUnits(line.taxable, currency), line.rate, line.category,
        JSON.stringify(line.components), toMinorUnits(line.tax, currency), toMinorUnits(line.total, currency));
    });
    if (recordItems) insertItem.run(newId(), ctx.batchId, business.id, item.position, spec.sourceRef, 'issued', invoiceId, '{}', null, now);
    for (const orderId of spec.orderRowIds ?? []) markOrder.run(invoiceId, orderId, business.id);
    appendAudit(db, { businessId: business.id, actor: ctx.actor, action: spec.documentKind === 'credit_note' ? 'credit_note.issue' : 'invoice.issue', entity: 'invoice', entityId: invoiceId, traceId: ctx.traceId, details: { number: assigned.number, total: result.totals.grandTotal, currency } });
    appendOutbox(db, { businessId: business.id, entity: 'invoice', entityId: invoiceId, op: 'insert', payload: { id: invoiceId, number: assigned.number, date: spec.date, kind: result.kind, totals: result.totals, currency, customerId } });
    issued.push({ position: item.position, invoiceId, number: assigned.number, fiscalYear: assigned.fiscalYear, spec, result });
  }
  for (const { position, failure } of failed) {
    if (!recordItems) continue;
    insertItem.run(newId(), ctx.batchId, business.id, position, failure.sourceRef, 'failed', null, JSON.stringify(failure.payload ?? {}), failure.message, now);
  }
  return { issued, newCustomerIds: pendingCustomerIds };
}
