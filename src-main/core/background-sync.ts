// The background sync of the desktop app and the preview: the loop of src-main/sync/loop.ts on
// this core, its status sent to the window as `sync.status` events, stopped before the store
// closes. LEDGERFLOW_SYNC_CHECK_MS / LEDGERFLOW_SYNC_EVERY_MS shorten its intervals (tests).
import { startSyncLoop, type SyncLoop, type SyncLoopOptions } from '../sync/loop.js';
import type { Core } from './create-core.js';
import { syncContextOf } from './handlers/sync.js';

function envMs(name: string): number | undefined {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

export function startBackgroundSync(core: Core, options: SyncLoopOptions = {}): SyncLoop {
  const loop = startSyncLoop(core, syncContextOf(core), {
    checkMs: envMs('LEDGERFLOW_SYNC_CHECK_MS'),
    everyMs: envMs('LEDGERFLOW_SYNC_EVERY_MS'),
    firstMs: envMs('LEDGERFLOW_SYNC_CHECK_MS'),
    onStatus: (status) => core.events.emit('sync.status', status),
    ...options,
  });
  core.onClose(() => loop.stop());
  return loop;
}
