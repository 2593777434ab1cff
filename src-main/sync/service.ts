// What the transports (CLI, desktop IPC, preview) call: connect this data folder as a seat, push
// with bounded retries, pull, and report status. Failures are recorded in sync_state (redacted)
// so the app can say it is offline: pending count, last success, last error, next attempt.
import { AppError, toAppError } from '../../src-shared/errors.js';
import { appendAudit } from '../audit/audit.js';
import { businessExists, conflictCount, consecutiveFailures, deviceId, lastConnectDetails, pendingCount, recentConflicts, recentSyncErrors, recordSyncFailure, setSeat, syncErrorCount, syncState } from '../db/repos/sync.js';
import type { Store } from '../db/store.js';
import type { KeptConnection } from './connection.js';
import { syncUrlFrom, type SecretStore } from './credentials.js';
import { pullChanges, pushQueue, whoAmI, type PullCounts, type PushCounts, type PushOptions, type SeatIdentity } from './client.js';
import { describeServer, passwordOf, redact } from './redact.js';

export interface SyncContext {
  store: Store;
  secrets: SecretStore;
  env?: NodeJS.ProcessEnv;
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /** The background loop's kept connection to the server (the CLI opens one per command). */
  connection?: KeptConnection;
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  attempts: number;
}

export const CLI_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 2_000, attempts: 3 };
/** Between automatic attempts of the desktop app: 5 s doubling up to 5 minutes. */
export const BACKGROUND_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 300_000, attempts: Infinity };

/** Delay before attempt `failures + 1`: exponential, capped, with full jitter in [50%, 100%]. */
export function backoffDelay(failures: number, policy: Pick<BackoffPolicy, 'baseMs' | 'maxMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(failures, 30)));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

export interface SyncStatus {
  connected: boolean;
  seat: string | null;
  /** The seat's name on the server, as recorded when this folder connected. */
  seatName: string | null;
  server: string | null;
  deviceId: string;
  pending: number;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  consecutiveFailures: number;
  nextAttemptAt: string | null;
  errors: Array<{ id: number; entity: string; entityId: string; op: string; code: string; reason: string; at: string }>;
  errorCount: number;
  conflicts: Array<{ id: number; entity: string; entityId: string; losingVersion: number; losingDevice: string; losingData: unknown; winningVersion: number; winningDevice: string; at: string }>;
  conflictCount: number;
}

export function syncStatus(store: Store, limit = 50): SyncStatus {
  return store.read((db) => {
    const state = syncState(db);
    const errors = recentSyncErrors(db, limit);
    const conflicts = recentConflicts(db, limit)
      .map((c) => ({ id: c.id, entity: c.entity, entityId: c.entity_id, losingVersion: c.losing_version, losingDevice: c.losing_device, losingData: JSON.parse(c.losing_data) as unknown, winningVersion: c.winning_version, winningDevice: c.winning_device, at: c.at }));
    const connect = state.seat_role === null ? undefined : lastConnectDetails(db, state.seat_role);
    const seatName = connect ? (JSON.parse(connect) as { seatName?: unknown }).seatName : undefined;
    return {
      connected: state.seat_role !== null,
      seat: state.seat_role,
      seatName: typeof seatName === 'string' ? seatName : null,
      server: state.server,
      deviceId: state.device_id,
      pending: pendingCount(db),
      lastAttemptAt: state.last_attempt_at,
      lastSuccessAt: state.last_success_at,
      lastError: state.last_error,
      lastErrorAt: state.last_error_at,
      consecutiveFailures: state.consecutive_failures,
      nextAttemptAt: state.next_attempt_at,
      errors,
      errorCount: syncErrorCount(db),
      conflicts,
      conflictCount: conflictCount(db),
    };
  });
}

function requireUrl(ctx: SyncContext): string {
  const url = syncUrlFrom(ctx.secrets, ctx.env);
  if (!url) throw new AppError('BAD_INPUT', `this data folder is not connected to a sync server: run sync connect --url SEAT_URL (or set LEDGERFLOW_SYNC_URL)`, { details: { field: 'url' } });
  return url;
}

function recordFailure(ctx: SyncContext, error: AppError, url: string | undefined, policy: BackoffPolicy): void {
  const now = new Date();
  const message = redact(error.message, url ? passwordOf(url) : undefined);
  ctx.store.write((db) => {
    const failures = consecutiveFailures(db) + 1;
    const next = new Date(now.getTime() + backoffDelay(failures - 1, policy)).toISOString();
    recordSyncFailure(db, { at: now.toISOString(), message, failures, nextAttemptAt: next });
  });
  ctx.log?.('sync failed', { error: message, code: error.code, retryable: error.retryable });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface ConnectResult extends SeatIdentity {
  server: string;
  pulled: PullCounts;
}

/** Makes this data folder that seat: checks the login, stores the URL in the secret store, pulls. */
export async function connectSeat(ctx: SyncContext, url: string): Promise<ConnectResult> {
  const identity = await whoAmI(url);
  if (identity.superuser || identity.bypassRls) {
    throw new AppError('FORBIDDEN', `${describeServer(url)}: role ${identity.role} is ${identity.superuser ? 'a superuser' : 'allowed to bypass row-level security'}; a seat must log in with its own restricted role (sync add-seat)`);
  }
  ctx.secrets.write(url);
  const server = describeServer(url);
  ctx.store.write((db) => {
    setSeat(db, identity.role, server, new Date().toISOString());
    for (const businessId of identity.businesses) {
      appendAudit(db, { businessId: businessExists(db, businessId) ? businessId : null, actor: 'sync', action: 'sync.connect', entity: 'sync', entityId: identity.role, details: { server, seat: identity.role, seatName: identity.seatName } });
    }
  });
  const pulled = await pullChanges(ctx.store, url);
  return { ...identity, server, pulled };
}

export interface PushReport extends PushCounts {
  pulled?: PullCounts;
}

/**
 * Pushes the whole queue, then pulls (so a seat sees the others' master data right after its own
 * push). Retryable failures (server down, connection cut) are retried with backoff up to the
 * policy's attempts; the last failure is recorded and rethrown.
 */
export async function pushNow(ctx: SyncContext, options: PushOptions & { policy?: BackoffPolicy; pull?: boolean } = {}): Promise<PushReport> {
  const url = requireUrl(ctx);
  const policy = options.policy ?? CLI_BACKOFF;
  for (let attempt = 0; ; attempt++) {
    try {
      const counts = await pushQueue(ctx.store, url, { ...options, connection: ctx.connection });
      const report: PushReport = { ...counts };
      if (options.pull !== false) report.pulled = await pullChanges(ctx.store, url, ctx.connection);
      ctx.log?.('sync push', { pushed: counts.pushed, duplicates: counts.duplicates, rejected: counts.rejected, pending: counts.pending, server: describeServer(url) });
      return report;
    } catch (error) {
      const appError = toAppError(error);
      if (!appError.retryable || attempt + 1 >= policy.attempts) {
        recordFailure(ctx, appError, url, policy);
        const pending = ctx.store.read((db) => pendingCount(db));
        throw new AppError(appError.code, `${redact(appError.message, passwordOf(url))} (${pending} change${pending === 1 ? '' : 's'} pending; they stay queued and go with the next push)`, { retryable: appError.retryable, details: { ...appError.details, pending } });
      }
      await sleep(backoffDelay(attempt, policy));
    }
  }
}

export async function pullNow(ctx: SyncContext): Promise<PullCounts> {
  const url = requireUrl(ctx);
  try {
    return await pullChanges(ctx.store, url, ctx.connection);
  } catch (error) {
    const appError = toAppError(error);
    recordFailure(ctx, appError, url, CLI_BACKOFF);
    throw appError;
  }
}

/** Logs in with the URL and says who it is (Settings → Sync "Test connection"); stores nothing. */
export async function testConnection(url: string): Promise<SeatIdentity & { server: string }> {
  return { ...(await whoAmI(url)), server: describeServer(url) };
}

export function currentDeviceId(store: Store): string {
  return store.read((db) => deviceId(db));
}
