// Actions on one issued invoice: void it (the number stays used) or issue a credit note that
// reverses it in full, numbered from the business's credit-note series in the same transaction.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../src-shared/errors.js';
import { newId, newTraceId } from '../../src-shared/ids.js';
import type { TaxResult } from '../../src-shared/tax/plugin-api.js';
import { appendAudit } from '../audit/audit.js';
import type { EngineContext } from './context.js';
import { getBusiness, getSeries } from '../db/repos/businesses.js';
import { moneyRow, moneyRows, statement } from '../db/query.js';
import type { InvoiceLineRow, InvoiceRow } from '../db/types.js';
import { appendOutbox } from '../sync/outbox.js';
import { buildInvoiceDocument, pdfPathFor } from './document.js';
import { persistChunk, type ChunkContext } from './persist.js';
import { taxContextFor } from './pipeline.js';
import type { PdfRenderer } from './pdf-renderer.js';
import type { CustomerSnapshot, InvoiceSpec } from './spec.js';

function loadInvoice(core: EngineContext, businessId: string, id: string): InvoiceRow {
  const row = core.store.read((db) => moneyRow<InvoiceRow>(statement(db, 'SELECT * FROM invoices WHERE id = ? AND business_id = ?'), id, businessId));
  if (!row) throw new AppError('NOT_FOUND', `no invoice ${id} in business ${businessId}`, { details: { businessId, invoiceId: id } });
  return row;
}

/** Voids an issued invoice. Its number stays used (and in `check sequence`), never reissued. */
export function voidInvoice(core: EngineContext, input: { businessId: string; id: string; reason: string; actor?: string }): InvoiceRow {
  const reason = input.reason.trim();
  if (!reason) throw new AppError('BAD_INPUT', 'reason: say why the invoice is voided', { details: { field: 'reason' } });
  return core.store.write((db) => {
    const row = moneyRow<InvoiceRow>(statement(db, 'SELECT * FROM invoices WHERE id = ? AND business_id = ?'), input.id, input.businessId);
    if (!row) throw new AppError('NOT_FOUND', `no invoice ${input.id} in business ${input.businessId}`, { details: { invoiceId: input.id } });
    if (row.status !== 'issued') throw new AppError('CONFLICT', `invoice ${row.number ?? row.id} is ${row.status}; only issued invoices can be voided`, { details: { status: row.status } });
    const now = new Date().toISOString();
    statement(db, "UPDATE invoices SET status = 'void', void_reason = ?, voided_at = ?, updated_at = ? WHERE id = ?").run(reason, now, now, row.id);
    appendAudit(db, { businessId: row.business_id, actor: input.actor ?? 'ui', action: 'invoice.void', entity: 'invoice', entityId: row.id, traceId: row.trace_id, details: { number: row.number, reason } });
    appendOutbox(db, { businessId: row.business_id, entity: 'invoice', entityId: row.id, op: 'update', payload: { id: row.id, status: 'void', reason } });
    return { ...row, status: 'void', void_reason: reason, voided_at: now, updated_at: now };
  });
}

/**
 * Issues a credit note reversing an issued invoice in full (same lines, customer, place of
 * supply), dated `date` (default today), and renders its PDF when a writer is given.
 */
export async function issueCreditNote(core: EngineContext, input: { businessId: string; id: string; reason: string; date?: string; actor?: string; pdf?: PdfRenderer }): Promise<InvoiceRow> {
  const reason = input.reason.trim();
  if (!reason) throw new AppError('BAD_INPUT', 'reason: say why the credit note is issued', { details: { field: 'reason' } });
  const original = loadInvoice(core, input.businessId, input.id);
  if (original.status !== 'issued') throw new AppError('CONFLICT', `invoice ${original.number ?? original.id} is ${original.status}; credit notes correct issued invoices`, { details: { status: original.status } });
  if (original.kind === 'credit_note') throw new AppError('CONFLICT', `${original.number} is itself a credit note`);
  const business = core.store.read((db) => getBusiness(db, input.businessId));
  const plugin = core.plugins.get(business.taxRegime);
  if (!plugin) throw new AppError('PLUGIN_INVALID', `tax regime "${business.taxRegime}" is not installed`);
  const lines = core.store.read((db) => moneyRows<InvoiceLineRow>(statement(db, 'SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY position'), original.id));
  const tax = JSON.parse(original.tax_result) as TaxResult;
  const date = input.date ?? new Date().toISOString().slice(0, 10);
  if (date < original.issue_date) throw new AppError('BAD_INPUT', `date: a credit note cannot be dated ${date}, before the invoice it corrects (${original.issue_date})`, { details: { field: 'date' } });
  const spec: InvoiceSpec = {
    sourceRef: `credit note for ${original.number}`,
    documentKind: 'credit_note',
    date,
    customerId: original.customer_id ?? undefined,
    customer: JSON.parse(original.customer_snapshot) as CustomerSnapshot,
    supplyType: original.supply_type,
    placeOfSupply: original.place_of_supply ?? undefined,
    originalInvoiceId: original.id,
    creditReason: reason,
    lines: lines.map((line, i) => ({
      productId: line.product_id ?? undefined, description: line.description, hsn: line.hsn ?? undefined, unit: line.unit ?? undefined,
      quantity: line.quantity, unitPrice: line.unit_price, discount: tax.lines[i]?.discount ?? '0',
      rate: line.tax_category === 'standard' ? line.tax_rate : line.tax_category,
      cessRate: tax.lines[i]?.components.find((c) => c.name === 'CESS')?.rate ?? '0',
    })),
    metadata: { creditNoteFor: original.number, reason },
  };
  const result = plugin.compute(taxContextFor(business, plugin, spec), spec.lines);
  const traceId = original.trace_id ?? newTraceId();
  const ctx: ChunkContext = {
    business, plugin, batchId: null, traceId, actor: input.actor ?? 'ui',
    series: core.store.read((db) => ({ invoice: getSeries(db, business.id, 'invoice'), credit_note: getSeries(db, business.id, 'credit_note') })),
    metadata: { creditNoteFor: original.number }, customerIds: new Map(),
  };
  const invoiceId = newId();
  const { issued } = core.store.write((db) => persistChunk(db, ctx, [{ position: 0, invoiceId, spec, result }], []));
  const created = loadInvoice(core, business.id, issued[0]!.invoiceId);
  if (input.pdf) {
    const outPath = pdfPathFor(core.dataDir, business.id, created.fiscal_year!, created.number!);
    mkdirSync(dirname(outPath), { recursive: true });
    const written = await input.pdf.render(buildInvoiceDocument(business, created, { number: original.number!, issue_date: original.issue_date }), outPath);
    core.store.write((db) => statement(db, 'UPDATE invoices SET pdf_sha256 = ?, pdf_bytes = ? WHERE id = ?').run(written.sha256, written.bytes, created.id));
    return loadInvoice(core, business.id, created.id);
  }
  return created;
}
