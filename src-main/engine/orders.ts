// The orders source (issue 7): rows from a JSON orders file or from orders imported earlier,
// grouped by order id into invoices. Each problem becomes a per-invoice failure naming its rows;
// good orders go on.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.js';
import { Dec, fromMinorUnits, isDecimalString } from '../../src-shared/money/index.js';
import { OrderRowInput } from '../../src-shared/schemas/batch.js';
import type { Business } from '../../src-shared/schemas/business.js';
import { compile, describeErrors } from '../../src-shared/schemas/validate.js';
import { findCustomer, nameKey } from '../db/repos/catalogue.js';
import { moneyRows, statement } from '../db/query.js';
import type { OrderRow, ProductRow } from '../db/types.js';
import { parseIsoDate } from '../numbering/format.js';
import type { SpecOrFailure, SpecLine } from './spec.js';

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
      customerCountry: r.customerCountry, customerAddress: r.customerAddress, product: r.product, quantity: String(r.quantity), price: r.price === undefined ? undefined : String(r.price),
    };
  });
}

/** Orders imported earlier (the `orders` table) that are still pending. */
export function pendingImportedOrders(db: Database.Database, businessId: string): OrderLineSource[] {
  const rows = statement(db, "SELECT * FROM orders WHERE business_id = ? AND status = 'pending' ORDER BY order_date, row_number").all(businessId) as OrderRow[];
  return rows.map((r) => ({
    where: `imported row ${r.row_number}`, rowId: r.id, orderId: r.order_ref ?? undefined, groupScope: r.import_id ?? undefined, date: r.order_date, customer: r.customer_name ?? undefined,
    customerTaxId: r.customer_tax_id ?? undefined, customerState: r.customer_state ?? undefined, customerCountry: r.customer_country ?? undefined,
    customerAddress: r.customer_address ?? undefined, product: r.product_ref, quantity: r.quantity, price: r.unit_price ?? undefined,
  }));
}

export interface OrderRules {
  /** First and last allowed invoice date (the fiscal year; nothing in the future). */
  earliest: string;
  latest: string;
}

/** Groups rows into invoice specs (rows sharing an order id become one invoice), in date order. */
export function specsFromOrders(db: Database.Database, business: Business, rows: OrderLineSource[], rules: OrderRules): SpecOrFailure[] {
  const products = moneyRows<ProductRow>(statement(db, 'SELECT * FROM products WHERE business_id = ?'), business.id);
  const bySku = new Map(products.filter((p) => p.sku).map((p) => [p.sku!.toUpperCase(), p]));
  const byName = new Map(products.map((p) => [p.name_key, p]));
  const groups = new Map<string, OrderLineSource[]>();
  rows.forEach((row, index) => {
    const key = row.orderId ? `order:${row.groupScope ?? ''}:${row.orderId}` : `row:${index}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  });
  const out: SpecOrFailure[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const sourceRef = first.orderId ? `order ${first.orderId} (${group.map((r) => r.where).join(', ')})` : first.where;
    const problems: string[] = [];
    if (!first.problem) try {
      parseIsoDate(first.date, 'date');
      if (first.date < rules.earliest || first.date > rules.latest) problems.push(`${first.where}: date ${first.date} is outside ${rules.earliest} … ${rules.latest} (the current fiscal year, nothing in the future)`);
    } catch (error) {
      problems.push(`${first.where}: ${(error as Error).message}`);
    }
    for (const row of group) if (row.problem) problems.push(`${row.where}: ${row.problem}`);
    for (const row of group.slice(1)) if (!row.problem && !first.problem && row.date !== first.date) problems.push(`${row.where}: date ${row.date} differs from the order's first row (${first.date})`);
    const lines: SpecLine[] = [];
    for (const row of group) {
      if (row.problem) continue;
      const product = bySku.get(row.product.toUpperCase()) ?? byName.get(nameKey(row.product));
      if (!product) {
        problems.push(`${row.where}: unknown product "${row.product}" (no SKU or name matches)`);
        continue;
      }
      if (!isDecimalString(row.quantity.trim()) || new Dec(row.quantity.trim()).lte(0)) {
        problems.push(`${row.where}: quantity must be a number greater than 0, got "${row.quantity}"`);
        continue;
      }
      if (row.price !== undefined && (!isDecimalString(row.price.trim()) || new Dec(row.price.trim()).lt(0))) {
        problems.push(`${row.where}: price must be a number ≥ 0, got "${row.price}"`);
        continue;
      }
      lines.push({
        productId: product.id, description: product.name, hsn: product.hsn ?? undefined, unit: product.unit ?? undefined, quantity: row.quantity.trim(),
        unitPrice: row.price?.trim() ?? fromMinorUnits(product.price_minor, business.currency),
        rate: business.taxRegime === 'none' ? '0' : product.tax_category === 'standard' ? product.tax_rate : product.tax_category, cessRate: product.cess_rate,
      });
    }
    const existing = findCustomer(db, business.id, first.customerTaxId, first.customer);
    if (!existing && !first.customer && !first.problem) problems.push(`${first.where}: the customer has neither a known tax id nor a name`);
    if (problems.length > 0) {
      out.push({ ok: false, failure: { sourceRef, message: problems.join('; '), payload: { type: 'orders', rows: group } } });
      continue;
    }
    const customer = existing
      ? { name: existing.name, taxId: existing.tax_id, stateCode: existing.state_code, countryCode: existing.country_code, address: existing.address }
      : { name: first.customer!, taxId: first.customerTaxId ?? null, stateCode: first.customerState ?? null, countryCode: first.customerCountry ?? business.countryCode, address: first.customerAddress ?? '' };
    const pos = business.taxRegime === 'gst-in' ? (customer.countryCode && customer.countryCode !== 'IN' ? '96' : (customer.stateCode ?? business.stateCode ?? undefined)) : undefined;
    out.push({
      ok: true,
      spec: {
        sourceRef, documentKind: 'invoice', date: first.date, customerId: existing?.id, customer, createCustomer: !existing,
        supplyType: pos === '96' ? 'export' : 'regular', placeOfSupply: pos, lines,
        orderId: first.orderId?.trim() || undefined,
        orderRowIds: group.map((r) => r.rowId).filter((id): id is string => Boolean(id)),
        metadata: { orderId: first.orderId, rows: group.map((r) => r.where) },
      },
    });
  }
  const specs = out.filter((item) => item.ok).sort((a, b) => (a.ok && b.ok ? a.spec.date.localeCompare(b.spec.date) : 0));
  return [...specs, ...out.filter((item) => !item.ok)];
}
