// The desktop's background sync: push then pull whenever changes are queued (looked at every few
// seconds) and at least every `everyMs` for the other seats' master data. A failure waits a
// bounded exponential backoff with jitter before the next try; the app keeps working offline
// meanwhile (the queue only grows) and the status says so. Runs started from the UI ("Push now")
// go through the same loop, one at a time. stop() ends it cleanly: no new run, the one in flight
// finishes (a push cut anywhere loses nothing, so waiting is only for a tidy log). The loop keeps
// its server connection open between runs (src-main/sync/connection.ts).
import { toAppError } from '../../src-shared/errors.js';
import { lastSuccessAt } from '../db/repos/sync.js';
import type { Store } from '../db/store.js';
import { pendingCount, type PullCounts } from './client.js';
import { keptConnection } from './connection.js';
import { syncUrlFrom } from './credentials.js';
import { BACKGROUND_BACKOFF, backoffDelay, pullNow, pushNow, type BackoffPolicy, type PushReport, type SyncContext } from './service.js';

export type LoopState = 'disabled' | 'idle' | 'syncing' | 'offline' | 'error';

/** What the window's chrome shows (the `sync.status` event). */
export interface LoopStatus {
  state: LoopState;
  pending: number;
  lastSyncedAt?: string;
  message?: string;
}

export interface SyncLoopOptions {
  /** How often the pending count is looked at (ms). */
  checkMs?: number;
  /** A push-and-pull at least this often while connected, for the other seats' changes (ms). */
  everyMs?: number;
  /** Delay of the first look after start (ms). */
  firstMs?: number;
  policy?: Pick<BackoffPolicy, 'baseMs' | 'maxMs'>;
  random?: () => number;
  now?: () => number;
  onStatus?: (status: LoopStatus) => void;
  /** The push and pull it runs (the service's; tests count and fail them). */
  ops?: { push: typeof pushNow; pull: typeof pullNow };
}

export interface SyncLoop {
  status(): LoopStatus & { nextAttemptAt: string | null; failures: number };
  /** Push then pull now, after any run in flight (the UI's "Push now"). */
  pushNow(): Promise<PushReport>;
  pullNow(): Promise<PullCounts>;
  /** Look again soon (after a change), unless waiting out a backoff. */
  nudge(): void;
  stop(): Promise<void>;
}

const loops = new WeakMap<object, SyncLoop>();

/** The loop started for a core, if any (the IPC handlers route their pushes through it). */
export function syncLoopOf(owner: object): SyncLoop | undefined {
  return loops.get(owner);
}

export const LOOP_DEFAULTS = { checkMs: 5_000, everyMs: 60_000, firstMs: 3_000 } as const;

export function startSyncLoop(owner: object, baseCtx: SyncContext, options: SyncLoopOptions = {}): SyncLoop {
  // One connection kept between rounds (reopened after a failed round, closed on disconnect/stop).
  const connection = baseCtx.connection ?? keptConnection();
  const ctx: SyncContext = { ...baseCtx, connection };
  const checkMs = options.checkMs ?? LOOP_DEFAULTS.checkMs;
  const everyMs = options.everyMs ?? LOOP_DEFAULTS.everyMs;
  const policy = options.policy ?? BACKGROUND_BACKOFF;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const ops = options.ops ?? { push: pushNow, pull: pullNow };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let inFlight: Promise<unknown> | undefined;
  let failures = 0;
  let nextDue = 0;
  let lastRunAt = Number.NEGATIVE_INFINITY;
  let lastError: { message: string; offline: boolean } | undefined;
  let syncing = false;
  let connected = false;

  const pending = (store: Store) => store.read((db) => pendingCount(db));
  const lastSuccess = () => ctx.store.read((db) => lastSuccessAt(db));

  const status: SyncLoop['status'] = () => {
    const state: LoopState = !connected ? 'disabled' : syncing ? 'syncing' : lastError ? (lastError.offline ? 'offline' : 'error') : 'idle';
    const out: LoopStatus & { nextAttemptAt: string | null; failures: number } = { state, pending: pending(ctx.store), nextAttemptAt: failures > 0 ? new Date(nextDue).toISOString() : null, failures };
    const at = lastSuccess();
    if (at) out.lastSyncedAt = at;
    if (lastError) out.message = lastError.message;
    return out;
  };
  const report = () => {
    if (!options.onStatus) return;
    try {
      const { nextAttemptAt: _next, failures: _failures, ...shown } = status();
      options.onStatus(shown);
    } catch {
      // The store may be closing; the status is only informative.
    }
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, Math.max(0, ms));
    timer.unref?.();
  };

  /** Runs `fn` after whatever run is in flight; records the outcome for the backoff. */
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const previous = inFlight ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => {
      syncing = true;
      report();
      try {
        const value = await fn();
        failures = 0;
        nextDue = 0;
        lastError = undefined;
        lastRunAt = now();
        return value;
      } catch (error) {
        const appError = toAppError(error);
        failures += 1;
        nextDue = now() + backoffDelay(failures - 1, policy, random);
        lastRunAt = now();
        lastError = { message: appError.message, offline: appError.retryable || appError.details?.unreachable === true };
        throw appError;
      } finally {
        syncing = false;
        report();
      }
    });
    inFlight = run;
    void run.catch(() => undefined).then(() => {
      if (inFlight === run) inFlight = undefined;
    });
    return run;
  }

  // One attempt per run: the loop itself waits out the backoff between runs.
  const once = { ...policy, attempts: 1 };

  function tick(): void {
    timer = undefined;
    if (stopped) return;
    if (inFlight) return schedule(checkMs);
    let url: string | undefined;
    try {
      url = syncUrlFrom(ctx.secrets, ctx.env);
    } catch (error) {
      connected = true;
      lastError = { message: toAppError(error).message, offline: false };
      report();
      return schedule(everyMs);
    }
    const wasConnected = connected;
    connected = url !== undefined;
    if (!connected) {
      if (wasConnected) report();
      void connection.close();
      return schedule(checkMs);
    }
    const at = now();
    if (failures > 0 && at < nextDue) return schedule(Math.min(nextDue - at, checkMs));
    if (pending(ctx.store) === 0 && at - lastRunAt < everyMs && failures === 0) {
      if (!wasConnected) report();
      return schedule(Math.min(checkMs, everyMs - (at - lastRunAt)));
    }
    exclusive(() => ops.push(ctx, { policy: once })).then(
      (result) => {
        ctx.log?.('background sync', { pushed: result.pushed, pending: result.pending });
        schedule(checkMs);
      },
      () => schedule(Math.max(0, nextDue - now())),
    );
  }

  const loop: SyncLoop = {
    status,
    pushNow: () => exclusive(() => ops.push(ctx, { policy: once })),
    pullNow: () => exclusive(() => ops.pull(ctx)),
    nudge: () => {
      if (stopped || inFlight || (failures > 0 && now() < nextDue)) return;
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      loops.delete(owner);
      await inFlight?.catch(() => undefined);
      await connection.close();
    },
  };
  loops.set(owner, loop);
  schedule(options.firstMs ?? LOOP_DEFAULTS.firstMs);
  return loop;
}
