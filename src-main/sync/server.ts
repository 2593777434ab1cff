// The sync server's owner side: its schema (migrations/postgres/NNNN_name.sql, forward-only,
// checksummed, applied by `sync init`), seats (`sync add-seat`) and the server-wide series check
// (`sync check`). Every transaction runs on one checked-out client, never through pool.query.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { AppError } from '../../src-shared/errors.js';
import { packageRoot } from '../runtime/paths.js';
import { describeServer, passwordOf, redact } from './redact.js';
import {
  applyMigration, appliedMigrations, bindBusinessToTenant, bindSeatToBusiness, createSeatRole, firstSeriesOfEachKind, insertSeriesLease, lockSchema, lockSchemaChanges,
  loginPrivileges, nextNumberAfter, seatGroupOf, seatsOfBusiness, seriesLeaseExists, seriesOnServer, tenantsOf,
} from './server-repo.js';

export interface ServerMigration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function serverMigrationsDir(): string {
  return join(packageRoot(), 'migrations', 'postgres');
}

export function loadServerMigrations(folder = serverMigrationsDir()): ServerMigration[] {
  if (!existsSync(folder)) throw new Error(`the sync server's migrations are missing (${folder})`);
  const migrations = readdirSync(folder)
    .filter((file) => FILE_PATTERN.test(file))
    .sort()
    .map((file) => {
      const match = FILE_PATTERN.exec(file)!;
      const sql = readFileSync(join(folder, file), 'utf8');
      return { version: Number(match[1]), name: match[2]!, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`server migrations must be numbered 0001, 0002, … without gaps; found ${m.version} at position ${i + 1}`);
  });
  return migrations;
}

/** Socket errors and server shutdown/startup: the server is not reachable now. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', '57P01', '57P03']);
/** Login refused, or a privilege the seat does not have. */
const DENIED_CODES = new Set(['28P01', '28000', '42501']);
/** Serialization failure and deadlock: the same transaction may succeed when run again. */
const RETRY_CODES = new Set(['40001', '40P01']);

/** A pg error turned into a SYNC_FAILED AppError whose message never carries the password. */
export function syncError(error: unknown, url: string, doing: string): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code;
  const message = redact((error as Error)?.message ?? String(error), passwordOf(url));
  const unreachable = UNREACHABLE_CODES.has(code ?? '') || /terminat|Connection terminated|timeout|ECONNRESET|socket/i.test(message);
  const denied = DENIED_CODES.has(code ?? '');
  return new AppError(denied ? 'FORBIDDEN' : 'SYNC_FAILED', `${doing} on ${describeServer(url)} failed: ${message}`, {
    retryable: unreachable || RETRY_CODES.has(code ?? ''),
    details: { server: describeServer(url), pgCode: code ?? null, unreachable },
    cause: undefined,
  });
}

export function clientConfig(url: string, timeouts: { connectMs?: number; statementMs?: number } = {}): pg.ClientConfig {
  try {
    new URL(url);
  } catch {
    throw new AppError('BAD_INPUT', `--url: not a postgresql:// URL (${redact(url, passwordOf(url))})`, { details: { field: 'url' } });
  }
  if (!/^postgres(ql)?:\/\//i.test(url)) throw new AppError('BAD_INPUT', `--url: expected postgresql://user:password@host:port/database, got ${describeServer(url)}`, { details: { field: 'url' } });
  return {
    connectionString: url,
    connectionTimeoutMillis: timeouts.connectMs ?? 5_000,
    statement_timeout: timeouts.statementMs ?? 120_000,
    query_timeout: (timeouts.statementMs ?? 120_000) + 5_000,
    application_name: 'ledgerflow',
    keepAlive: true,
  };
}

/** Opens one client, runs `fn`, always closes it. */
export async function withClient<T>(url: string, doing: string, fn: (client: pg.Client) => Promise<T>, timeouts?: { connectMs?: number; statementMs?: number }): Promise<T> {
  const client = new pg.Client(clientConfig(url, timeouts));
  client.on('error', () => {
    // A dropped connection surfaces on the pending query; this only keeps it from being unhandled.
  });
  try {
    await client.connect();
    return await fn(client);
  } catch (error) {
    throw syncError(error, url, doing);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** BEGIN … COMMIT on this one client; ROLLBACK on any failure. */
export async function inTransaction<T>(client: pg.Client | pg.PoolClient, fn: () => Promise<T>, begin = 'BEGIN'): Promise<T> {
  await client.query(begin);
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export interface InitResult {
  server: string;
  applied: number[];
  version: number;
}

/** Creates or migrates the server schema as the owner role; idempotent. */
export async function initServer(ownerUrl: string, migrations = loadServerMigrations()): Promise<InitResult> {
  return withClient(ownerUrl, 'sync init', async (client) => {
    const who = await loginPrivileges(client);
    if (!who?.rolcreaterole && !who?.rolsuper) {
      throw new AppError('FORBIDDEN', `sync init: the owner role of ${describeServer(ownerUrl)} needs CREATEROLE (it creates one role per seat)`, { details: { server: describeServer(ownerUrl) } });
    }
    const applied: number[] = [];
    for (const migration of migrations) {
      await inTransaction(client, async () => {
        await lockSchema(client);
        const done = { rows: await appliedMigrations(client) };
        const newest = done.rows.at(-1)?.version ?? 0;
        if (newest > migrations.length) {
          throw new AppError('DB_NEWER_THAN_APP', `the sync server is at schema version ${newest}, written by a newer LedgerFlow; this one knows up to ${migrations.length}. Nothing was changed.`, { details: { serverVersion: newest } });
        }
        for (const row of done.rows) {
          const known = migrations[row.version - 1];
          if (!known || known.checksum !== row.checksum) {
            throw new AppError('MIGRATION_EDITED', `server migration ${String(row.version).padStart(4, '0')}_${row.name}.sql was changed after it was applied (recorded ${row.checksum.slice(0, 12)}…, file now ${known?.checksum.slice(0, 12) ?? 'missing'}…). Nothing was changed.`, { details: { version: row.version } });
          }
        }
        if (done.rows.some((row) => row.version === migration.version)) return;
        await applyMigration(client, migration);
        applied.push(migration.version);
      });
    }
    return { server: describeServer(ownerUrl), applied, version: migrations.length };
  });
}

export interface AddSeatResult {
  /** The seat's connection URL, with its password: shown once, to hand to that desktop. */
  url: string;
  role: string;
  tenant: string;
  seat: string;
  businesses: string[];
  series: Array<{ businessId: string; code: string; format: string; documentKind: string }>;
}

const SEAT_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,39}$/;

/** A series code and format for the n-th seat of a business, derived from the first seat's. */
export function seatSeries(code: string, format: string, n: number): { code: string; format: string } {
  const base = code.replace(/\d+$/, '');
  const newCode = `${base}${n}`;
  const newFormat = format.startsWith(code) ? newCode + format.slice(code.length) : `${newCode}-${format}`;
  return { code: newCode, format: newFormat };
}

/**
 * Creates a seat: its own login role (not superuser, no BYPASSRLS, owning nothing, a member of
 * the seat group only), bound to the given businesses of one tenant. The first seat of a business
 * takes its series as it issues; a later seat gets its own series (a numbered prefix per counter).
 */
export async function addSeat(ownerUrl: string, input: { businesses: string[]; seat: string }): Promise<AddSeatResult> {
  if (!SEAT_NAME.test(input.seat)) throw new AppError('BAD_INPUT', `--seat: "${input.seat}" is not a seat name (letters, digits, space, _ . -; up to 40)`, { details: { field: 'seat' } });
  const businesses = [...new Set(input.businesses.map((b) => b.trim()).filter(Boolean))];
  if (businesses.length === 0) throw new AppError('BAD_INPUT', '--business: give at least one business id', { details: { field: 'business' } });
  return withClient(ownerUrl, 'sync add-seat', (client) => inTransaction(client, async () => {
    await lockSchemaChanges(client);
    const seatGroup = await seatGroupOf(client);
    if (!seatGroup) throw new AppError('NOT_FOUND', `no LedgerFlow sync schema on ${describeServer(ownerUrl)}: run sync init --url OWNER_URL first`);
    const distinct = [...new Set((await tenantsOf(client, businesses)).map((r) => r.tenant))];
    if (distinct.length > 1) throw new AppError('BAD_INPUT', `--business: ${businesses.join(', ')} belong to different tenants on this server; a seat works for one tenant`, { details: { field: 'business' } });
    const tenant = distinct[0] ?? randomBytes(8).toString('hex');
    for (const id of businesses) await bindBusinessToTenant(client, id, tenant);
    const role = `lf_${input.seat.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(24).toString('base64url');
    await createSeatRole(client, { role, password, seatGroup, tenant, seatName: input.seat });
    const series: AddSeatResult['series'] = [];
    for (const businessId of businesses) {
      const n = await seatsOfBusiness(client, tenant, businessId);
      await bindSeatToBusiness(client, role, tenant, businessId);
      if (n === 0) continue;
      // Later seats: one series per kind (invoice, credit note, bills of supply), derived from the
      // first series of that kind on the server.
      const bases = { rows: await firstSeriesOfEachKind(client, tenant, businessId) };
      if (bases.rows.length === 0) {
        throw new AppError('CONFLICT', `business ${businessId} has a seat already but none of its series is on the server yet: push from that seat first, then add this one`, { details: { businessId } });
      }
      for (const base of bases.rows) {
        let k = n + 1;
        let derived = seatSeries(base.series_code, base.format, k);
        while (await seriesLeaseExists(client, tenant, businessId, derived.code)) {
          derived = seatSeries(base.series_code, base.format, ++k);
        }
        await insertSeriesLease(client, { tenant, businessId, seriesCode: derived.code, documentKind: base.document_kind, format: derived.format, holderRole: role });
        series.push({ businessId, code: derived.code, format: derived.format, documentKind: base.document_kind });
      }
    }
    const owner = new URL(ownerUrl);
    const seatUrl = new URL(ownerUrl);
    seatUrl.username = encodeURIComponent(role);
    seatUrl.password = encodeURIComponent(password);
    seatUrl.pathname = owner.pathname;
    return { url: seatUrl.toString(), role, tenant, seat: input.seat, businesses, series };
  }));
}

export interface SeriesCheck {
  tenant: string;
  businessId: string;
  seriesCode: string;
  fiscalYear: string;
  holder: string | null;
  count: number;
  last: number;
  ok: boolean;
  /** The first missing numbers, e.g. "5" or "5–7". */
  gap?: string;
  duplicate?: boolean;
}

export interface CheckResult {
  ok: boolean;
  series: SeriesCheck[];
  problems: string[];
}

/** Every series on the server, per tenant, business and fiscal year: 1..N each used exactly once. */
export async function checkServer(ownerUrl: string): Promise<CheckResult> {
  return withClient(ownerUrl, 'sync check', (client) => inTransaction(client, async () => {
    const rows = { rows: await seriesOnServer(client) };
    const series: SeriesCheck[] = [];
    const problems: string[] = [];
    for (const row of rows.rows) {
      const entry: SeriesCheck = { tenant: row.tenant, businessId: row.business_id, seriesCode: row.series_code, fiscalYear: row.fiscal_year, holder: row.holder, count: row.n, last: row.max, ok: true };
      if (row.first_gap !== null) {
        const end = ((await nextNumberAfter(client, row, row.first_gap)) ?? row.first_gap + 1) - 1;
        entry.ok = false;
        entry.gap = end > row.first_gap ? `${row.first_gap}–${end}` : String(row.first_gap);
        problems.push(`business ${row.business_id}, series ${row.series_code}, fiscal year ${row.fiscal_year}: number${end > row.first_gap ? 's' : ''} ${entry.gap} missing (have ${row.n} of 1..${row.max})`);
      } else if (row.n !== row.max) {
        entry.ok = false;
        entry.duplicate = true;
        problems.push(`business ${row.business_id}, series ${row.series_code}, fiscal year ${row.fiscal_year}: ${row.n} invoices for numbers 1..${row.max}`);
      }
      series.push(entry);
    }
    return { ok: problems.length === 0, series, problems };
  }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'));
}
