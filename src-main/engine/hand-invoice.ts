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
import { customerById, nameKey, productById } from '../db/repos/catalogue.js';
import { checkCustomer, createCustomer } from '../importer/master-data.js';
import { badInput } from '../../src-shared/schemas/validate.js';
import {
  activeCustomerByNameKey, activeCustomerByTaxId, activeProductByNameKey, activeProductBySku, deleteDraft, insertDraft,
  invoiceState, markDraftIssued, recordHandPdf, recordHandPdfFailure, replaceInvoiceLines, seriesCode, updateDraft, type DraftValues, type NewInvoiceLine,
} from '../db/repos/hand-invoices.js';
import { findInvoice, invoiceLines } from '../db/repos/invoices.js';
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
    const row = customerById(db, business.id, input.customerId);
    if (!row) {
      issues.push({ path: '$.customerId', message: `no customer ${input.customerId} in this business` });
      return undefined;
    }
    return { snapshot: snapshotOf(row), id: row.id };
  }
  const taxId = input.customerTaxId?.normalize('NFKC').toUpperCase().replace(/[\s.-]/g, '') || undefined;
  const row = savedCustomer(db, business.id, taxId, input.customer);
  if (row) return { snapshot: snapshotOf(row), id: row.id };
  if (!input.customer) {
    issues.push({ path: '$.customer', message: 'name the customer ("customer", or "customerId" of a saved one)' });
    return undefined;
  }
  return newCustomer(business, plugin, input, input.customer, taxId, issues);
}

/** A saved customer (not archived): by tax id when one is typed, else by name. */
function savedCustomer(db: Database.Database, businessId: string, taxId: string | undefined, name: string | undefined): CustomerRow | undefined {
  if (taxId) return activeCustomerByTaxId(db, businessId, taxId);
  return name ? activeCustomerByNameKey(db, businessId, nameKey(name)) : undefined;
}

/** The typed details of a customer, as the catalogue's rules read them. */
function typedCustomer(input: HandInvoiceInput, name: string, taxId: string | undefined): Record<string, string> {
  return {
    name, ...(taxId ? { taxId } : {}), ...(input.customerState ? { state: input.customerState } : {}),
    ...(input.customerCountry ? { country: input.customerCountry } : {}), ...(input.customerAddress ? { address: input.customerAddress } : {}),
  };
}

const CUSTOMER_FIELD_PATHS: Record<string, string> = { '$.name': '$.customer', '$.taxId': '$.customerTaxId', '$.state': '$.customerState', '$.country': '$.customerCountry', '$.address': '$.customerAddress' };

/** A new customer: checked now by the catalogue's rules (created when the invoice is issued). */
function newCustomer(business: Business, plugin: TaxPlugin, input: HandInvoiceInput, name: string, taxId: string | undefined, issues: SchemaIssue[]): { snapshot: CustomerSnapshot; id: null } | undefined {
  try {
    const record = checkCustomer(typedCustomer(input, name, taxId), business, plugin);
    return { snapshot: { name: record.name, taxId: record.taxId, stateCode: record.stateCode, countryCode: record.countryCode, address: record.address ?? '' }, id: null };
  } catch (error) {
    const details = toAppError(error).details as { issues?: SchemaIssue[] };
    for (const issue of details.issues ?? [{ path: '$.customer', message: toAppError(error).message }]) issues.push({ path: CUSTOMER_FIELD_PATHS[issue.path] ?? issue.path, message: issue.message });
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
  if (line.productId) return productById(db, businessId, line.productId);
  if (!line.product) return undefined;
  return activeProductBySku(db, businessId, line.product.trim()) ?? activeProductByNameKey(db, businessId, nameKey(line.product));
}

/** What every line of one input is read against. */
interface LineRules {
  business: Business;
  plugin: TaxPlugin;
  date: string;
  /** The regime's rates on the invoice's date (none: any rate). */
  allowed: string[];
  /** Decimals of the business's currency. */
  scale: number;
}

/** One line read: what the plugin prices, and what the draft stores (catalogue values frozen in). */
interface ResolvedLine {
  spec: SpecLine;
  frozen: HandInvoiceLine;
}

/** The catalogue product a line names, if it names one (a name that matches nothing is an issue). */
function lineProduct(db: Database.Database, businessId: string, line: HandInvoiceLine, at: (field: string) => string, issues: SchemaIssue[]): ProductRow | undefined {
  if (!line.product && !line.productId) return undefined;
  const product = findProduct(db, businessId, line);
  if (!product) issues.push({ path: at(line.productId ? 'productId' : 'product'), message: `no product ${line.productId ? line.productId : `with SKU or name "${line.product}"`} in this business's catalogue` });
  return product;
}

/** A line that names a product the catalogue lacks: that is its one issue, not also "a typed line needs…". */
function namesMissingProduct(line: HandInvoiceLine, product: ProductRow | undefined): boolean {
  return Boolean(line.product || line.productId) && !product;
}

function lineDescription(line: HandInvoiceLine, product: ProductRow | undefined, at: (field: string) => string, issues: SchemaIssue[]): string | undefined {
  const description = line.description?.trim() || product?.name;
  if (!description && !namesMissingProduct(line, product)) issues.push({ path: at('description'), message: 'a typed line needs a description (or name a "product")' });
  return description;
}

function lineQuantity(line: HandInvoiceLine, at: (field: string) => string, issues: SchemaIssue[]): string {
  const quantity = text(line.quantity)!;
  if (!isDecimalString(quantity) || !new Dec(quantity).gt(0)) issues.push({ path: at('quantity'), message: `"${quantity}" is not a quantity above zero` });
  else if (new Dec(quantity).decimalPlaces() > 3) issues.push({ path: at('quantity'), message: `${quantity} has more than 3 decimals` });
  return quantity;
}

function linePrice(line: HandInvoiceLine, product: ProductRow | undefined, rules: LineRules, at: (field: string) => string, issues: SchemaIssue[]): string | undefined {
  const price = text(line.price) ?? (product ? fromMinorUnits(product.price_minor, rules.business.currency) : undefined);
  if (price === undefined) {
    if (!namesMissingProduct(line, product)) issues.push({ path: at('price'), message: 'a typed line needs its price' });
  }
  else if (!isDecimalString(price) || new Dec(price).lt(0)) issues.push({ path: at('price'), message: `"${price}" is not a price (a number, 0 or more)` });
  else if (new Dec(price).decimalPlaces() > rules.scale + 2) issues.push({ path: at('price'), message: `${price} has more than ${rules.scale + 2} decimals` });
  return price;
}

function lineDiscount(line: HandInvoiceLine, price: string | undefined, quantity: string, rules: LineRules, at: (field: string) => string, issues: SchemaIssue[]): string | undefined {
  const discount = text(line.discount);
  if (discount === undefined) return undefined;
  if (!isDecimalString(discount) || new Dec(discount).lt(0) || new Dec(discount).decimalPlaces() > rules.scale) {
    issues.push({ path: at('discount'), message: `"${discount}" is not a discount in ${rules.business.currency} (0 or more, at most ${rules.scale} decimals)` });
  } else if (price !== undefined && isDecimalString(price) && isDecimalString(quantity) && new Dec(discount).gt(new Dec(price).times(quantity))) {
    issues.push({ path: at('discount'), message: `${discount} is more than the line's amount` });
  }
  return discount;
}

/** The rate typed, else the product's (its category when not standard); always 0 without a tax regime. */
function typedRate(line: HandInvoiceLine, product: ProductRow | undefined, business: Business): string | undefined {
  if (business.taxRegime === 'none') return '0';
  const rate = text(line.rate);
  if (rate !== undefined || !product) return rate;
  return product.tax_category === 'standard' ? product.tax_rate : product.tax_category;
}

/** A rate as stored: a category word (exempt, zero, nil, non_gst) or a percentage the regime allows on the date. */
function lineRate(line: HandInvoiceLine, product: ProductRow | undefined, rules: LineRules, at: (field: string) => string, issues: SchemaIssue[]): string | undefined {
  const rate = typedRate(line, product, rules.business);
  if (rate === undefined) {
    if (!namesMissingProduct(line, product)) issues.push({ path: at('rate'), message: 'a typed line needs its tax rate (a percentage, or exempt / zero / nil)' });
    return undefined;
  }
  const word = CATEGORY[rate.toLowerCase().replace(/%$/, '').trim()];
  if (word) return word;
  const percent = rate.replace(/%$/, '').trim();
  if (!isDecimalString(percent)) {
    issues.push({ path: at('rate'), message: `"${rate}" is not a tax rate (a percentage, or exempt / zero / nil)` });
    return rate;
  }
  const normalised = new Dec(percent).toFixed();
  if (rules.allowed.length > 0 && !rules.allowed.some((r) => new Dec(r).eq(normalised))) {
    issues.push({ path: at('rate'), message: `${normalised}% is not a ${rules.plugin.id} rate on ${rules.date}; allowed: ${rules.allowed.join(', ')}` });
  }
  return normalised;
}

function lineHsn(line: HandInvoiceLine, product: ProductRow | undefined, at: (field: string) => string, issues: SchemaIssue[]): string | undefined {
  const hsn = line.hsn?.trim() || product?.hsn || undefined;
  if (hsn !== undefined && !/^\d{2,8}$/.test(hsn)) issues.push({ path: at('hsn'), message: `"${hsn}" is not an HSN/SAC code (2 to 8 digits)` });
  return hsn;
}

function lineCess(line: HandInvoiceLine, product: ProductRow | undefined, at: (field: string) => string, issues: SchemaIssue[]): string | undefined {
  const cess = text(line.cessRate) ?? (product && product.cess_rate !== '0' ? product.cess_rate : undefined);
  if (cess !== undefined && (!isDecimalString(cess) || new Dec(cess).lt(0) || new Dec(cess).gt(1000))) issues.push({ path: at('cessRate'), message: `"${cess}" is not a cess rate` });
  return cess;
}

/** The optional fields a line carries when they have a value. */
interface OptionalLineFields {
  hsn?: string;
  unit?: string;
  discount?: string;
  cessRate?: string;
}

function optionalFields(fields: { [K in keyof OptionalLineFields]: string | undefined }): OptionalLineFields {
  const present: OptionalLineFields = {};
  if (fields.hsn) present.hsn = fields.hsn;
  if (fields.unit) present.unit = fields.unit;
  if (fields.discount !== undefined) present.discount = fields.discount;
  if (fields.cessRate !== undefined) present.cessRate = fields.cessRate;
  return present;
}

/** One line of an input read field by field; undefined when any field has an issue (pushed to `issues`). */
function resolveLine(db: Database.Database, rules: LineRules, line: HandInvoiceLine, i: number, issues: SchemaIssue[]): ResolvedLine | undefined {
  const at = (field: string) => `$.lines[${i}].${field}`;
  const before = issues.length;
  const product = lineProduct(db, rules.business.id, line, at, issues);
  const description = lineDescription(line, product, at, issues);
  const quantity = lineQuantity(line, at, issues);
  const price = linePrice(line, product, rules, at, issues);
  const discount = lineDiscount(line, price, quantity, rules, at, issues);
  const rate = lineRate(line, product, rules, at, issues);
  const hsn = lineHsn(line, product, at, issues);
  const cessRate = lineCess(line, product, at, issues);
  if (issues.length > before) return undefined;
  const optional = optionalFields({ hsn, unit: line.unit?.trim() || product?.unit || undefined, discount, cessRate });
  const spec: SpecLine = { description: description!, quantity, unitPrice: price!, rate: rate!, ...(product ? { productId: product.id } : {}), ...optional };
  const frozen: HandInvoiceLine = { description: description!, quantity, price: price!, rate: rate!, ...(product ? { productId: product.id, product: product.sku ?? product.name } : {}), ...optional };
  return { spec, frozen };
}

/** An issue unless `date` is a calendar date no later than today. */
function checkDate(date: string, today: string, issues: SchemaIssue[]): void {
  try {
    parseIsoDate(date, '$.date');
    if (date > today) issues.push({ path: '$.date', message: `${date} is in the future; an invoice is dated the day it is issued or earlier` });
  } catch (error) {
    issues.push({ path: '$.date', message: toAppError(error).message });
  }
}

/** The invoice series an input names (or the default), or an issue. */
function seriesOf(db: Database.Database, businessId: string, code: string | undefined, issues: SchemaIssue[]): SeriesRow | undefined {
  try {
    return invoiceSeriesFor(db, businessId, code);
  } catch (error) {
    issues.push({ path: '$.series', message: toAppError(error).message.replace(/^\$\.series: /, '') });
    return undefined;
  }
}

function taxContextOf(business: Business, plugin: TaxPlugin, input: HandInvoiceInput, customer: CustomerSnapshot, placeOfSupply: string | undefined): TaxContext {
  return {
    date: input.date,
    currency: business.currency,
    kind: requestedKind(plugin, { documentKind: 'invoice' } as Parameters<typeof requestedKind>[1]),
    supplier: { state: business.stateCode ?? undefined, country: business.countryCode, taxId: business.taxId, settings: business.taxSettings },
    customer: { taxId: customer.taxId ?? null, state: customer.stateCode ?? undefined, country: customer.countryCode ?? undefined },
    placeOfSupply,
    supplyType: placeOfSupply === '96' ? 'export' : 'regular',
    pricesIncludeTax: input.pricesIncludeTax ?? false,
  };
}

/** Reads an input against the business's catalogue and customers; every problem at once, by path. */
export function resolveHandInvoice(db: Database.Database, business: Business, plugin: TaxPlugin, raw: unknown, today: string): Resolved {
  const input = check(HandInvoiceInput, raw);
  const issues: SchemaIssue[] = [];
  checkDate(input.date, today, issues);
  const series = seriesOf(db, business.id, input.series, issues);
  const customer = resolveCustomer(db, business, plugin, input, issues);
  const place = customer ? placeOfSupplyFor(business, customer.snapshot, input.placeOfSupply, issues) : { code: undefined, basis: undefined };
  const rules: LineRules = {
    business, plugin, date: input.date,
    allowed: business.taxRegime === 'none' ? [] : plugin.ratesOn(input.date <= today ? input.date : today),
    scale: fromMinorUnits(0n, business.currency).split('.')[1]?.length ?? 0,
  };
  const lines = input.lines.map((line, i) => resolveLine(db, rules, line, i, issues));
  if (issues.length > 0 || !customer || !series) throw badInput(issues);
  const resolvedLines = lines as ResolvedLine[];
  const frozen: HandInvoiceInput = { ...input, lines: resolvedLines.map((l) => l.frozen) };
  return {
    frozen, customer: customer.snapshot, customerId: customer.id, placeOfSupply: place.code, basis: place.basis, series,
    lines: resolvedLines.map((l) => l.spec), context: taxContextOf(business, plugin, input, customer.snapshot, place.code),
  };
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

/** The totals a hand invoice shows: `tax quote`'s, with `nonTaxable` only when the plugin gives it. */
function handTotals(totals: TaxResult['totals']): HandInvoiceQuote['totals'] {
  return { taxable: totals.taxable, ...(totals.nonTaxable !== undefined ? { nonTaxable: totals.nonTaxable } : {}), tax: totals.tax, roundOff: totals.roundOff, grandTotal: totals.grandTotal };
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
      totals: handTotals(result.totals),
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

/** The plugin's lines as stored (money in minor units), each with the product its entry named. */
function storedLines(currency: string, lines: SpecLine[], result: TaxResult): NewInvoiceLine[] {
  return result.lines.map((line, i) => ({
    id: newId(), productId: lines[i]?.productId ?? null, description: line.description, hsn: line.hsn ?? null, unit: line.unit ?? null, quantity: line.quantity,
    unitPrice: line.unitPrice, discountMinor: toMinorUnits(line.discount, currency), taxableMinor: toMinorUnits(line.taxable, currency), rate: line.rate,
    category: line.category, components: JSON.stringify(line.components), taxMinor: toMinorUnits(line.tax, currency), totalMinor: toMinorUnits(line.total, currency),
  }));
}

function metadataFor(resolved: Resolved): HandMetadata {
  return { source: 'hand', input: resolved.frozen, ...(resolved.basis ? { placeOfSupplyBasis: resolved.basis } : {}) };
}

/** The columns a draft's save writes. */
function draftValues(currency: string, resolved: Resolved, result: TaxResult, now: string): DraftValues {
  return {
    kind: result.kind, series_id: resolved.series.id, issue_date: resolved.frozen.date, customer_id: resolved.customerId, customer_snapshot: JSON.stringify(resolved.customer),
    place_of_supply: resolved.placeOfSupply ?? null, supply_type: resolved.context.supplyType, prices_include_tax: resolved.context.pricesIncludeTax ? 1 : 0, currency,
    taxable_minor: toMinorUnits(result.totals.taxable, currency), tax_minor: toMinorUnits(result.totals.tax, currency), round_off_minor: toMinorUnits(result.totals.roundOff, currency),
    total_minor: toMinorUnits(result.totals.grandTotal, currency), tax_result: JSON.stringify(result), generation_metadata: JSON.stringify(metadataFor(resolved)), updated_at: now,
  };
}

/** Status and number of an invoice of the business (NOT_FOUND when there is none). */
function existingState(db: Database.Database, businessId: string, id: string): { status: string; number: string | null } {
  const existing = invoiceState(db, businessId, id);
  if (!existing) throw new AppError('NOT_FOUND', `no invoice ${id} in this business`, { details: { invoiceId: id } });
  return existing;
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
    const values = draftValues(currency, resolved, result, now);
    let id = options.id;
    if (id) {
      const existing = existingState(db, businessId, id);
      if (existing.status !== 'draft') throw new AppError('CONFLICT', `invoice ${existing.number ?? id} is ${existing.status}; an issued invoice never changes (void it or issue a credit note)`, { details: { invoiceId: id, status: existing.status } });
      updateDraft(db, businessId, id, values);
    } else {
      id = newId();
      insertDraft(db, { ...values, id, business_id: businessId, status: 'draft', trace_id: newTraceId(), created_at: now });
    }
    replaceInvoiceLines(db, businessId, id, storedLines(currency, resolved.lines, result));
    appendAudit(db, { businessId, actor: options.actor, action: options.id ? 'invoice.draft_update' : 'invoice.draft_create', entity: 'invoice', entityId: id, details: { date: resolved.frozen.date, lines: resolved.lines.length, total: result.totals.grandTotal, currency } });
    return id;
  });
}

/** Throws away a draft (it never had a number, so nothing is lost from any series). */
export function discardDraft(core: EngineContext, businessId: string, id: string, actor: string): void {
  core.store.write((db) => {
    const row = existingState(db, businessId, id);
    if (row.status !== 'draft') throw new AppError('CONFLICT', `invoice ${row.number ?? id} is ${row.status}; only drafts can be discarded`, { details: { invoiceId: id } });
    deleteDraft(db, businessId, id);
    appendAudit(db, { businessId, actor, action: 'invoice.draft_discard', entity: 'invoice', entityId: id, details: {} });
  });
}

/** A draft of the business, with the input it was saved from (NOT_FOUND, or CONFLICT when not a draft written by hand). */
function draftToIssue(db: Database.Database, businessId: string, id: string): { row: InvoiceRow; stored: HandInvoiceInput } {
  const row = findInvoice(db, businessId, id);
  if (!row) throw new AppError('NOT_FOUND', `no invoice ${id} in this business`, { details: { invoiceId: id } });
  if (row.status !== 'draft') throw new AppError('CONFLICT', `invoice ${row.number ?? id} is already ${row.status}`, { details: { invoiceId: id, status: row.status, number: row.number } });
  const stored = metadataOf(row).input;
  if (!stored) throw new AppError('CONFLICT', `draft ${id} was not written by hand; it cannot be issued here`, { details: { invoiceId: id } });
  return { row, stored };
}

/** The id of the invoice's customer: the saved record, or one created now from the typed details. */
function customerIdAtIssue(db: Database.Database, business: Business, plugin: TaxPlugin, resolved: Resolved, actor: string): string {
  if (resolved.customerId) return resolved.customerId;
  const { customer } = resolved;
  return createCustomer(db, business, checkCustomer({
    name: customer.name, ...(customer.taxId ? { taxId: customer.taxId } : {}), ...(customer.stateCode ? { state: customer.stateCode } : {}),
    ...(customer.countryCode ? { country: customer.countryCode } : {}), ...(customer.address ? { address: customer.address } : {}),
  }, business, plugin), actor).id;
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
    const { row, stored } = draftToIssue(db, businessId, id);
    // The customer as it is now (an address corrected since the draft was saved is printed).
    const input: HandInvoiceInput = row.customer_id ? { ...stored, customerId: row.customer_id } : stored;
    const resolved = resolveHandInvoice(db, business, plugin, input, options.today ?? today());
    const result = computeResolved(plugin, resolved);
    const customerId = customerIdAtIssue(db, business, plugin, resolved, options.actor);
    const fiscalYear = fiscalYearOf(resolved.frozen.date, business.fiscalYearStartMonth);
    const allocated = allocateNumbers(db, resolved.series, fiscalYear, 1, plugin.invoiceNumberRules);
    const number = allocated.numbers[0]!;
    const currency = business.currency;
    const changed = markDraftIssued(db, businessId, id, {
      kind: result.kind, seriesId: allocated.seriesId, fiscalYear: allocated.fiscalYear, seq: allocated.seqs[0]!, number, customerId,
      customerSnapshot: JSON.stringify(resolved.customer), placeOfSupply: resolved.placeOfSupply ?? null, supplyType: resolved.context.supplyType,
      pricesIncludeTax: resolved.context.pricesIncludeTax ? 1 : 0, taxableMinor: toMinorUnits(result.totals.taxable, currency), taxMinor: toMinorUnits(result.totals.tax, currency),
      roundOffMinor: toMinorUnits(result.totals.roundOff, currency), totalMinor: toMinorUnits(result.totals.grandTotal, currency), taxResult: JSON.stringify(result),
      generationMetadata: JSON.stringify(metadataFor(resolved)), now: new Date().toISOString(),
    });
    if (changed !== 1) throw new AppError('CONFLICT', `invoice ${id} changed while it was being issued`, { details: { invoiceId: id } });
    replaceInvoiceLines(db, businessId, id, storedLines(currency, resolved.lines, result));
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
  const row = core.store.read((db) => findInvoice(db, business.id, id));
  if (!row?.number || !row.fiscal_year) return 'the invoice has no number yet';
  const outPath = pdfPathFor(core.dataDir, business.id, row.fiscal_year, row.number);
  try {
    mkdirSync(dirname(outPath), { recursive: true });
    // The business names its PDF settings (own template, PDF/A-2b, tagged tables), as batches and credit notes do.
    const written = await pdf.render(buildInvoiceDocument(business, row), outPath, { businessId: business.id });
    core.store.write((db) => recordHandPdf(db, business.id, id, written, new Date().toISOString()));
    return null;
  } catch (error) {
    const message = toAppError(error).message;
    core.store.write((db) => recordHandPdfFailure(db, business.id, id, message, new Date().toISOString()));
    core.logger.warn('pdf failed', { invoiceId: id, number: row.number, error: message });
    return message;
  }
}

function viewCustomer(row: InvoiceRow): HandInvoiceView['customer'] {
  const customer = JSON.parse(row.customer_snapshot) as CustomerSnapshot;
  return { id: row.customer_id, name: customer.name, taxId: customer.taxId ?? null, stateCode: customer.stateCode ?? null, countryCode: customer.countryCode ?? null, address: customer.address ?? '' };
}

function viewLines(lines: InvoiceLineRow[], tax: Partial<TaxResult>, money: (minor: bigint) => string): HandInvoiceView['lines'] {
  return lines.map((l, i) => ({
    description: l.description, hsn: l.hsn, quantity: l.quantity, unit: l.unit, unitPrice: l.unit_price, discount: money(l.discount_minor), rate: l.tax_rate,
    category: l.tax_category, taxable: money(l.taxable_minor), tax: money(l.tax_minor), total: money(l.total_minor),
    components: (tax.lines?.[i]?.components ?? []).map((c) => ({ name: c.name, rate: c.rate, amount: c.amount })),
  }));
}

/** An invoice as `invoice show --json` prints it and the editor reads it. */
export function handInvoiceView(db: Database.Database, businessId: string, id: string): HandInvoiceView {
  const row = findInvoice(db, businessId, id);
  if (!row) throw new AppError('NOT_FOUND', `no invoice ${id} in business ${businessId}`, { details: { invoiceId: id } });
  const lines = invoiceLines(db, businessId, id);
  const tax = JSON.parse(row.tax_result) as Partial<TaxResult>;
  const money = (minor: bigint) => fromMinorUnits(minor, row.currency);
  const metadata = metadataOf(row);
  const series = row.series_id ? seriesCode(db, row.series_id) ?? null : null;
  return {
    id: row.id, businessId: row.business_id, status: row.status, number: row.number, kind: row.kind, date: row.issue_date, currency: row.currency,
    customer: viewCustomer(row),
    placeOfSupply: row.place_of_supply, placeOfSupplyBasis: metadata.placeOfSupplyBasis ?? null, series,
    totals: {
      taxable: money(row.taxable_minor), ...(tax.totals?.nonTaxable !== undefined ? { nonTaxable: tax.totals.nonTaxable } : {}),
      tax: money(row.tax_minor), roundOff: money(row.round_off_minor), grandTotal: money(row.total_minor),
    },
    amountInWords: tax.amountInWords?.en ?? '',
    lines: viewLines(lines, tax, money),
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
