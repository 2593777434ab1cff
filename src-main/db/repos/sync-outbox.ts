// What a seat's push reads and what its pull writes (docs/ARCHITECTURE.md "Storage"): the pending
// outbox rows with each issued invoice's content and lines as the server receives them, the audit
// entries after the cursor, and a master-data row the server sent. The columns that travel are
// written out here, a closed set: a migration that adds a column to one of these tables adds it
// here too (tests/unit/sync/batch-wire.test.ts compares them with the schema).
import type Database from 'better-sqlite3';
import { statement } from '../query.js';
import { joinSql, selectAll, sql, type Sql } from '../sql.js';

/**
 * A pending outbox row, its wire form and, for an issued invoice, its content and lines. The wire
 * forms are JSON built by SQLite (so no amount passes through a JS number) and read as UTF-8 bytes,
 * which go to the server as they are: no decoding into JS strings and encoding back.
 */
export interface PendingOutboxRow {
  seq: number;
  entity: string;
  entity_id: string;
  op: string;
  business_id: string | null;
  payload: string;
  wire: Buffer;
  invoice: Buffer | null;
  lines: Buffer | null;
}

// An invoice travels without the columns that change after issue on the device (status, void
// mark, PDF bookkeeping, updated_at: not content) and with its series' code, format and kind;
// tax_result without its per-line array, which the line rows sent beside it carry (docs/ARCHITECTURE.md,
// "Invoices travel once"). Integers (money in minor units included) are printed by SQLite exactly;
// text columns holding JSON stay strings, as the server has always received them.
const INVOICE_JSON = sql`json_object('id', i."id", 'business_id', i."business_id", 'kind', i."kind", 'series_id', i."series_id", 'fiscal_year', i."fiscal_year",
        'seq', i."seq", 'number', i."number", 'issue_date', i."issue_date", 'supply_date', i."supply_date", 'customer_id', i."customer_id",
        'customer_snapshot', i."customer_snapshot", 'place_of_supply', i."place_of_supply", 'supply_type', i."supply_type", 'reverse_charge', i."reverse_charge",
        'prices_include_tax', i."prices_include_tax", 'currency', i."currency", 'taxable_minor', i."taxable_minor", 'tax_minor', i."tax_minor",
        'round_off_minor', i."round_off_minor", 'total_minor', i."total_minor",
        'tax_result', CASE WHEN json_valid(i."tax_result") AND json_type(i."tax_result", '$.lines') = 'array' THEN json_remove(i."tax_result", '$.lines') ELSE i."tax_result" END,
        'original_invoice_id', i."original_invoice_id", 'batch_id', i."batch_id", 'trace_id', i."trace_id", 'generation_metadata', i."generation_metadata",
        'issued_at', i."issued_at", 'created_at', i."created_at", 'ship_to', i."ship_to",
        'series_code', s.code, 'series_format', s.format, 'document_kind', s.document_kind)`;

const LINE_JSON = sql`json_object('id', l."id", 'invoice_id', l."invoice_id", 'business_id', l."business_id", 'position', l."position", 'product_id', l."product_id",
        'description', l."description", 'hsn', l."hsn", 'unit', l."unit", 'quantity', l."quantity", 'unit_price', l."unit_price", 'discount_minor', l."discount_minor",
        'taxable_minor', l."taxable_minor", 'tax_rate', l."tax_rate", 'tax_category', l."tax_category", 'components', l."components", 'tax_minor', l."tax_minor",
        'total_minor', l."total_minor")`;

const AUDIT_JSON = sql`json_object('seq', a."seq", 'id', a."id", 'at', a."at", 'business_id', a."business_id", 'actor', a."actor", 'action', a."action", 'entity', a."entity",
        'entity_id', a."entity_id", 'trace_id', a."trace_id", 'details', a."details", 'prev_hash', a."prev_hash", 'hash', a."hash")`;

function pendingRows(afterSeq: number, uptoSeq: number, limit: number): Sql {
  return sql`SELECT o.seq, o.entity, o.entity_id, o.op, CASE WHEN o.entity = 'business' THEN o.entity_id ELSE o.business_id END AS business_id, o.payload,
      CAST(json_object('seq', o.seq, 'tx', coalesce(o.tx, o.seq), 'entity', o.entity, 'entity_id', o.entity_id, 'op', o.op,
        'business_id', CASE WHEN o.entity = 'business' THEN o.entity_id ELSE o.business_id END, 'payload', json(o.payload)) AS BLOB) AS wire,
      CASE WHEN o.entity = 'invoice' AND o.op = 'insert' THEN CAST((SELECT ${INVOICE_JSON} FROM invoices i LEFT JOIN series s ON s.id = i.series_id WHERE i.id = o.entity_id) AS BLOB) END AS invoice,
      CASE WHEN o.entity = 'invoice' AND o.op = 'insert' THEN CAST((SELECT json_group_array(${LINE_JSON}) FROM (SELECT * FROM invoice_lines WHERE invoice_id = o.entity_id ORDER BY position) l) AS BLOB) END AS lines
    FROM outbox o WHERE o.synced_at IS NULL AND o.seq > ${afterSeq} AND o.seq <= ${uptoSeq} ORDER BY o.seq LIMIT ${limit}`;
}

/** Up to `limit` pending outbox rows with afterSeq < seq ≤ uptoSeq, in seq order, in their wire form. */
export function pendingOutboxRows(db: Database.Database, afterSeq: number, uptoSeq: number, limit: number): PendingOutboxRow[] {
  return selectAll<PendingOutboxRow>(db, pendingRows(afterSeq, uptoSeq, limit));
}

/** Up to `limit` audit entries after `afterSeq`, each as the JSON object the server stores (UTF-8 bytes). */
export function auditEntriesAfter(db: Database.Database, afterSeq: number, limit: number): Array<{ seq: number; business_id: string | null; wire: Buffer }> {
  return selectAll(db, sql`SELECT seq, business_id, CAST(${AUDIT_JSON} AS BLOB) AS wire FROM audit_log a WHERE seq > ${afterSeq} ORDER BY seq LIMIT ${limit}`);
}

// --- a master-data row from the server ---

export type MasterEntity = 'business' | 'product' | 'customer';

const TABLE: Record<MasterEntity, Sql> = { business: sql`businesses`, product: sql`products`, customer: sql`customers` };

/** A column's name and its ON CONFLICT assignment, as fragments. */
interface Column {
  name: Sql;
  update: Sql;
}

// The columns a pulled row may set. A business's default series, bill-of-supply series, logo and
// signature stay local: each seat keeps its own series, and images do not travel.
const BUSINESS_COLUMNS: Record<string, Column> = {
  id: { name: sql`id`, update: sql`id = excluded.id` },
  name: { name: sql`name`, update: sql`name = excluded.name` },
  legal_name: { name: sql`legal_name`, update: sql`legal_name = excluded.legal_name` },
  address: { name: sql`address`, update: sql`address = excluded.address` },
  city: { name: sql`city`, update: sql`city = excluded.city` },
  postal_code: { name: sql`postal_code`, update: sql`postal_code = excluded.postal_code` },
  state_code: { name: sql`state_code`, update: sql`state_code = excluded.state_code` },
  country_code: { name: sql`country_code`, update: sql`country_code = excluded.country_code` },
  tax_regime: { name: sql`tax_regime`, update: sql`tax_regime = excluded.tax_regime` },
  tax_id: { name: sql`tax_id`, update: sql`tax_id = excluded.tax_id` },
  currency: { name: sql`currency`, update: sql`currency = excluded.currency` },
  fiscal_year_start_month: { name: sql`fiscal_year_start_month`, update: sql`fiscal_year_start_month = excluded.fiscal_year_start_month` },
  email: { name: sql`email`, update: sql`email = excluded.email` },
  phone: { name: sql`phone`, update: sql`phone = excluded.phone` },
  signatory_name: { name: sql`signatory_name`, update: sql`signatory_name = excluded.signatory_name` },
  tax_settings: { name: sql`tax_settings`, update: sql`tax_settings = excluded.tax_settings` },
  sandbox: { name: sql`sandbox`, update: sql`sandbox = excluded.sandbox` },
  specimen_mark: { name: sql`specimen_mark`, update: sql`specimen_mark = excluded.specimen_mark` },
  created_at: { name: sql`created_at`, update: sql`created_at = excluded.created_at` },
  updated_at: { name: sql`updated_at`, update: sql`updated_at = excluded.updated_at` },
  archived_at: { name: sql`archived_at`, update: sql`archived_at = excluded.archived_at` },
  bank_details: { name: sql`bank_details`, update: sql`bank_details = excluded.bank_details` },
};

const PRODUCT_COLUMNS: Record<string, Column> = {
  id: { name: sql`id`, update: sql`id = excluded.id` },
  business_id: { name: sql`business_id`, update: sql`business_id = excluded.business_id` },
  sku: { name: sql`sku`, update: sql`sku = excluded.sku` },
  name: { name: sql`name`, update: sql`name = excluded.name` },
  name_key: { name: sql`name_key`, update: sql`name_key = excluded.name_key` },
  description: { name: sql`description`, update: sql`description = excluded.description` },
  hsn: { name: sql`hsn`, update: sql`hsn = excluded.hsn` },
  unit: { name: sql`unit`, update: sql`unit = excluded.unit` },
  kind: { name: sql`kind`, update: sql`kind = excluded.kind` },
  price_minor: { name: sql`price_minor`, update: sql`price_minor = excluded.price_minor` },
  currency: { name: sql`currency`, update: sql`currency = excluded.currency` },
  tax_rate: { name: sql`tax_rate`, update: sql`tax_rate = excluded.tax_rate` },
  tax_category: { name: sql`tax_category`, update: sql`tax_category = excluded.tax_category` },
  cess_rate: { name: sql`cess_rate`, update: sql`cess_rate = excluded.cess_rate` },
  created_at: { name: sql`created_at`, update: sql`created_at = excluded.created_at` },
  updated_at: { name: sql`updated_at`, update: sql`updated_at = excluded.updated_at` },
  archived_at: { name: sql`archived_at`, update: sql`archived_at = excluded.archived_at` },
};

const CUSTOMER_COLUMNS: Record<string, Column> = {
  id: { name: sql`id`, update: sql`id = excluded.id` },
  business_id: { name: sql`business_id`, update: sql`business_id = excluded.business_id` },
  name: { name: sql`name`, update: sql`name = excluded.name` },
  name_key: { name: sql`name_key`, update: sql`name_key = excluded.name_key` },
  tax_id: { name: sql`tax_id`, update: sql`tax_id = excluded.tax_id` },
  state_code: { name: sql`state_code`, update: sql`state_code = excluded.state_code` },
  country_code: { name: sql`country_code`, update: sql`country_code = excluded.country_code` },
  address: { name: sql`address`, update: sql`address = excluded.address` },
  email: { name: sql`email`, update: sql`email = excluded.email` },
  phone: { name: sql`phone`, update: sql`phone = excluded.phone` },
  created_at: { name: sql`created_at`, update: sql`created_at = excluded.created_at` },
  updated_at: { name: sql`updated_at`, update: sql`updated_at = excluded.updated_at` },
  archived_at: { name: sql`archived_at`, update: sql`archived_at = excluded.archived_at` },
};

const COLUMNS: Record<MasterEntity, Record<string, Column>> = { business: BUSINESS_COLUMNS, product: PRODUCT_COLUMNS, customer: CUSTOMER_COLUMNS };

/** The local columns a pulled row of `entity` may set (the rest of the server's row is ignored). */
export function pulledColumns(entity: MasterEntity): string[] {
  return Object.keys(COLUMNS[entity]);
}

/**
 * Inserts or updates a master-data row from the server (no outbox: it came from the server). Only
 * the columns present in `data` are written (an update leaves the others as they are); keys that
 * are not among the entity's pulled columns are ignored. Booleans are stored as 0/1, objects as JSON.
 */
export function upsertPulledRow(db: Database.Database, entity: MasterEntity, id: string, data: Record<string, unknown>): void {
  const table = COLUMNS[entity];
  const present: Array<[Column, unknown]> = [];
  for (const [key, value] of Object.entries({ ...data, id })) {
    const column = Object.hasOwn(table, key) ? table[key] : undefined;
    if (!column) continue;
    present.push([column, typeof value === 'boolean' ? (value ? 1 : 0) : value === undefined ? null : typeof value === 'object' && value !== null ? JSON.stringify(value) : value]);
  }
  const updates = present.filter(([column]) => column !== table.id).map(([column]) => column.update);
  const query = sql`INSERT INTO ${TABLE[entity]} (${joinSql(present.map(([column]) => column.name), sql`, `)}) VALUES (${joinSql(present.map(([, value]) => sql`${value}`), sql`, `)})
    ON CONFLICT (id) DO ${updates.length > 0 ? sql`UPDATE SET ${joinSql(updates, sql`, `)}` : sql`NOTHING`}`;
  statement(db, query.text).run(...query.params);
}
