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
import { seriesFormatProblem } from '../../numbering/series.js';
import { badInput } from '../../../src-shared/schemas/validate.js';
import type { Store } from '../store.js';
import type { BusinessRow, SeriesRow } from '../types.js';

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

/** Validates a business file/form against the schema and the tax plugin; returns the checked input. Every problem is reported at once. */
export function validateBusinessInput(value: unknown, plugins: ReadonlyMap<string, TaxPlugin>): BusinessInput {
  const checked = check(BusinessInput, value);
  // Identifiers are normalised (surrounding spaces, case) before they are checked and stored.
  const input = checked.taxId ? { ...checked, taxId: normaliseIdentifier(checked.taxId) } : checked;
  const issues: SchemaIssue[] = [];
  const problem = (path: string, message: string) => issues.push({ path, message });
  const plugin = plugins.get(input.taxRegime);
  if (!plugin) throw badInput([{ path: '$.taxRegime', message: `unknown tax regime "${input.taxRegime}"; installed: ${[...plugins.keys()].join(', ')}` }]);
  if (!plugin.currencies.includes(input.currency)) problem('$.currency', `${plugin.id} invoices are in ${plugin.currencies.join(' or ')}, not ${input.currency}`);
  if (input.taxId) {
    const result = plugin.validateTaxId(input.taxId);
    if (!result.valid) problem('$.taxId', result.reason ?? 'not a valid tax id');
  }
  if (input.taxRegime === 'gst-in') {
    if (!input.stateCode) problem('$.stateCode', 'a GST business needs its state code (e.g. "27" for Maharashtra)');
    else if (input.taxId && !input.taxId.toUpperCase().startsWith(input.stateCode) && !issues.some((i) => i.path === '$.taxId')) {
      problem('$.taxId', `GSTIN ${input.taxId} belongs to state ${input.taxId.slice(0, 2)}, but stateCode is ${input.stateCode}`);
    }
  }
  const settings = { ...plugin.defaultSettings, ...(input.taxSettings ?? {}) };
  const validateSettings = compile(plugin.settingsSchema);
  if (!validateSettings(settings)) issues.push(...describeErrors(validateSettings.errors, '$.taxSettings'));
  const month = input.fiscalYearStartMonth ?? (input.taxRegime === 'gst-in' ? 4 : 1);
  for (const [field, format] of [['invoiceSeriesFormat', input.invoiceSeriesFormat], ['creditNoteSeriesFormat', input.creditNoteSeriesFormat], ['billOfSupplySeriesFormat', input.billOfSupplySeriesFormat]] as const) {
    if (!format) continue;
    const reason = seriesFormatProblem(format, plugin, month);
    if (reason) problem(`$.${field}`, reason);
  }
  if (issues.length > 0) throw badInput(issues);
  return { ...input, taxSettings: settings, fiscalYearStartMonth: month };
}

export function createBusiness(store: Store, input: BusinessInput, actor: string): Business {
  const now = new Date().toISOString();
  const id = newId();
  const formats = defaultSeriesFormats(input.taxRegime);
  const invoiceSeries: SeriesRow = { id: newId(), business_id: id, code: 'INV', format: input.invoiceSeriesFormat ?? formats.invoice, document_kind: 'invoice', created_at: now };
  const creditSeries: SeriesRow = { id: newId(), business_id: id, code: 'CN', format: input.creditNoteSeriesFormat ?? formats.creditNote, document_kind: 'credit_note', created_at: now };
  const billSeries: SeriesRow | null = input.taxRegime === 'gst-in'
    ? { id: newId(), business_id: id, code: 'BOS', format: input.billOfSupplySeriesFormat ?? BILL_OF_SUPPLY_SERIES_FORMAT, document_kind: 'invoice', created_at: now }
    : null;
  const row: BusinessRow = {
    id, name: input.name.trim(), legal_name: input.legalName ?? null, address: input.address ?? '', city: input.city ?? null,
    postal_code: input.postalCode ?? null, state_code: input.stateCode ?? null, country_code: input.countryCode,
    tax_regime: input.taxRegime, tax_id: input.taxId ? input.taxId.toUpperCase() : null, currency: input.currency,
    fiscal_year_start_month: input.fiscalYearStartMonth ?? 4, email: input.email ?? null, phone: input.phone ?? null,
    logo: input.logo ?? null, signature: input.signature ?? null, signatory_name: input.signatoryName ?? null,
    tax_settings: JSON.stringify(input.taxSettings ?? {}), sandbox: input.sandbox ? 1 : 0, specimen_mark: input.specimenMark === false ? 0 : 1,
    default_series_id: invoiceSeries.id, created_at: now, updated_at: now,
    bank_details: input.bankDetails ? JSON.stringify(input.bankDetails) : null, archived_at: null,
  };
  store.write((db) => {
    db.prepare(`INSERT INTO businesses (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row).map((k) => '@' + k).join(', ')})`).run(row);
    const insertSeries = db.prepare('INSERT INTO series (id, business_id, code, format, document_kind, created_at) VALUES (@id, @business_id, @code, @format, @document_kind, @created_at)');
    insertSeries.run(invoiceSeries);
    insertSeries.run(creditSeries);
    // Linked once the series exists (the column references it).
    if (billSeries) {
      insertSeries.run(billSeries);
      db.prepare('UPDATE businesses SET bill_of_supply_series_id = ? WHERE id = ?').run(billSeries.id, id);
    }
    appendAudit(db, { businessId: id, actor, action: 'business.create', entity: 'business', entityId: id, details: { name: row.name, regime: row.tax_regime, sandbox: row.sandbox === 1 } });
    appendOutbox(db, { businessId: id, entity: 'business', entityId: id, op: 'insert', payload: { ...row, logo: undefined, signature: undefined } });
  });
  return toBusiness(row);
}

export function listBusinesses(db: Database.Database): Business[] {
  return (db.prepare('SELECT * FROM businesses ORDER BY created_at, id').all() as BusinessRow[]).map(toBusiness);
}

export function getBusiness(db: Database.Database, id: string): Business {
  const row = db.prepare('SELECT * FROM businesses WHERE id = ?').get(id) as BusinessRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `no business with id ${id}`, { details: { businessId: id } });
  return toBusiness(row);
}

export function getSeries(db: Database.Database, businessId: string, kind: 'invoice' | 'credit_note'): SeriesRow {
  // The bills-of-supply series is an invoice series too, but never the default one.
  const row = db.prepare(`SELECT * FROM series WHERE business_id = ? AND document_kind = ?
    AND id IS NOT (SELECT bill_of_supply_series_id FROM businesses WHERE id = ?) ORDER BY created_at LIMIT 1`).get(businessId, kind, businessId) as SeriesRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `business ${businessId} has no ${kind} series`, { details: { businessId, kind } });
  return row;
}

/** The series GST bills of supply are numbered from, or null when the business has none (they then take the invoice series). */
export function getBillOfSupplySeries(db: Database.Database, businessId: string): SeriesRow | null {
  const row = db.prepare('SELECT s.* FROM series s JOIN businesses b ON b.bill_of_supply_series_id = s.id WHERE b.id = ? AND s.business_id = ?').get(businessId, businessId) as SeriesRow | undefined;
  return row ?? null;
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
    const merged: Record<string, unknown> = { ...businessAsInput(existing), ...fields };
    for (const [key, v] of Object.entries(merged)) if (v === null || (v === '' && key !== 'address' && key !== 'name')) delete merged[key];
    if (fields.taxId === null) merged.taxId = null;
    // A new regime starts from its own settings, not the old regime's.
    if (fields.taxRegime && fields.taxRegime !== existing.taxRegime && !fields.taxSettings) delete merged.taxSettings;
    const input = validateBusinessInput(merged, plugins);
    const issued = (db.prepare("SELECT COUNT(*) AS n FROM invoices WHERE business_id = ? AND status != 'draft'").get(id) as { n: number }).n;
    if (issued > 0) {
      const refused: SchemaIssue[] = [];
      const why = `${issued} invoice(s) were issued under it; their documents and numbers depend on it (start a new business instead)`;
      if (input.taxRegime !== existing.taxRegime) refused.push({ path: '$.taxRegime', message: `cannot change from ${existing.taxRegime}: ${why}` });
      if (input.currency !== existing.currency) refused.push({ path: '$.currency', message: `cannot change from ${existing.currency}: ${why}` });
      if (Boolean(input.sandbox) !== existing.sandbox) refused.push({ path: '$.sandbox', message: `cannot change: ${why}` });
      if (input.fiscalYearStartMonth !== existing.fiscalYearStartMonth) refused.push({ path: '$.fiscalYearStartMonth', message: `cannot change from ${existing.fiscalYearStartMonth}: ${why}` });
      if (refused.length > 0) throw new AppError('BAD_INPUT', refused.map((i) => `${i.path}: ${i.message}`).join('; '), { details: { issues: refused, path: refused[0]!.path } });
    }
    const now = new Date().toISOString();
    const row = {
      id, name: input.name.trim(), legal_name: input.legalName ?? null, address: input.address ?? '', city: input.city ?? null, postal_code: input.postalCode ?? null,
      state_code: input.stateCode ?? null, country_code: input.countryCode, tax_regime: input.taxRegime, tax_id: input.taxId ? input.taxId.toUpperCase() : null,
      currency: input.currency, fiscal_year_start_month: input.fiscalYearStartMonth ?? existing.fiscalYearStartMonth, email: input.email ?? null, phone: input.phone ?? null,
      logo: input.logo ?? null, signature: input.signature ?? null, signatory_name: input.signatoryName ?? null, tax_settings: JSON.stringify(input.taxSettings ?? {}),
      sandbox: input.sandbox ? 1 : 0, specimen_mark: input.specimenMark === false ? 0 : 1, bank_details: input.bankDetails ? JSON.stringify(input.bankDetails) : null,
      archived_at: archived === undefined ? (existing.archivedAt ?? null) : archived ? (existing.archivedAt ?? now) : null, updated_at: now,
    };
    db.prepare(`UPDATE businesses SET ${Object.keys(row).filter((k) => k !== 'id').map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run(row);
    const changed = Object.keys(fields).filter((k) => (fields as Record<string, unknown>)[k] !== undefined);
    const action = archived === true && !existing.archivedAt ? 'business.archive' : archived === false && existing.archivedAt ? 'business.restore' : 'business.update';
    appendAudit(db, { businessId: id, actor, action, entity: 'business', entityId: id, details: { fields: changed } });
    appendOutbox(db, { businessId: id, entity: 'business', entityId: id, op: 'update', payload: { ...row, logo: undefined, signature: undefined } });
    return getBusiness(db, id);
  });
}
