// Products and customers entered by hand (forms, `product|customer add|update`). A hand entry is
// read as a one-row spreadsheet by the importer's own field rules (validateRows), so the GSTIN
// check character and state, HSN/SAC length, Bahrain VAT number, amounts at the currency's scale
// and tax categories are accepted or refused exactly as an import would; a tax rate must also be
// one the regime allows. Every problem is reported at once, each with its JSON path. Writes are
// audited and put in the outbox in the same transaction.
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.js';
import { newId } from '../../src-shared/ids.js';
import { CustomerInput, CustomerUpdate, ProductInput, ProductUpdate } from '../../src-shared/schemas/catalogue.js';
import type { Business } from '../../src-shared/schemas/business.js';
import { badInput, check, type SchemaIssue } from '../../src-shared/schemas/validate.js';
import { Dec } from '../../src-shared/money/decimal.js';
import type { TaxPlugin } from '../../src-shared/tax/plugin-api.js';
import { appendAudit } from '../audit/audit.js';
import type { MappedField } from './headers.js';
import type { Cell, Grid } from './read.js';
import { validateRows, type CustomerRecord, type ProductRecord } from './validate.js';
import { appendOutbox } from '../sync/outbox.js';
import type { CustomerRow, ProductRow } from '../db/types.js';
import { customerById, customerByTaxId, insertCustomerRow, insertProductRow, nameKey, otherCustomerWithTaxId, otherProductWithSku, productById, productBySku, updateCustomerRow, updateProductRow } from '../db/repos/catalogue.js';

/** A BAD_INPUT listing every issue (the forms show each beside its field). */
function cellOf(value: string | number | undefined): Cell | undefined {
  if (value === undefined) return undefined;
  return { t: 's', v: typeof value === 'number' ? String(value) : value };
}

/** Runs the importer's row rules on one entry: input key -> import field. */
function readAsRow<R>(kind: 'products' | 'customers', fields: Array<[string, string, Cell | undefined]>, business: Business): { record: R | undefined; issues: SchemaIssue[] } {
  const mapping: MappedField[] = fields.map(([, field], c) => ({ field, label: field, c, column: String.fromCharCode(65 + c), header: field, confidence: 1, source: 'user' }));
  const grid: Grid = { format: 'csv', sheet: 'form', sheets: ['form'], rows: [fields.map(([, field]) => ({ t: 's', v: field })), fields.map(([, , cell]) => cell)], merges: [], hiddenCols: new Set(), date1904: false };
  const result = validateRows(grid, 1, mapping, { kind, currency: business.currency, countryCode: business.countryCode });
  const pathOf = new Map(fields.map(([key, field]) => [field, key]));
  const issues = result.errors.map((e) => ({ path: `$.${pathOf.get(e.field) ?? e.field}`, message: e.message.replace(new RegExp(`^${e.field}: `), '') }));
  return { record: result.records[0] as R | undefined, issues };
}

// ---------------------------------------------------------------- products

function rateText(value: string | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  // An explicit % so "0.25" is a quarter percent, never read as the fraction 25%.
  return /^[0-9.,]+$/.test(text) ? `${text}%` : text;
}

export interface CheckedProduct {
  record: ProductRecord;
}

export function checkProduct(value: unknown, business: Business, plugin: TaxPlugin, today: string): ProductRecord {
  const input = check(ProductInput, value);
  const { record, issues } = readAsRow<ProductRecord>('products', [
    ['name', 'name', cellOf(input.name)], ['price', 'price', cellOf(input.price)], ['sku', 'sku', cellOf(input.sku)], ['hsn', 'hsn', cellOf(input.hsn)],
    ['taxRate', 'taxRate', cellOf(rateText(input.taxRate))], ['unit', 'unit', cellOf(input.unit)], ['description', 'description', cellOf(input.description)],
    ['cessRate', 'cessRate', cellOf(rateText(input.cessRate))],
  ], business);
  // The rate is checked even when another field failed, so every problem shows at once.
  const typedRate = rateText(input.taxRate)?.replace(/%$/, '');
  const rate = record ? (record.taxCategory === 'standard' ? record.taxRate : null) : typedRate && /^\d+(\.\d+)?$/.test(typedRate) ? typedRate : null;
  if (rate !== null && business.taxRegime !== 'none' && !issues.some((i) => i.path === '$.taxRate')) {
    const allowed = plugin.ratesOn(today);
    if (allowed.length > 0 && !allowed.some((r) => new Dec(r).eq(rate))) {
      issues.push({ path: '$.taxRate', message: `${rate}% is not a ${plugin.id} rate; allowed: ${allowed.join(', ')} (or exempt, zero, nil)` });
    }
  }
  if (business.taxRegime === 'gst-in' && !input.hsn) issues.push({ path: '$.hsn', message: 'a GST invoice needs the HSN (goods) or SAC (services) code' });
  if (issues.length > 0 || !record) throw badInput(issues);
  return record;
}

function productRow(db: Database.Database, businessId: string, id: string): ProductRow | undefined {
  return productById(db, businessId, id);
}

function refuseDuplicateSku(db: Database.Database, businessId: string, sku: string | null, exceptId: string | null): void {
  if (!sku) return;
  const other = otherProductWithSku(db, businessId, sku, exceptId);
  if (other) throw badInput([{ path: '$.sku', message: `SKU ${sku} is already used by "${other.name}"` }]);
}

export function createProduct(db: Database.Database, business: Business, record: ProductRecord, actor: string): ProductRow {
  refuseDuplicateSku(db, business.id, record.sku, null);
  const now = new Date().toISOString();
  const row: ProductRow = {
    id: newId(), business_id: business.id, sku: record.sku, name: record.name, name_key: record.nameKey, description: record.description, hsn: record.hsn,
    unit: record.unit, kind: record.kind, price_minor: record.priceMinor, currency: business.currency, tax_rate: record.taxRate ?? '0',
    tax_category: record.taxCategory ?? 'standard', cess_rate: record.cessRate ?? '0', created_at: now, updated_at: now, archived_at: null,
  };
  insertProductRow(db, row);
  appendAudit(db, { businessId: business.id, actor, action: 'product.create', entity: 'product', entityId: row.id, details: { sku: row.sku, name: row.name } });
  appendOutbox(db, { businessId: business.id, entity: 'product', entityId: row.id, op: 'insert', payload: row });
  return row;
}

/** Finds the product an update names: by id, else by SKU. */
export function productToUpdate(db: Database.Database, businessId: string, input: { id?: string; sku?: string }): ProductRow {
  const row = input.id ? productRow(db, businessId, input.id)
    : input.sku ? productBySku(db, businessId, input.sku) : undefined;
  if (!input.id && !input.sku) throw badInput([{ path: '$.id', message: 'say which product: "id" (or "sku")' }]);
  if (!row) throw new AppError('NOT_FOUND', input.id ? `$.id: no product ${input.id} in this business` : `$.sku: no product with SKU ${input.sku} in this business`, { details: { path: input.id ? '$.id' : '$.sku' } });
  return row;
}

/** The product as a ProductInput, so an update is checked whole by the same rules as a new one. */
function productAsInput(row: ProductRow, currencyScale: (minor: bigint) => string): ProductInput {
  const out: ProductInput = { name: row.name, price: currencyScale(row.price_minor) };
  if (row.sku) out.sku = row.sku;
  if (row.description) out.description = row.description;
  if (row.hsn) out.hsn = row.hsn;
  if (row.unit) out.unit = row.unit;
  out.taxRate = row.tax_category === 'standard' ? row.tax_rate : row.tax_category === 'non_gst' ? 'non-gst' : row.tax_category;
  if (row.cess_rate !== '0') out.cessRate = row.cess_rate;
  return out;
}

/** An update's archived_at: unchanged when the patch says nothing, kept or set on archive, cleared on restore. */
function archivedAt(archived: boolean | undefined, current: string | null | undefined, now: string): string | null {
  if (archived === undefined) return current ?? null;
  return archived ? (current ?? now) : null;
}

/** The audit action of an update: archive or restore when the patch flips the flag, else update. */
function updateAction(entity: 'product' | 'customer', archived: boolean | undefined, current: string | null | undefined): string {
  if (archived === true && !current) return `${entity}.archive`;
  if (archived === false && current) return `${entity}.restore`;
  return `${entity}.update`;
}

/** The fields a patch sets (for the audit entry). */
function changedFields(fields: object): string[] {
  return Object.entries(fields).filter(([, v]) => v !== undefined).map(([k]) => k);
}

/** Drops the fields a patch blanked ("" clears an optional field), except those that must stay to be refused. */
function dropBlanked(merged: Record<string, unknown>, keep: readonly string[]): void {
  for (const [key, v] of Object.entries(merged)) if (v === '' && !keep.includes(key)) delete merged[key];
}

export function updateProduct(db: Database.Database, business: Business, plugin: TaxPlugin, value: unknown, actor: string, today: string, money: (minor: bigint) => string): ProductRow {
  const patch = check(ProductUpdate, value);
  const existing = productToUpdate(db, business.id, patch);
  const { id: _id, archived, ...fields } = patch;
  // Named by SKU (matched ignoring case): the spelling on file stays.
  if (!patch.id) delete fields.sku;
  const merged = { ...productAsInput(existing, money), ...fields };
  dropBlanked(merged, ['name', 'price']);
  const record = checkProduct(merged, business, plugin, today);
  refuseDuplicateSku(db, business.id, record.sku, existing.id);
  const now = new Date().toISOString();
  const row: ProductRow = {
    ...existing, sku: record.sku, name: record.name, name_key: record.nameKey, description: record.description, hsn: record.hsn, unit: record.unit,
    kind: record.kind, price_minor: record.priceMinor, tax_rate: record.taxRate ?? '0', tax_category: record.taxCategory ?? 'standard', cess_rate: record.cessRate ?? '0',
    updated_at: now, archived_at: archivedAt(archived, existing.archived_at, now),
  };
  updateProductRow(db, row);
  const action = updateAction('product', archived, existing.archived_at);
  appendAudit(db, { businessId: business.id, actor, action, entity: 'product', entityId: row.id, details: { sku: row.sku, name: row.name, fields: changedFields(fields) } });
  appendOutbox(db, { businessId: business.id, entity: 'product', entityId: row.id, op: 'update', payload: row });
  return row;
}

// ---------------------------------------------------------------- customers

export function checkCustomer(value: unknown, business: Business, plugin: TaxPlugin): CustomerRecord {
  const input = check(CustomerInput, value);
  const { record, issues } = readAsRow<CustomerRecord>('customers', [
    ['name', 'name', cellOf(input.name)], ['taxId', 'taxId', cellOf(input.taxId)], ['state', 'state', cellOf(input.state)], ['country', 'country', cellOf(input.country)],
    ['address', 'address', cellOf(input.address)], ['email', 'email', cellOf(input.email)], ['phone', 'phone', cellOf(input.phone)],
  ], business);
  // The importer keeps the address's line breaks out of a cell's text; a form keeps them.
  if (record && input.address !== undefined) record.address = input.address.trim() || null;
  if (record?.taxId && record.countryCode === business.countryCode) {
    const verdict = plugin.validateTaxId(record.taxId);
    if (!verdict.valid && !issues.some((i) => i.path === '$.taxId')) issues.push({ path: '$.taxId', message: verdict.reason ?? 'not a valid tax id' });
  }
  if (issues.length > 0 || !record) throw badInput(issues);
  return record;
}

function refuseDuplicateTaxId(db: Database.Database, businessId: string, taxId: string | null, exceptId: string | null): void {
  if (!taxId) return;
  const other = otherCustomerWithTaxId(db, businessId, taxId, exceptId);
  if (other) throw badInput([{ path: '$.taxId', message: `tax id ${taxId} is already the customer "${other.name}"` }]);
}

export function createCustomer(db: Database.Database, business: Business, record: CustomerRecord, actor: string): CustomerRow {
  refuseDuplicateTaxId(db, business.id, record.taxId, null);
  const now = new Date().toISOString();
  const row: CustomerRow = {
    id: newId(), business_id: business.id, name: record.name, name_key: record.nameKey, tax_id: record.taxId, state_code: record.stateCode, country_code: record.countryCode,
    address: record.address ?? '', email: record.email, phone: record.phone, created_at: now, updated_at: now, archived_at: null,
  };
  insertCustomerRow(db, row);
  appendAudit(db, { businessId: business.id, actor, action: 'customer.create', entity: 'customer', entityId: row.id, details: { name: row.name, taxId: row.tax_id } });
  appendOutbox(db, { businessId: business.id, entity: 'customer', entityId: row.id, op: 'insert', payload: row });
  return row;
}

export function customerToUpdate(db: Database.Database, businessId: string, input: { id?: string; taxId?: string }): CustomerRow {
  if (!input.id && !input.taxId) throw badInput([{ path: '$.id', message: 'say which customer: "id" (or "taxId")' }]);
  const row = input.id ? customerById(db, businessId, input.id) : customerByTaxId(db, businessId, input.taxId!.replace(/[\s.-]/g, ''));
  if (!row) throw new AppError('NOT_FOUND', input.id ? `$.id: no customer ${input.id} in this business` : `$.taxId: no customer with tax id ${input.taxId} in this business`, { details: { path: input.id ? '$.id' : '$.taxId' } });
  return row;
}

function customerAsInput(row: CustomerRow): CustomerInput {
  const out: CustomerInput = { name: row.name };
  if (row.tax_id) out.taxId = row.tax_id;
  if (row.state_code) out.state = row.state_code;
  if (row.country_code) out.country = row.country_code;
  if (row.address) out.address = row.address;
  if (row.email) out.email = row.email;
  if (row.phone) out.phone = row.phone;
  return out;
}

export function updateCustomer(db: Database.Database, business: Business, plugin: TaxPlugin, value: unknown, actor: string): CustomerRow {
  const patch = check(CustomerUpdate, value);
  const existing = customerToUpdate(db, business.id, patch);
  const { id: _id, archived, ...fields } = patch;
  // A patch that changes the tax id (a typo fixed) names the customer by id; by taxId it keeps it.
  const merged: Record<string, unknown> = { ...customerAsInput(existing), ...fields };
  if (fields.taxId !== undefined && fields.taxId.replace(/[\s.-]/g, '').toUpperCase() !== (existing.tax_id ?? '') && fields.state === undefined) delete merged.state;
  dropBlanked(merged, ['name']);
  const record = checkCustomer(merged, business, plugin);
  refuseDuplicateTaxId(db, business.id, record.taxId, existing.id);
  const now = new Date().toISOString();
  const row: CustomerRow = {
    ...existing, name: record.name, name_key: record.nameKey, tax_id: record.taxId, state_code: record.stateCode, country_code: record.countryCode,
    address: record.address ?? '', email: record.email, phone: record.phone, updated_at: now,
    archived_at: archivedAt(archived, existing.archived_at, now),
  };
  updateCustomerRow(db, row);
  const action = updateAction('customer', archived, existing.archived_at);
  appendAudit(db, { businessId: business.id, actor, action, entity: 'customer', entityId: row.id, details: { name: row.name, fields: changedFields(fields) } });
  appendOutbox(db, { businessId: business.id, entity: 'customer', entityId: row.id, op: 'update', payload: row });
  return row;
}

export { nameKey };
