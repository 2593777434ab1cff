// customers.list and products.list: one page of a business's catalogue, searched and sorted in
// SQL (LIMIT/OFFSET plus a COUNT of the same filter), so a 100,000-row catalogue stays fast.
import { fromMinorUnits } from '../../../src-shared/money/minor-units.js';
import type { CustomerView, ProductView } from '../../../src-shared/ipc/models.js';
import { listCustomerPage, listProductPage } from '../../db/repos/catalogue.js';
import type { CustomerRow, ProductRow } from '../../db/types.js';
import { page, type Handler } from './types.js';

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

export const customersList: Handler<'customers.list'> = async (core, input) => {
  const { offset, limit, ...filter } = { ...input, ...page(input) };
  return core.store.read((db) => {
    const { rows, total } = listCustomerPage(db, filter, { offset, limit });
    return { items: rows.map(toCustomer), total, offset, limit };
  });
};

export const productsList: Handler<'products.list'> = async (core, input) => {
  const { offset, limit, ...filter } = { ...input, ...page(input) };
  return core.store.read((db) => {
    const { rows, total } = listProductPage(db, filter, { offset, limit });
    return { items: rows.map(toProduct), total, offset, limit };
  });
};
