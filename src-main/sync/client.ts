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
import {
  acknowledgeOutboxRow, advanceAuditCursor, auditCursor, businessExists, declaredSeries, deviceId, endOfLocalTransaction, fiscalStartMonths, hasPendingLaterChange, pendingCount,
  pendingEntityKeys, pullCursor, recordBatchSuccess, recordConflict, recordPullError, recordRejection, rememberVersion, seriesExists, setPullCursor, settledVersion,
} from '../db/repos/sync.js';
import { auditEntriesAfter, pendingOutboxRows, upsertPulledRow } from '../db/repos/sync-outbox.js';
import type { Store } from '../db/store.js';
import { describeServer, passwordOf, redact } from './redact.js';
import type { KeptConnection } from './connection.js';
import { adoptLease } from './series-leases.js';
import { clientConfig, inTransaction, syncError } from './server.js';
import { fetchChanges, JSONB_VERSION, pushBatch, seatIdentity } from './server-repo.js';
import { declareCheckedSeries, rejectRefusedSeriesInvoices, type RefusedSeries } from './series-overlap.js';

export const MASTER_ENTITIES = ['business', 'product', 'customer'] as const;
type MasterEntity = (typeof MASTER_ENTITIES)[number];

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
  /** JSON array (UTF-8) of the items, each with the invoice's content and lines when it issues one. */
  itemsJson: Buffer;
  /** JSON array (UTF-8) of the audit entries (of a business) this batch carries. */
  auditJson: Buffer;
  /** The same arrays in jsonb's binary input format, as sent (the JSON above are views into them, not copies). */
  itemsJsonb: Buffer;
  auditJsonb: Buffer;
  auditCount: number;
  /** The audit cursor this batch was read from, and the one after it. */
  auditFrom: number;
  auditTo: number;
}

export { deviceId, pendingCount };

/**
 * The next batch: whole local transactions, in seq order, after `afterSeq`, with the invoices'
 * content and lines; and the audit entries after `auditFrom` (default: the stored cursor).
 * `versions` are master-data versions sent in the batch before, whose reply is not recorded yet.
 */
export function readBatch(db: Database.Database, limit: number, afterSeq = 0, auditFrom?: number, versions?: ReadonlyMap<string, number>): Batch {
  const rows = wholeTransactionsAfter(db, afterSeq, limit);
  const known = new Map<string, number>(versions);
  const items: BatchItem[] = [];
  // The items' JSON array, put together from SQLite's UTF-8 bytes: a master-data row gains its
  // version, an issued invoice its content and lines, inside the row's object.
  const wire: Buffer[] = [JSONB_VERSION, OPEN];
  for (const row of rows) {
    const item: BatchItem = { seq: row.seq, entity: row.entity, entity_id: row.entity_id, op: row.op, business_id: row.business_id, payload: row.payload };
    if (items.length > 0) wire.push(COMMA);
    wire.push(...itemWire(db, row, item, known));
    items.push(item);
  }
  wire.push(CLOSE);
  const cursor = auditFrom ?? auditCursor(db);
  const auditRows = auditEntriesAfter(db, cursor, Math.max(limit * 2, 1000));
  const auditTo = auditRows.length > 0 ? auditRows[auditRows.length - 1]!.seq : cursor;
  const audit = auditRows.filter((a) => a.business_id !== null).map((a) => a.wire);
  const itemsJsonb = Buffer.concat(wire);
  const auditJsonb = jsonArray(audit);
  return { items, itemsJson: itemsJsonb.subarray(1), auditJson: auditJsonb.subarray(1), itemsJsonb, auditJsonb, auditCount: audit.length, auditFrom: cursor, auditTo };
}

type PendingRow = ReturnType<typeof pendingOutboxRows>[number];

/** Up to `limit` pending rows after `afterSeq`, completed to the end of the last local transaction (never split). */
function wholeTransactionsAfter(db: Database.Database, afterSeq: number, limit: number): PendingRow[] {
  const rows = pendingOutboxRows(db, afterSeq, Number.MAX_SAFE_INTEGER, limit);
  if (rows.length < limit) return rows;
  const last = rows[rows.length - 1]!;
  // The rest of the last local transaction (its rows are consecutive: one writer at a time).
  const end = endOfLocalTransaction(db, last.seq);
  if (end !== null) rows.push(...pendingOutboxRows(db, last.seq, end, end - last.seq));
  return rows;
}

/**
 * One item's JSON bytes: the row as stored, or, for master data and issued invoices, the row's
 * object reopened to add the next version (recorded in `item` and `known`) or the invoice and lines.
 */
function itemWire(db: Database.Database, row: PendingRow, item: BatchItem, known: Map<string, number>): Buffer[] {
  const master = (MASTER_ENTITIES as readonly string[]).includes(row.entity);
  if (!master && row.invoice === null) return [row.wire];
  const parts: Buffer[] = [row.wire.subarray(0, -1)];
  if (master) {
    const key = `${row.entity}|${row.entity_id}`;
    const base = known.get(key) ?? settledVersion(db, row.entity, row.entity_id)?.version ?? 0;
    item.version = base + 1;
    known.set(key, item.version);
    parts.push(Buffer.from(`,"version":${item.version}`));
  }
  if (row.invoice !== null) parts.push(INVOICE_KEY, row.invoice, LINES_KEY, row.lines ?? EMPTY_ARRAY);
  parts.push(CLOSE_OBJECT);
  return parts;
}

const OPEN = Buffer.from('[');
const CLOSE = Buffer.from(']');
const COMMA = Buffer.from(',');
const CLOSE_OBJECT = Buffer.from('}');
const EMPTY_ARRAY = Buffer.from('[]');
const INVOICE_KEY = Buffer.from(',"invoice":');
const LINES_KEY = Buffer.from(',"lines":');

/** A JSON array of JSON values given as UTF-8 bytes, in jsonb's binary input format. */
function jsonArray(values: Buffer[]): Buffer {
  const parts: Buffer[] = [JSONB_VERSION, OPEN];
  values.forEach((value, i) => parts.push(...(i > 0 ? [COMMA, value] : [value])));
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

/**
 * Writes a server version of a master-data row into the local table (no outbox: it came from
 * the server). Returns false when a local constraint refused it (recorded in sync_errors).
 */
function applyMasterRow(db: Database.Database, entity: MasterEntity, id: string, data: Record<string, unknown>): boolean {
  try {
    upsertPulledRow(db, entity, id, data);
    return true;
  } catch (error) {
    if (!String((error as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) throw error;
    recordPullError(db, { businessId: (data.business_id as string | undefined) ?? null, entity, entityId: id, op: 'pull', code: 'LOCAL_CONSTRAINT', reason: `the server's ${entity} ${id} could not be stored here: ${(error as Error).message}`, at: new Date().toISOString() });
    return false;
  }
}

type ReplyCounts = Pick<PushCounts, 'pushed' | 'duplicates' | 'rejected' | 'superseded'>;

/** A master-data row's reply: the version it settled at, or the winner it lost to (kept as a conflict, applied here unless a later change is queued). */
function recordMasterResult(db: Database.Database, item: BatchItem, result: ServerResult, device: string): 'settled' | 'superseded' {
  const entity = item.entity as MasterEntity;
  if (!(result.status === 'superseded' && result.winner)) {
    rememberVersion(db, entity, item.entity_id, result.version ?? item.version ?? 1, device);
    return 'settled';
  }
  recordConflict(db, { serverId: result.conflict_id ?? null, businessId: item.business_id, entity, entityId: item.entity_id, losingVersion: item.version ?? 0, losingDevice: device, losingData: JSON.parse(item.payload) as unknown, winningVersion: result.winner.version, winningDevice: result.winner.device });
  if (!hasPendingLaterChange(db, entity, item.entity_id, item.seq)) applyMasterRow(db, entity, item.entity_id, result.winner.data);
  rememberVersion(db, entity, item.entity_id, result.winner.version, result.winner.device);
  return 'superseded';
}

/** One row's reply, inside the reply's transaction: acknowledged, refused (in sync_errors) or settled. */
function recordResult(db: Database.Database, item: BatchItem, result: ServerResult, ctx: { device: string; now: string; counts: ReplyCounts }): void {
  const { counts, now } = ctx;
  if (result.duplicate) counts.duplicates += 1;
  if (result.status === 'rejected') {
    if (!result.duplicate) counts.rejected += 1;
    const code = result.code ?? 'REJECTED';
    acknowledgeOutboxRow(db, item.seq, now, `${code}: ${result.reason ?? ''}`);
    recordRejection(db, { outboxSeq: item.seq, businessId: item.business_id, entity: item.entity, entityId: item.entity_id, op: item.op, code, reason: result.reason ?? 'refused by the server', at: now });
    return;
  }
  if (!result.duplicate) counts.pushed += 1;
  acknowledgeOutboxRow(db, item.seq, now, null);
  if (!(MASTER_ENTITIES as readonly string[]).includes(item.entity)) return;
  if (recordMasterResult(db, item, result, ctx.device) === 'superseded' && !result.duplicate) counts.superseded += 1;
}

/** Records a batch's reply: one SQLite transaction. Returns the counts of this batch. */
function recordReply(store: Store, batch: Batch, results: ServerResult[], device: string): ReplyCounts {
  const counts = { pushed: 0, duplicates: 0, rejected: 0, superseded: 0 };
  const bySeq = new Map(batch.items.map((i) => [i.seq, i]));
  const now = new Date().toISOString();
  store.write((db) => {
    const ctx = { device, now, counts };
    for (const result of results) {
      const item = bySeq.get(Number(result.seq));
      if (!item) throw new AppError('SYNC_FAILED', `the server answered for sequence ${result.seq}, which this push did not send`);
      recordResult(db, item, result, ctx);
    }
    recordBatchSuccess(db, batch.auditTo, now);
  });
  return counts;
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
 * Declares the series of this folder not yet declared in this push (all of them before the first
 * batch; after that, one added while the push runs, before a batch that may carry its invoices),
 * except those whose numbers can coincide with another series of the business (series-overlap.ts).
 * The queued invoices of a refused series (this push's refusals stand: a lease is never given
 * back) become sync errors here, before every batch, so none reaches lf.push (which leases a series
 * nobody holds). Returns how many invoices were so refused.
 */
async function declareNewSeries(store: Store, client: pg.Client, done: { declared: Set<string>; refused: RefusedSeries[] }): Promise<number> {
  const key = (s: { business_id: string; code: string }) => `${s.business_id}|${s.code}`;
  const { series, startMonths } = store.read((db) => ({ series: declaredSeries(db).filter((s) => !done.declared.has(key(s))), startMonths: fiscalStartMonths(db) }));
  if (series.length > 0) {
    done.refused.push(...await declareCheckedSeries(client, series, startMonths, new Date().toISOString().slice(0, 10)));
    for (const s of series) done.declared.add(key(s));
  }
  return done.refused.length === 0 ? 0 : store.write((db) => rejectRefusedSeriesInvoices(db, done.refused, new Date().toISOString()));
}

type PushReply = { results: ServerResult[]; audit: number };

/**
 * Sends one batch in its own PostgreSQL transaction, committed before the reply is returned. While
 * the server works on it, `meanwhile` runs (the previous batch's reply is recorded there), then the
 * next batch is read here (with the versions this one sends).
 */
async function sendBatch(store: Store, client: pg.Client, device: string, current: Batch, limit: number, meanwhile: () => void): Promise<{ reply: PushReply; next: Batch | undefined }> {
  const lastSeq = current.items.at(-1)?.seq ?? 0;
  const versions = new Map(current.items.filter((i) => i.version !== undefined).map((i) => [`${i.entity}|${i.entity_id}`, i.version!]));
  let next: Batch | undefined;
  const reply = await inTransaction(client, async () => {
    const query = pushBatch<PushReply>(client, device, current.itemsJsonb, current.auditJsonb);
    await sent(client, query);
    meanwhile();
    next = store.read((db) => readBatch(db, limit, lastSeq, current.auditTo, versions));
    return await query;
  });
  return { reply, next };
}

function addCounts(counts: PushCounts, batch: ReplyCounts, audit: number): void {
  counts.pushed += batch.pushed;
  counts.duplicates += batch.duplicates;
  counts.rejected += batch.rejected;
  counts.superseded += batch.superseded;
  counts.audit += audit;
}

const isEmpty = (batch: Batch): boolean => batch.items.length === 0 && batch.auditCount === 0;

/** A batch the server has committed whose reply is not recorded here yet. */
interface Unrecorded {
  batch: Batch;
  reply: PushReply;
}

/**
 * Pushes batch after batch until the queue is empty (or maxBatches); opens the connection on the
 * first. Pipelined: once batch N is committed and its reply checked, batch N+1 (read while the
 * server applied N) is sent, and N's reply is recorded while the server applies N+1. That order is
 * safe because nothing sent depends on the unrecorded reply: N+1 was read as it would be after
 * recording N (the versions N sent, every other row as stored), and when N's reply moves those
 * versions it is recorded first and N+1 read again, as without pipelining. Replies are recorded in
 * batch order, and N+1's COMMIT is sent only after N's reply is recorded, so at most one committed
 * batch is unrecorded here at any moment, as before: a push killed then leaves its rows pending,
 * the next push sends the same rows again and the server's inbox answers each with its first result.
 */
async function drainQueue(store: Store, url: string, options: PushOptions, counts: PushCounts, session: { client?: pg.Client }): Promise<void> {
  const limit = options.batchRows ?? PUSH_BATCH_ROWS;
  const device = store.read((db) => deviceId(db));
  let unrecorded: Unrecorded | undefined;
  const recordUnrecorded = (): void => {
    if (!unrecorded) return;
    const { batch: done, reply } = unrecorded;
    unrecorded = undefined;
    addCounts(counts, recordReply(store, done, reply.results, device), reply.audit);
  };
  let batch = store.read((db) => readBatch(db, limit));
  const declared = { declared: new Set<string>(), refused: [] as RefusedSeries[] };
  try {
    while (!isEmpty(batch) && (options.maxBatches === undefined || counts.batches < options.maxBatches)) {
      session.client ??= await openClient(url, options.connection);
      const refused = await declareNewSeries(store, session.client, declared);
      if (refused > 0) {
        // Invoices of a refused series were just recorded as errors: read the batch without them,
        // once the previous batch's reply is recorded (else its rows would be read again).
        counts.rejected += refused;
        recordUnrecorded();
        batch = store.read((db) => readBatch(db, limit));
        if (isEmpty(batch)) break;
      }
      const current = batch;
      const { reply, next } = await sendBatch(store, session.client, device, current, limit, recordUnrecorded);
      counts.batches += 1;
      await options.afterServerCommit?.(counts.batches);
      if (reply.results.length !== current.items.length) throw new AppError('SYNC_FAILED', `the server answered ${reply.results.length} results for ${current.items.length} changes`);
      unrecorded = { batch: current, reply };
      if (next === undefined || versionsMoved(current, reply.results)) {
        // The next batch depends on this reply: record it first, then read the next batch again.
        recordUnrecorded();
        batch = store.read((db) => readBatch(db, limit));
      } else {
        batch = next;
      }
    }
  } catch (error) {
    // A committed batch's reply is recorded even when the one sent after it failed.
    recordUnrecorded();
    throw error;
  }
  recordUnrecorded();
  if (isEmpty(batch) && batch.auditTo > batch.auditFrom) {
    // Only audit entries of no business were left: move past them.
    const to = batch.auditTo;
    store.write((db) => advanceAuditCursor(db, to));
  }
}

/**
 * One pass over the whole queue (or maxBatches): push, record, repeat until empty. Each batch is
 * one PostgreSQL transaction, committed before its reply is recorded; while the server works on
 * it, the previous batch's reply is recorded and the next batch is read here.
 */
export async function pushQueue(store: Store, url: string, options: PushOptions = {}): Promise<PushCounts> {
  const counts: PushCounts = { pushed: 0, duplicates: 0, rejected: 0, superseded: 0, pending: 0, audit: 0, batches: 0 };
  const session: { client?: pg.Client } = {};
  try {
    await drainQueue(store, url, options, counts, session);
  } catch (error) {
    options.connection?.discard();
    throw syncError(error, url, 'sync push');
  } finally {
    // Not awaited: the reply is recorded; waiting for the server to close the socket adds nothing.
    if (!options.connection) void session.client?.end().catch(() => undefined);
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
  const cursor = store.read((db) => pullCursor(db));
  // One statement, so one snapshot: the rows, leases and lost edits are all as of the horizon it
  // reports (one round trip instead of a transaction of five).
  let client: pg.Client | undefined;
  let fetched: Fetched;
  try {
    client = await openClient(url, connection);
    fetched = await fetchChanges(client, cursor, device);
  } catch (error) {
    connection?.discard();
    throw syncError(error, url, 'sync pull');
  } finally {
    if (!connection) void client?.end().catch(() => undefined);
  }
  const newLeases = store.read((db) => fetched.leases.filter((lease) => !seriesExists(db, lease.business_id, lease.series_code) && businessExists(db, lease.business_id)));
  if (fetched.rows.length === 0 && newLeases.length === 0 && fetched.conflicts.length === 0) {
    // Nothing changed: no local write (the cursor may stay; nothing below the horizon is unread).
    return { businesses: 0, products: 0, customers: 0, series: 0, conflicts: 0, skipped: 0 };
  }
  const counts: PullCounts = { businesses: 0, products: 0, customers: 0, series: 0, conflicts: 0, skipped: 0 };
  store.write((db) => {
    const pending = pendingEntityKeys(db);
    const touched = new Map<string, { business: number; product: number; customer: number }>();
    for (const row of fetched.rows) {
      // A row with a change still queued here is settled by that push (its reply carries the winner).
      if (pending.has(`${row.entity}|${row.id}`)) {
        counts.skipped += 1;
        continue;
      }
      const version = Number(row.version);
      const known = settledVersion(db, row.entity, row.id);
      if (known && known.version === version && known.device_id === row.device_id) continue;
      if (!applyMasterRow(db, row.entity, row.id, row.data)) continue;
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
    setPullCursor(db, fetched.horizon);
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
    const row = await seatIdentity(client);
    if (!row.tenant) throw new AppError('FORBIDDEN', `${describeServer(url)}: role ${row.role} is not a LedgerFlow seat on this server (create one with sync add-seat)`);
    return { role: row.role, seatName: row.seat_name, tenant: row.tenant, businesses: row.businesses, superuser: row.rolsuper, bypassRls: row.rolbypassrls };
  } catch (error) {
    throw syncError(error, url, 'sync connect');
  } finally {
    await client.end().catch(() => undefined);
  }
}

export { redact, passwordOf };
