// The IRP e-invoice JSON (schema version 1.1) of one document, for the portal's bulk upload: B2B,
// SEZ and export invoices and their credit notes. Built from the stored document as printed (the
// tax result, the recipient snapshot, the business); a mandatory field we cannot fill refuses the
// document with the field named, rather than sending the portal a guess. docs/TAX-RULES.md
// ("e-invoice") lists the fields and the source of each rule.
import { minorToText, toMinorUnitsBig } from '../../src-shared/money/minor-units.js';
import { Dec } from '../../src-shared/money/decimal.js';
import type { Business } from '../../src-shared/schemas/business.js';
import type { TaxLineResult, TaxResult } from '../../src-shared/tax/plugin-api.js';
import { jsonDecimal, type JsonDecimal } from './exact-json.js';
import { uqcOf } from './uqc.js';

export interface EinvoiceDocument {
  id: string;
  kind: string;
  number: string;
  /** YYYY-MM-DD */
  issueDate: string;
  supplyType: 'regular' | 'sez' | 'export';
  reverseCharge: boolean;
  placeOfSupply: string | null;
  customer: { name: string; taxId?: string | null; stateCode?: string | null; countryCode?: string | null; address?: string };
  tax: TaxResult;
  grandTotal: string;
  roundOff: string;
  /** For a credit note: the invoice it corrects. */
  original?: { number: string; issueDate: string; supplyType: 'regular' | 'sez' | 'export'; customer: EinvoiceDocument['customer'] };
}

export type EinvoiceOutcome = { ok: true; json: Record<string, unknown> } | { ok: false; missing: string[]; reason: string };

const money = (amount: string): JsonDecimal => jsonDecimal(minorToText(toMinorUnitsBig(amount, 'INR'), 2));
const decimal = (value: string, places: number): JsonDecimal => jsonDecimal(new Dec(value).toDecimalPlaces(places).toFixed());
/** dd/mm/yyyy, as the IRP writes dates. */
export const irpDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Address text -> the IRP's Addr1, Addr2, Loc (place) and Pin, read from how people write addresses. */
export function splitAddress(address: string | undefined | null): { addr1?: string; addr2?: string; loc?: string; pin?: string } {
  const lines = (address ?? '').split(/\r?\n|,\s*/).map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return {};
  const pinLineIndex = lines.findIndex((l) => /\b[1-9]\d{5}\b/.test(l));
  const pin = pinLineIndex >= 0 ? /\b([1-9]\d{5})\b/.exec(lines[pinLineIndex]!)![1] : undefined;
  const placeLine = pinLineIndex >= 0 ? lines[pinLineIndex]!.replace(/\b[1-9]\d{5}\b/, '').replace(/[-–,\s]+$/, '').trim() : lines[lines.length - 1]!;
  const loc = placeLine || (pinLineIndex > 0 ? lines[pinLineIndex - 1] : undefined);
  const rest = lines.filter((_, i) => i !== pinLineIndex);
  return { addr1: (rest[0] ?? lines[0])!.slice(0, 100), addr2: rest.slice(1).join(', ').slice(0, 100) || undefined, loc: loc?.slice(0, 50), pin };
}

function supplyTypeOf(doc: EinvoiceDocument, paysIgst: boolean): string {
  const type = doc.original?.supplyType ?? doc.supplyType;
  if (type === 'sez') return paysIgst ? 'SEZWP' : 'SEZWOP';
  if (type === 'export') return paysIgst ? 'EXPWP' : 'EXPWOP';
  return 'B2B';
}

function componentAmount(line: TaxLineResult, ...names: string[]): string {
  return line.components.filter((c) => names.includes(c.name)).reduce((sum, c) => sum.add(c.amount), new Dec(0)).toFixed(2);
}

/** Whether a document goes to the IRP at all: B2B, SEZ or export, and not a bill of supply. */
export function needsEinvoice(doc: Pick<EinvoiceDocument, 'kind' | 'supplyType' | 'customer' | 'original'>): boolean {
  if (doc.kind !== 'tax_invoice' && doc.kind !== 'credit_note' && doc.kind !== 'debit_note') return false;
  const supplyType = doc.original?.supplyType ?? doc.supplyType;
  const customer = doc.original?.customer ?? doc.customer;
  return supplyType !== 'regular' || Boolean(customer.taxId);
}

/** The seller's address parts, PIN and place, and what the IRP needs but the business lacks. */
function sellerParts(business: Business, missing: string[]) {
  const seller = splitAddress([business.address, [business.city, business.postalCode].filter(Boolean).join(' ')].filter(Boolean).join('\n'));
  if (!business.taxId) missing.push('SellerDtls.Gstin (the business has no GSTIN)');
  if (!seller.addr1) missing.push('SellerDtls.Addr1 (the business address)');
  const sellerPin = business.postalCode?.trim() && /^[1-9]\d{5}$/.test(business.postalCode.trim()) ? business.postalCode.trim() : seller.pin;
  if (!sellerPin) missing.push('SellerDtls.Pin (the business postal code)');
  const sellerLoc = business.city?.trim() || seller.loc;
  if (!sellerLoc) missing.push('SellerDtls.Loc (the business city)');
  return { seller, sellerPin, sellerLoc };
}

/** The buyer's GSTIN (URP abroad), address parts, PIN, state and place of supply, and what is missing. */
function buyerParts(doc: EinvoiceDocument, exported: boolean, missing: string[]) {
  const buyerAddress = splitAddress(doc.customer.address);
  const buyerGstin = exported ? 'URP' : doc.customer.taxId?.trim().toUpperCase();
  const buyerPin = exported ? '999999' : buyerAddress.pin;
  const buyerState = exported ? '96' : (doc.customer.taxId?.slice(0, 2) ?? doc.customer.stateCode ?? undefined);
  const pos = exported ? '96' : doc.placeOfSupply ?? buyerState;
  const parts = { buyerAddress, buyerGstin, buyerPin, buyerState, pos };
  missing.push(...buyerMissing(doc, parts));
  return parts;
}

function buyerMissing(doc: EinvoiceDocument, parts: { buyerAddress: ReturnType<typeof splitAddress>; buyerGstin?: string; buyerPin?: string; pos?: string }): string[] {
  const missing: string[] = [];
  if (!parts.buyerGstin) missing.push('BuyerDtls.Gstin (the customer has no GSTIN)');
  if (!doc.customer.name?.trim()) missing.push('BuyerDtls.LglNm (the customer name)');
  if (!parts.buyerAddress.addr1) missing.push('BuyerDtls.Addr1 (the customer address)');
  if (!parts.buyerAddress.loc) missing.push('BuyerDtls.Loc (the customer address has no town or city)');
  if (!parts.buyerPin) missing.push('BuyerDtls.Pin (the customer address has no 6-digit PIN code)');
  if (!parts.pos) missing.push('BuyerDtls.Pos (place of supply)');
  return missing;
}

function einvoiceItem(line: TaxLineResult) {
  return {
    SlNo: String(line.index),
    PrdDesc: line.description.slice(0, 300),
    IsServc: line.hsn!.trim().startsWith('99') ? 'Y' : 'N',
    HsnCd: line.hsn!.trim(),
    Qty: decimal(line.quantity, 3),
    Unit: uqcOf(line.unit),
    UnitPrice: decimal(line.unitPrice, 3),
    TotAmt: money(line.gross),
    Discount: money(line.discount),
    AssAmt: money(line.taxable),
    GstRt: decimal(line.category === 'standard' || line.category === 'zero' ? line.rate : '0', 3),
    IgstAmt: money(componentAmount(line, 'IGST')),
    CgstAmt: money(componentAmount(line, 'CGST')),
    SgstAmt: money(componentAmount(line, 'SGST', 'UTGST')),
    CesRt: decimal(line.components.find((c) => c.name === 'CESS')?.rate ?? '0', 3),
    CesAmt: money(componentAmount(line, 'CESS')),
    TotItemVal: money(line.total),
  };
}

function sellerDetails(business: Business, { seller, sellerPin, sellerLoc }: ReturnType<typeof sellerParts>): Record<string, unknown> {
  return {
    Gstin: business.taxId!, LglNm: (business.legalName ?? business.name).slice(0, 100), TrdNm: business.name.slice(0, 100), Addr1: seller.addr1!,
    ...(seller.addr2 ? { Addr2: seller.addr2 } : {}), Loc: sellerLoc!.slice(0, 50), Pin: jsonDecimal(sellerPin!), Stcd: business.taxId!.slice(0, 2),
    ...(business.email ? { Em: business.email } : {}),
  };
}

function buyerDetails(doc: EinvoiceDocument, { buyerAddress, buyerGstin, buyerPin, buyerState, pos }: ReturnType<typeof buyerParts>): Record<string, unknown> {
  return {
    Gstin: buyerGstin!, LglNm: doc.customer.name.slice(0, 100), Pos: pos!, Addr1: buyerAddress.addr1!,
    ...(buyerAddress.addr2 ? { Addr2: buyerAddress.addr2 } : {}), Loc: buyerAddress.loc!, Pin: jsonDecimal(buyerPin!), Stcd: buyerState!,
  };
}

/** The IRP's document type: tax invoice, credit note or debit note. */
function irpDocumentType(doc: EinvoiceDocument): 'INV' | 'CRN' | 'DBN' {
  if (doc.kind === 'credit_note') return 'CRN';
  return doc.kind === 'debit_note' ? 'DBN' : 'INV';
}

/** Every item needs its HSN/SAC code. */
function missingHsn(doc: EinvoiceDocument, missing: string[]): void {
  for (const line of doc.tax.lines) if (!line.hsn?.trim()) missing.push(`ItemList[${line.index}].HsnCd (line ${line.index} has no HSN/SAC code)`);
}

export function buildEinvoice(business: Business, doc: EinvoiceDocument): EinvoiceOutcome {
  const missing: string[] = [];
  if (!needsEinvoice(doc)) return { ok: false, missing: [], reason: `${doc.number} is not a B2B, SEZ or export tax invoice, credit note or debit note; the IRP takes only those` };
  const exported = (doc.original?.supplyType ?? doc.supplyType) === 'export';
  const seller = sellerParts(business, missing);
  const buyer = buyerParts(doc, exported, missing);
  missingHsn(doc, missing);
  if (missing.length > 0) return { ok: false, missing, reason: `${doc.number}: cannot be e-invoiced, missing ${missing.join('; ')}` };

  const paysIgst = doc.tax.lines.some((l) => new Dec(componentAmount(l, 'IGST')).gt(0));
  const sum = (pick: (line: TaxLineResult) => string) => money(doc.tax.lines.reduce((total, line) => total.add(pick(line)), new Dec(0)).toFixed(2));
  const json: Record<string, unknown> = {
    Version: '1.1',
    TranDtls: { TaxSch: 'GST', SupTyp: supplyTypeOf(doc, paysIgst), RegRev: doc.reverseCharge ? 'Y' : 'N', IgstOnIntra: 'N' },
    DocDtls: { Typ: irpDocumentType(doc), No: doc.number, Dt: irpDate(doc.issueDate) },
    SellerDtls: sellerDetails(business, seller),
    BuyerDtls: buyerDetails(doc, buyer),
    ItemList: doc.tax.lines.map(einvoiceItem),
    ValDtls: {
      AssVal: sum((l) => l.taxable), CgstVal: sum((l) => componentAmount(l, 'CGST')), SgstVal: sum((l) => componentAmount(l, 'SGST', 'UTGST')),
      IgstVal: sum((l) => componentAmount(l, 'IGST')), CesVal: sum((l) => componentAmount(l, 'CESS')), RndOffAmt: money(doc.roundOff), TotInvVal: money(doc.grandTotal),
    },
  };
  if (doc.original) json.RefDtls = { PrecDocDtls: [{ InvNo: doc.original.number, InvDt: irpDate(doc.original.issueDate) }] };
  if (exported) json.ExpDtls = { CntCode: (doc.original?.customer ?? doc.customer).countryCode ?? 'ZZ' };
  return { ok: true, json };
}
