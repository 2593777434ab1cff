// The orders source: rows from a JSON orders file or from orders imported earlier,
// grouped by order id into invoices. Each problem becomes a per-invoice failure naming its rows;
// good orders go on.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.js';
import { fromMinorUnits } from '../../src-shared/money/index.js';
import { OrderRowInput } from '../../src-shared/schemas/batch.js';
import type { Business } from '../../src-shared/schemas/business.js';
import { compile, describeErrors } from '../../src-shared/schemas/validate.js';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import {
  checkAmount, checkGstState, checkQuantity, checkRecipientBahrainVat, checkRecipientGstId, checkText, describeState, normaliseIdentifier, stateContradiction, type TextKind,
} from '../../src-shared/validation/fields.js';
import { findCustomer, nameKey } from '../db/repos/catalogue.js';
import { pendingOrders, productsForOrders } from '../db/repos/orders.js';
import type { CustomerRow, ProductRow } from '../db/types.js';
import { parseIsoDate } from '../numbering/format.js';
import type { CustomerSnapshot, ShipTo, SpecOrFailure, SpecLine } from './spec.js';

/** One order row, normalised, with where it came from. */
export interface OrderLineSource {
  where: string;
  rowId?: string;
  orderId?: string;
  /** Rows group into one invoice by order id within one source (one file, one import): the same
   * order imported twice is two groups, and the second is found already invoiced, not merged. */
  groupScope?: string;
  date: string;
  customer?: string;
  customerTaxId?: string;
  customerState?: string;
  customerCountry?: string;
  customerAddress?: string;
  /** Delivery party and address, when the goods go elsewhere than the customer's address. */
  shipToName?: string;
  shipToAddress?: string;
  /** State of the delivery address, when the goods go elsewhere than the customer's address. */
  shipToState?: string;
  product: string;
  quantity: string;
  price?: string;
  /** Set when the row could not be read (a spreadsheet cell the importer refused): the order fails with it. */
  problem?: string;
}

/** Reads a JSON orders file: an array of rows or {"orders": [...]}. Shape errors → BAD_INPUT (exit 2). */
export function readOrdersJson(path: string): OrderLineSource[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new AppError('BAD_INPUT', `${path}: cannot read orders (${(error as Error).message})`, { details: { file: path } });
  }
  const rows = Array.isArray(data) ? data : (data as { orders?: unknown }).orders;
  if (!Array.isArray(rows)) throw new AppError('BAD_INPUT', `${path}: expected an array of order rows or {"orders": [...]}`, { details: { file: path } });
  if (rows.length === 0) throw new AppError('BAD_INPUT', `${path}: no order rows; nothing to invoice`, { details: { file: path, reason: 'no-data-rows' } });
  const validate = compile(OrderRowInput);
  const name = basename(path);
  return rows.map((row, index) => {
    if (!validate(row)) {
      const issues = describeErrors(validate.errors, `$[${index}]`);
      throw new AppError('BAD_INPUT', `${name}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { details: { file: path, issues } });
    }
    const r = row as OrderRowInput;
    return {
      where: `${name} row ${index + 1}`, orderId: r.orderId, date: r.date, customer: r.customer, customerTaxId: r.customerTaxId, customerState: r.customerState,
      customerCountry: r.customerCountry, customerAddress: r.customerAddress, shipToName: r.shipToName, shipToAddress: r.shipToAddress, shipToState: r.shipToState, product: r.product, quantity: String(r.quantity), price: r.price === undefined ? undefined : String(r.price),
    };
  });
}

/** Orders imported earlier (the `orders` table) that are still pending. */
export function pendingImportedOrders(db: Database.Database, businessId: string): OrderLineSource[] {
  return pendingOrders(db, businessId).map((r) => ({
    where: `imported row ${r.row_number}`, rowId: r.id, orderId: r.order_ref ?? undefined, groupScope: r.import_id ?? undefined, date: r.order_date, customer: r.customer_name ?? undefined,
    customerTaxId: r.customer_tax_id ?? undefined, customerState: r.customer_state ?? undefined, customerCountry: r.customer_country ?? undefined,
    customerAddress: r.customer_address ?? undefined, shipToName: r.ship_to_name ?? undefined, shipToAddress: r.ship_to_address ?? undefined, shipToState: r.ship_to_state ?? undefined, product: r.product_ref, quantity: r.quantity, price: r.unit_price ?? undefined,
  }));
}

export interface OrderRules {
  /** First and last allowed invoice date (the fiscal year; nothing in the future). */
  earliest: string;
  latest: string;
}

type PlaceOfSupplyBasis = NonNullable<InvoiceDocument['placeOfSupplyBasis']>;

/** One row's fields through the shared rules: the normalised values, or each problem named by field. */
interface CheckedRow {
  customer?: string;
  customerAddress?: string;
  customerState?: string;
  shipToName?: string;
  shipToAddress?: string;
  shipToState?: string;
  quantity?: string;
  price?: string;
}

function checkRow(row: OrderLineSource, business: Business, problems: string[]): CheckedRow {
  const out: CheckedRow = {};
  const fail = (field: string, message: string) => problems.push(`${row.where}: ${field}: ${message}`);
  const text = (field: 'customer' | 'customerAddress' | 'shipToName' | 'shipToAddress', kind: TextKind) => {
    const raw = row[field];
    if (raw === undefined) return;
    const result = checkText(raw, kind);
    if (result.ok) out[field] = result.value || undefined;
    else fail(field, result.message);
  };
  text('customer', 'name');
  text('customerAddress', 'address');
  text('shipToName', 'name');
  text('shipToAddress', 'address');
  const product = checkText(row.product, 'name');
  if (!product.ok) fail('product', product.message);
  const domestic = !row.customerCountry || row.customerCountry === business.countryCode;
  for (const field of ['customerState', 'shipToState'] as const) {
    const raw = row[field]?.trim();
    if (!raw) continue;
    if (business.taxRegime === 'gst-in' && domestic) {
      const state = checkGstState(raw);
      if (state.ok) out[field] = state.value;
      else fail(field, state.message);
    } else {
      const result = checkText(raw, 'code');
      if (result.ok) out[field] = result.value;
      else fail(field, result.message);
    }
  }
  const quantity = checkQuantity(row.quantity);
  if (quantity.ok) out.quantity = quantity.value;
  else fail('quantity', quantity.message);
  if (row.price !== undefined) {
    const price = checkAmount(row.price, business.currency);
    if (price.ok) out.price = price.value;
    else fail('price', price.message);
  }
  return out;
}

/** A customer's tax id as the business's regime needs it on an invoice (GSTIN or UIN; Bahrain VAT number). */
function checkCustomerTaxId(raw: string, country: string | null | undefined, business: Business): { ok: true; value: string; stateCode?: string } | { ok: false; message: string } {
  const domestic = !country || country === business.countryCode;
  if (business.taxRegime === 'gst-in' && domestic) {
    const result = checkRecipientGstId(raw);
    return result.ok ? { ok: true, value: result.value.value, stateCode: result.value.stateCode } : result;
  }
  if (business.taxRegime === 'vat-bh' && domestic) return checkRecipientBahrainVat(raw);
  const text = checkText(normaliseIdentifier(raw), 'code');
  return text.ok ? { ok: true, value: text.value } : text;
}

function sameText(a: string | null | undefined, b: string | null | undefined): boolean {
  const norm = (t: string | null | undefined) => (t ?? '').normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return norm(a) === norm(b);
}

/**
 * A stored customer matched by NAME never silently replaces what the order says: an order that
 * gives a different tax id, state or address than the stored customer is refused, naming both.
 * (Matched by tax id, the customer is the same registration; its state comes from the GSTIN.)
 */
function nameMatchConflict(stored: CustomerRow, order: { taxId?: string; state?: string; address?: string }, name: string): string | null {
  const storedSide: string[] = [];
  const orderSide: string[] = [];
  if (order.taxId && order.taxId !== (stored.tax_id ?? '').toUpperCase()) {
    storedSide.push(stored.tax_id ? `tax id ${stored.tax_id}` : 'no tax id');
    orderSide.push(`tax id ${order.taxId}`);
  }
  if (order.state && order.state !== stored.state_code) {
    storedSide.push(stored.state_code ? `state is ${describeState(stored.state_code)}` : 'no state');
    orderSide.push(`state ${describeState(order.state)}`);
  }
  if (order.address && !sameText(order.address, stored.address)) {
    storedSide.push(stored.address ? `address "${stored.address}"` : 'no address');
    orderSide.push(`address "${order.address}"`);
  }
  if (storedSide.length === 0) return null;
  return `customer "${name}" matched a stored customer by name, whose ${storedSide.join(' and ')}; the order says ${orderSide.join(' and ')}. ` +
    'Nothing was invoiced: give the customer\'s tax id, use a different name for a different customer, or update the stored customer (import customers)';
}

/** The delivery party of an order, when its first row names one. */
function shipToOf(head: CheckedRow): { shipTo?: ShipTo } {
  if (!head.shipToName && !head.shipToAddress && !head.shipToState) return {};
  const shipTo: ShipTo = {};
  if (head.shipToName) shipTo.name = head.shipToName;
  if (head.shipToAddress) shipTo.address = head.shipToAddress;
  if (head.shipToState) shipTo.stateCode = head.shipToState;
  return { shipTo };
}

/** Products matched by SKU (case-insensitive) or, failing that, by name. */
interface ProductIndex {
  bySku: Map<string, ProductRow>;
  byName: Map<string, ProductRow>;
}

function indexProducts(products: ProductRow[]): ProductIndex {
  return { bySku: new Map(products.filter((p) => p.sku).map((p) => [p.sku!.toUpperCase(), p])), byName: new Map(products.map((p) => [p.name_key, p])) };
}

/** Rows sharing an order id (within one source) form one group; a row without one is a group of its own. Groups keep the order of their first rows. */
function groupOrderRows(rows: OrderLineSource[]): OrderLineSource[][] {
  const groups = new Map<string, OrderLineSource[]>();
  rows.forEach((row, index) => {
    const key = row.orderId ? `order:${row.groupScope ?? ''}:${row.orderId}` : `row:${index}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  });
  return [...groups.values()];
}

/** Rows that could not be read, and the order's date: a real date in the allowed range, the same on every row. */
function checkRowsAndDate(group: OrderLineSource[], rules: OrderRules, problems: string[]): void {
  const first = group[0]!;
  if (!first.problem) try {
    parseIsoDate(first.date, 'date');
    if (first.date < rules.earliest || first.date > rules.latest) problems.push(`${first.where}: date ${first.date} is outside ${rules.earliest} … ${rules.latest} (the current fiscal year, nothing in the future)`);
  } catch (error) {
    problems.push(`${first.where}: ${(error as Error).message}`);
  }
  for (const row of group) if (row.problem) problems.push(`${row.where}: ${row.problem}`);
  for (const row of group.slice(1)) if (!row.problem && !first.problem && row.date !== first.date) problems.push(`${row.where}: date ${row.date} differs from the order's first row (${first.date})`);
}

/** An invoice line for a product: the order's price, or the catalogue's; the product's rate (none for the "none" regime). */
function lineFor(product: ProductRow, quantity: string, price: string | undefined, business: Business): SpecLine {
  return {
    productId: product.id, description: product.name, hsn: product.hsn ?? undefined, unit: product.unit ?? undefined, quantity,
    unitPrice: price ?? fromMinorUnits(product.price_minor, business.currency),
    rate: business.taxRegime === 'none' ? '0' : product.tax_category === 'standard' ? product.tax_rate : product.tax_category, cessRate: product.cess_rate,
    kind: product.kind === 'services' ? 'services' : 'goods',
  };
}

/** Each readable row's fields checked and its product found; `head` is the first row's checked fields (the order's customer and delivery). */
function orderLines(group: OrderLineSource[], business: Business, products: ProductIndex, problems: string[]): { lines: SpecLine[]; head: CheckedRow } {
  const lines: SpecLine[] = [];
  let head: CheckedRow = {};
  for (const row of group) {
    if (row.problem) continue;
    const checked = checkRow(row, business, problems);
    if (row === group[0]) head = checked;
    const product = products.bySku.get(row.product.toUpperCase()) ?? products.byName.get(nameKey(row.product));
    if (!product) {
      problems.push(`${row.where}: unknown product "${row.product}" (no SKU or name matches)`);
      continue;
    }
    if (checked.quantity === undefined || (row.price !== undefined && checked.price === undefined)) continue;
    lines.push(lineFor(product, checked.quantity, checked.price, business));
  }
  return { lines, head };
}

/** The tax id the order gives, checked for the business's regime (a problem when it is not valid). */
function orderTaxIdOf(first: OrderLineSource, business: Business, problems: string[]): { value: string; stateCode?: string } | undefined {
  if (first.problem || !first.customerTaxId?.trim()) return undefined;
  const result = checkCustomerTaxId(first.customerTaxId, first.customerCountry, business);
  if (result.ok) return result;
  problems.push(`${first.where}: customerTaxId: ${result.message}`);
  return undefined;
}

/**
 * The stored customer the order is for (by tax id, else by name), looked up only for an order
 * sound so far; an order with neither is a problem, and so is a name match the order contradicts.
 */
function storedCustomerFor(db: Database.Database, business: Business, first: OrderLineSource, head: CheckedRow, orderTaxId: { value: string } | undefined, problems: string[]): CustomerRow | undefined {
  const name = head.customer;
  const existing = problems.length === 0 ? findCustomer(db, business.id, orderTaxId?.value, name) : undefined;
  if (!existing && !name && !first.problem && problems.length === 0) problems.push(`${first.where}: the customer has neither a known tax id nor a name`);
  const byTaxId = Boolean(existing && orderTaxId && (existing.tax_id ?? '').toUpperCase() === orderTaxId.value);
  if (existing && !byTaxId) {
    const conflict = nameMatchConflict(existing, { taxId: orderTaxId?.value, state: head.customerState, address: head.customerAddress }, name ?? existing.name);
    if (conflict) problems.push(`${first.where}: ${conflict}`);
  }
  return existing;
}

/** The customer as the invoice will carry it, stored or new. */
function customerSnapshotFor(existing: CustomerRow | undefined, head: CheckedRow, first: OrderLineSource, orderTaxId: { value: string } | undefined, business: Business): CustomerSnapshot {
  if (existing) return { name: existing.name, taxId: existing.tax_id, stateCode: existing.state_code, countryCode: existing.country_code, address: existing.address };
  return { name: head.customer!, taxId: orderTaxId?.value ?? null, stateCode: head.customerState ?? null, countryCode: first.customerCountry ?? business.countryCode, address: head.customerAddress ?? '' };
}

/**
 * What goes on the invoice passes the same rules, stored customers included (data from before a
 * rule): the tax id is normalised in `customer`; returns the state the tax id names (a GSTIN's).
 */
function checkInvoiceCustomer(customer: CustomerSnapshot, existing: CustomerRow | undefined, where: string, business: Business, problems: string[]): string | undefined {
  const stored = existing ? [checkText(existing.name, 'name'), checkText(existing.address, 'address')].find((r) => !r.ok) : undefined;
  if (stored && !stored.ok) problems.push(`${where}: stored customer "${existing!.name}": ${stored.message}`);
  if (!customer.taxId) return undefined;
  const result = checkCustomerTaxId(customer.taxId, customer.countryCode, business);
  if (!result.ok) {
    problems.push(`${where}: ${existing ? `stored customer "${existing.name}": tax id ` : 'customerTaxId: '}${result.message}`);
    return undefined;
  }
  customer.taxId = result.value;
  return result.stateCode;
}

/**
 * Place of supply (docs/TAX-RULES.md D3), GST only: the GSTIN's state (which becomes the
 * customer's); else the state stated; else the delivery address's state; else, over the counter,
 * where the supplier is. Abroad: 96 (export).
 */
function placeOfSupplyFor(business: Business, customer: CustomerSnapshot, head: CheckedRow, idState: string | undefined, where: string, problems: string[]): { pos?: string; basis?: PlaceOfSupplyBasis } {
  if (business.taxRegime !== 'gst-in') return {};
  if (customer.countryCode && customer.countryCode !== 'IN') return { pos: '96' };
  if (idState) {
    const stated = head.customerState;
    if (stated && stated !== idState) problems.push(`${where}: customerState: ${stateContradiction(stated, customer.taxId!, idState)}`);
    customer.stateCode = idState;
    return { pos: idState, basis: 'gstin' };
  }
  if (customer.stateCode) return { pos: customer.stateCode, basis: 'stated-state' };
  if (head.shipToState) return { pos: head.shipToState, basis: 'delivery-address' };
  return { pos: business.stateCode ?? undefined, basis: 'supplier-location' };
}

/** One order (a group of rows) as an invoice spec, or a failure naming every problem found. */
function specOfOrder(db: Database.Database, business: Business, group: OrderLineSource[], rules: OrderRules, products: ProductIndex): SpecOrFailure {
  const first = group[0]!;
  const sourceRef = first.orderId ? `order ${first.orderId} (${group.map((r) => r.where).join(', ')})` : first.where;
  const problems: string[] = [];
  const failure = (): SpecOrFailure => ({ ok: false, failure: { sourceRef, message: problems.join('; '), payload: { type: 'orders', rows: group } } });
  checkRowsAndDate(group, rules, problems);
  const { lines, head } = orderLines(group, business, products, problems);
  const orderTaxId = orderTaxIdOf(first, business, problems);
  const existing = storedCustomerFor(db, business, first, head, orderTaxId, problems);
  if (problems.length > 0) return failure();
  const customer = customerSnapshotFor(existing, head, first, orderTaxId, business);
  const idState = checkInvoiceCustomer(customer, existing, first.where, business, problems);
  const { pos, basis } = placeOfSupplyFor(business, customer, head, idState, first.where, problems);
  if (problems.length > 0) return failure();
  return {
    ok: true,
    spec: {
      sourceRef, documentKind: 'invoice', date: first.date, customerId: existing?.id, customer, createCustomer: !existing,
      supplyType: pos === '96' ? 'export' : 'regular', placeOfSupply: pos, lines, ...shipToOf(head),
      orderId: first.orderId?.trim() || undefined,
      orderRowIds: group.map((r) => r.rowId).filter((id): id is string => Boolean(id)),
      metadata: { orderId: first.orderId, rows: group.map((r) => r.where), ...(basis ? { placeOfSupplyBasis: basis } : {}) },
    },
  };
}

/** Groups rows into invoice specs (rows sharing an order id become one invoice), in date order. */
export function specsFromOrders(db: Database.Database, business: Business, rows: OrderLineSource[], rules: OrderRules): SpecOrFailure[] {
  const products = indexProducts(productsForOrders(db, business.id));
  const out = groupOrderRows(rows).map((group) => specOfOrder(db, business, group, rules, products));
  const specs = out.filter((item) => item.ok).sort((a, b) => (a.ok && b.ok ? a.spec.date.localeCompare(b.spec.date) : 0));
  return [...specs, ...out.filter((item) => !item.ok)];
}
