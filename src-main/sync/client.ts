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
import { statement } from '../db/query.js';
import type { Store } from '../db/store.js';
import { describeServer, passwordOf, redact } from './redact.js';
import type { KeptConnection } from './connection.js';
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

/** Outbox rows per PostgreSQL transaction unless PushOptions.batchRows says otherwise. */
export const PUSH_BATCH_ROWS = 250;

export interface PushOptions {
  /**
   * Outbox rows per PostgreSQL transaction (extended to the end of a local transaction). Default
   * 250: the server's memory for a batch is a few MB, where a 2,000-row batch (~15 MB of JSON)
   * made every new server connection fault in fresh memory for each of its large allocations.
   */
  batchRows?: number;
  /** Test hook: runs after the server committed a batch and before the reply is recorded locally. */
  afterServerCommit?: (batch: number) => Promise<void> | void;
  /** Stop after this many batches (tests). */
  maxBatches?: number;
  /** The background loop's kept connection (else one is opened for this push and closed after it). */
  connection?: KeptConnection;
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

/** One outbox row of a batch: what the reply is recorded against (its wire form is in Batch.itemsJson). */
interface BatchItem {
  seq: number;
  entity: string;
  entity_id: string;
  op: string;
  business_id: string | null;
  version?: number;
  /** The row's payload as stored (JSON text); parsed only when a reply needs it. */
  payload: string;
}

/** A batch ready to send: the JSON is built by SQLite, so no amount passes through a JS number. */
export interface Batch {
  items: BatchItem[];
  /** JSON array of the items, each with the invoice's content and lines when it issues one. */
  itemsJson: string;
  /** JSON array of the audit entries (of a business) this batch carries. */
  auditJson: string;
  auditCount: number;
  /** The audit cursor this batch was read from, and the one after it. */
  auditFrom: number;
  auditTo: number;
}

export function deviceId(db: Database.Database): string {
  return (statement(db, 'SELECT device_id FROM sync_state WHERE id = 1').get() as { device_id: string }).device_id;
}

/**
 * A SQLite expression building a JSON object of the given columns of `alias`. Integers (money in
 * minor units included) are printed by SQLite exactly; text columns holding JSON stay strings, as
 * the server has always received them. json_object takes at most 63 pairs, so longer rows go on
 * through json_set.
 */
function jsonRow(alias: string, columns: string[], extra: Array<[string, string]> = [], replace: Record<string, string> = {}): string {
  const pairs: Array<[string, string]> = [...columns.map((c): [string, string] => [c, replace[c] ?? `${alias}."${c}"`]), ...extra];
  const first = pairs.slice(0, 60);
  let sql = `json_object(${first.map(([k, v]) => `'${k}', ${v}`).join(', ')})`;
  for (let i = 60; i < pairs.length; i += 60) {
    sql = `json_set(${sql}, ${pairs.slice(i, i + 60).map(([k, v]) => `'$."${k}"', ${v}`).join(', ')})`;
  }
  return sql;
}

/** The batch query of this schema (columns read once per connection; a migration adds columns). */
const batchSql = new WeakMap<Database.Database, { items: string; audit: string }>();

function batchQueries(db: Database.Database): { items: string; audit: string } {
  const cached = batchSql.get(db);
  if (cached) return cached;
  const invoiceColumns = [...columnsOf(db, 'invoices')].filter((c) => !VOLATILE_INVOICE_COLUMNS.includes(c));
  const lineColumns = [...columnsOf(db, 'invoice_lines')];
  const auditColumns = [...columnsOf(db, 'audit_log')];
  // tax_result goes without its per-line array: the line rows sent beside it carry every figure of
  // it (docs/ARCHITECTURE.md, "Invoices travel once").
  const invoice = jsonRow('i', invoiceColumns, [['series_code', 's.code'], ['series_format', 's.format'], ['document_kind', 's.document_kind']],
    { tax_result: `CASE WHEN json_valid(i."tax_result") AND json_type(i."tax_result", '$.lines') = 'array' THEN json_remove(i."tax_result", '$.lines') ELSE i."tax_result" END` });
  const line = jsonRow('l', lineColumns);
  const items = `SELECT o.seq, o.entity, o.entity_id, o.op, CASE WHEN o.entity = 'business' THEN o.entity_id ELSE o.business_id END AS business_id, o.payload,
      json_object('seq', o.seq, 'tx', coalesce(o.tx, o.seq), 'entity', o.entity, 'entity_id', o.entity_id, 'op', o.op,
        'business_id', CASE WHEN o.entity = 'business' THEN o.entity_id ELSE o.business_id END, 'payload', json(o.payload)) AS wire,
      CASE WHEN o.entity = 'invoice' AND o.op = 'insert' THEN (SELECT ${invoice} FROM invoices i LEFT JOIN series s ON s.id = i.series_id WHERE i.id = o.entity_id) END AS invoice,
      CASE WHEN o.entity = 'invoice' AND o.op = 'insert' THEN (SELECT json_group_array(${line}) FROM (SELECT * FROM invoice_lines WHERE invoice_id = o.entity_id ORDER BY position) l) END AS lines
    FROM outbox o WHERE o.synced_at IS NULL AND o.seq > ? AND o.seq <= ? ORDER BY o.seq LIMIT ?`;
  const audit = `SELECT seq, business_id, ${jsonRow('a', auditColumns)} AS wire FROM audit_log a WHERE seq > ? ORDER BY seq LIMIT ?`;
  const queries = { items, audit };
  batchSql.set(db, queries);
  return queries;
}

interface ItemRow {
  seq: number;
  entity: string;
  entity_id: string;
  op: string;
  business_id: string | null;
  payload: string;
  wire: string;
  invoice: string | null;
  lines: string | null;
}

/**
 * The next batch: whole local transactions, in seq order, after `afterSeq`, with the invoices'
 * content and lines; and the audit entries after `auditFrom` (default: the stored cursor).
 * `versions` are master-data versions sent in the batch before, whose reply is not recorded yet.
 */
export function readBatch(db: Database.Database, limit: number, afterSeq = 0, auditFrom?: number, versions?: ReadonlyMap<string, number>): Batch {
  const queries = batchQueries(db);
  const rows = statement(db, queries.items).all(afterSeq, Number.MAX_SAFE_INTEGER, limit) as ItemRow[];
  if (rows.length === limit) {
    const last = rows[rows.length - 1]!;
    const tx = (statement(db, 'SELECT coalesce(tx, seq) AS tx FROM outbox WHERE seq = ?').get(last.seq) as { tx: number }).tx;
    // The rest of the last local transaction (its rows are consecutive: one writer at a time).
    const end = (statement(db, 'SELECT max(seq) AS seq FROM outbox WHERE synced_at IS NULL AND coalesce(tx, seq) = ? AND seq > ?').get(tx, last.seq) as { seq: number | null }).seq;
    if (end !== null) rows.push(...(statement(db, queries.items).all(last.seq, end, end - last.seq) as ItemRow[]));
  }
  const known = new Map<string, number>(versions);
  const versionOf = statement(db, 'SELECT version FROM sync_versions WHERE entity = ? AND entity_id = ?');
  const items: BatchItem[] = [];
  const wire: string[] = [];
  for (const row of rows) {
    const item: BatchItem = { seq: row.seq, entity: row.entity, entity_id: row.entity_id, op: row.op, business_id: row.business_id, payload: row.payload };
    let extra = '';
    if ((MASTER_ENTITIES as readonly string[]).includes(row.entity)) {
      const key = `${row.entity}|${row.entity_id}`;
      const base = known.get(key) ?? (versionOf.get(row.entity, row.entity_id) as { version: number } | undefined)?.version ?? 0;
      item.version = base + 1;
      known.set(key, item.version);
      extra += `,"version":${item.version}`;
    }
    if (row.invoice !== null) extra += `,"invoice":${row.invoice},"lines":${row.lines ?? '[]'}`;
    items.push(item);
    wire.push(extra ? row.wire.slice(0, -1) + extra + '}' : row.wire);
  }
  const cursor = auditFrom ?? (statement(db, 'SELECT audit_cursor FROM sync_state WHERE id = 1').get() as { audit_cursor: number }).audit_cursor;
  const auditRows = statement(db, queries.audit).all(cursor, Math.max(limit * 2, 1000)) as Array<{ seq: number; business_id: string | null; wire: string }>;
  const auditTo = auditRows.length > 0 ? auditRows[auditRows.length - 1]!.seq : cursor;
  const audit = auditRows.filter((a) => a.business_id !== null).map((a) => a.wire);
  return { items, itemsJson: `[${wire.join(',')}]`, auditJson: `[${audit.join(',')}]`, auditCount: audit.length, auditFrom: cursor, auditTo };
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
function recordReply(store: Store, batch: Batch, results: ServerResult[], device: string): Pick<PushCounts, 'pushed' | 'duplicates' | 'rejected' | 'superseded'> {
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
        recordConflict(db, { serverId: result.conflict_id ?? null, businessId: item.business_id, entity, entityId: item.entity_id, losingVersion: item.version ?? 0, losingDevice: device, losingData: JSON.parse(item.payload) as unknown, winningVersion: result.winner.version, winningDevice: result.winner.device });
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

/** Resolves once the client's socket has handed the last query to the kernel (or the query ended). */
async function sent(client: pg.Client, query: Promise<unknown>): Promise<void> {
  const stream = (client as unknown as { connection?: { stream?: NodeJS.WritableStream & { writableNeedDrain?: boolean } } }).connection?.stream;
  if (!stream?.writableNeedDrain) return;
  await Promise.race([new Promise<void>((resolve) => stream.once('drain', () => resolve())), query.then(() => undefined, () => undefined)]);
}

/** Whether recording this reply changes the versions the next batch was read with (then it is read again). */
function versionsMoved(batch: Batch, results: ServerResult[]): boolean {
  const sent = new Map(batch.items.filter((i) => i.version !== undefined).map((i) => [i.seq, i.version!]));
  return results.some((r) => sent.has(Number(r.seq)) && (r.status !== 'applied' || (r.version !== undefined && Number(r.version) !== sent.get(Number(r.seq)))));
}

/**
 * One pass over the whole queue (or maxBatches): push, record, repeat until empty. Each batch is
 * one PostgreSQL transaction, committed before its reply is recorded; while the server works on
 * it, the next batch is read here.
 */
export async function pushQueue(store: Store, url: string, options: PushOptions = {}): Promise<PushCounts> {
  const limit = options.batchRows ?? PUSH_BATCH_ROWS;
  const counts: PushCounts = { pushed: 0, duplicates: 0, rejected: 0, superseded: 0, pending: 0, audit: 0, batches: 0 };
  const device = store.read((db) => deviceId(db));
  let client: pg.Client | undefined;
  try {
    let batch = store.read((db) => readBatch(db, limit));
    while (batch.items.length > 0 || batch.auditCount > 0) {
      if (options.maxBatches !== undefined && counts.batches >= options.maxBatches) break;
      if (!client) {
        client = await openClient(url, options.connection);
        // The series this device numbers from, declared before its first invoices of this push.
        const series = store.read((db) => declaredSeries(db));
        await client.query('SELECT lf.declare_series($1::jsonb)', [JSON.stringify(series)]);
      }
      const current = batch;
      const lastSeq = current.items.at(-1)?.seq ?? 0;
      const versions = new Map(current.items.filter((i) => i.version !== undefined).map((i) => [`${i.entity}|${i.entity_id}`, i.version!]));
      let next: Batch | undefined;
      const pushing = client;
      const reply = await inTransaction(pushing, async () => {
        const query = pushing.query<{ reply: { results: ServerResult[]; audit: number } }>('SELECT lf.push($1, $2::jsonb, $3::jsonb) AS reply', [device, current.itemsJson, current.auditJson]);
        await sent(pushing, query);
        next = store.read((db) => readBatch(db, limit, lastSeq, current.auditTo, versions));
        return (await query).rows[0]!.reply;
      });
      counts.batches += 1;
      await options.afterServerCommit?.(counts.batches);
      if (reply.results.length !== current.items.length) throw new AppError('SYNC_FAILED', `the server answered ${reply.results.length} results for ${current.items.length} changes`);
      const batchCounts = recordReply(store, current, reply.results, device);
      counts.pushed += batchCounts.pushed;
      counts.duplicates += batchCounts.duplicates;
      counts.rejected += batchCounts.rejected;
      counts.superseded += batchCounts.superseded;
      counts.audit += reply.audit;
      if (versionsMoved(current, reply.results)) next = undefined;
      batch = next ?? store.read((db) => readBatch(db, limit));
    }
    if (batch.items.length === 0 && batch.auditCount === 0 && batch.auditTo > batch.auditFrom) {
      // Only audit entries of no business were left: move past them.
      const to = batch.auditTo;
      store.write((db) => statement(db, 'UPDATE sync_state SET audit_cursor = max(audit_cursor, ?) WHERE id = 1').run(to));
    }
  } catch (error) {
    options.connection?.discard();
    throw syncError(error, url, 'sync push');
  } finally {
    // Not awaited: the reply is recorded; waiting for the server to close the socket adds nothing.
    if (!options.connection) void client?.end().catch(() => undefined);
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

interface Fetched {
  horizon: string;
  rows: Array<{ entity: MasterEntity; id: string; business_id: string; version: string; device_id: string; data: Record<string, unknown> }>;
  leases: Array<{ business_id: string; series_code: string; document_kind: string; format: string }>;
  conflicts: Array<{ id: string; business_id: string; entity: string; entity_id: string; losing_version: string; losing_device: string; losing_data: unknown; winning_version: string; winning_device: string }>;
}

/** A connected client: the kept one when given, else a new one the caller closes. */
async function openClient(url: string, connection: KeptConnection | undefined): Promise<pg.Client> {
  if (connection) return connection.client(url);
  const client = new pg.Client(clientConfig(url));
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Reads master data changed since the cursor (and this seat's series leases and lost edits) and applies it. */
export async function pullChanges(store: Store, url: string, connection?: KeptConnection): Promise<PullCounts> {
  const device = store.read((db) => deviceId(db));
  const cursor = store.read((db) => (statement(db, 'SELECT pull_cursor FROM sync_state WHERE id = 1').get() as { pull_cursor: string }).pull_cursor);
  // One statement, so one snapshot: the rows, leases and lost edits are all as of the horizon it
  // reports (one round trip instead of a transaction of five).
  let client: pg.Client | undefined;
  let fetched: Fetched;
  try {
    client = await openClient(url, connection);
    fetched = (await client.query<Fetched>(`
    WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS horizon)
    SELECT h.horizon::text AS horizon,
      (SELECT coalesce(jsonb_agg(to_jsonb(r) - 'o' ORDER BY r.o, r.id), '[]') FROM (
          SELECT 'business' AS entity, id, business_id, version::text AS version, device_id, data, 0 AS o FROM lf.businesses WHERE changed_xid >= $1 AND changed_xid < h.horizon
          UNION ALL SELECT 'product', id, business_id, version::text, device_id, data, 1 FROM lf.products WHERE changed_xid >= $1 AND changed_xid < h.horizon
          UNION ALL SELECT 'customer', id, business_id, version::text, device_id, data, 2 FROM lf.customers WHERE changed_xid >= $1 AND changed_xid < h.horizon) r) AS rows,
      (SELECT coalesce(jsonb_agg(l), '[]') FROM (SELECT business_id, series_code, document_kind, format FROM lf.series_leases WHERE holder_role = current_user AND format <> '') l) AS leases,
      (SELECT coalesce(jsonb_agg(to_jsonb(c) - 'n' ORDER BY c.n), '[]') FROM (SELECT id AS n, id::text AS id, business_id, entity, entity_id, losing_version::text AS losing_version, losing_device, losing_data, winning_version::text AS winning_version, winning_device
          FROM lf.conflicts WHERE losing_device = $2 AND changed_xid >= $1 AND changed_xid < h.horizon) c) AS conflicts
    FROM h`, [cursor, device])).rows[0]!;
  } catch (error) {
    connection?.discard();
    throw syncError(error, url, 'sync pull');
  } finally {
    if (!connection) void client?.end().catch(() => undefined);
  }
  const newLeases = store.read((db) => fetched.leases.filter((lease) => !statement(db, 'SELECT 1 FROM series WHERE business_id = ? AND code = ?').get(lease.business_id, lease.series_code)
    && statement(db, 'SELECT 1 FROM businesses WHERE id = ?').get(lease.business_id)));
  if (fetched.rows.length === 0 && newLeases.length === 0 && fetched.conflicts.length === 0) {
    // Nothing changed: no local write (the cursor may stay; nothing below the horizon is unread).
    return { businesses: 0, products: 0, customers: 0, series: 0, conflicts: 0, skipped: 0 };
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
