// Businesses (tenants) and their numbering series. Creating one validates the tax id and the
// settings with the business's tax plugin, and writes the business, its default series, the audit
// entry and the outbox entry in one transaction.
import type Database from 'better-sqlite3';
import { AppError } from '../../../src-shared/errors.js';
import { newId } from '../../../src-shared/ids.js';
import { check, compile, describeErrors, type SchemaIssue } from '../../../src-shared/schemas/validate.js';
import { BusinessInput, BusinessUpdate, type BankDetails, type Business } from '../../../src-shared/schemas/business.js';
import type { TaxPlugin } from '../../../src-shared/tax/plugin-api.js';
import { normaliseIdentifier } from '../../../src-shared/validation/fields.js';
import { appendAudit } from '../../audit/audit.js';
import { appendOutbox } from '../../sync/outbox.js';
import { patternsOverlap, seriesFormatProblem, seriesOverlapMessage } from '../../numbering/series.js';
import { badInput } from '../../../src-shared/schemas/validate.js';
import { statement } from '../query.js';
import { selectAll, selectFirst, sql } from '../sql.js';
import type { Store } from '../store.js';
import type { BusinessRow, SeriesRow } from '../types.js';
import { plural } from '../../../src-shared/plural.js';

export function defaultSeriesFormats(regime: string): { invoice: string; creditNote: string } {
  // GST numbers are at most 16 characters: INV/2526/00001 leaves room for 9,999,999 a year.
  if (regime === 'gst-in') return { invoice: 'INV/{FYS}/{SEQ:5}', creditNote: 'CN/{FYS}/{SEQ:5}' };
  if (regime === 'none') return { invoice: 'CM-{FY}-{SEQ:6}', creditNote: 'CN-{FY}-{SEQ:6}' };
  return { invoice: 'INV-{FY}-{SEQ:6}', creditNote: 'CN-{FY}-{SEQ:6}' };
}

/** GST bills of supply are numbered in a series of their own, not the tax invoices' (docs/TAX-RULES.md). */
export const BILL_OF_SUPPLY_SERIES_FORMAT = 'BOS/{FYS}/{SEQ:5}';

export function toBusiness(row: BusinessRow): Business {
  return {
    id: row.id, name: row.name, legalName: row.legal_name, address: row.address, city: row.city, postalCode: row.postal_code,
    stateCode: row.state_code, countryCode: row.country_code, taxRegime: row.tax_regime, taxId: row.tax_id, currency: row.currency,
    fiscalYearStartMonth: row.fiscal_year_start_month, email: row.email, phone: row.phone, logo: row.logo, signature: row.signature,
    signatoryName: row.signatory_name, taxSettings: JSON.parse(row.tax_settings) as Record<string, unknown>, sandbox: row.sandbox === 1,
    specimenMark: row.specimen_mark === 1, createdAt: row.created_at,
    bankDetails: row.bank_details ? (JSON.parse(row.bank_details) as BankDetails) : null, archivedAt: row.archived_at ?? null,
  };
}

type Problem = (path: string, message: string) => void;

function checkTaxId(input: BusinessInput, plugin: TaxPlugin, problem: Problem): void {
  if (!input.taxId) return;
  const result = plugin.validateTaxId(input.taxId);
  if (!result.valid) problem('$.taxId', result.reason ?? 'not a valid tax id');
}

/** A GST business names its state, and its GSTIN starts with that state's code. */
function checkGstState(input: BusinessInput, issues: readonly SchemaIssue[], problem: Problem): void {
  if (input.taxRegime !== 'gst-in') return;
  if (!input.stateCode) problem('$.stateCode', 'a GST business needs its state code (e.g. "27" for Maharashtra)');
  else if (input.taxId && !input.taxId.toUpperCase().startsWith(input.stateCode) && !issues.some((i) => i.path === '$.taxId')) {
    problem('$.taxId', `GSTIN ${input.taxId} belongs to state ${input.taxId.slice(0, 2)}, but stateCode is ${input.stateCode}`);
  }
}

interface NewSeriesFormat { field: string; code: string; chosen: string | undefined; format: string }

/** The patterns a new business's series will have: the ones chosen in the input, else the regime's defaults. */
function newSeriesFormats(input: BusinessInput): NewSeriesFormat[] {
  const defaults = defaultSeriesFormats(input.taxRegime);
  return [
    { field: 'invoiceSeriesFormat', code: 'INV', chosen: input.invoiceSeriesFormat, format: input.invoiceSeriesFormat ?? defaults.invoice },
    { field: 'creditNoteSeriesFormat', code: 'CN', chosen: input.creditNoteSeriesFormat, format: input.creditNoteSeriesFormat ?? defaults.creditNote },
    ...(input.taxRegime === 'gst-in' ? [{ field: 'billOfSupplySeriesFormat', code: 'BOS', chosen: input.billOfSupplySeriesFormat, format: input.billOfSupplySeriesFormat ?? BILL_OF_SUPPLY_SERIES_FORMAT }] : []),
  ];
}

/** Each chosen pattern keeps the regime's rule, and no two of the new business's series can give the same number in a fiscal year. */
function checkSeriesFormats(input: BusinessInput, plugin: TaxPlugin, month: number, today: string, problem: Problem): void {
  const series = newSeriesFormats(input);
  const fine: typeof series = [];
  for (const s of series) {
    const reason = s.chosen ? seriesFormatProblem(s.format, plugin, month, today) : null;
    if (reason) problem(`$.${s.field}`, reason);
    else fine.push(s);
  }
  for (const [i, s] of fine.entries()) {
    for (const other of fine.slice(0, i)) {
      const clash = s.chosen || other.chosen ? patternsOverlap(s.format, other.format, month, today) : null;
      if (clash) problem(`$.${s.chosen ? s.field : other.field}`, seriesOverlapMessage(s.chosen ? s.format : other.format, clash, s.chosen ? other : s));
    }
  }
}

/** Validates a business file/form against the schema and the tax plugin; returns the checked input. Every problem is reported at once. */
export function validateBusinessInput(value: unknown, plugins: ReadonlyMap<string, TaxPlugin>, today = new Date().toISOString().slice(0, 10)): BusinessInput {
  const checked = check(BusinessInput, value);
  // Identifiers are normalised (surrounding spaces, case) before they are checked and stored.
  const input = checked.taxId ? { ...checked, taxId: normaliseIdentifier(checked.taxId) } : checked;
  const issues: SchemaIssue[] = [];
  const problem: Problem = (path, message) => issues.push({ path, message });
  const plugin = plugins.get(input.taxRegime);
  if (!plugin) throw badInput([{ path: '$.taxRegime', message: `unknown tax regime "${input.taxRegime}"; installed: ${[...plugins.keys()].join(', ')}` }]);
  if (!plugin.currencies.includes(input.currency)) problem('$.currency', `${plugin.id} invoices are in ${plugin.currencies.join(' or ')}, not ${input.currency}`);
  checkTaxId(input, plugin, problem);
  checkGstState(input, issues, problem);
  const settings = { ...plugin.defaultSettings, ...(input.taxSettings ?? {}) };
  const validateSettings = compile(plugin.settingsSchema);
  if (!validateSettings(settings)) issues.push(...describeErrors(validateSettings.errors, '$.taxSettings'));
  const month = input.fiscalYearStartMonth ?? (input.taxRegime === 'gst-in' ? 4 : 1);
  checkSeriesFormats(input, plugin, month, today, problem);
  if (issues.length > 0) throw badInput(issues);
  return { ...input, taxSettings: settings, fiscalYearStartMonth: month };
}

/** The columns from name to currency, as stored (a row's key order is its outbox payload's). */
function identityColumns(input: BusinessInput): Pick<BusinessRow, 'name' | 'legal_name' | 'address' | 'city' | 'postal_code' | 'state_code' | 'country_code' | 'tax_regime' | 'tax_id' | 'currency'> {
  return {
    name: input.name.trim(), legal_name: input.legalName ?? null, address: input.address ?? '', city: input.city ?? null,
    postal_code: input.postalCode ?? null, state_code: input.stateCode ?? null, country_code: input.countryCode,
    tax_regime: input.taxRegime, tax_id: input.taxId ? input.taxId.toUpperCase() : null, currency: input.currency,
  };
}

/** The columns from email to specimen_mark, as stored. */
function contactColumns(input: BusinessInput): Pick<BusinessRow, 'email' | 'phone' | 'logo' | 'signature' | 'signatory_name' | 'tax_settings' | 'sandbox' | 'specimen_mark'> {
  return {
    email: input.email ?? null, phone: input.phone ?? null, logo: input.logo ?? null, signature: input.signature ?? null, signatory_name: input.signatoryName ?? null,
    tax_settings: JSON.stringify(input.taxSettings ?? {}), sandbox: input.sandbox ? 1 : 0, specimen_mark: input.specimenMark === false ? 0 : 1,
  };
}

function bankDetailsColumn(input: BusinessInput): string | null {
  return input.bankDetails ? JSON.stringify(input.bankDetails) : null;
}

/** The default series of a new business: invoices, credit notes and, for GST, bills of supply. */
function newSeries(input: BusinessInput, businessId: string, now: string): { invoice: SeriesRow; credit: SeriesRow; bill: SeriesRow | null } {
  const formats = defaultSeriesFormats(input.taxRegime);
  const series = (code: string, format: string, kind: SeriesRow['document_kind']): SeriesRow => ({ id: newId(), business_id: businessId, code, format, document_kind: kind, created_at: now });
  return {
    invoice: series('INV', input.invoiceSeriesFormat ?? formats.invoice, 'invoice'),
    credit: series('CN', input.creditNoteSeriesFormat ?? formats.creditNote, 'credit_note'),
    bill: input.taxRegime === 'gst-in' ? series('BOS', input.billOfSupplySeriesFormat ?? BILL_OF_SUPPLY_SERIES_FORMAT, 'invoice') : null,
  };
}

function insertBusinessRow(db: Database.Database, row: BusinessRow): void {
  statement(db, `INSERT INTO businesses (id, name, legal_name, address, city, postal_code, state_code, country_code, tax_regime, tax_id, currency, fiscal_year_start_month,
    email, phone, logo, signature, signatory_name, tax_settings, sandbox, specimen_mark, default_series_id, created_at, updated_at, bank_details, archived_at)
    VALUES (@id, @name, @legal_name, @address, @city, @postal_code, @state_code, @country_code, @tax_regime, @tax_id, @currency, @fiscal_year_start_month,
    @email, @phone, @logo, @signature, @signatory_name, @tax_settings, @sandbox, @specimen_mark, @default_series_id, @created_at, @updated_at, @bank_details, @archived_at)`).run(row);
}

function insertSeriesRow(db: Database.Database, row: SeriesRow): void {
  statement(db, 'INSERT INTO series (id, business_id, code, format, document_kind, created_at) VALUES (@id, @business_id, @code, @format, @document_kind, @created_at)').run(row);
}

export function createBusiness(store: Store, input: BusinessInput, actor: string): Business {
  const now = new Date().toISOString();
  const id = newId();
  const series = newSeries(input, id, now);
  const row: BusinessRow = {
    id, ...identityColumns(input), fiscal_year_start_month: input.fiscalYearStartMonth ?? 4, ...contactColumns(input),
    default_series_id: series.invoice.id, created_at: now, updated_at: now, bank_details: bankDetailsColumn(input), archived_at: null,
  };
  store.write((db) => {
    insertBusinessRow(db, row);
    insertSeriesRow(db, series.invoice);
    insertSeriesRow(db, series.credit);
    // Linked once the series exists (the column references it).
    if (series.bill) {
      insertSeriesRow(db, series.bill);
      statement(db, 'UPDATE businesses SET bill_of_supply_series_id = ? WHERE id = ?').run(series.bill.id, id);
    }
    appendAudit(db, { businessId: id, actor, action: 'business.create', entity: 'business', entityId: id, details: { name: row.name, regime: row.tax_regime, sandbox: row.sandbox === 1 } });
    appendOutbox(db, { businessId: id, entity: 'business', entityId: id, op: 'insert', payload: { ...row, logo: undefined, signature: undefined } });
  });
  return toBusiness(row);
}

export function listBusinesses(db: Database.Database): Business[] {
  return selectAll<BusinessRow>(db, sql`SELECT * FROM businesses ORDER BY created_at, id`).map(toBusiness);
}

export function getBusiness(db: Database.Database, id: string): Business {
  const row = selectFirst<BusinessRow>(db, sql`SELECT * FROM businesses WHERE id = ${id}`);
  if (!row) throw new AppError('NOT_FOUND', `no business with id ${id}`, { details: { businessId: id } });
  return toBusiness(row);
}

export function getSeries(db: Database.Database, businessId: string, kind: 'invoice' | 'credit_note'): SeriesRow {
  // The bills-of-supply series is an invoice series too, but never the default one.
  const row = selectFirst<SeriesRow>(db, sql`SELECT * FROM series WHERE business_id = ${businessId} AND document_kind = ${kind}
    AND id IS NOT (SELECT bill_of_supply_series_id FROM businesses WHERE id = ${businessId}) ORDER BY created_at LIMIT 1`);
  if (!row) throw new AppError('NOT_FOUND', `business ${businessId} has no ${kind} series`, { details: { businessId, kind } });
  return row;
}

/** The series GST bills of supply are numbered from, or null when the business has none (they then take the invoice series). */
export function getBillOfSupplySeries(db: Database.Database, businessId: string): SeriesRow | null {
  return selectFirst<SeriesRow>(db, sql`SELECT s.* FROM series s JOIN businesses b ON b.bill_of_supply_series_id = s.id WHERE b.id = ${businessId} AND s.business_id = ${businessId}`) ?? null;
}

/** The series a batch or a single document numbers from. */
export function seriesForDocuments(db: Database.Database, businessId: string): { invoice: SeriesRow; credit_note: SeriesRow; bill_of_supply: SeriesRow | null } {
  return { invoice: getSeries(db, businessId, 'invoice'), credit_note: getSeries(db, businessId, 'credit_note'), bill_of_supply: getBillOfSupplySeries(db, businessId) };
}

/** The business as its create file, so an update is checked whole by the same rules. */
function businessAsInput(b: Business): BusinessInput {
  const out: BusinessInput = { name: b.name, address: b.address, countryCode: b.countryCode, taxRegime: b.taxRegime, currency: b.currency, taxId: b.taxId, fiscalYearStartMonth: b.fiscalYearStartMonth, taxSettings: b.taxSettings, sandbox: b.sandbox, specimenMark: b.specimenMark };
  for (const key of ['legalName', 'city', 'postalCode', 'stateCode', 'email', 'phone', 'logo', 'signature', 'signatoryName'] as const) {
    const v = b[key];
    if (v) out[key] = v;
  }
  if (b.bankDetails) out.bankDetails = b.bankDetails;
  return out;
}

/** The stored business with the update's fields over it, as a create file (null and '' clear a field). */
function mergedInput(existing: Business, fields: Omit<BusinessUpdate, 'archived'>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...businessAsInput(existing), ...fields };
  for (const [key, v] of Object.entries(merged)) if (v === null || (v === '' && key !== 'address' && key !== 'name')) delete merged[key];
  if (fields.taxId === null) merged.taxId = null;
  // A new regime starts from its own settings, not the old regime's.
  if (fields.taxRegime && fields.taxRegime !== existing.taxRegime && !fields.taxSettings) delete merged.taxSettings;
  return merged;
}

function issuedCount(db: Database.Database, businessId: string): number {
  return selectFirst<{ n: number }>(db, sql`SELECT COUNT(*) AS n FROM invoices WHERE business_id = ${businessId} AND status != 'draft'`)!.n;
}

/** Refuses a change of regime, currency, sandbox flag or fiscal year once invoices were issued. */
function refuseLockedChanges(issued: number, input: BusinessInput, existing: Business): void {
  if (issued === 0) return;
  const refused: SchemaIssue[] = [];
  const why = `${plural(issued, 'invoice was', 'invoices were')} issued under it; their documents and numbers depend on it (start a new business instead)`;
  if (input.taxRegime !== existing.taxRegime) refused.push({ path: '$.taxRegime', message: `cannot change from ${existing.taxRegime}: ${why}` });
  if (input.currency !== existing.currency) refused.push({ path: '$.currency', message: `cannot change from ${existing.currency}: ${why}` });
  if (Boolean(input.sandbox) !== existing.sandbox) refused.push({ path: '$.sandbox', message: `cannot change: ${why}` });
  if (input.fiscalYearStartMonth !== existing.fiscalYearStartMonth) refused.push({ path: '$.fiscalYearStartMonth', message: `cannot change from ${existing.fiscalYearStartMonth}: ${why}` });
  if (refused.length > 0) throw new AppError('BAD_INPUT', refused.map((i) => `${i.path}: ${i.message}`).join('; '), { details: { issues: refused, path: refused[0]!.path } });
}

/** archived_at after an update: kept when not asked, set (once) or cleared. */
function archivedAt(archived: boolean | undefined, existing: Business, now: string): string | null {
  if (archived === undefined) return existing.archivedAt ?? null;
  return archived ? (existing.archivedAt ?? now) : null;
}

function updateAction(archived: boolean | undefined, existing: Business): string {
  if (archived === true && !existing.archivedAt) return 'business.archive';
  if (archived === false && existing.archivedAt) return 'business.restore';
  return 'business.update';
}

type UpdatedBusinessRow = Omit<BusinessRow, 'default_series_id' | 'created_at' | 'bill_of_supply_series_id'>;

function updateBusinessRow(db: Database.Database, row: UpdatedBusinessRow): void {
  statement(db, `UPDATE businesses SET name = @name, legal_name = @legal_name, address = @address, city = @city, postal_code = @postal_code, state_code = @state_code,
    country_code = @country_code, tax_regime = @tax_regime, tax_id = @tax_id, currency = @currency, fiscal_year_start_month = @fiscal_year_start_month, email = @email,
    phone = @phone, logo = @logo, signature = @signature, signatory_name = @signatory_name, tax_settings = @tax_settings, sandbox = @sandbox,
    specimen_mark = @specimen_mark, bank_details = @bank_details, archived_at = @archived_at, updated_at = @updated_at WHERE id = @id`).run(row);
}

/**
 * Everything after creation. The merged business is checked like a new one; the tax regime,
 * currency and sandbox flag are refused once invoices were issued (their documents and numbers
 * depend on them). Archiving hides the business and keeps its data.
 */
export function updateBusiness(store: Store, id: string, value: unknown, plugins: ReadonlyMap<string, TaxPlugin>, actor: string): Business {
  const patch = check(BusinessUpdate, value);
  return store.write((db) => {
    const existing = getBusiness(db, id);
    const { archived, ...fields } = patch;
    const input = validateBusinessInput(mergedInput(existing, fields), plugins);
    refuseLockedChanges(issuedCount(db, id), input, existing);
    const now = new Date().toISOString();
    const row: UpdatedBusinessRow = {
      id, ...identityColumns(input), fiscal_year_start_month: input.fiscalYearStartMonth ?? existing.fiscalYearStartMonth, ...contactColumns(input),
      bank_details: bankDetailsColumn(input), archived_at: archivedAt(archived, existing, now), updated_at: now,
    };
    updateBusinessRow(db, row);
    const changed = Object.keys(fields).filter((k) => (fields as Record<string, unknown>)[k] !== undefined);
    appendAudit(db, { businessId: id, actor, action: updateAction(archived, existing), entity: 'business', entityId: id, details: { fields: changed } });
    appendOutbox(db, { businessId: id, entity: 'business', entityId: id, op: 'update', payload: { ...row, logo: undefined, signature: undefined } });
    return getBusiness(db, id);
  });
}
