// A minimal business and its numbering series written with plain SQL, so foundation tests and the
// numbering benchmark need neither the tax plugins nor the business schema. The business row is
// audited and put in the outbox like createBusiness does, so the audit chain starts as in the app.
import type Database from 'better-sqlite3';
import { newId } from '../../src-shared/ids.js';
import { appendAudit } from '../../src-main/audit/audit.js';
import { appendOutbox } from '../../src-main/sync/outbox.js';
import type { Store } from '../../src-main/db/store.js';
import type { SeriesRow } from '../../src-main/db/types.js';

export interface SeedOptions {
  name?: string;
  taxRegime?: string;
  countryCode?: string;
  stateCode?: string | null;
  currency?: string;
  /** 4 = April–March (India), 1 = calendar year. */
  fiscalYearStartMonth?: number;
  invoiceFormat?: string;
  creditNoteFormat?: string;
  sandbox?: boolean;
}

export interface SeededBusiness {
  businessId: string;
  fiscalYearStartMonth: number;
  currency: string;
  invoiceSeries: SeriesRow;
  creditSeries: SeriesRow;
}

export function seedBusinessIn(db: Database.Database, options: SeedOptions = {}): SeededBusiness {
  const now = new Date().toISOString();
  const businessId = newId();
  const fiscalYearStartMonth = options.fiscalYearStartMonth ?? 4;
  const currency = options.currency ?? 'INR';
  const invoiceSeries: SeriesRow = { id: newId(), business_id: businessId, code: 'INV', format: options.invoiceFormat ?? 'INV/{FYS}/{SEQ:5}', document_kind: 'invoice', created_at: now };
  const creditSeries: SeriesRow = { id: newId(), business_id: businessId, code: 'CN', format: options.creditNoteFormat ?? 'CN/{FYS}/{SEQ:5}', document_kind: 'credit_note', created_at: now };
  db.prepare(`INSERT INTO businesses (id, name, address, state_code, country_code, tax_regime, currency, fiscal_year_start_month, sandbox, default_series_id, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    businessId, options.name ?? 'Test Traders', '1 Test Road', options.stateCode === undefined ? '27' : options.stateCode, options.countryCode ?? 'IN',
    options.taxRegime ?? 'gst-in', currency, fiscalYearStartMonth, options.sandbox === false ? 0 : 1, invoiceSeries.id, now, now);
  const insertSeries = db.prepare('INSERT INTO series (id, business_id, code, format, document_kind, created_at) VALUES (@id, @business_id, @code, @format, @document_kind, @created_at)');
  insertSeries.run(invoiceSeries);
  insertSeries.run(creditSeries);
  appendAudit(db, { businessId, actor: 'test', action: 'business.create', entity: 'business', entityId: businessId, details: { name: options.name ?? 'Test Traders' } });
  appendOutbox(db, { businessId, entity: 'business', entityId: businessId, op: 'insert', payload: { id: businessId } });
  return { businessId, fiscalYearStartMonth, currency, invoiceSeries, creditSeries };
}

/** Inserts the business, its two series, the audit entry and the outbox entry in one transaction. */
export function seedBusiness(store: Store, options: SeedOptions = {}): SeededBusiness {
  return store.write((db) => seedBusinessIn(db, options));
}

/** Reads back what seedBusiness wrote (child processes get only the business id). */
export function loadSeeded(db: Database.Database, businessId: string): SeededBusiness {
  const business = db.prepare('SELECT fiscal_year_start_month, currency FROM businesses WHERE id = ?').get(businessId) as { fiscal_year_start_month: number; currency: string } | undefined;
  if (!business) throw new Error(`no business ${businessId}`);
  const series = db.prepare('SELECT * FROM series WHERE business_id = ?').all(businessId) as SeriesRow[];
  const invoiceSeries = series.find((s) => s.document_kind === 'invoice');
  const creditSeries = series.find((s) => s.document_kind === 'credit_note');
  if (!invoiceSeries || !creditSeries) throw new Error(`business ${businessId} lacks its series`);
  return { businessId, fiscalYearStartMonth: business.fiscal_year_start_month, currency: business.currency, invoiceSeries, creditSeries };
}
