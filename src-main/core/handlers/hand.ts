// Everyday entry by hand: business changes, products and customers, numbering series, and one
// invoice written at the counter (quote as the user types, drafts, issue). The CLI's `business
// update`, `product|customer add|update`, `series add|list` and `invoice create|issue|show` call
// these same functions.
import { fromMinorUnits } from '../../../src-shared/money/minor-units.js';
import type { CustomerView, ProductView } from '../../../src-shared/ipc/models.js';
import { getBusiness, updateBusiness } from '../../db/repos/businesses.js';
import { checkCustomer, checkProduct, createCustomer, createProduct, updateCustomer, updateProduct } from '../../importer/master-data.js';
import type { CustomerRow, ProductRow } from '../../db/types.js';
import { discardDraft, handInvoiceView, issueDraft, quoteHandInvoice, saveDraft } from '../../engine/hand-invoice.js';
import { addSeries, listSeries } from '../../numbering/series.js';
import { AppError } from '../../../src-shared/errors.js';
import type { Core } from '../create-core.js';
import { openPdfRenderer } from '../services.js';
import type { Handler } from './types.js';

const today = () => new Date().toISOString().slice(0, 10);

function plugin(core: Core, regime: string) {
  const found = core.plugins.get(regime);
  if (!found) throw new AppError('PLUGIN_INVALID', `tax regime "${regime}" is not installed`, { details: { regime } });
  return found;
}

export function productView(row: ProductRow): ProductView {
  return {
    id: row.id, businessId: row.business_id, sku: row.sku, name: row.name, description: row.description, hsn: row.hsn, unit: row.unit,
    kind: row.kind, price: fromMinorUnits(row.price_minor, row.currency), currency: row.currency, taxRate: row.tax_rate,
    taxCategory: row.tax_category, cessRate: row.cess_rate, createdAt: row.created_at, updatedAt: row.updated_at, archivedAt: row.archived_at ?? null,
  };
}

export function customerView(row: CustomerRow): CustomerView {
  return {
    id: row.id, businessId: row.business_id, name: row.name, taxId: row.tax_id, stateCode: row.state_code, countryCode: row.country_code,
    address: row.address, email: row.email, phone: row.phone, createdAt: row.created_at, updatedAt: row.updated_at, archivedAt: row.archived_at ?? null,
  };
}

export const businessesUpdate: Handler<'businesses.update'> = async (core, input, ctx) => {
  const business = updateBusiness(core.store, input.id, input.changes, core.plugins, ctx.actor);
  core.logger.info('business updated', { businessId: business.id, actor: ctx.actor });
  return business;
};

export const seriesList: Handler<'series.list'> = async (core, input) => core.store.read((db) => listSeries(db, input.businessId, today()));

export const seriesAdd: Handler<'series.add'> = async (core, input, ctx) => core.store.write((db) => {
  const business = getBusiness(db, input.businessId);
  const row = addSeries(db, business.id, plugin(core, business.taxRegime), { code: input.code, format: input.format, kind: input.kind, default: input.default }, ctx.actor, today());
  return listSeries(db, business.id, today()).find((s) => s.id === row.id)!;
});

export const productsCreate: Handler<'products.create'> = async (core, input, ctx) => core.store.write((db) => {
  const business = getBusiness(db, input.businessId);
  const record = checkProduct(input.product, business, plugin(core, business.taxRegime), today());
  return productView(createProduct(db, business, record, ctx.actor));
});

export const productsUpdate: Handler<'products.update'> = async (core, input, ctx) => core.store.write((db) => {
  const business = getBusiness(db, input.businessId);
  return productView(updateProduct(db, business, plugin(core, business.taxRegime), input.product, ctx.actor, today(), (minor) => fromMinorUnits(minor, business.currency)));
});

export const customersCreate: Handler<'customers.create'> = async (core, input, ctx) => core.store.write((db) => {
  const business = getBusiness(db, input.businessId);
  const record = checkCustomer(input.customer, business, plugin(core, business.taxRegime));
  return customerView(createCustomer(db, business, record, ctx.actor));
});

export const customersUpdate: Handler<'customers.update'> = async (core, input, ctx) => core.store.write((db) => {
  const business = getBusiness(db, input.businessId);
  return customerView(updateCustomer(db, business, plugin(core, business.taxRegime), input.customer, ctx.actor));
});

export const invoicesQuote: Handler<'invoices.quote'> = async (core, input) => quoteHandInvoice(core, input.businessId, input.invoice);

export const invoicesSaveDraft: Handler<'invoices.saveDraft'> = async (core, input, ctx) => {
  const id = saveDraft(core, input.businessId, input.invoice, { id: input.id, actor: ctx.actor });
  return core.store.read((db) => handInvoiceView(db, input.businessId, id));
};

export const invoicesIssue: Handler<'invoices.issue'> = async (core, input, ctx) => {
  const pdf = await openPdfRenderer(core);
  try {
    await issueDraft(core, input.businessId, input.id, { actor: ctx.actor, pdf });
  } finally {
    await pdf.close();
  }
  return core.store.read((db) => handInvoiceView(db, input.businessId, input.id));
};

export const invoicesDiscardDraft: Handler<'invoices.discardDraft'> = async (core, input, ctx) => {
  discardDraft(core, input.businessId, input.id, ctx.actor);
  return { id: input.id };
};

export const invoicesShow: Handler<'invoices.show'> = async (core, input) => core.store.read((db) => handInvoiceView(db, input.businessId, input.id));
