// Businesses (tenants) and their numbering series. Creating one validates the tax id and the
// settings with the business's tax plugin, and writes the business, its default series, the audit
// entry and the outbox entry in one transaction.
import type Database from 'better-sqlite3';
import { AppError } from '../../../src-shared/errors.js';
import { newId } from '../../../src-shared/ids.js';
import { check, compile, describeErrors } from '../../../src-shared/schemas/validate.js';
import { BusinessInput, type Business } from '../../../src-shared/schemas/business.js';
import type { TaxPlugin } from '../../../src-shared/tax/plugin-api.js';
import { normaliseIdentifier } from '../../../src-shared/validation/fields.js';
import { appendAudit } from '../../audit/audit.js';
import { appendOutbox } from '../../sync/outbox.js';
import { validateSeriesFormat, formatNumber, fiscalYearOf } from '../../numbering/format.js';
import type { Store } from '../store.js';
import type { BusinessRow, SeriesRow } from '../types.js';

export function defaultSeriesFormats(regime: string): { invoice: string; creditNote: string } {
  // GST numbers are at most 16 characters: INV/2526/00001 leaves room for 9,999,999 a year.
  if (regime === 'gst-in') return { invoice: 'INV/{FYS}/{SEQ:5}', creditNote: 'CN/{FYS}/{SEQ:5}' };
  if (regime === 'none') return { invoice: 'CM-{FY}-{SEQ:6}', creditNote: 'CN-{FY}-{SEQ:6}' };
  return { invoice: 'INV-{FY}-{SEQ:6}', creditNote: 'CN-{FY}-{SEQ:6}' };
}

export function toBusiness(row: BusinessRow): Business {
  return {
    id: row.id, name: row.name, legalName: row.legal_name, address: row.address, city: row.city, postalCode: row.postal_code,
    stateCode: row.state_code, countryCode: row.country_code, taxRegime: row.tax_regime, taxId: row.tax_id, currency: row.currency,
    fiscalYearStartMonth: row.fiscal_year_start_month, email: row.email, phone: row.phone, logo: row.logo, signature: row.signature,
    signatoryName: row.signatory_name, taxSettings: JSON.parse(row.tax_settings) as Record<string, unknown>, sandbox: row.sandbox === 1,
    specimenMark: row.specimen_mark === 1, createdAt: row.created_at,
  };
}

/** Validates a business file/form against the schema and the tax plugin; returns the checked input. */
export function validateBusinessInput(value: unknown, plugins: ReadonlyMap<string, TaxPlugin>): BusinessInput {
  const checked = check(BusinessInput, value);
  // Identifiers are normalised (surrounding spaces, case) before they are checked and stored.
  const input = checked.taxId ? { ...checked, taxId: normaliseIdentifier(checked.taxId) } : checked;
  const plugin = plugins.get(input.taxRegime);
  if (!plugin) throw new AppError('BAD_INPUT', `$.taxRegime: unknown tax regime "${input.taxRegime}"; installed: ${[...plugins.keys()].join(', ')}`, { details: { path: '$.taxRegime' } });
  if (!plugin.currencies.includes(input.currency)) {
    throw new AppError('BAD_INPUT', `$.currency: ${plugin.id} invoices are in ${plugin.currencies.join(' or ')}, not ${input.currency}`, { details: { path: '$.currency' } });
  }
  if (input.taxId) {
    const result = plugin.validateTaxId(input.taxId);
    if (!result.valid) throw new AppError('BAD_INPUT', `$.taxId: ${result.reason ?? 'not a valid tax id'}`, { details: { path: '$.taxId' } });
  }
  if (input.taxRegime === 'gst-in') {
    if (!input.stateCode) throw new AppError('BAD_INPUT', '$.stateCode: a GST business needs its state code (e.g. "27" for Maharashtra)', { details: { path: '$.stateCode' } });
    if (input.taxId && !input.taxId.startsWith(input.stateCode)) {
      throw new AppError('BAD_INPUT', `$.taxId: GSTIN ${input.taxId} belongs to state ${input.taxId.slice(0, 2)}, but stateCode is ${input.stateCode}`, { details: { path: '$.taxId' } });
    }
  }
  const settings = { ...plugin.defaultSettings, ...(input.taxSettings ?? {}) };
  const validateSettings = compile(plugin.settingsSchema);
  if (!validateSettings(settings)) {
    const issues = describeErrors(validateSettings.errors, '$.taxSettings');
    throw new AppError('BAD_INPUT', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { details: { issues } });
  }
  const month = input.fiscalYearStartMonth ?? (input.taxRegime === 'gst-in' ? 4 : 1);
  for (const [field, format] of [['invoiceSeriesFormat', input.invoiceSeriesFormat], ['creditNoteSeriesFormat', input.creditNoteSeriesFormat]] as const) {
    if (!format) continue;
    try {
      validateSeriesFormat(format);
    } catch (error) {
      throw new AppError('BAD_INPUT', `$.${field}: ${(error as Error).message}`, { details: { path: `$.${field}` } });
    }
    const sample = formatNumber(format, fiscalYearOf('2026-01-15', month), 1);
    if (sample.length > plugin.invoiceNumberRules.maxLength || !new RegExp(plugin.invoiceNumberRules.pattern).test(sample)) {
      throw new AppError('BAD_INPUT', `$.${field}: "${format}" gives numbers like "${sample}", which break the rule: ${plugin.invoiceNumberRules.description}`, { details: { path: `$.${field}` } });
    }
  }
  return { ...input, taxSettings: settings, fiscalYearStartMonth: month };
}

export function createBusiness(store: Store, input: BusinessInput, actor: string): Business {
  const now = new Date().toISOString();
  const id = newId();
  const formats = defaultSeriesFormats(input.taxRegime);
  const invoiceSeries: SeriesRow = { id: newId(), business_id: id, code: 'INV', format: input.invoiceSeriesFormat ?? formats.invoice, document_kind: 'invoice', created_at: now };
  const creditSeries: SeriesRow = { id: newId(), business_id: id, code: 'CN', format: input.creditNoteSeriesFormat ?? formats.creditNote, document_kind: 'credit_note', created_at: now };
  const row: BusinessRow = {
    id, name: input.name.trim(), legal_name: input.legalName ?? null, address: input.address ?? '', city: input.city ?? null,
    postal_code: input.postalCode ?? null, state_code: input.stateCode ?? null, country_code: input.countryCode,
    tax_regime: input.taxRegime, tax_id: input.taxId ? input.taxId.toUpperCase() : null, currency: input.currency,
    fiscal_year_start_month: input.fiscalYearStartMonth ?? 4, email: input.email ?? null, phone: input.phone ?? null,
    logo: input.logo ?? null, signature: input.signature ?? null, signatory_name: input.signatoryName ?? null,
    tax_settings: JSON.stringify(input.taxSettings ?? {}), sandbox: input.sandbox ? 1 : 0, specimen_mark: input.specimenMark === false ? 0 : 1,
    default_series_id: invoiceSeries.id, created_at: now, updated_at: now,
  };
  store.write((db) => {
    db.prepare(`INSERT INTO businesses (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row).map((k) => '@' + k).join(', ')})`).run(row);
    const insertSeries = db.prepare('INSERT INTO series (id, business_id, code, format, document_kind, created_at) VALUES (@id, @business_id, @code, @format, @document_kind, @created_at)');
    insertSeries.run(invoiceSeries);
    insertSeries.run(creditSeries);
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
  const row = db.prepare('SELECT * FROM series WHERE business_id = ? AND document_kind = ? ORDER BY created_at LIMIT 1').get(businessId, kind) as SeriesRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `business ${businessId} has no ${kind} series`, { details: { businessId, kind } });
  return row;
}
