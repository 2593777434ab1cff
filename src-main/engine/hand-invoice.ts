// One invoice written by hand: a draft (no number) saved and edited as often as needed, then
// issued — its number taken at that moment, inside the transaction that marks it issued, with its
// audit entry — and its PDF written. Totals always come from the regime's tax plugin (the same
// compute the batches use); the editor's live totals are `quoteHandInvoice` on the same input.
// A draft stores what was entered with the catalogue's values frozen (price, description, HSN,
// rate), so issuing it later prints what the user saw; only the customer's details are read again
// at issue (a corrected address shows on the invoice).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { AppError, toAppError } from '../../src-shared/errors.js';
import { newId, newTraceId } from '../../src-shared/ids.js';
import { Dec, fromMinorUnits, isDecimalString, toMinorUnits } from '../../src-shared/money/index.js';
import type { Business } from '../../src-shared/schemas/business.js';
import { HandInvoiceInput, type HandInvoiceLine, type HandInvoiceQuote, type HandInvoiceView } from '../../src-shared/schemas/hand-invoice.js';
import { check, type SchemaIssue } from '../../src-shared/schemas/validate.js';
import { gstStateName } from '../../src-shared/tax/gst-states.js';
import type { TaxContext, TaxPlugin, TaxResult } from '../../src-shared/tax/plugin-api.js';
import { appendAudit } from '../audit/audit.js';
import type { EngineContext } from './context.js';
import { getBusiness } from '../db/repos/businesses.js';
import { resolveInvoiceRef } from '../db/repos/invoice-refs.js';
import { nameKey } from '../db/repos/catalogue.js';
import { checkCustomer, createCustomer } from '../importer/master-data.js';
import { badInput } from '../../src-shared/schemas/validate.js';
import { moneyRow, moneyRows, statement } from '../db/query.js';
import type { CustomerRow, InvoiceLineRow, InvoiceRow, ProductRow, SeriesRow } from '../db/types.js';
import { allocateNumbers } from '../numbering/numbering.js';
import { fiscalYearOf, parseIsoDate } from '../numbering/format.js';
import { invoiceSeriesFor } from '../numbering/series.js';
import { appendOutbox } from '../sync/outbox.js';
import { buildInvoiceDocument, pdfPathFor } from './document.js';
import type { PdfRenderer } from './pdf-renderer.js';
import { requestedKind } from './pricing.js';
import type { CustomerSnapshot, SpecLine } from './spec.js';

export type PlaceOfSupplyBasis = 'gstin' | 'stated-state' | 'delivery-address' | 'supplier-location';

const CATEGORY: Record<string, string> = {
  exempt: 'exempt', exempted: 'exempt', zero: 'zero', 'zero-rated': 'zero', 'zero rated': 'zero', nil: 'nil', 'nil-rated': 'nil',
  'non-gst': 'non_gst', 'non gst': 'non_gst', non_gst: 'non_gst',
};

function text(value: string | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  return (typeof value === 'number' ? String(value) : value).trim();
}

interface Resolved {
  /** The input with catalogue values frozen into each line (what a draft stores). */
  frozen: HandInvoiceInput;
  customer: CustomerSnapshot;
  customerId: string | null;
  placeOfSupply: string | undefined;
  basis: PlaceOfSupplyBasis | undefined;
  series: SeriesRow;
  lines: SpecLine[];
  context: TaxContext;
}

/** The customer of an input: a record by id, or matched by tax id then name, or the typed details. */
function resolveCustomer(db: Database.Database, business: Business, plugin: TaxPlugin, input: HandInvoiceInput, issues: SchemaIssue[]): { snapshot: CustomerSnapshot; id: string | null } | undefined {
  if (input.customerId) {
    const row = db.prepare('SELECT * FROM customers WHERE business_id = ? AND id = ?').get(business.id, input.customerId) as CustomerRow | undefined;
    if (!row) {
      issues.push({ path: '$.customerId', message: `no customer ${input.customerId} in this business` });
      return undefined;
    }
    return { snapshot: snapshotOf(row), id: row.id };
  }
  const taxId = input.customerTaxId?.normalize('NFKC').toUpperCase().replace(/[\s.-]/g, '') || undefined;
  if (taxId) {
    const row = db.prepare('SELECT * FROM customers WHERE business_id = ? AND tax_id IS NOT NULL AND upper(tax_id) = ? AND archived_at IS NULL').get(business.id, taxId) as CustomerRow | undefined;
    if (row) return { snapshot: snapshotOf(row), id: row.id };
  }
  if (!input.customer) {
    issues.push({ path: '$.customer', message: 'name the customer ("customer", or "customerId" of a saved one)' });
    return undefined;
  }
  if (!taxId) {
    const row = db.prepare('SELECT * FROM customers WHERE business_id = ? AND name_key = ? AND archived_at IS NULL ORDER BY created_at LIMIT 1').get(business.id, nameKey(input.customer)) as CustomerRow | undefined;
    if (row) return { snapshot: snapshotOf(row), id: row.id };
  }
  // A new customer: checked now by the catalogue's rules (created when the invoice is issued).
  try {
    const record = checkCustomer({
      name: input.customer, ...(taxId ? { taxId } : {}), ...(input.customerState ? { state: input.customerState } : {}),
      ...(input.customerCountry ? { country: input.customerCountry } : {}), ...(input.customerAddress ? { address: input.customerAddress } : {}),
    }, business, plugin);
    return { snapshot: { name: record.name, taxId: record.taxId, stateCode: record.stateCode, countryCode: record.countryCode, address: record.address ?? '' }, id: null };
  } catch (error) {
    const details = toAppError(error).details as { issues?: SchemaIssue[] };
    const rename: Record<string, string> = { '$.name': '$.customer', '$.taxId': '$.customerTaxId', '$.state': '$.customerState', '$.country': '$.customerCountry', '$.address': '$.customerAddress' };
    for (const issue of details.issues ?? [{ path: '$.customer', message: toAppError(error).message }]) issues.push({ path: rename[issue.path] ?? issue.path, message: issue.message });
    return undefined;
  }
}

function snapshotOf(row: CustomerRow): CustomerSnapshot {
  return { name: row.name, taxId: row.tax_id, stateCode: row.state_code, countryCode: row.country_code, address: row.address };
}

/** GST place of supply from the customer, and why; an override is a delivery state. */
export function placeOfSupplyFor(business: Business, customer: CustomerSnapshot, override: string | undefined, issues: SchemaIssue[]): { code: string | undefined; basis: PlaceOfSupplyBasis | undefined } {
  if (business.taxRegime !== 'gst-in') {
    if (override) issues.push({ path: '$.placeOfSupply', message: 'place of supply is a GST field; this business is not under GST' });
    return { code: undefined, basis: undefined };
  }
  const foreign = customer.countryCode && customer.countryCode !== 'IN';
  if (foreign) {
    if (override && override !== '96') issues.push({ path: '$.placeOfSupply', message: `an export's place of supply is 96 (other country), not ${override}` });
    return { code: '96', basis: 'stated-state' };
  }
  if (override) {
    if (!gstStateName(override) || override === '96') issues.push({ path: '$.placeOfSupply', message: `${override} is not a GST state code` });
    return { code: override, basis: 'delivery-address' };
  }
  if (customer.taxId && /^\d{2}/.test(customer.taxId)) return { code: customer.taxId.slice(0, 2), basis: 'gstin' };
  if (customer.stateCode && gstStateName(customer.stateCode)) return { code: customer.stateCode, basis: 'stated-state' };
  return { code: business.stateCode ?? undefined, basis: 'supplier-location' };
}

function findProduct(db: Database.Database, businessId: string, line: HandInvoiceLine): ProductRow | undefined {
  if (line.productId) return moneyRow<ProductRow>(statement(db, 'SELECT * FROM products WHERE business_id = ? AND id = ?'), businessId, line.productId);
  if (!line.product) return undefined;
  return moneyRow<ProductRow>(statement(db, 'SELECT * FROM products WHERE business_id = ? AND sku IS NOT NULL AND upper(sku) = upper(?) AND archived_at IS NULL'), businessId, line.product.trim())
    ?? moneyRow<ProductRow>(statement(db, 'SELECT * FROM products WHERE business_id = ? AND name_key = ? AND archived_at IS NULL ORDER BY created_at LIMIT 1'), businessId, nameKey(line.product));
}

/** Reads an input against the business's catalogue and customers; every problem at once, by path. */
export function resolveHandInvoice(db: Database.Database, business: Business, plugin: TaxPlugin, raw: unknown, today: string): Resolved {
  const input = check(HandInvoiceInput, raw);
  const issues: SchemaIssue[] = [];
  try {
    parseIsoDate(input.date, '$.date');
    if (input.date > today) issues.push({ path: '$.date', message: `${input.date} is in the future; an invoice is dated the day it is issued or earlier` });
  } catch (error) {
    issues.push({ path: '$.date', message: toAppError(error).message });
  }
  let series: SeriesRow | undefined;
  try {
    series = invoiceSeriesFor(db, business.id, input.series);
  } catch (error) {
    issues.push({ path: '$.series', message: toAppError(error).message.replace(/^\$\.series: /, '') });
  }
  const customer = resolveCustomer(db, business, plugin, input, issues);
  const place = customer ? placeOfSupplyFor(business, customer.snapshot, input.placeOfSupply, issues) : { code: undefined, basis: undefined };
  const allowed = business.taxRegime === 'none' ? [] : plugin.ratesOn(input.date <= today ? input.date : today);
  const scale = fromMinorUnits(0n, business.currency).split('.')[1]?.length ?? 0;
  const lines: SpecLine[] = [];
  const frozenLines: HandInvoiceLine[] = [];
  input.lines.forEach((line, i) => {
    const at = (field: string) => `$.lines[${i}].${field}`;
    const before = issues.length;
    const product = line.product || line.productId ? findProduct(db, business.id, line) : undefined;
    if ((line.product || line.productId) && !product) issues.push({ path: at(line.productId ? 'productId' : 'product'), message: `no product ${line.productId ? line.productId : `with SKU or name "${line.product}"`} in this business's catalogue` });
    const description = line.description?.trim() || product?.name;
    if (!description) issues.push({ path: at('description'), message: 'a typed line needs a description (or name a "product")' });
    const quantity = text(line.quantity)!;
    if (!isDecimalString(quantity) || !new Dec(quantity).gt(0)) issues.push({ path: at('quantity'), message: `"${quantity}" is not a quantity above zero` });
    else if (new Dec(quantity).decimalPlaces() > 3) issues.push({ path: at('quantity'), message: `${quantity} has more than 3 decimals` });
    const price = text(line.price) ?? (product ? fromMinorUnits(product.price_minor, business.currency) : undefined);
    if (price === undefined) issues.push({ path: at('price'), message: 'a typed line needs its price' });
    else if (!isDecimalString(price) || new Dec(price).lt(0)) issues.push({ path: at('price'), message: `"${price}" is not a price (a number, 0 or more)` });
    else if (new Dec(price).decimalPlaces() > scale + 2) issues.push({ path: at('price'), message: `${price} has more than ${scale + 2} decimals` });
    const discount = text(line.discount);
    if (discount !== undefined && (!isDecimalString(discount) || new Dec(discount).lt(0) || new Dec(discount).decimalPlaces() > scale)) {
      issues.push({ path: at('discount'), message: `"${discount}" is not a discount in ${business.currency} (0 or more, at most ${scale} decimals)` });
    } else if (discount !== undefined && price !== undefined && isDecimalString(price) && isDecimalString(quantity) && new Dec(discount).gt(new Dec(price).times(quantity))) {
      issues.push({ path: at('discount'), message: `${discount} is more than the line's amount` });
    }
    let rate = text(line.rate);
    if (rate === undefined && product) rate = product.tax_category === 'standard' ? product.tax_rate : product.tax_category;
    if (business.taxRegime === 'none') rate = '0';
    if (rate === undefined) issues.push({ path: at('rate'), message: 'a typed line needs its tax rate (a percentage, or exempt / zero / nil)' });
    else {
      const word = CATEGORY[rate.toLowerCase().replace(/%$/, '').trim()];
      const percent = rate.replace(/%$/, '').trim();
      if (word) rate = word;
      else if (!isDecimalString(percent)) issues.push({ path: at('rate'), message: `"${rate}" is not a tax rate (a percentage, or exempt / zero / nil)` });
      else {
        rate = new Dec(percent).toFixed();
        if (allowed.length > 0 && !allowed.some((r) => new Dec(r).eq(rate!))) issues.push({ path: at('rate'), message: `${rate}% is not a ${plugin.id} rate on ${input.date}; allowed: ${allowed.join(', ')}` });
      }
    }
    const hsn = line.hsn?.trim() || product?.hsn || undefined;
    if (hsn !== undefined && !/^\d{2,8}$/.test(hsn)) issues.push({ path: at('hsn'), message: `"${hsn}" is not an HSN/SAC code (2 to 8 digits)` });
    const cess = text(line.cessRate) ?? (product && product.cess_rate !== '0' ? product.cess_rate : undefined);
    if (cess !== undefined && (!isDecimalString(cess) || new Dec(cess).lt(0) || new Dec(cess).gt(1000))) issues.push({ path: at('cessRate'), message: `"${cess}" is not a cess rate` });
    if (issues.length > before) return;
    const unit = line.unit?.trim() || product?.unit || undefined;
    const spec: SpecLine = { description: description!, quantity, unitPrice: price!, rate: rate! };
    if (product) spec.productId = product.id;
    if (hsn) spec.hsn = hsn;
    if (unit) spec.unit = unit;
    if (discount !== undefined) spec.discount = discount;
    if (cess !== undefined) spec.cessRate = cess;
    lines.push(spec);
    const frozen: HandInvoiceLine = { description: description!, quantity, price: price!, rate: rate! };
    if (product) {
      frozen.productId = product.id;
      frozen.product = product.sku ?? product.name;
    }
    if (hsn) frozen.hsn = hsn;
    if (unit) frozen.unit = unit;
    if (discount !== undefined) frozen.discount = discount;
    if (cess !== undefined) frozen.cessRate = cess;
    frozenLines.push(frozen);
  });
  if (issues.length > 0 || !customer || !series) throw badInput(issues);
  const supplyType = place.code === '96' ? 'export' : 'regular';
  const context: TaxContext = {
    date: input.date,
    currency: business.currency,
    kind: requestedKind(plugin, { documentKind: 'invoice' } as Parameters<typeof requestedKind>[1]),
    supplier: { state: business.stateCode ?? undefined, country: business.countryCode, taxId: business.taxId, settings: business.taxSettings },
    customer: { taxId: customer.snapshot.taxId ?? null, state: customer.snapshot.stateCode ?? undefined, country: customer.snapshot.countryCode ?? undefined },
    placeOfSupply: place.code,
    supplyType,
    pricesIncludeTax: input.pricesIncludeTax ?? false,
  };
  const frozen: HandInvoiceInput = { ...input, lines: frozenLines };
  return { frozen, customer: customer.snapshot, customerId: customer.id, placeOfSupply: place.code, basis: place.basis, series, lines, context };
}

function computeResolved(plugin: TaxPlugin, resolved: Resolved): TaxResult {
  try {
    return plugin.compute(resolved.context, resolved.lines);
  } catch (error) {
    const appError = toAppError(error);
    // A plugin names a line by its index in `details.line` (0-based) when it can.
    const line = typeof appError.details.line === 'number' ? appError.details.line : undefined;
    const field = typeof appError.details.field === 'string' ? appError.details.field : undefined;
    const path = line !== undefined ? `$.lines[${line}]${field ? `.${field}` : ''}` : field ? `$.${field}` : '$';
    throw badInput([{ path, message: appError.message }]);
  }
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function pluginOf(core: EngineContext, business: Business): TaxPlugin {
  const plugin = core.plugins.get(business.taxRegime);
  if (!plugin) throw new AppError('PLUGIN_INVALID', `tax regime "${business.taxRegime}" is not installed`, { details: { regime: business.taxRegime } });
  return plugin;
}

function activeBusiness(db: Database.Database, businessId: string): Business {
  const business = getBusiness(db, businessId);
  if (business.archivedAt) throw new AppError('CONFLICT', `business ${business.name} is archived; restore it before writing invoices`, { details: { businessId } });
  return business;
}

/** Live totals for the editor (and `tax quote`'s twin): the plugin's result, nothing stored. */
export function quoteHandInvoice(core: EngineContext, businessId: string, raw: unknown, on = today()): HandInvoiceQuote {
  return core.store.read((db) => {
    const business = getBusiness(db, businessId);
    const plugin = pluginOf(core, business);
    const resolved = resolveHandInvoice(db, business, plugin, raw, on);
    const result = computeResolved(plugin, resolved);
    return {
      kind: result.kind, currency: result.currency, placeOfSupply: resolved.placeOfSupply ?? null, placeOfSupplyBasis: resolved.basis ?? null,
      lines: result.lines.map((l) => ({ taxable: l.taxable, tax: l.tax, total: l.total, rate: l.rate, category: l.category, components: l.components.map((c) => ({ name: c.name, rate: c.rate, amount: c.amount })) })),
      components: result.components.map((c) => ({ name: c.name, rate: c.rate, taxable: c.taxable, amount: c.amount })),
      totals: { taxable: result.totals.taxable, tax: result.totals.tax, roundOff: result.totals.roundOff, grandTotal: result.totals.grandTotal },
      amountInWords: result.amountInWords,
      notes: result.notes,
    };
  });
}

interface HandMetadata {
  source: 'hand';
  input: HandInvoiceInput;
  placeOfSupplyBasis?: PlaceOfSupplyBasis;
}

function metadataOf(row: InvoiceRow): Partial<HandMetadata> {
  try {
    return row.generation_metadata ? (JSON.parse(row.generation_metadata) as Partial<HandMetadata>) : {};
  } catch {
    return {};
  }
}

function writeLines(db: Database.Database, invoiceId: string, businessId: string, currency: string, lines: SpecLine[], result: TaxResult): void {
  statement(db, 'DELETE FROM invoice_lines WHERE invoice_id = ? AND business_id = ?').run(invoiceId, businessId);
  const insert = statement(db, `INSERT INTO invoice_lines (id, invoice_id, business_id, position, product_id, description, hsn, unit, quantity, unit_price,
    discount_minor, taxable_minor, tax_rate, tax_category, components, tax_minor, total_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  result.lines.forEach((line, i) => {
    insert.run(newId(), invoiceId, businessId, i + 1, lines[i]?.productId ?? null, line.description, line.hsn ?? null, line.unit ?? null, line.quantity, line.unitPrice,
      toMinorUnits(line.discount, currency), toMinorUnits(line.taxable, currency), line.rate, line.category, JSON.stringify(line.components),
      toMinorUnits(line.tax, currency), toMinorUnits(line.total, currency));
  });
}

/**
 * Saves a draft: new (no id) or an existing draft changed. A draft never holds a number; an
 * issued or void invoice is never changed here (CONFLICT).
 */
export function saveDraft(core: EngineContext, businessId: string, raw: unknown, options: { id?: string; actor: string; today?: string }): string {
  return core.store.write((db) => {
    const business = activeBusiness(db, businessId);
    const plugin = pluginOf(core, business);
    const resolved = resolveHandInvoice(db, business, plugin, raw, options.today ?? today());
    const result = computeResolved(plugin, resolved);
    const now = new Date().toISOString();
    const currency = business.currency;
    const metadata: HandMetadata = { source: 'hand', input: resolved.frozen, ...(resolved.basis ? { placeOfSupplyBasis: resolved.basis } : {}) };
    const values = {
      kind: result.kind, series_id: resolved.series.id, issue_date: resolved.frozen.date, customer_id: resolved.customerId, customer_snapshot: JSON.stringify(resolved.customer),
      place_of_supply: resolved.placeOfSupply ?? null, supply_type: resolved.context.supplyType, prices_include_tax: resolved.context.pricesIncludeTax ? 1 : 0, currency,
      taxable_minor: toMinorUnits(result.totals.taxable, currency), tax_minor: toMinorUnits(result.totals.tax, currency), round_off_minor: toMinorUnits(result.totals.roundOff, currency),
      total_minor: toMinorUnits(result.totals.grandTotal, currency), tax_result: JSON.stringify(result), generation_metadata: JSON.stringify(metadata), updated_at: now,
    };
    let id = options.id;
    if (id) {
      const existing = statement(db, 'SELECT status, number FROM invoices WHERE business_id = ? AND id = ?').get(businessId, id) as { status: string; number: string | null } | undefined;
      if (!existing) throw new AppError('NOT_FOUND', `no invoice ${id} in this business`, { details: { invoiceId: id } });
      if (existing.status !== 'draft') throw new AppError('CONFLICT', `invoice ${existing.number ?? id} is ${existing.status}; an issued invoice never changes (void it or issue a credit note)`, { details: { invoiceId: id, status: existing.status } });
      db.prepare(`UPDATE invoices SET ${Object.keys(values).map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id AND business_id = @business_id AND status = 'draft'`).run({ ...values, id, business_id: businessId });
    } else {
      id = newId();
      const row = { ...values, id, business_id: businessId, status: 'draft', trace_id: newTraceId(), created_at: now };
      db.prepare(`INSERT INTO invoices (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row).map((k) => `@${k}`).join(', ')})`).run(row);
    }
    writeLines(db, id, businessId, currency, resolved.lines, result);
    appendAudit(db, { businessId, actor: options.actor, action: options.id ? 'invoice.draft_update' : 'invoice.draft_create', entity: 'invoice', entityId: id, details: { date: resolved.frozen.date, lines: resolved.lines.length, total: result.totals.grandTotal, currency } });
    return id;
  });
}

/** Throws away a draft (it never had a number, so nothing is lost from any series). */
export function discardDraft(core: EngineContext, businessId: string, id: string, actor: string): void {
  core.store.write((db) => {
    const row = statement(db, 'SELECT status, number FROM invoices WHERE business_id = ? AND id = ?').get(businessId, id) as { status: string; number: string | null } | undefined;
    if (!row) throw new AppError('NOT_FOUND', `no invoice ${id} in this business`, { details: { invoiceId: id } });
    if (row.status !== 'draft') throw new AppError('CONFLICT', `invoice ${row.number ?? id} is ${row.status}; only drafts can be discarded`, { details: { invoiceId: id } });
    statement(db, 'DELETE FROM invoice_lines WHERE invoice_id = ? AND business_id = ?').run(id, businessId);
    statement(db, "DELETE FROM invoices WHERE id = ? AND business_id = ? AND status = 'draft'").run(id, businessId);
    appendAudit(db, { businessId, actor, action: 'invoice.draft_discard', entity: 'invoice', entityId: id, details: {} });
  });
}

/**
 * Issues a draft: in one write transaction the draft is read again, its customer refreshed (or
 * created), its tax recomputed, the next number of its series and fiscal year taken, the row
 * marked issued and audited. The PDF is written after the commit (as for batches); a PDF that
 * fails leaves the invoice issued with the error recorded.
 */
export async function issueDraft(core: EngineContext, businessId: string, id: string, options: { actor: string; pdf?: PdfRenderer; today?: string }): Promise<{ number: string; pdfError: string | null }> {
  const issued = core.store.write((db) => {
    const business = activeBusiness(db, businessId);
    const plugin = pluginOf(core, business);
    const row = moneyRow<InvoiceRow>(statement(db, 'SELECT * FROM invoices WHERE business_id = ? AND id = ?'), businessId, id);
    if (!row) throw new AppError('NOT_FOUND', `no invoice ${id} in this business`, { details: { invoiceId: id } });
    if (row.status !== 'draft') throw new AppError('CONFLICT', `invoice ${row.number ?? id} is already ${row.status}`, { details: { invoiceId: id, status: row.status, number: row.number } });
    const stored = metadataOf(row).input;
    if (!stored) throw new AppError('CONFLICT', `draft ${id} was not written by hand; it cannot be issued here`, { details: { invoiceId: id } });
    // The customer as it is now (an address corrected since the draft was saved is printed).
    const input: HandInvoiceInput = row.customer_id ? { ...stored, customerId: row.customer_id } : stored;
    const resolved = resolveHandInvoice(db, business, plugin, input, options.today ?? today());
    const result = computeResolved(plugin, resolved);
    let customerId = resolved.customerId;
    if (!customerId) customerId = createCustomer(db, business, checkCustomer({
      name: resolved.customer.name, ...(resolved.customer.taxId ? { taxId: resolved.customer.taxId } : {}), ...(resolved.customer.stateCode ? { state: resolved.customer.stateCode } : {}),
      ...(resolved.customer.countryCode ? { country: resolved.customer.countryCode } : {}), ...(resolved.customer.address ? { address: resolved.customer.address } : {}),
    }, business, plugin), options.actor).id;
    const fiscalYear = fiscalYearOf(resolved.frozen.date, business.fiscalYearStartMonth);
    const allocated = allocateNumbers(db, resolved.series, fiscalYear, 1, plugin.invoiceNumberRules);
    const number = allocated.numbers[0]!;
    const now = new Date().toISOString();
    const currency = business.currency;
    const metadata: HandMetadata = { source: 'hand', input: resolved.frozen, ...(resolved.basis ? { placeOfSupplyBasis: resolved.basis } : {}) };
    const changed = statement(db, `UPDATE invoices SET status = 'issued', kind = ?, series_id = ?, fiscal_year = ?, seq = ?, number = ?, customer_id = ?, customer_snapshot = ?,
      place_of_supply = ?, supply_type = ?, prices_include_tax = ?, taxable_minor = ?, tax_minor = ?, round_off_minor = ?, total_minor = ?, tax_result = ?,
      generation_metadata = ?, issued_at = ?, updated_at = ? WHERE id = ? AND business_id = ? AND status = 'draft'`).run(
      result.kind, allocated.seriesId, allocated.fiscalYear, allocated.seqs[0]!, number, customerId, JSON.stringify(resolved.customer), resolved.placeOfSupply ?? null,
      resolved.context.supplyType, resolved.context.pricesIncludeTax ? 1 : 0, toMinorUnits(result.totals.taxable, currency), toMinorUnits(result.totals.tax, currency),
      toMinorUnits(result.totals.roundOff, currency), toMinorUnits(result.totals.grandTotal, currency), JSON.stringify(result), JSON.stringify(metadata), now, now, id, businessId);
    if (changed.changes !== 1) throw new AppError('CONFLICT', `invoice ${id} changed while it was being issued`, { details: { invoiceId: id } });
    writeLines(db, id, businessId, currency, resolved.lines, result);
    appendAudit(db, { businessId, actor: options.actor, action: 'invoice.issue', entity: 'invoice', entityId: id, traceId: row.trace_id, details: { number, total: result.totals.grandTotal, currency, source: 'hand' } });
    appendOutbox(db, { businessId, entity: 'invoice', entityId: id, op: 'insert', payload: { id, number, date: resolved.frozen.date, kind: result.kind, totals: result.totals, currency, customerId } });
    return { business, number, fiscalYear: allocated.fiscalYear };
  });
  let pdfError: string | null = null;
  if (options.pdf) pdfError = await renderHandPdf(core, issued.business, id, options.pdf);
  core.logger.info('invoice issued by hand', { businessId, invoiceId: id, number: issued.number, actor: options.actor });
  return { number: issued.number, pdfError };
}

/** Writes (or writes again) an issued invoice's PDF; returns the error message, or null. */
export async function renderHandPdf(core: EngineContext, business: Business, id: string, pdf: PdfRenderer): Promise<string | null> {
  const row = core.store.read((db) => moneyRow<InvoiceRow>(statement(db, 'SELECT * FROM invoices WHERE business_id = ? AND id = ?'), business.id, id));
  if (!row?.number || !row.fiscal_year) return 'the invoice has no number yet';
  const outPath = pdfPathFor(core.dataDir, business.id, row.fiscal_year, row.number);
  try {
    mkdirSync(dirname(outPath), { recursive: true });
    const written = await pdf.render(buildInvoiceDocument(business, row), outPath);
    core.store.write((db) => statement(db, 'UPDATE invoices SET pdf_sha256 = ?, pdf_bytes = ?, last_error = NULL, updated_at = ? WHERE id = ? AND business_id = ?').run(written.sha256, written.bytes, new Date().toISOString(), id, business.id));
    return null;
  } catch (error) {
    const message = toAppError(error).message;
    core.store.write((db) => statement(db, 'UPDATE invoices SET retry_count = retry_count + 1, last_error = ?, updated_at = ? WHERE id = ? AND business_id = ?').run(message, new Date().toISOString(), id, business.id));
    core.logger.warn('pdf failed', { invoiceId: id, number: row.number, error: message });
    return message;
  }
}

/** An invoice as `invoice show --json` prints it and the editor reads it. */
export function handInvoiceView(db: Database.Database, businessId: string, id: string): HandInvoiceView {
  const row = moneyRow<InvoiceRow>(statement(db, 'SELECT * FROM invoices WHERE business_id = ? AND id = ?'), businessId, id);
  if (!row) throw new AppError('NOT_FOUND', `no invoice ${id} in business ${businessId}`, { details: { invoiceId: id } });
  const lines = moneyRows<InvoiceLineRow>(statement(db, 'SELECT * FROM invoice_lines WHERE invoice_id = ? AND business_id = ? ORDER BY position'), id, businessId);
  const tax = JSON.parse(row.tax_result) as Partial<TaxResult>;
  const customer = JSON.parse(row.customer_snapshot) as CustomerSnapshot;
  const money = (minor: bigint) => fromMinorUnits(minor, row.currency);
  const metadata = metadataOf(row);
  const series = row.series_id ? (statement(db, 'SELECT code FROM series WHERE id = ?').get(row.series_id) as { code: string } | undefined)?.code ?? null : null;
  return {
    id: row.id, businessId: row.business_id, status: row.status, number: row.number, kind: row.kind, date: row.issue_date, currency: row.currency,
    customer: { id: row.customer_id, name: customer.name, taxId: customer.taxId ?? null, stateCode: customer.stateCode ?? null, countryCode: customer.countryCode ?? null, address: customer.address ?? '' },
    placeOfSupply: row.place_of_supply, placeOfSupplyBasis: metadata.placeOfSupplyBasis ?? null, series,
    totals: { taxable: money(row.taxable_minor), tax: money(row.tax_minor), roundOff: money(row.round_off_minor), grandTotal: money(row.total_minor) },
    amountInWords: tax.amountInWords?.en ?? '',
    lines: lines.map((l, i) => ({
      description: l.description, hsn: l.hsn, quantity: l.quantity, unit: l.unit, unitPrice: l.unit_price, discount: money(l.discount_minor), rate: l.tax_rate,
      category: l.tax_category, taxable: money(l.taxable_minor), tax: money(l.tax_minor), total: money(l.total_minor),
      components: (tax.lines?.[i]?.components ?? []).map((c) => ({ name: c.name, rate: c.rate, amount: c.amount })),
    })),
    input: metadata.source === 'hand' && metadata.input ? metadata.input : null,
    pdf: row.pdf_sha256 ? { sha256: row.pdf_sha256, bytes: row.pdf_bytes ?? 0 } : null,
    pdfError: row.last_error,
  };
}

/**
 * An invoice by id or by number (a number may repeat across businesses and, in a series that starts
 * again each fiscal year, across fiscal years: then name the business or the fiscal year).
 */
export function findInvoiceRef(db: Database.Database, ref: string, businessId?: string, fiscalYear?: string): { businessId: string; id: string } {
  const found = resolveInvoiceRef(db, { ref, businessId, fiscalYear });
  return { businessId: found.businessId, id: found.id };
}

export { getBusiness };
