// customers.list and products.list: one page of a business's catalogue, searched and sorted in
// SQL (LIMIT/OFFSET plus a COUNT of the same filter), so a 100,000-row catalogue stays fast.
import { fromMinorUnits } from '../../../src-shared/money/minor-units.js';
import type { CustomerView, ProductView } from '../../../src-shared/ipc/models.js';
import { nameKey } from '../../db/repos/catalogue.js';
import { moneyRows } from '../../db/query.js';
import type { CustomerRow, ProductRow } from '../../db/types.js';
import { likeSubstring, page, type Handler } from './types.js';

function toCustomer(row: CustomerRow): CustomerView {
  return {
    id: row.id, businessId: row.business_id, name: row.name, taxId: row.tax_id, stateCode: row.state_code, countryCode: row.country_code,
    address: row.address, email: row.email, phone: row.phone, createdAt: row.created_at, updatedAt: row.updated_at, archivedAt: row.archived_at ?? null,
  };
}

function toProduct(row: ProductRow): ProductView {
  return {
    id: row.id, businessId: row.business_id, sku: row.sku, name: row.name, description: row.description, hsn: row.hsn, unit: row.unit,
    kind: row.kind, price: fromMinorUnits(row.price_minor, row.currency), currency: row.currency, taxRate: row.tax_rate,
    taxCategory: row.tax_category, cessRate: row.cess_rate, createdAt: row.created_at, updatedAt: row.updated_at, archivedAt: row.archived_at ?? null,
  };
}

/** WHERE clause for a free-text search: the normalised name, plus raw-text columns. */
function searchClause(search: string | undefined, rawColumns: string[]): { sql: string; params: string[] } {
  const text = search?.trim() ?? '';
  if (!text) return { sql: '', params: [] };
  const parts: string[] = [];
  const params: string[] = [];
  const key = nameKey(text);
  if (key) {
    parts.push("name_key LIKE ? ESCAPE '\\'");
    params.push(likeSubstring(key));
  }
  for (const column of rawColumns) {
    parts.push(`${column} LIKE ? ESCAPE '\\'`);
    params.push(likeSubstring(text));
  }
  return { sql: ` AND (${parts.join(' OR ')})`, params };
}

const CUSTOMER_SORT = { name: 'name_key', taxId: 'tax_id', createdAt: 'created_at' } as const;
const PRODUCT_SORT = { name: 'name_key', sku: 'sku', price: 'price_minor', createdAt: 'created_at' } as const;

export const customersList: Handler<'customers.list'> = async (core, input) => {
  const { offset, limit } = page(input);
  const search = searchClause(input.search, ['tax_id', 'email', 'phone']);
  const order = `${CUSTOMER_SORT[input.sort ?? 'name']} ${input.dir === 'desc' ? 'DESC' : 'ASC'}, id`;
  return core.store.read((db) => {
    const where = `WHERE business_id = ?${input.includeArchived ? '' : ' AND archived_at IS NULL'}${search.sql}`;
    const { total } = db.prepare(`SELECT COUNT(*) AS total FROM customers ${where}`).get(input.businessId, ...search.params) as { total: number };
    const rows = db.prepare(`SELECT * FROM customers ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).all(input.businessId, ...search.params, limit, offset) as CustomerRow[];
    return { items: rows.map(toCustomer), total, offset, limit };
  });
};

export const productsList: Handler<'products.list'> = async (core, input) => {
  const { offset, limit } = page(input);
  const search = searchClause(input.search, ['sku', 'hsn']);
  const order = `${PRODUCT_SORT[input.sort ?? 'name']} ${input.dir === 'desc' ? 'DESC' : 'ASC'}, id`;
  return core.store.read((db) => {
    const where = `WHERE business_id = ?${input.includeArchived ? '' : ' AND archived_at IS NULL'}${search.sql}`;
    const { total } = db.prepare(`SELECT COUNT(*) AS total FROM products ${where}`).get(input.businessId, ...search.params) as { total: number };
    const rows = moneyRows<ProductRow>(db.prepare(`SELECT * FROM products ${where} ORDER BY ${order} LIMIT ? OFFSET ?`), input.businessId, ...search.params, limit, offset);
    return { items: rows.map(toProduct), total, offset, limit };
  });
};
