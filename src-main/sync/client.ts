// The seat side of sync: push this data folder's outbox to the server and pull shared master data.
//
// Push (the transactional-outbox write path): pending outbox rows are read in seq order in
// batches that end on a local-transaction boundary; each batch is applied by lf.push() inside one
// PostgreSQL transaction on one client, and committed before the reply is read; the reply is then
// recorded in ONE SQLite transaction that marks the rows acknowledged, stores rejections in
// sync_errors and the losing side of concurrent edits in sync_conflicts. A push killed anywhere
// leaves either nothing on the server (resent later) or an inbox entry per row (the resend is a
// no-op returning the first result): nothing lost, nothing twice.
import type Database from 'better-sqlite3';
import pg from 'pg';
import { AppError } from '../../src-shared/errors.js';
import { appendAudit } from '../audit/audit.js';
import { moneyRows, statement } from '../db/query.js';
import type { Store } from '../db/store.js';
import type { InvoiceLineRow, InvoiceRow, OutboxRow } from '../db/types.js';
import { minorUnitsAsJsonIntegers } from './outbox.js';
import { describeServer, passwordOf, redact } from './redact.js';
import { adoptLease, declaredSeries } from './series-leases.js';
import { clientConfig, inTransaction, syncError } from './server.js';

export const MASTER_ENTITIES = ['business', 'product', 'customer'] as const;
type MasterEntity = (typeof MASTER_ENTITIES)[number];
const TABLE_OF: Record<MasterEntity, string> = { business: 'businesses', product: 'products', customer: 'customers' };
/** Columns that stay local: each seat keeps its own default series, and images do not travel. */
const LOCAL_ONLY: Record<MasterEntity, string[]> = { business: ['default_series_id', 'bill_of_supply_series_id', 'logo', 'signature'], product: [], customer: [] };
/** Invoice columns that change after issue on the device (PDF bookkeeping, void mark) and are not content. */
const VOLATILE_INVOICE_COLUMNS = ['status', 'void_reason', 'voided_at', 'updated_at', 'pdf_sha256', 'pdf_bytes', 'retry_count', 'last_error'];

export interface PushCounts {
  /** Rows the server applied now (including master-data edits that lost a tie and were kept as conflicts). */
  pushed: number;
  /** Rows the server had already: a repeated push, answered with the first result. */
  duplicates: number;
  /** Rows the server refused (in sync_errors now, with the reason). */
  rejected: number;
  /** Rows still waiting in the outbox after this push. */
  pending: number;
  /** Master-data edits that lost to another seat's (kept in sync_conflicts). */
  superseded: number;
  audit: number;
  batches: number;
}

export interface PushOptions {
  /** Outbox rows per PostgreSQL transaction (extended to the end of a local transaction). */
  batchRows?: number;
  /** Test hook: runs after the server committed a batch and before the reply is recorded locally. */
  afterServerCommit?: (batch: number) => Promise<void> | void;
  /** Stop after this many batches (tests). */
  maxBatches?: number;
}

interface ServerResult {
  seq: number;
  status: 'applied' | 'superseded' | 'rejected';
  duplicate: boolean;
  code?: string;
  reason?: string;
  version?: number;
  conflict_id?: number;
  winner?: { version: number; device: string; data: Record<string, unknown> };
}

interface WireItem {
  seq: number;
  tx: number;
  entity: string;
  entity_id: string;
  op: string;
  business_id: string | null;
  version?: number;
  payload: unknown;
  invoice?: Record<string, unknown>;
  lines?: Array<Record<string, unknown>>;
}

export function deviceId(db: Database.Database): string {
  return (statement(db, 'SELECT device_id FROM sync_state WHERE id = 1').get() as { device_id: string }).device_id;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function asJson(value: unknown): string {
  return JSON.stringify(value, minorUnitsAsJsonIntegers);
}

/** The next batch: whole local transactions, in seq order, with the invoices' content and lines. */
export function readBatch(db: Database.Database, limit: number): { items: WireItem[]; rows: OutboxRow[]; audit: Array<Record<string, unknown>>; auditTo: number } {
  const rows = statement(db, 'SELECT * FROM outbox WHERE synced_at IS NULL ORDER BY seq LIMIT ?').all(limit) as OutboxRow[];
  if (rows.length === limit) {
    const last = rows[rows.length - 1]!;
    rows.push(...(statement(db, 'SELECT * FROM outbox WHERE synced_at IS NULL AND tx = ? AND seq > ? ORDER BY seq').all(last.tx ?? last.seq, last.seq) as OutboxRow[]));
  }
  const invoiceIds = rows.filter((r) => r.entity === 'invoice' && r.op === 'insert').map((r) => r.entity_id);
  const invoices = new Map<string, Record<string, unknown>>();
  const lines = new Map<string, Array<Record<string, unknown>>>();
  for (const ids of chunks(invoiceIds, 500)) {
    const marks = ids.map(() => '?').join(', ');
    for (const row of moneyRows<InvoiceRow & { series_code: string | null; series_format: string | null; document_kind: string | null }>(statement(db,
      `SELECT i.*, s.code AS series_code, s.format AS series_format, s.document_kind AS document_kind FROM invoices i LEFT JOIN series s ON s.id = i.series_id WHERE i.id IN (${marks})`), ...ids)) {
      const content: Record<string, unknown> = { ...row };
      for (const column of VOLATILE_INVOICE_COLUMNS) delete content[column];
      invoices.set(row.id, content);
    }
    for (const line of moneyRows<InvoiceLineRow>(statement(db, `SELECT * FROM invoice_lines WHERE invoice_id IN (${marks}) ORDER BY invoice_id, position`), ...ids)) {
      const list = lines.get(line.invoice_id) ?? [];
      list.push({ ...line });
      lines.set(line.invoice_id, list);
    }
  }
  const known = new Map<string, number>();
  const versionOf = statement(db, 'SELECT version FROM sync_versions WHERE entity = ? AND entity_id = ?');
  const items = rows.map((row): WireItem => {
    const item: WireItem = { seq: row.seq, tx: row.tx ?? row.seq, entity: row.entity, entity_id: row.entity_id, op: row.op, business_id: row.entity === 'business' ? row.entity_id : row.business_id, payload: JSON.parse(row.payload) };
    if ((MASTER_ENTITIES as readonly string[]).includes(row.entity)) {
      const key = `${row.entity}|${row.entity_id}`;
      const base = known.get(key) ?? (versionOf.get(row.entity, row.entity_id) as { version: number } | undefined)?.version ?? 0;
      item.version = base + 1;
      known.set(key, item.version);
    }
    if (row.entity === 'invoice' && row.op === 'insert') {
      const invoice = invoices.get(row.entity_id);
      if (invoice) {
        item.invoice = invoice;
        item.lines = lines.get(row.entity_id) ?? [];
      }
    }
    return item;
  });
  const cursor = (statement(db, 'SELECT audit_cursor FROM sync_state WHERE id = 1').get() as { audit_cursor: number }).audit_cursor;
  const auditRows = statement(db, 'SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').all(cursor, Math.max(limit * 2, 1000)) as Array<Record<string, unknown> & { seq: number; business_id: string | null }>;
  const auditTo = auditRows.length > 0 ? auditRows[auditRows.length - 1]!.seq : cursor;
  return { items, rows, audit: auditRows.filter((a) => a.business_id !== null), auditTo };
}

/** Local columns of a table (for applying server rows). */
function columnsOf(db: Database.Database, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name));
}

/**
 * Writes a server version of a master-data row into the local table (no outbox: it came from
 * the server). Returns false when a local constraint refused it (recorded in sync_errors).
 */
function applyMasterRow(db: Database.Database, entity: MasterEntity, id: string, data: Record<string, unknown>, columns: Set<string>): boolean {
  const table = TABLE_OF[entity];
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!columns.has(key) || LOCAL_ONLY[entity].includes(key)) continue;
    values[key] = typeof value === 'boolean' ? (value ? 1 : 0) : value === undefined ? null : typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
  }
  values.id = id;
  const keys = Object.keys(values);
  const updates = keys.filter((k) => k !== 'id').map((k) => `${k} = excluded.${k}`).join(', ');
  try {
    statement(db, `INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map((k) => '@' + k).join(', ')}) ON CONFLICT (id) DO UPDATE SET ${updates}`).run(values);
    return true;
  } catch (error) {
    if (!String((error as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) throw error;
    statement(db, 'INSERT INTO sync_errors (outbox_seq, business_id, entity, entity_id, op, code, reason, at) VALUES (0, ?, ?, ?, ?, ?, ?, ?)')
      .run((data.business_id as string | undefined) ?? null, entity, id, 'pull', 'LOCAL_CONSTRAINT', `the server's ${entity} ${id} could not be stored here: ${(error as Error).message}`, new Date().toISOString());
    return false;
  }
}

function rememberVersion(db: Database.Database, entity: string, id: string, version: number, device: string): void {
  statement(db, `INSERT INTO sync_versions (entity, entity_id, version, device_id) VALUES (?, ?, ?, ?)
    ON CONFLICT (entity, entity_id) DO UPDATE SET version = excluded.version, device_id = excluded.device_id WHERE excluded.version >= sync_versions.version`).run(entity, id, version, device);
}

function recordConflict(db: Database.Database, c: { serverId: number | null; businessId: string | null; entity: string; entityId: string; losingVersion: number; losingDevice: string; losingData: unknown; winningVersion: number; winningDevice: string }): void {
  statement(db, `INSERT INTO sync_conflicts (business_id, entity, entity_id, losing_version, losing_device, losing_data, winning_version, winning_device, server_id, at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (server_id) DO NOTHING`)
    .run(c.businessId, c.entity, c.entityId, c.losingVersion, c.losingDevice, JSON.stringify(c.losingData), c.winningVersion, c.winningDevice, c.serverId === null ? null : String(c.serverId), new Date().toISOString());
}

/** Records a batch's reply: one SQLite transaction. Returns the counts of this batch. */
function recordReply(store: Store, batch: ReturnType<typeof readBatch>, results: ServerResult[], device: string): Pick<PushCounts, 'pushed' | 'duplicates' | 'rejected' | 'superseded'> {
  const counts = { pushed: 0, duplicates: 0, rejected: 0, superseded: 0 };
  const bySeq = new Map(batch.items.map((i) => [i.seq, i]));
  const now = new Date().toISOString();
  store.write((db) => {
    const columns = new Map<MasterEntity, Set<string>>();
    const ack = statement(db, 'UPDATE outbox SET synced_at = ?, attempts = attempts + 1, last_error = ? WHERE seq = ? AND synced_at IS NULL');
    const error = statement(db, `INSERT INTO sync_errors (outbox_seq, business_id, entity, entity_id, op, code, reason, at)
      SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM sync_errors WHERE outbox_seq = ? AND outbox_seq > 0)`);
    for (const result of results) {
      const item = bySeq.get(Number(result.seq));
      if (!item) throw new AppError('SYNC_FAILED', `the server answered for sequence ${result.seq}, which this push did not send`);
      if (result.duplicate) counts.duplicates += 1;
      if (result.status === 'rejected') {
        if (!result.duplicate) counts.rejected += 1;
        ack.run(now, `${result.code ?? 'REJECTED'}: ${result.reason ?? ''}`, item.seq);
        error.run(item.seq, item.business_id, item.entity, item.entity_id, item.op, result.code ?? 'REJECTED', result.reason ?? 'refused by the server', now, item.seq);
        continue;
      }
      if (!result.duplicate) counts.pushed += 1;
      ack.run(now, null, item.seq);
      const entity = item.entity as MasterEntity;
      if (!(MASTER_ENTITIES as readonly string[]).includes(entity)) continue;
      if (result.status === 'superseded' && result.winner) {
        if (!result.duplicate) counts.superseded += 1;
        recordConflict(db, { serverId: result.conflict_id ?? null, businessId: item.business_id, entity, entityId: item.entity_id, losingVersion: item.version ?? 0, losingDevice: device, losingData: item.payload, winningVersion: result.winner.version, winningDevice: result.winner.device });
        if (!columns.has(entity)) columns.set(entity, columnsOf(db, TABLE_OF[entity]));
        const pendingLater = statement(db, 'SELECT 1 FROM outbox WHERE synced_at IS NULL AND entity = ? AND entity_id = ? AND seq > ? LIMIT 1').get(entity, item.entity_id, item.seq);
        if (!pendingLater) applyMasterRow(db, entity, item.entity_id, result.winner.data, columns.get(entity)!);
        rememberVersion(db, entity, item.entity_id, result.winner.version, result.winner.device);
      } else {
        rememberVersion(db, entity, item.entity_id, result.version ?? item.version ?? 1, device);
      }
    }
    statement(db, `UPDATE sync_state SET audit_cursor = max(audit_cursor, ?), last_attempt_at = ?, last_success_at = ?, last_error = NULL, consecutive_failures = 0, next_attempt_at = NULL WHERE id = 1`)
      .run(batch.auditTo, now, now);
  });
  return counts;
}

export function pendingCount(db: Database.Database): number {
  return (statement(db, 'SELECT count(*) AS n FROM outbox WHERE synced_at IS NULL').get() as { n: number }).n;
}

/** One pass over the whole queue (or maxBatches): push, record, repeat until empty. */
export async function pushQueue(store: Store, url: string, options: PushOptions = {}): Promise<PushCounts> {
  const limit = options.batchRows ?? 2000;
  const counts: PushCounts = { pushed: 0, duplicates: 0, rejected: 0, superseded: 0, pending: 0, audit: 0, batches: 0 };
  const device = store.read((db) => deviceId(db));
  let client: pg.Client | undefined;
  try {
    for (;;) {
      if (options.maxBatches !== undefined && counts.batches >= options.maxBatches) break;
      const batch = store.read((db) => readBatch(db, limit));
      if (batch.items.length === 0 && batch.audit.length === 0) {
        if (batch.auditTo > 0) store.write((db) => statement(db, 'UPDATE sync_state SET audit_cursor = max(audit_cursor, ?) WHERE id = 1').run(batch.auditTo));
        break;
      }
      if (!client) {
        client = new pg.Client(clientConfig(url));
        client.on('error', () => undefined);
        await client.connect();
      }
      const reply = await inTransaction(client, async () => {
        if (counts.batches === 0) {
          // The series this device numbers from, declared before its first invoices of this push.
          const series = store.read((db) => declaredSeries(db));
          await client!.query('SELECT lf.declare_series($1::jsonb)', [JSON.stringify(series)]);
        }
        const result = await client!.query<{ reply: { results: ServerResult[]; audit: number } }>('SELECT lf.push($1, $2::jsonb, $3::jsonb) AS reply', [device, asJson(batch.items), asJson(batch.audit)]);
        return result.rows[0]!.reply;
      });
      counts.batches += 1;
      await options.afterServerCommit?.(counts.batches);
      if (reply.results.length !== batch.items.length) throw new AppError('SYNC_FAILED', `the server answered ${reply.results.length} results for ${batch.items.length} changes`);
      const batchCounts = recordReply(store, batch, reply.results, device);
      counts.pushed += batchCounts.pushed;
      counts.duplicates += batchCounts.duplicates;
      counts.rejected += batchCounts.rejected;
      counts.superseded += batchCounts.superseded;
      counts.audit += reply.audit;
    }
  } catch (error) {
    throw syncError(error, url, 'sync push');
  } finally {
    await client?.end().catch(() => undefined);
  }
  counts.pending = store.read((db) => pendingCount(db));
  return counts;
}

export interface PullCounts {
  businesses: number;
  products: number;
  customers: number;
  series: number;
  conflicts: number;
  skipped: number;
}

/** Reads master data changed since the cursor (and this seat's series leases and lost edits) and applies it. */
export async function pullChanges(store: Store, url: string): Promise<PullCounts> {
  const device = store.read((db) => deviceId(db));
  const cursor = store.read((db) => (statement(db, 'SELECT pull_cursor FROM sync_state WHERE id = 1').get() as { pull_cursor: string }).pull_cursor);
  const client = new pg.Client(clientConfig(url));
  client.on('error', () => undefined);
  let fetched: { horizon: string; rows: Array<{ entity: MasterEntity; id: string; business_id: string; version: string; device_id: string; data: Record<string, unknown> }>; leases: Array<{ business_id: string; series_code: string; document_kind: string; format: string }>; conflicts: Array<{ id: string; business_id: string; entity: string; entity_id: string; losing_version: string; losing_device: string; losing_data: unknown; winning_version: string; winning_device: string }> };
  try {
    await client.connect();
    fetched = await inTransaction(client, async () => {
      const horizon = (await client.query<{ h: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS h')).rows[0]!.h;
      const rows = await client.query(`
        SELECT 'business' AS entity, id, business_id, version::text, device_id, data, 0 AS o FROM lf.businesses WHERE changed_xid >= $1 AND changed_xid < $2
        UNION ALL SELECT 'product', id, business_id, version::text, device_id, data, 1 FROM lf.products WHERE changed_xid >= $1 AND changed_xid < $2
        UNION ALL SELECT 'customer', id, business_id, version::text, device_id, data, 2 FROM lf.customers WHERE changed_xid >= $1 AND changed_xid < $2
        ORDER BY o, id`, [cursor, horizon]);
      const leases = await client.query('SELECT business_id, series_code, document_kind, format FROM lf.series_leases WHERE holder_role = current_user AND format <> \'\'');
      const conflicts = await client.query('SELECT id::text, business_id, entity, entity_id, losing_version::text, losing_device, losing_data, winning_version::text, winning_device FROM lf.conflicts WHERE losing_device = $1 AND changed_xid >= $2 AND changed_xid < $3', [device, cursor, horizon]);
      return { horizon, rows: rows.rows, leases: leases.rows, conflicts: conflicts.rows };
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  } catch (error) {
    throw syncError(error, url, 'sync pull');
  } finally {
    await client.end().catch(() => undefined);
  }
  const counts: PullCounts = { businesses: 0, products: 0, customers: 0, series: 0, conflicts: 0, skipped: 0 };
  store.write((db) => {
    const pending = new Set((statement(db, 'SELECT DISTINCT entity, entity_id FROM outbox WHERE synced_at IS NULL').all() as Array<{ entity: string; entity_id: string }>).map((r) => `${r.entity}|${r.entity_id}`));
    const columns = new Map<MasterEntity, Set<string>>();
    const touched = new Map<string, { business: number; product: number; customer: number }>();
    const knownVersion = statement(db, 'SELECT version, device_id FROM sync_versions WHERE entity = ? AND entity_id = ?');
    for (const row of fetched.rows) {
      // A row with a change still queued here is settled by that push (its reply carries the winner).
      if (pending.has(`${row.entity}|${row.id}`)) {
        counts.skipped += 1;
        continue;
      }
      const version = Number(row.version);
      const known = knownVersion.get(row.entity, row.id) as { version: number; device_id: string } | undefined;
      if (known && known.version === version && known.device_id === row.device_id) continue;
      if (!columns.has(row.entity)) columns.set(row.entity, columnsOf(db, TABLE_OF[row.entity]));
      if (!applyMasterRow(db, row.entity, row.id, row.data, columns.get(row.entity)!)) continue;
      rememberVersion(db, row.entity, row.id, version, row.device_id);
      const mark = touched.get(row.business_id) ?? { business: 0, product: 0, customer: 0 };
      mark[row.entity] += 1;
      touched.set(row.business_id, mark);
      if (row.entity === 'business') counts.businesses += 1;
      else if (row.entity === 'product') counts.products += 1;
      else counts.customers += 1;
    }
    for (const lease of fetched.leases) {
      if (adoptLease(db, lease)) counts.series += 1;
    }
    for (const c of fetched.conflicts) {
      recordConflict(db, { serverId: Number(c.id), businessId: c.business_id, entity: c.entity, entityId: c.entity_id, losingVersion: Number(c.losing_version), losingDevice: c.losing_device, losingData: c.losing_data, winningVersion: Number(c.winning_version), winningDevice: c.winning_device });
      counts.conflicts += 1;
    }
    for (const [businessId, mark] of touched) {
      appendAudit(db, { businessId, actor: 'sync', action: 'sync.pull', entity: 'business', entityId: businessId, details: { businesses: mark.business, products: mark.product, customers: mark.customer } });
    }
    statement(db, 'UPDATE sync_state SET pull_cursor = ? WHERE id = 1').run(fetched.horizon);
  });
  return counts;
}

export interface SeatIdentity {
  role: string;
  /** The name given at `sync add-seat` (e.g. "Counter 2"). */
  seatName: string | null;
  tenant: string;
  businesses: string[];
  superuser: boolean;
  bypassRls: boolean;
}

/** Who a URL logs in as on the server; refuses a role that is not a LedgerFlow seat. */
export async function whoAmI(url: string): Promise<SeatIdentity> {
  const client = new pg.Client(clientConfig(url));
  client.on('error', () => undefined);
  try {
    await client.connect();
    const row = (await client.query<{ role: string; seat_name: string | null; tenant: string | null; businesses: string[]; rolsuper: boolean; rolbypassrls: boolean }>(
      `SELECT current_user AS role, (SELECT seat_name FROM lf.seats WHERE role_name = current_user) AS seat_name, lf.my_tenant() AS tenant,
         lf.my_businesses() AS businesses, r.rolsuper, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user`)).rows[0]!;
    if (!row.tenant) throw new AppError('FORBIDDEN', `${describeServer(url)}: role ${row.role} is not a LedgerFlow seat on this server (create one with sync add-seat)`);
    return { role: row.role, seatName: row.seat_name, tenant: row.tenant, businesses: row.businesses, superuser: row.rolsuper, bypassRls: row.rolbypassrls };
  } catch (error) {
    throw syncError(error, url, 'sync connect');
  } finally {
    await client.end().catch(() => undefined);
  }
}

export { redact, passwordOf };
