// Actions on one issued invoice: void it (the number stays used; its PDF is rendered again with
// the CANCELLED mark) or issue a credit note for chosen lines and quantities, a value, or all that
// is left, numbered from the business's credit-note series. What is left to credit is read again
// inside the issuing write transaction, so two requests racing for the same invoice (two clicks,
// two processes) cannot both pass the cap.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.js';
import { newId, newTraceId } from '../../src-shared/ids.js';
import { formatMoney } from '../../src-shared/money/index.js';
import type { Business } from '../../src-shared/schemas/business.js';
import type { TaxPlugin, TaxResult } from '../../src-shared/tax/plugin-api.js';
import { appendAudit } from '../audit/audit.js';
import type { EngineContext } from './context.js';
import { getBusiness, seriesForDocuments } from '../db/repos/businesses.js';
import { findInvoice as invoiceById, invoiceLines } from '../db/repos/invoices.js';
import { resolveInvoiceRef } from '../db/repos/invoice-refs.js';
import { issuedCreditNotes, markVoid, noteByRequestKey, recordNotePdf, recordRerenderedPdf } from '../db/repos/notes.js';
import type { InvoiceLineRow, InvoiceRow } from '../db/types.js';
import { appendOutbox } from '../sync/outbox.js';
import {
  capExcesses, capMinorText, capOfInvoice, CreditRefusal, fitCredit, linksOf, nothingLeft, planCredit, subtractCredit,
  type CapExcess, type CapState, type CreditLineLink, type CreditRequest,
} from './credit-cap.js';
import { debitNotesOf, issueDebitNoteWith, type DebitNoteInput } from './debit-note.js';
import { activeIrnOf, buildInvoiceDocument, invoiceLinks, pdfPathFor } from './document.js';
import { persistChunk, type ChunkContext } from './persist.js';
import { taxContextFor } from './pipeline.js';
import type { PdfRenderer } from './pdf-renderer.js';
import type { CustomerSnapshot, InvoiceSpec } from './spec.js';

export type { CreditRequest } from './credit-cap.js';

function loadInvoice(db: Database.Database, businessId: string, id: string): InvoiceRow {
  const row = invoiceById(db, businessId, id);
  if (!row) throw new AppError('NOT_FOUND', `no invoice ${id} in business ${businessId}`, { details: { businessId, invoiceId: id } });
  return row;
}

/** Every issued credit note against `invoiceId`, oldest first. */
export function creditNotesOf(db: Database.Database, businessId: string, invoiceId: string): InvoiceRow[] {
  return issuedCreditNotes(db, businessId, invoiceId);
}

function recordedLinks(row: InvoiceRow): unknown {
  if (!row.generation_metadata) return undefined;
  try {
    return (JSON.parse(row.generation_metadata) as { creditLines?: unknown }).creditLines;
  } catch {
    return undefined;
  }
}

/** What is left to credit on an invoice, from its tax result and its credit notes' (read in `db`). */
export function creditLeft(db: Database.Database, invoice: InvoiceRow): { left: CapState; tax: TaxResult; priorLinks: CreditLineLink[][]; notes: number } {
  const tax = JSON.parse(invoice.tax_result) as TaxResult;
  let left = capOfInvoice(tax);
  const priorLinks: CreditLineLink[][] = [];
  const notes = creditNotesOf(db, invoice.business_id, invoice.id);
  for (const note of notes) {
    const noteTax = JSON.parse(note.tax_result) as TaxResult;
    const links = linksOf(noteTax, recordedLinks(note), tax);
    priorLinks.push(links);
    left = subtractCredit(left, noteTax, links);
  }
  return { left, tax, priorLinks, notes: notes.length };
}

function money(minor: bigint, currency: string): string {
  return formatMoney(capMinorText(minor, currency), currency, currency === 'INR' ? 'en-IN' : 'en', { currency: true });
}

/** "only ₹12,345.00 of INV/2627/00001 is left to credit", with the line or component that overflows. */
function overCreditError(invoice: InvoiceRow, left: CapState, excesses: CapExcess[], tax: TaxResult): AppError {
  const number = invoice.number ?? invoice.id;
  const lead = left.grandTotal <= 0n ? `nothing of ${number} is left to credit (its credit notes already total ${money(capOfInvoice(tax).grandTotal, invoice.currency)})` : `only ${money(left.grandTotal, invoice.currency)} of ${number} is left to credit`;
  const what = excesses.slice(0, 3).map((e) => {
    const line = e.line !== undefined ? `line ${e.line}${tax.lines[e.line - 1] ? ` (${tax.lines[e.line - 1]!.description})` : ''}` : 'the total';
    if (e.measure === 'quantity') return `${line}: ${e.left} units left, asked ${e.asked}`;
    const label = e.measure === 'component' ? `${e.component} ` : e.measure === 'taxable' ? 'taxable value ' : '';
    return `${line}: ${label}${money(BigInt(e.left), invoice.currency)} left, this credit note would be ${money(BigInt(e.asked), invoice.currency)}`;
  });
  return new AppError('BAD_INPUT', `${lead}${what.length ? `; ${what.join('; ')}` : ''}`, {
    details: { invoiceId: invoice.id, number, left: capMinorText(left.grandTotal > 0n ? left.grandTotal : 0n, invoice.currency), excesses },
  });
}

/** Renders an issued invoice's PDF again (void mark, credit notes listed) and records its hash. */
export async function rerenderInvoicePdf(core: EngineContext, businessId: string, invoiceId: string, pdf: PdfRenderer): Promise<void> {
  const { business, row, links } = core.store.read((db) => {
    const r = loadInvoice(db, businessId, invoiceId);
    return { business: getBusiness(db, businessId), row: r, links: invoiceLinks(db, r) };
  });
  if (!row.number || !row.fiscal_year) return;
  const outPath = pdfPathFor(core.dataDir, business.id, row.fiscal_year, row.number);
  mkdirSync(dirname(outPath), { recursive: true });
  const written = await pdf.render(buildInvoiceDocument(business, row, links.original, links.creditNotes, links.irn, undefined, links.debitNotes), outPath, { businessId: business.id });
  core.store.write((db) => {
    recordRerenderedPdf(db, business.id, row.id, written, new Date().toISOString());
    appendAudit(db, { businessId: business.id, actor: 'pdf', action: 'invoice.pdf', entity: 'invoice', entityId: row.id, traceId: row.trace_id, details: { number: row.number, sha256: written.sha256, status: row.status } });
  });
}

/**
 * Voids an issued invoice. Its number stays used (and in `check sequence`), never reissued. An
 * invoice with credit notes is not voided: its credit notes already correct it.
 */
export function voidInvoice(core: EngineContext, input: { businessId: string; id: string; reason: string; actor?: string }): InvoiceRow {
  const reason = input.reason.trim();
  if (!reason) throw new AppError('BAD_INPUT', 'reason: say why the invoice is voided', { details: { field: 'reason' } });
  return core.store.write((db) => {
    const row = invoiceById(db, input.businessId, input.id);
    if (!row) throw new AppError('NOT_FOUND', `no invoice ${input.id} in business ${input.businessId}`, { details: { invoiceId: input.id } });
    if (row.status !== 'issued') throw new AppError('CONFLICT', `invoice ${row.number ?? row.id} is ${row.status}; only issued invoices can be voided`, { details: { status: row.status } });
    if (activeIrnOf(db, row)) {
      throw new AppError('CONFLICT', `invoice ${row.number} is registered on the IRP (it has an IRN); cancel it on the e-invoice portal (within 24 hours of registration), then record that with \`ledgerflow gst irn-cancel ${row.number} --business ${row.business_id} --reason R\``, { details: { status: row.status, irn: true } });
    }
    if (row.kind !== 'credit_note' && row.kind !== 'debit_note') {
      const notes = creditNotesOf(db, row.business_id, row.id);
      if (notes.length > 0) throw new AppError('CONFLICT', `invoice ${row.number} has credit notes (${notes.map((n) => n.number).join(', ')}); it cannot be voided as well`, { details: { creditNotes: notes.map((n) => n.number) } });
      const debits = debitNotesOf(db, row.business_id, row.id);
      if (debits.length > 0) throw new AppError('CONFLICT', `invoice ${row.number} has debit notes (${debits.map((n) => n.number).join(', ')}); it cannot be voided while they stand (void them first)`, { details: { debitNotes: debits.map((n) => n.number) } });
    }
    const now = new Date().toISOString();
    markVoid(db, row.id, reason, now);
    appendAudit(db, { businessId: row.business_id, actor: input.actor ?? 'ui', action: 'invoice.void', entity: 'invoice', entityId: row.id, traceId: row.trace_id, details: { number: row.number, reason } });
    appendOutbox(db, { businessId: row.business_id, entity: 'invoice', entityId: row.id, op: 'update', payload: { id: row.id, status: 'void', reason } });
    return { ...row, status: 'void', void_reason: reason, voided_at: now, updated_at: now };
  });
}

/** Voids and, when a PDF writer is given, renders the PDF again with the CANCELLED mark. */
export async function voidInvoiceWithPdf(core: EngineContext, input: { businessId: string; id: string; reason: string; actor?: string; pdf?: PdfRenderer }): Promise<InvoiceRow> {
  const row = voidInvoice(core, input);
  if (input.pdf && row.pdf_sha256) {
    await rerenderInvoicePdf(core, row.business_id, row.id, input.pdf);
    return core.store.read((db) => loadInvoice(db, row.business_id, row.id));
  }
  return row;
}

export interface CreditNoteInput {
  businessId: string;
  id: string;
  reason: string;
  /** Chosen lines (1-based) and quantities; or a value; neither: all that is left. */
  lines?: Array<{ line: number; quantity: string }>;
  value?: string;
  date?: string;
  actor?: string;
  pdf?: PdfRenderer;
  /**
   * The caller's key for this one request (the dialog makes one when it opens). A second request
   * with the same key (a second click, a retried call) gets the credit note the first one issued.
   */
  requestKey?: string;
}

/** A priced credit note, ready to be issued (the cap is checked again when it is). */
export interface PreparedCreditNote {
  business: Business;
  plugin: TaxPlugin;
  original: InvoiceRow;
  spec: InvoiceSpec;
  result: TaxResult;
  links: CreditLineLink[];
  requestKey?: string;
}

function requestOf(input: CreditNoteInput): CreditRequest {
  if (input.lines !== undefined && input.value !== undefined) throw new AppError('BAD_INPUT', 'credit either chosen lines or a value, not both', { details: { field: 'lines' } });
  if (input.lines !== undefined) return { kind: 'lines', lines: input.lines };
  if (input.value !== undefined) return { kind: 'value', value: input.value };
  return { kind: 'rest' };
}

/** Refuses an invoice a credit note cannot correct: a note itself, or not issued. */
function assertCreditable(original: InvoiceRow): void {
  if (original.kind === 'credit_note') throw new AppError('CONFLICT', `${original.number} is itself a credit note`, { details: { number: original.number } });
  if (original.kind === 'debit_note') throw new AppError('CONFLICT', `${original.number} is a debit note; credit its invoice instead`, { details: { number: original.number } });
  if (original.status !== 'issued') throw new AppError('CONFLICT', `invoice ${original.number ?? original.id} is ${original.status}; credit notes correct issued invoices${original.status === 'void' ? ' (a voided invoice is not credited)' : ''}`, { details: { status: original.status } });
}

/** The lines a request credits against what is left (a refusal names the field and what is left). */
function planOrRefuse(original: InvoiceRow, credit: ReturnType<typeof creditLeft>, request: CreditRequest, lineRows: InvoiceLineRow[]): ReturnType<typeof planCredit> {
  try {
    return planCredit(credit.tax, credit.left, request, credit.priorLinks, lineRows.map((l) => l.product_id));
  } catch (error) {
    if (error instanceof CreditRefusal) {
      throw new AppError('BAD_INPUT', `${error.message}; only ${money(credit.left.grandTotal, original.currency)} of ${original.number} is left to credit`, { details: { field: error.field, left: capMinorText(credit.left.grandTotal, original.currency) } });
    }
    throw error;
  }
}

/** What a credit note takes from its invoice (customer, supply, place of supply), before its lines. */
function creditNoteBase(original: InvoiceRow, date: string, reason: string): InvoiceSpec {
  return {
    sourceRef: `credit note for ${original.number}`,
    documentKind: 'credit_note',
    date,
    customerId: original.customer_id ?? undefined,
    customer: JSON.parse(original.customer_snapshot) as CustomerSnapshot,
    supplyType: original.supply_type,
    placeOfSupply: original.place_of_supply ?? undefined,
    originalInvoiceId: original.id,
    creditReason: reason,
    lines: [],
  };
}

/** Prices a credit note against what is left of the invoice now (nothing is written). */
export function prepareCreditNote(core: EngineContext, input: CreditNoteInput): PreparedCreditNote {
  const reason = input.reason.trim();
  if (!reason) throw new AppError('BAD_INPUT', 'reason: say why the credit note is issued', { details: { field: 'reason' } });
  const request = requestOf(input);
  const { original, business, lineRows, credit } = core.store.read((db) => {
    const o = loadInvoice(db, input.businessId, input.id);
    return { original: o, business: getBusiness(db, input.businessId), lineRows: invoiceLines(db, input.businessId, o.id), credit: creditLeft(db, o) };
  });
  assertCreditable(original);
  const plugin = core.plugins.get(business.taxRegime);
  if (!plugin) throw new AppError('PLUGIN_INVALID', `tax regime "${business.taxRegime}" is not installed`);
  const date = input.date ?? new Date().toISOString().slice(0, 10);
  if (date < original.issue_date) throw new AppError('BAD_INPUT', `date: a credit note cannot be dated ${date}, before the invoice it corrects (${original.issue_date})`, { details: { field: 'date' } });
  if (nothingLeft(credit.left)) throw overCreditError(original, credit.left, [], credit.tax);
  const plan = planOrRefuse(original, credit, request, lineRows);
  const base = creditNoteBase(original, date, reason);
  const fitted = fitCredit((lines, inclusive) => plugin.compute({ ...taxContextFor(business, plugin, base), pricesIncludeTax: inclusive }, lines), plan, credit.left, credit.notes);
  if ('excesses' in fitted) throw overCreditError(original, credit.left, fitted.excesses, credit.tax);
  const links = fitted.plan.lines.map((l) => l.link);
  const spec: InvoiceSpec = {
    ...base,
    lines: fitted.plan.lines.map((l) => l.input),
    metadata: { creditNoteFor: original.number, reason, creditLines: links, ...(fitted.plan.pricesIncludeTax ? { creditByValue: true } : {}), ...(input.requestKey ? { requestKey: input.requestKey } : {}) },
  };
  return { business, plugin, original, spec, result: fitted.result, links, ...(input.requestKey ? { requestKey: input.requestKey } : {}) };
}

/**
 * Issues a prepared credit note: inside the write transaction, re-reads the invoice and its credit
 * notes and refuses (BAD_INPUT, naming what is left) if this note no longer fits.
 */
export function commitCreditNote(core: EngineContext, prepared: PreparedCreditNote, actor = 'ui'): InvoiceRow {
  return commitCreditNoteOnce(core, prepared, actor).row;
}

/**
 * The credit note issued earlier for `requestKey` against `invoiceId`, if any; a key that issued a
 * note for another invoice is refused (a key names one request).
 */
function noteOfRequest(db: Database.Database, businessId: string, invoiceId: string, requestKey: string): InvoiceRow | undefined {
  const earlier = noteByRequestKey(db, businessId, 'credit_note', requestKey);
  if (earlier && earlier.original_invoice_id !== invoiceId) {
    throw new AppError('CONFLICT', `request key ${requestKey} already issued credit note ${earlier.number} for another invoice`, { details: { field: 'requestKey', number: earlier.number } });
  }
  return earlier;
}

/** As commitCreditNote; `replayed` when the request key had already issued its note (nothing new written). */
function commitCreditNoteOnce(core: EngineContext, prepared: PreparedCreditNote, actor: string): { row: InvoiceRow; replayed: boolean } {
  const { business, plugin, original, spec, result, links, requestKey } = prepared;
  const ctx: ChunkContext = {
    business, plugin, batchId: null, traceId: original.trace_id ?? newTraceId(), actor,
    series: core.store.read((db) => seriesForDocuments(db, business.id)),
    metadata: { creditNoteFor: original.number }, customerIds: new Map(),
  };
  return core.store.write((db) => {
    if (requestKey) {
      const earlier = noteOfRequest(db, business.id, original.id, requestKey);
      if (earlier) return { row: earlier, replayed: true };
    }
    const fresh = loadInvoice(db, business.id, original.id);
    if (fresh.status !== 'issued') throw new AppError('CONFLICT', `invoice ${fresh.number} is ${fresh.status}; credit notes correct issued invoices`, { details: { status: fresh.status } });
    const { left, tax } = creditLeft(db, fresh);
    const excesses = capExcesses(left, result, links);
    if (excesses.length > 0) throw overCreditError(fresh, left, excesses, tax);
    const { issued } = persistChunk(db, ctx, [{ position: 0, invoiceId: newId(), spec, result }], []);
    return { row: loadInvoice(db, business.id, issued[0]!.invoiceId), replayed: false };
  });
}

/**
 * Issues a credit note against an issued invoice (chosen lines, a value, or all that is left),
 * dated `date` (default today), and renders its PDF — and the invoice's again, listing its credit
 * notes — when a writer is given.
 */
export async function issueCreditNote(core: EngineContext, input: CreditNoteInput): Promise<InvoiceRow> {
  if (input.requestKey) {
    const key = input.requestKey;
    // Already issued (what is left may now be too little to plan the same request again).
    const earlier = core.store.read((db) => noteOfRequest(db, input.businessId, input.id, key));
    if (earlier) return earlier;
  }
  const prepared = prepareCreditNote(core, input);
  const { row: created, replayed } = commitCreditNoteOnce(core, prepared, input.actor ?? 'ui');
  if (!input.pdf || replayed) return created;
  const { business, original } = prepared;
  const outPath = pdfPathFor(core.dataDir, business.id, created.fiscal_year!, created.number!);
  mkdirSync(dirname(outPath), { recursive: true });
  const written = await input.pdf.render(buildInvoiceDocument(business, created, { number: original.number!, issue_date: original.issue_date }), outPath, { businessId: business.id });
  core.store.write((db) => recordNotePdf(db, created.id, written));
  if (original.pdf_sha256) await rerenderInvoicePdf(core, business.id, original.id, input.pdf);
  return core.store.read((db) => loadInvoice(db, business.id, created.id));
}

/**
 * Finds an invoice by id or number (case-insensitive), in one business or, if unambiguous, any; a
 * number issued in several fiscal years needs the fiscal year (db/repos/invoice-refs.ts).
 */
export function findInvoice(core: EngineContext, ref: string, businessId?: string, fiscalYear?: string): InvoiceRow {
  return core.store.read((db) => {
    const found = resolveInvoiceRef(db, { ref, businessId, fiscalYear });
    return loadInvoice(db, found.businessId, found.id);
  });
}

/**
 * Issues a debit note against an issued invoice (extra quantities, revised prices or a value) and,
 * when a writer is given, renders its PDF and the invoice's again (listing its debit notes).
 */
export function issueDebitNote(core: EngineContext, input: DebitNoteInput): Promise<InvoiceRow> {
  return issueDebitNoteWith(core, input, (businessId, invoiceId, pdf) => rerenderInvoicePdf(core, businessId, invoiceId, pdf));
}

export type { DebitNoteInput } from './debit-note.js';
