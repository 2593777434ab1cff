// sync.*: Settings → Sync and the status pill. The seat URL is kept by the core's secret store
// (the OS keychain on the desktop, the owner-only file of the CLI in the preview) and never
// returned. Pushes and pulls go through the background loop when one runs, so the UI's "Push now"
// never races it.
import { secretStoreOf, SYNC_URL_ENV } from '../../sync/credentials.js';
import { syncLoopOf } from '../../sync/loop.js';
import { connectSeat, pullNow, pushNow, syncStatus, testConnection, type SyncContext } from '../../sync/service.js';
import type { Core } from '../create-core.js';
import type { Handler } from './types.js';

export function syncContextOf(core: Core): SyncContext {
  return { store: core.store, secrets: secretStoreOf(core, core.dataDir), log: (message, fields) => core.logger.info(message, fields) };
}

export const syncStatusHandler: Handler<'sync.status'> = async (core) => {
  const ctx = syncContextOf(core);
  const stored = syncStatus(core.store);
  const loop = syncLoopOf(core)?.status();
  const fromEnv = Boolean(process.env[SYNC_URL_ENV]?.trim());
  const failing = stored.lastError !== null && stored.consecutiveFailures > 0;
  const state = !stored.connected ? 'disabled' : loop ? loop.state : failing ? 'offline' : 'idle';
  return {
    ...stored,
    state,
    credentials: fromEnv ? `environment (${SYNC_URL_ENV})` : ctx.secrets.kind,
    nextAttemptAt: loop ? loop.nextAttemptAt : stored.nextAttemptAt,
    background: loop !== undefined,
    errors: stored.errors,
    conflicts: stored.conflicts,
  };
};

export const syncTest: Handler<'sync.test'> = async (_core, input) => testConnection(input.url);

export const syncConnect: Handler<'sync.connect'> = async (core, input) => {
  const result = await connectSeat(syncContextOf(core), input.url);
  syncLoopOf(core)?.nudge();
  return result;
};

export const syncPush: Handler<'sync.push'> = async (core) => {
  const loop = syncLoopOf(core);
  return loop ? loop.pushNow() : pushNow(syncContextOf(core));
};

export const syncPull: Handler<'sync.pull'> = async (core) => {
  const loop = syncLoopOf(core);
  return loop ? loop.pullNow() : pullNow(syncContextOf(core));
};
