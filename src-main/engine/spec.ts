// What the sources (orders, simulation) hand to the pipeline: one invoice to price, number and
// persist. Amounts are decimal strings; the tax plugin turns them into a TaxResult.
import type { SupplyType, TaxLineInput } from '../../src-shared/tax/plugin-api.js';

export interface CustomerSnapshot {
  name: string;
  taxId?: string | null;
  stateCode?: string | null;
  countryCode?: string | null;
  address?: string;
}

export interface ShipTo {
  name?: string;
  address?: string;
  /** GST state code. */
  stateCode?: string;
}

export interface SpecLine extends TaxLineInput {
  productId?: string;
}

export interface InvoiceSpec {
  /** Where it came from, for error reports: "orders.json row 7", "order A-1001", "simulated #12". */
  sourceRef: string;
  documentKind: 'invoice' | 'credit_note' | 'debit_note';
  /** YYYY-MM-DD */
  date: string;
  /** An existing customer, or a snapshot to create one from (orders with new customers). */
  customerId?: string;
  customer: CustomerSnapshot;
  createCustomer?: boolean;
  supplyType: SupplyType;
  placeOfSupply?: string;
  /** The delivery (ship-to) party when it differs from the billing one (GST r.46(e), (o)); stored on the invoice. */
  shipTo?: ShipTo;
  lines: SpecLine[];
  /** Credit notes: the invoice corrected (resolved by the pipeline for simulated credit notes). */
  originalInvoiceId?: string;
  creditNoteOfEarlier?: boolean;
  creditReason?: string;
  /** Extra facts saved in generation_metadata (time of day, profile choices, order ids). */
  metadata?: Record<string, unknown>;
  /** The order id this invoice is for: invoiced at most once per business (the order_invoices key). */
  orderId?: string;
  /** Imported order rows this invoice consumes (marked invoiced in the same transaction). */
  orderRowIds?: string[];
}

/** A spec that could not be built (unknown product, bad row): reported, never issued. */
export interface SpecFailure {
  sourceRef: string;
  message: string;
  /** What a retry needs to try this item again (kept in batch_items.payload). */
  payload?: RetryPayload;
}

/** Order rows are re-read against the catalogue on retry; a spec is re-priced as it was. */
export type RetryPayload = { type: 'orders'; rows: unknown[] } | { type: 'spec'; spec: InvoiceSpec };

export type SpecOrFailure = { ok: true; spec: InvoiceSpec } | { ok: false; failure: SpecFailure };
