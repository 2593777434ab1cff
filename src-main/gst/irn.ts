// The IRP's answer brought back: each registration (IRN, acknowledgement, signed QR code) is
// matched to the invoice it names and attached only when the signed QR code's own contents —
// document number and type, date, both GSTINs and the invoice value — agree with the invoice as
// stored. The QR code's payload is the IRP's signed statement of what it registered, so a
// response for another invoice, or for an edited one, is refused rather than printed.
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.js';
import { Dec } from '../../src-shared/money/decimal.js';
import { fromMinorUnits } from '../../src-shared/money/minor-units.js';
import type { Business } from '../../src-shared/schemas/business.js';
import { appendAudit } from '../audit/audit.js';
import { cancelRegistration, documentByIdOrNumber, documentByNumberDated, insertRegistration, registrationOf } from '../db/repos/filing.js';
import { irpDate } from './einvoice.js';

export interface IrpRegistration {
  Irn: string;
  AckNo: string;
  AckDt: string;
  SignedQRCode: string;
}

/** What the IRP signed into the QR code (the JWT payload's `data`), with the value as written. */
export interface SignedQrContents {
  SellerGstin: string;
  BuyerGstin: string;
  DocNo: string;
  DocTyp: string;
  DocDt: string;
  /** TotInvVal exactly as written in the signed text (money is never read into a JS number). */
  TotInvVal: string;
  Irn: string;
}

export interface IrnImportOutcome {
  attached: Array<{ invoiceId: string; number: string; irn: string }>;
  alreadyAttached: Array<{ number: string; irn: string }>;
  refused: Array<{ entry: number; number?: string; reason: string }>;
}

function base64UrlDecode(part: string): string {
  return Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
}

/** Reads the signed QR code (a JWS: header.payload.signature); throws BAD_INPUT naming what is wrong. */
export function readSignedQr(signed: string): SignedQrContents {
  const parts = signed.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) throw new AppError('BAD_INPUT', 'SignedQRCode: not a signed token (three base64url parts separated by dots)', { details: { field: 'SignedQRCode' } });
  let payload: { data?: unknown };
  try {
    payload = JSON.parse(base64UrlDecode(parts[1]!)) as { data?: unknown };
  } catch {
    throw new AppError('BAD_INPUT', 'SignedQRCode: its payload is not JSON', { details: { field: 'SignedQRCode' } });
  }
  const dataText = typeof payload.data === 'string' ? payload.data : JSON.stringify(payload.data ?? {});
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(dataText) as Record<string, unknown>;
  } catch {
    throw new AppError('BAD_INPUT', 'SignedQRCode: its data is not JSON', { details: { field: 'SignedQRCode' } });
  }
  const value = /"TotInvVal"\s*:\s*"?(-?\d+(?:\.\d+)?)"?/.exec(dataText)?.[1];
  const fields = ['SellerGstin', 'BuyerGstin', 'DocNo', 'DocTyp', 'DocDt', 'Irn'] as const;
  const missing = fields.filter((f) => typeof data[f] !== 'string' || !(data[f] as string).trim());
  if (missing.length > 0 || !value) throw new AppError('BAD_INPUT', `SignedQRCode: the signed data lacks ${[...missing, ...(value ? [] : ['TotInvVal'])].join(', ')}`, { details: { field: 'SignedQRCode' } });
  return { SellerGstin: data.SellerGstin as string, BuyerGstin: data.BuyerGstin as string, DocNo: data.DocNo as string, DocTyp: data.DocTyp as string, DocDt: data.DocDt as string, TotInvVal: value, Irn: data.Irn as string };
}

/** The IRP's response file: one registration, an array of them, or `{ "data": … }` around either. */
export function parseIrpResponse(text: string, file: string): IrpRegistration[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AppError('BAD_INPUT', `${file}: not JSON (${(error as Error).message})`, { details: { file } });
  }
  const unwrap = (v: unknown): unknown => (v && typeof v === 'object' && !Array.isArray(v) && 'data' in v && !('Irn' in v) ? unwrap((v as { data: unknown }).data) : v);
  const list = unwrap(parsed);
  const entries = Array.isArray(list) ? list : [list];
  return entries.map((entry, index) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const missing = ['Irn', 'AckNo', 'AckDt', 'SignedQRCode'].filter((k) => e[k] === undefined || e[k] === null || String(e[k]).trim() === '');
    if (missing.length > 0) throw new AppError('BAD_INPUT', `${file}: entry ${index + 1} lacks ${missing.join(', ')}`, { details: { file, entry: index + 1, missing } });
    if (!/^[0-9a-f]{64}$/i.test(String(e.Irn))) throw new AppError('BAD_INPUT', `${file}: entry ${index + 1}: Irn is not a 64-character hash`, { details: { file, entry: index + 1, field: 'Irn' } });
    // AckNo is a 15-digit number (exact in a JS number, and not money); kept as text.
    return { Irn: String(e.Irn).toLowerCase(), AckNo: String(e.AckNo), AckDt: String(e.AckDt), SignedQRCode: String(e.SignedQRCode) };
  });
}

interface Snapshot {
  taxId?: string | null;
}

/** Where a signed registration does not match the invoice it names (IRN, status, type, date, GSTINs, value). */
function registrationProblems(signed: SignedQrContents, entry: IrpRegistration, invoice: NonNullable<ReturnType<typeof documentByIdOrNumber>>, business: Business): string[] {
  const customer = JSON.parse(invoice.customer_snapshot) as Snapshot;
  const expectedBuyer = invoice.supply_type === 'export' ? 'URP' : (customer.taxId ?? '').toUpperCase();
  const total = fromMinorUnits(invoice.total_minor, invoice.currency);
  const problems: string[] = [];
  if (signed.Irn.toLowerCase() !== entry.Irn) problems.push(`the QR code's IRN ${signed.Irn} is not the response's IRN ${entry.Irn}`);
  if (invoice.status !== 'issued') problems.push(`the invoice is ${invoice.status}`);
  const expectedType = invoice.kind === 'credit_note' ? 'CRN' : invoice.kind === 'debit_note' ? 'DBN' : 'INV';
  if (signed.DocTyp !== expectedType) problems.push(`document type ${signed.DocTyp} is not a ${invoice.kind.replace('_', ' ')}`);
  if (signed.DocDt !== irpDate(invoice.issue_date)) problems.push(`date ${signed.DocDt} is not the invoice's ${irpDate(invoice.issue_date)}`);
  if (signed.SellerGstin.toUpperCase() !== (business.taxId ?? '').toUpperCase()) problems.push(`seller GSTIN ${signed.SellerGstin} is not the business's ${business.taxId ?? '(none)'}`);
  if (signed.BuyerGstin.toUpperCase() !== expectedBuyer) problems.push(`buyer GSTIN ${signed.BuyerGstin} is not the invoice's ${expectedBuyer || '(none)'}`);
  if (!new Dec(signed.TotInvVal).eq(new Dec(total))) problems.push(`value ${signed.TotInvVal} is not the invoice's ${total}`);
  return problems;
}

/** Attaches each registration to its invoice inside one write transaction, audited. */
export function attachRegistrations(db: Database.Database, business: Business, entries: IrpRegistration[], actor: string): IrnImportOutcome {
  const outcome: IrnImportOutcome = { attached: [], alreadyAttached: [], refused: [] };
  entries.forEach((entry, index) => {
    const refuse = (reason: string, number?: string) => outcome.refused.push({ entry: index + 1, ...(number ? { number } : {}), reason });
    let signed: SignedQrContents;
    try {
      signed = readSignedQr(entry.SignedQRCode);
    } catch (error) {
      refuse((error as Error).message);
      return;
    }
    // DocDt is DD/MM/YYYY; the date picks the fiscal year when the number recurs in several.
    const invoice = documentByNumberDated(db, business.id, signed.DocNo, signed.DocDt.split('/').reverse().join('-'));
    if (!invoice || !invoice.number) return refuse(`no invoice ${signed.DocNo} in business ${business.id}`, signed.DocNo);
    const problems = registrationProblems(signed, entry, invoice, business);
    if (problems.length > 0) return refuse(`${invoice.number}: ${problems.join('; ')}`, invoice.number);
    const existing = registrationOf(db, invoice.id);
    if (existing) {
      if (existing.irn === entry.Irn) outcome.alreadyAttached.push({ number: invoice.number, irn: entry.Irn });
      else refuse(`${invoice.number} already has IRN ${existing.irn}${existing.cancelled_at ? ' (cancelled)' : ''}; an invoice is registered once`, invoice.number);
      return;
    }
    const now = new Date().toISOString();
    insertRegistration(db, { invoice_id: invoice.id, business_id: business.id, irn: entry.Irn, ack_no: entry.AckNo, ack_date: entry.AckDt, signed_qr_code: entry.SignedQRCode, registered_at: now });
    appendAudit(db, { businessId: business.id, actor, action: 'invoice.irn', entity: 'invoice', entityId: invoice.id, traceId: invoice.trace_id, details: { number: invoice.number, irn: entry.Irn, ackNo: entry.AckNo, ackDate: entry.AckDt } });
    outcome.attached.push({ invoiceId: invoice.id, number: invoice.number, irn: entry.Irn });
  });
  return outcome;
}

/** Records that a registration was cancelled on the portal; the invoice may then be voided. */
export function recordIrnCancellation(db: Database.Database, businessId: string, invoiceIdOrNumber: string, reason: string, actor: string, fiscalYear?: string): { invoiceId: string; number: string; irn: string } {
  const invoice = documentByIdOrNumber(db, businessId, invoiceIdOrNumber, fiscalYear);
  if (!invoice || !invoice.number) throw new AppError('BAD_INPUT', `no invoice "${invoiceIdOrNumber}" in business ${businessId}`, { details: { field: 'invoice' } });
  const registration = registrationOf(db, invoice.id);
  if (!registration) throw new AppError('BAD_INPUT', `${invoice.number} has no IRN; void it with \`ledgerflow invoice void\``, { details: { field: 'invoice' } });
  if (registration.cancelled_at) throw new AppError('CONFLICT', `${invoice.number}: IRN ${registration.irn} was already recorded as cancelled on ${registration.cancelled_at.slice(0, 10)}`, { details: { field: 'invoice' } });
  const now = new Date().toISOString();
  cancelRegistration(db, invoice.id, reason, now);
  appendAudit(db, { businessId, actor, action: 'invoice.irn-cancel', entity: 'invoice', entityId: invoice.id, traceId: invoice.trace_id, details: { number: invoice.number, irn: registration.irn, reason } });
  return { invoiceId: invoice.id, number: invoice.number, irn: registration.irn };
}
