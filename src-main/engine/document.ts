// Builds the InvoiceDocument the PDF writer prints (and the export's ground truth) from what the
// database holds: the invoice row, its stored tax result, the customer snapshot and the business.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import type { Business } from '../../src-shared/schemas/business.js';
import type { LocalizedText, TaxResult } from '../../src-shared/tax/plugin-api.js';
import { gstStateName } from '../../src-shared/tax/gst-states.js';
import { checkGstId } from '../../src-shared/validation/fields.js';
import { fromMinorUnits } from '../../src-shared/money/minor-units.js';
import { activeRegistration, correctedInvoice, issuedNotesSummary, type NoteSummaryRow } from '../db/repos/notes.js';
import type { InvoiceRow } from '../db/types.js';
import type { CustomerSnapshot, ShipTo } from './spec.js';

/** Copies of a GST invoice (CGST Rules r.48(1)): goods in triplicate, services in duplicate. */
export type InvoiceCopies = 'original' | 'duplicate' | 'triplicate';

const COPY_LABELS = {
  original: { en: 'ORIGINAL FOR RECIPIENT', hi: 'प्राप्तकर्ता के लिए मूल प्रति' },
  transporter: { en: 'DUPLICATE FOR TRANSPORTER', hi: 'ट्रांसपोर्टर के लिए दूसरी प्रति' },
  supplierDuplicate: { en: 'DUPLICATE FOR SUPPLIER', hi: 'आपूर्तिकर्ता के लिए दूसरी प्रति' },
  supplierTriplicate: { en: 'TRIPLICATE FOR SUPPLIER', hi: 'आपूर्तिकर्ता के लिए तीसरी प्रति' },
} satisfies Record<string, LocalizedText>;

/**
 * The copy marks a GST business prints (business setting `taxSettings.invoiceCopies`, default
 * "original"): the original for the recipient, then for goods the duplicate for the transporter
 * and the triplicate for the supplier, for services only the duplicate for the supplier. The
 * first is the invoice's own PDF; each further copy is a PDF of its own. Other regimes and credit
 * notes: none.
 */
export function copyLabelsFor(business: Pick<Business, 'taxRegime' | 'taxSettings'>, tax: Pick<TaxResult, 'kind' | 'lines'>): LocalizedText[] {
  if (business.taxRegime !== 'gst-in' || tax.kind === 'credit_note' || tax.kind === 'debit_note') return [];
  const wanted = business.taxSettings?.invoiceCopies;
  const count = wanted === 'triplicate' ? 3 : wanted === 'duplicate' ? 2 : 1;
  const goods = tax.lines.some((line) => (line.kind ?? (line.hsn?.trim().startsWith('99') ? 'services' : 'goods')) === 'goods');
  const labels = goods ? [COPY_LABELS.original, COPY_LABELS.transporter, COPY_LABELS.supplierTriplicate] : [COPY_LABELS.original, COPY_LABELS.supplierDuplicate];
  return labels.slice(0, count);
}

/** Whether a business writes each copy as a PDF of its own (setting `invoiceCopiesLayout`); by default all copies are in the invoice's one PDF. */
export function copiesInSeparatePdfs(business: Pick<Business, 'taxSettings'>): boolean {
  return business.taxSettings?.invoiceCopiesLayout === 'one-per-copy';
}

/** Where the further copies of an invoice's PDF go: beside it, named after the copy ("…-DUPLICATE.pdf"). */
export function copyPdfPath(outPath: string, label: LocalizedText): string {
  return outPath.replace(/\.pdf$/i, `-${label.en.split(' ')[0]}.pdf`);
}

function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function addressLines(address: string | null | undefined, ...extra: Array<string | null | undefined>): string[] {
  return [...(address ?? '').split(/\r?\n/), ...extra].map((line) => (line ?? '').trim()).filter(Boolean);
}

/** A credit note as its invoice lists it. */
export interface CreditNoteRef {
  number: string;
  date: string;
  total: string;
}

/**
 * The documents an invoice links to: for a credit note, the invoice it corrects; for an invoice,
 * its issued credit notes (oldest first).
 */
export function invoiceLinks(db: Database.Database, invoice: InvoiceRow): { original: { number: string; issue_date: string } | null; creditNotes: CreditNoteRef[]; debitNotes: CreditNoteRef[]; irn?: InvoiceDocument['irn'] } {
  const original = invoice.original_invoice_id ? correctedInvoice(db, invoice.business_id, invoice.original_invoice_id) ?? null : null;
  const notes = invoice.kind === 'credit_note' || invoice.kind === 'debit_note' ? [] : issuedNotesSummary(db, invoice.business_id, invoice.id);
  const ref = (n: NoteSummaryRow): CreditNoteRef => ({ number: n.number!, date: n.issue_date, total: fromMinorUnits(n.total_minor, n.currency) });
  return { original, creditNotes: notes.filter((n) => n.kind === 'credit_note').map(ref), debitNotes: notes.filter((n) => n.kind === 'debit_note').map(ref), irn: activeIrnOf(db, invoice) };
}

/** The invoice's e-invoice registration from the IRP, unless it was cancelled on the portal. */
export function activeIrnOf(db: Database.Database, invoice: Pick<InvoiceRow, 'id' | 'business_id'>): InvoiceDocument['irn'] {
  const row = activeRegistration(db, invoice.business_id, invoice.id);
  return row ? { irn: row.irn, ackNo: row.ack_no, ackDate: row.ack_date, signedQrCode: row.signed_qr_code } : undefined;
}

type DocumentMetadata = { creditReason?: string; placeOfSupplyBasis?: InvoiceDocument['placeOfSupplyBasis'] };

function supplierOf(business: Business): InvoiceDocument['supplier'] {
  return {
    name: business.legalName ?? business.name,
    address: addressLines(business.address, [business.city, business.postalCode].filter(Boolean).join(' ')),
    taxId: business.taxId,
    stateCode: business.stateCode ?? undefined,
    stateName: business.stateCode ? gstStateName(business.stateCode) : undefined,
    country: business.countryCode,
    phone: business.phone ?? undefined,
    email: business.email ?? undefined,
    logo: business.logo ?? undefined,
    signature: business.signature ?? undefined,
    signatoryName: business.signatoryName ?? undefined,
    ...(business.bankDetails && Object.values(business.bankDetails).some((v) => v) ? { bankDetails: business.bankDetails } : {}),
  };
}

/** GSTIN or UIN (a UN body's or embassy's number), for a GST customer with a tax id. */
function taxIdKindOf(gst: boolean, taxId: string | null | undefined): 'uin' | 'gstin' | undefined {
  if (!gst || !taxId) return undefined;
  return checkGstId(taxId).kind === 'uin' ? 'uin' : 'gstin';
}

function customerOf(customer: CustomerSnapshot, gst: boolean): InvoiceDocument['customer'] {
  return {
    name: customer.name,
    address: addressLines(customer.address),
    taxId: customer.taxId ?? null,
    taxIdKind: taxIdKindOf(gst, customer.taxId),
    stateCode: gst ? (customer.stateCode ?? undefined) : undefined,
    stateName: gst && customer.stateCode ? gstStateName(customer.stateCode) : undefined,
    country: customer.countryCode ?? undefined,
  };
}

function documentLines(tax: TaxResult): InvoiceDocument['lines'] {
  return tax.lines.map((line, position) => ({
    index: position + 1, description: line.description, hsn: line.hsn, quantity: line.quantity, unit: line.unit, unitPrice: line.unitPrice,
    discount: line.discount, taxable: line.taxable, rate: line.rate, category: line.category, components: line.components, tax: line.tax, total: line.total,
  }));
}

/** The notes an invoice lists and its IRN, each only when there is one. */
function linkedDocuments(creditNotes: CreditNoteRef[] | undefined, debitNotes: CreditNoteRef[] | undefined, irn: InvoiceDocument['irn']): Pick<InvoiceDocument, 'creditNotes' | 'debitNotes' | 'irn'> {
  return {
    ...(creditNotes && creditNotes.length > 0 ? { creditNotes } : {}),
    ...(debitNotes && debitNotes.length > 0 ? { debitNotes } : {}),
    ...(irn ? { irn } : {}),
  };
}

/** The CANCELLED mark of a voided invoice. */
function cancellationOf(invoice: InvoiceRow): Pick<InvoiceDocument, 'cancelled'> {
  return invoice.status === 'void' ? { cancelled: { date: (invoice.voided_at ?? invoice.updated_at).slice(0, 10), reason: invoice.void_reason ?? '' } } : {};
}

function shipToOf(invoice: InvoiceRow, customer: CustomerSnapshot, gst: boolean): InvoiceDocument['shipTo'] {
  const shipTo = invoice.ship_to ? (JSON.parse(invoice.ship_to) as ShipTo) : undefined;
  if (!shipTo) return undefined;
  return {
    name: shipTo.name ?? customer.name,
    address: addressLines(shipTo.address),
    stateCode: gst ? shipTo.stateCode : undefined,
    stateName: gst && shipTo.stateCode ? gstStateName(shipTo.stateCode) : undefined,
    country: customer.countryCode ?? undefined,
  };
}

/** Country of destination and the LUT / bond (GST) or zero-rating (VAT) statement of an export. */
function exportOf(business: Business, tax: TaxResult, customer: CustomerSnapshot): InvoiceDocument['export'] {
  const destination = customer.countryCode && customer.countryCode !== business.countryCode ? customer.countryCode : undefined;
  if (!tax.export || !destination) return undefined;
  return { country: destination, countryName: countryName(destination), statement: tax.export.statement, ...(tax.export.lut ? { lut: tax.export.lut } : {}) };
}

/** The copy mark this PDF carries, and all the marks when every copy is in this one PDF. */
function copiesOf(business: Business, tax: TaxResult, copy: LocalizedText | undefined): { copyLabel: LocalizedText | undefined; copyLabels: LocalizedText[] | undefined } {
  const labels = copyLabelsFor(business, tax);
  // All copies in this one PDF, unless the business writes a PDF per copy (or one copy is asked for).
  const copyLabels = !copy && labels.length > 1 && !copiesInSeparatePdfs(business) ? labels : undefined;
  return { copyLabel: copy ?? labels[0], copyLabels };
}

/** `copy`: the copy mark this PDF carries; absent, the first of copyLabelsFor (the original). */
export function buildInvoiceDocument(business: Business, invoice: InvoiceRow, original?: { number: string; issue_date: string } | null, creditNotes?: CreditNoteRef[], irn?: InvoiceDocument['irn'], copy?: LocalizedText, debitNotes?: CreditNoteRef[]): InvoiceDocument {
  const tax = JSON.parse(invoice.tax_result) as TaxResult;
  const customer = JSON.parse(invoice.customer_snapshot) as CustomerSnapshot;
  const metadata = invoice.generation_metadata ? (JSON.parse(invoice.generation_metadata) as DocumentMetadata) : {};
  const gst = business.taxRegime === 'gst-in';
  const pos = gst ? (invoice.place_of_supply ?? undefined) : undefined;
  const copies = copiesOf(business, tax, copy);
  return {
    regime: business.taxRegime,
    kind: tax.kind,
    number: invoice.number ?? '',
    issueDate: invoice.issue_date,
    supplyDate: invoice.supply_date ?? undefined,
    currency: invoice.currency,
    secondaryLanguage: business.countryCode === 'BH' ? 'ar' : undefined,
    supplier: supplierOf(business),
    customer: customerOf(customer, gst),
    placeOfSupply: pos ? { code: pos, name: gstStateName(pos) ?? pos } : undefined,
    placeOfSupplyBasis: pos ? metadata.placeOfSupplyBasis : undefined,
    supplyType: invoice.supply_type,
    reverseCharge: invoice.reverse_charge === 1,
    lines: documentLines(tax),
    components: tax.components,
    totals: tax.totals,
    summaryTables: tax.summaryTables,
    notes: tax.notes,
    amountInWords: tax.amountInWords,
    creditNoteFor: original ? { number: original.number, date: original.issue_date, reason: metadata.creditReason } : undefined,
    ...linkedDocuments(creditNotes, debitNotes, irn),
    ...cancellationOf(invoice),
    specimen: business.sandbox && business.specimenMark,
    traceId: invoice.trace_id ?? undefined,
    shipTo: shipToOf(invoice, customer, gst),
    export: exportOf(business, tax, customer),
    copyLabel: copies.copyLabel,
    ...(copies.copyLabels ? { copyLabels: copies.copyLabels } : {}),
  };
}

/** Where an issued invoice's PDF lives in the data folder. */
export function pdfPathFor(dataDir: string, businessId: string, fiscalYear: string, number: string): string {
  return join(dataDir, 'documents', businessId, fiscalYear, pdfFileName(number));
}

/** File name of an invoice's PDF: `/` and anything unsafe mapped to `-`. */
export function pdfFileName(number: string): string {
  return `${number.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '-')}.pdf`;
}
