// invoices.list and invoices.get: the Invoices screen. Filters run in SQL on the business's
// invoices (docs/ARCHITECTURE.md rule 3: always scoped by business_id); amounts leave as decimal strings.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AppError } from '../../../src-shared/errors.js';
import { pdfFileName, pdfPathFor } from '../../engine/document.js';
import { fromMinorUnits } from '../../../src-shared/money/minor-units.js';
import type { InvoiceDetail, InvoiceSummary } from '../../../src-shared/ipc/models.js';
import { findInvoice, invoiceFigures, invoiceLines, invoiceReference, listInvoicePage } from '../../db/repos/invoices.js';
import type { InvoiceRow } from '../../db/types.js';
import { creditLeft, creditNotesOf, issueCreditNote, issueDebitNote, voidInvoiceWithPdf } from '../../engine/invoice-actions.js';
import { debitNotesOf } from '../../engine/debit-note.js';
import { capMinorText } from '../../engine/credit-cap.js';
import { countedTotals } from '../../export/counted.js';
import type { TaxResult } from '../../../src-shared/tax/plugin-api.js';
import { openPdfRenderer } from '../services.js';
import { page, type Handler } from './types.js';

function parseObject(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function parseArray(text: string): unknown[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

function toSummary(row: InvoiceRow): InvoiceSummary {
  const customer = parseObject(row.customer_snapshot);
  return {
    id: row.id, businessId: row.business_id, kind: row.kind, status: row.status, number: row.number, issueDate: row.issue_date,
    customerId: row.customer_id, customerName: typeof customer.name === 'string' ? customer.name : '', currency: row.currency,
    taxable: fromMinorUnits(row.taxable_minor, row.currency), tax: fromMinorUnits(row.tax_minor, row.currency),
    total: fromMinorUnits(row.total_minor, row.currency), batchId: row.batch_id, traceId: row.trace_id, pdfSha256: row.pdf_sha256,
    createdAt: row.created_at, issuedAt: row.issued_at,
  };
}

export const invoicesList: Handler<'invoices.list'> = async (core, input) => {
  const { offset, limit, ...filter } = { ...input, ...page(input) };
  return core.store.read((db) => {
    const { rows, total } = listInvoicePage(db, filter, { offset, limit });
    return { items: rows.map(toSummary), total, offset, limit };
  });
};

/**
 * Home's figures: SUMs over INTEGER minor units (read as BigInt, never a JS number). A credit note
 * takes its value off the sales of the period it is dated in; a voided invoice counts zero.
 */
export const invoicesFigures: Handler<'invoices.figures'> = async (core, input) => core.store.read((db) => {
  const row = invoiceFigures(db, input.businessId, input.from, input.to);
  if (row.currency === null) throw new AppError('NOT_FOUND', `no business with id ${input.businessId}`, { details: { businessId: input.businessId } });
  return {
    invoices: Number(row.invoices), creditNotes: Number(row.credit_notes), voided: Number(row.voided),
    sales: fromMinorUnits(row.sales_minor ?? 0n, row.currency), tax: fromMinorUnits(row.tax_minor ?? 0n, row.currency),
  };
});

export const invoicesGet: Handler<'invoices.get'> = async (core, input) => core.store.read((db): InvoiceDetail => {
  const row = findInvoice(db, input.businessId, input.id);
  if (!row) throw new AppError('NOT_FOUND', `no invoice ${input.id} in business ${input.businessId}`, { details: { businessId: input.businessId, invoiceId: input.id } });
  const lines = invoiceLines(db, input.businessId, input.id);
  const money = (minor: bigint) => fromMinorUnits(minor, row.currency);
  const original = row.original_invoice_id
    ? invoiceReference(db, input.businessId, row.original_invoice_id)
    : undefined;
  const note = row.kind === 'credit_note' || row.kind === 'debit_note';
  const notes = note ? [] : creditNotesOf(db, input.businessId, row.id);
  const debits = note ? [] : debitNotesOf(db, input.businessId, row.id);
  return {
    ...toSummary(row),
    seriesId: row.series_id, fiscalYear: row.fiscal_year, supplyDate: row.supply_date, placeOfSupply: row.place_of_supply,
    supplyType: row.supply_type, reverseCharge: row.reverse_charge === 1, pricesIncludeTax: row.prices_include_tax === 1,
    roundOff: money(row.round_off_minor), customer: parseObject(row.customer_snapshot), taxResult: parseObject(row.tax_result),
    originalInvoiceId: row.original_invoice_id, voidReason: row.void_reason, voidedAt: row.voided_at, lastError: row.last_error,
    lines: lines.map((line) => ({
      position: line.position, productId: line.product_id, description: line.description, hsn: line.hsn, unit: line.unit,
      quantity: line.quantity, unitPrice: line.unit_price, discount: money(line.discount_minor), taxable: money(line.taxable_minor),
      taxRate: line.tax_rate, taxCategory: line.tax_category, components: parseArray(line.components), tax: money(line.tax_minor),
      total: money(line.total_minor),
    })),
    ...(original ? { [row.kind === 'debit_note' ? 'debitNoteFor' : 'creditNoteFor']: { id: original.id, number: original.number, date: original.issue_date } } : {}),
    ...(notes.length > 0 ? { creditNotes: notes.map((n) => ({ id: n.id, number: n.number!, date: n.issue_date, total: money(n.total_minor) })) } : {}),
    ...(debits.length > 0 ? { debitNotes: debits.map((n) => ({ id: n.id, number: n.number!, date: n.issue_date, total: money(n.total_minor) })) } : {}),
  };
});

export const invoicesCreditable: Handler<'invoices.creditable'> = async (core, input) => core.store.read((db) => {
  const row = findInvoice(db, input.businessId, input.id);
  if (!row) throw new AppError('NOT_FOUND', `no invoice ${input.id} in business ${input.businessId}`, { details: { businessId: input.businessId, invoiceId: input.id } });
  const { left, tax } = creditLeft(db, row);
  const text = (minor: bigint) => capMinorText(minor > 0n ? minor : 0n, row.currency);
  return {
    id: row.id, number: row.number ?? '', currency: row.currency, left: text(left.grandTotal), grandTotal: fromMinorUnits(row.total_minor, row.currency),
    lines: (tax.lines ?? []).map((l, i) => {
      const at = left.lines.get(i + 1)!;
      return { line: i + 1, description: l.description, unit: l.unit ?? null, quantity: l.quantity, leftQuantity: at.quantity.gt(0) ? at.quantity.toFixed() : '0', total: l.total, leftTotal: text(at.total) };
    }),
    creditNotes: (row.kind === 'credit_note' ? [] : creditNotesOf(db, input.businessId, row.id)).map((n) => ({ id: n.id, number: n.number!, date: n.issue_date, total: fromMinorUnits(n.total_minor, n.currency) })),
  };
});

export const invoicesPdf: Handler<'invoices.pdf'> = async (core, input) => {
  const row = core.store.read((db) => findInvoice(db, input.businessId, input.id));
  if (!row) throw new AppError('NOT_FOUND', `no invoice ${input.id} in business ${input.businessId}`, { details: { businessId: input.businessId, invoiceId: input.id } });
  if (!row.number || !row.fiscal_year || !row.pdf_sha256) {
    throw new AppError('NOT_FOUND', `invoice ${row.number ?? row.id} has no PDF yet${row.last_error ? ` (${row.last_error})` : ''}; retry its batch`, { details: { invoiceId: row.id } });
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(pdfPathFor(core.dataDir, row.business_id, row.fiscal_year, row.number));
  } catch {
    throw new AppError('PDF_FAILED', `the PDF of invoice ${row.number} is missing from the data folder; retry its batch to render it again`, { details: { invoiceId: row.id } });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // Never show a file that is not the one recorded when the invoice was issued.
  if (sha256 !== row.pdf_sha256) throw new AppError('PDF_FAILED', `the PDF of invoice ${row.number} was changed on disk (SHA-256 ${sha256.slice(0, 12)}…, recorded ${row.pdf_sha256.slice(0, 12)}…)`, { details: { invoiceId: row.id } });
  return { base64: bytes.toString('base64'), bytes: bytes.length, sha256, fileName: pdfFileName(row.number) };
};

export const invoicesVoid: Handler<'invoices.void'> = async (core, input, ctx) => {
  const pdf = await openPdfRenderer(core);
  try {
    const row = await voidInvoiceWithPdf(core, { businessId: input.businessId, id: input.id, reason: input.reason, actor: ctx.actor, pdf });
    return { id: row.id, number: row.number!, status: row.status };
  } finally {
    await pdf.close();
  }
};

export const invoicesCreditNote: Handler<'invoices.creditNote'> = async (core, input, ctx) => {
  const pdf = await openPdfRenderer(core);
  try {
    const row = await issueCreditNote(core, { businessId: input.businessId, id: input.id, reason: input.reason, date: input.date, lines: input.lines, value: input.value, requestKey: input.requestKey, actor: ctx.actor, pdf });
    return { id: row.id, number: row.number!, status: row.status, totals: creditNoteTotals(row) };
  } finally {
    await pdf.close();
  }
};

export const invoicesDebitNote: Handler<'invoices.debitNote'> = async (core, input, ctx) => {
  const pdf = await openPdfRenderer(core);
  try {
    const row = await issueDebitNote(core, { businessId: input.businessId, id: input.id, reason: input.reason, date: input.date, lines: input.lines, prices: input.prices, value: input.value, requestKey: input.requestKey, actor: ctx.actor, pdf });
    return { id: row.id, number: row.number!, status: row.status, totals: debitNoteTotals(row) };
  } finally {
    await pdf.close();
  }
};

/** A debit note's totals as the export manifest counts them (positive, as printed). */
export function debitNoteTotals(row: InvoiceRow): { taxable: string; tax: string; roundOff: string; grandTotal: string } {
  const { totals } = JSON.parse(row.tax_result) as TaxResult;
  return countedTotals(totals, 'debit note', row.currency);
}

/** A credit note's totals as the export manifest counts them (negative). */
export function creditNoteTotals(row: InvoiceRow): { taxable: string; tax: string; roundOff: string; grandTotal: string } {
  const { totals } = JSON.parse(row.tax_result) as TaxResult;
  return countedTotals(totals, 'credit note', row.currency);
}
