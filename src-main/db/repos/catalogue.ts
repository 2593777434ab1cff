// Products and customers of one business: lookups the engine and the importer share, and plain
// inserts for seeding (demo, simulation). Writes append audit and outbox rows in the caller's
// transaction.
import type Database from 'better-sqlite3';
import { newId } from '../../../src-shared/ids.js';
import { appendOutbox } from '../../sync/outbox.js';
import { moneyRows, statement } from '../query.js';
import type { CustomerRow, ProductRow } from '../types.js';
import type { Input } from '../../../src-shared/ipc/contract.js';
import { anyOf, likeSubstring, selectFirst, selectMoney, selectPage, sql, whereAll, type Sql } from '../sql.js';

/** Lower-case, accents and punctuation stripped, single spaces: how names are matched. */
export function nameKey(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

export function listProducts(db: Database.Database, businessId: string): ProductRow[] {
  return moneyRows<ProductRow>(statement(db, 'SELECT * FROM products WHERE business_id = ? ORDER BY sku, name'), businessId);
}

export function listCustomers(db: Database.Database, businessId: string): CustomerRow[] {
  return statement(db, 'SELECT * FROM customers WHERE business_id = ? ORDER BY created_at, id').all(businessId) as CustomerRow[];
}

export function findCustomer(db: Database.Database, businessId: string, taxId: string | null | undefined, name: string | null | undefined): CustomerRow | undefined {
  if (taxId) {
    const byTaxId = statement(db, 'SELECT * FROM customers WHERE business_id = ? AND tax_id IS NOT NULL AND upper(tax_id) = upper(?) LIMIT 1').get(businessId, taxId) as CustomerRow | undefined;
    if (byTaxId) return byTaxId;
  }
  if (name) return statement(db, 'SELECT * FROM customers WHERE business_id = ? AND name_key = ? ORDER BY created_at LIMIT 1').get(businessId, nameKey(name)) as CustomerRow | undefined;
  return undefined;
}

export interface NewCustomer {
  name: string;
  taxId?: string | null;
  stateCode?: string | null;
  countryCode?: string | null;
  address?: string;
  email?: string | null;
  phone?: string | null;
}

export function insertCustomer(db: Database.Database, businessId: string, input: NewCustomer): CustomerRow {
  const now = new Date().toISOString();
  const row: CustomerRow = {
    id: newId(), business_id: businessId, name: input.name.trim(), name_key: nameKey(input.name), tax_id: input.taxId ? input.taxId.toUpperCase() : null,
    state_code: input.stateCode ?? null, country_code: input.countryCode ?? null, address: input.address ?? '', email: input.email ?? null,
    phone: input.phone ?? null, created_at: now, updated_at: now,
  };
  statement(db, `INSERT INTO customers (id, business_id, name, name_key, tax_id, state_code, country_code, address, email, phone, created_at, updated_at)
    VALUES (@id, @business_id, @name, @name_key, @tax_id, @state_code, @country_code, @address, @email, @phone, @created_at, @updated_at)`).run(row);
  appendOutbox(db, { businessId, entity: 'customer', entityId: row.id, op: 'insert', payload: row });
  return row;
}

export interface NewProduct {
  sku?: string | null;
  name: string;
  description?: string | null;
  hsn?: string | null;
  unit?: string | null;
  kind?: 'goods' | 'services';
  priceMinor: bigint;
  currency: string;
  taxRate: string;
  taxCategory?: string;
  cessRate?: string;
}

export function insertProduct(db: Database.Database, businessId: string, input: NewProduct): ProductRow {
  const now = new Date().toISOString();
  const row: ProductRow = {
    id: newId(), business_id: businessId, sku: input.sku ?? null, name: input.name.trim(), name_key: nameKey(input.name), description: input.description ?? null,
    hsn: input.hsn ?? null, unit: input.unit ?? null, kind: input.kind ?? 'goods', price_minor: input.priceMinor, currency: input.currency,
    tax_rate: input.taxRate, tax_category: input.taxCategory ?? 'standard', cess_rate: input.cessRate ?? '0', created_at: now, updated_at: now,
  };
  statement(db, `INSERT INTO products (id, business_id, sku, name, name_key, description, hsn, unit, kind, price_minor, currency, tax_rate, tax_category, cess_rate, created_at, updated_at)
    VALUES (@id, @business_id, @sku, @name, @name_key, @description, @hsn, @unit, @kind, @price_minor, @currency, @tax_rate, @tax_category, @cess_rate, @created_at, @updated_at)`).run(row);
  appendOutbox(db, { businessId, entity: 'product', entityId: row.id, op: 'insert', payload: row });
  return row;
}

// ---- the Customers and Products screens: one page, searched and sorted in SQL ----

export type CustomerFilter = Omit<Input<'customers.list'>, 'offset' | 'limit'>;
export type ProductFilter = Omit<Input<'products.list'>, 'offset' | 'limit'>;

const CUSTOMER_SORT: Record<NonNullable<CustomerFilter['sort']>, Sql> = { name: sql`name_key`, taxId: sql`tax_id`, createdAt: sql`created_at` };
const PRODUCT_SORT: Record<NonNullable<ProductFilter['sort']>, Sql> = { name: sql`name_key`, sku: sql`sku`, price: sql`price_minor`, createdAt: sql`created_at` };
const CUSTOMER_TEXT_COLUMNS = [sql`tax_id`, sql`email`, sql`phone`];
const PRODUCT_TEXT_COLUMNS = [sql`sku`, sql`hsn`];

/** A free-text search: the normalised name, plus raw-text columns; nothing when there is no text. */
function searchCondition(search: string | undefined, columns: Sql[]): Sql | undefined {
  const text = search?.trim() ?? '';
  if (!text) return undefined;
  const key = nameKey(text);
  return anyOf([
    ...(key ? [sql`name_key LIKE ${likeSubstring(key)} ESCAPE '\\'`] : []),
    ...columns.map((column) => sql`${column} LIKE ${likeSubstring(text)} ESCAPE '\\'`),
  ]);
}

function cataloguePage<R>(db: Database.Database, table: Sql, filter: CustomerFilter | ProductFilter, columns: Sql[], sort: Sql, page: { offset: number; limit: number }, money: boolean): { rows: R[]; total: number } {
  const where = whereAll([
    sql`business_id = ${filter.businessId}`,
    !filter.includeArchived && sql`archived_at IS NULL`,
    searchCondition(filter.search, columns),
  ]);
  return selectPage<R>(db, sql`FROM ${table} ${where}`, sql`${sort} ${filter.dir === 'desc' ? sql`DESC` : sql`ASC`}, id`, page, money);
}

export function listCustomerPage(db: Database.Database, filter: CustomerFilter, page: { offset: number; limit: number }): { rows: CustomerRow[]; total: number } {
  return cataloguePage<CustomerRow>(db, sql`customers`, filter, CUSTOMER_TEXT_COLUMNS, CUSTOMER_SORT[filter.sort ?? 'name'], page, false);
}

export function listProductPage(db: Database.Database, filter: ProductFilter, page: { offset: number; limit: number }): { rows: ProductRow[]; total: number } {
  return cataloguePage<ProductRow>(db, sql`products`, filter, PRODUCT_TEXT_COLUMNS, PRODUCT_SORT[filter.sort ?? 'name'], page, true);
}

// ---------------------------------------------------------------- entries by hand (importer/master-data.ts)

export function productById(db: Database.Database, businessId: string, id: string): ProductRow | undefined {
  return selectMoney<ProductRow>(db, sql`SELECT * FROM products WHERE business_id = ${businessId} AND id = ${id}`)[0];
}

/** The product with this SKU (ignoring case). */
export function productBySku(db: Database.Database, businessId: string, sku: string): ProductRow | undefined {
  return selectMoney<ProductRow>(db, sql`SELECT * FROM products WHERE business_id = ${businessId} AND upper(sku) = upper(${sku})`)[0];
}

/** Another product (not exceptId) already holding this SKU (ignoring case). */
export function otherProductWithSku(db: Database.Database, businessId: string, sku: string, exceptId: string | null): { id: string; name: string } | undefined {
  return selectFirst(db, sql`SELECT id, name FROM products WHERE business_id = ${businessId} AND upper(sku) = upper(${sku}) AND id IS NOT ${exceptId}`);
}

export function insertProductRow(db: Database.Database, row: ProductRow): void {
  statement(db, `INSERT INTO products (id, business_id, sku, name, name_key, description, hsn, unit, kind, price_minor, currency, tax_rate, tax_category, cess_rate, created_at, updated_at, archived_at)
    VALUES (@id, @business_id, @sku, @name, @name_key, @description, @hsn, @unit, @kind, @price_minor, @currency, @tax_rate, @tax_category, @cess_rate, @created_at, @updated_at, @archived_at)`).run(row);
}

export function updateProductRow(db: Database.Database, row: ProductRow): void {
  statement(db, `UPDATE products SET sku = @sku, name = @name, name_key = @name_key, description = @description, hsn = @hsn, unit = @unit, kind = @kind, price_minor = @price_minor,
    tax_rate = @tax_rate, tax_category = @tax_category, cess_rate = @cess_rate, updated_at = @updated_at, archived_at = @archived_at WHERE id = @id AND business_id = @business_id`).run(row);
}

export function customerById(db: Database.Database, businessId: string, id: string): CustomerRow | undefined {
  return selectFirst<CustomerRow>(db, sql`SELECT * FROM customers WHERE business_id = ${businessId} AND id = ${id}`);
}

/** The customer with this tax id (ignoring case). */
export function customerByTaxId(db: Database.Database, businessId: string, taxId: string): CustomerRow | undefined {
  return selectFirst<CustomerRow>(db, sql`SELECT * FROM customers WHERE business_id = ${businessId} AND tax_id IS NOT NULL AND upper(tax_id) = upper(${taxId})`);
}

/** Another customer (not exceptId) already holding this tax id (ignoring case). */
export function otherCustomerWithTaxId(db: Database.Database, businessId: string, taxId: string, exceptId: string | null): { id: string; name: string } | undefined {
  return selectFirst(db, sql`SELECT id, name FROM customers WHERE business_id = ${businessId} AND tax_id IS NOT NULL AND upper(tax_id) = upper(${taxId}) AND id IS NOT ${exceptId}`);
}

export function insertCustomerRow(db: Database.Database, row: CustomerRow): void {
  statement(db, `INSERT INTO customers (id, business_id, name, name_key, tax_id, state_code, country_code, address, email, phone, created_at, updated_at, archived_at)
    VALUES (@id, @business_id, @name, @name_key, @tax_id, @state_code, @country_code, @address, @email, @phone, @created_at, @updated_at, @archived_at)`).run(row);
}

export function updateCustomerRow(db: Database.Database, row: CustomerRow): void {
  statement(db, `UPDATE customers SET name = @name, name_key = @name_key, tax_id = @tax_id, state_code = @state_code, country_code = @country_code, address = @address,
    email = @email, phone = @phone, updated_at = @updated_at, archived_at = @archived_at WHERE id = @id AND business_id = @business_id`).run(row);
}
