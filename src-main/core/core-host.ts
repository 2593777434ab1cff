// What the long-running shells (the desktop app, the preview bridge) hold instead of a bare Core:
// the current core of the data folder, the one event bus every core of this run emits on, and the
// restore from the UI. A restore cannot swap the database under an open store, so the host stops
// taking calls ("restoring" refusal), verifies the backup while the core still runs (a backup that
// fails leaves everything as it was), closes the core (store, workers, sync loop, backup timer),
// runs the very restore the CLI runs (src-main/backup/restore.ts), and opens a new core on the
// restored folder with the shell's own start-up (`open`). The renderer then reloads itself.
import { tmpdir } from 'node:os';
import { AppError, fail, type Result } from '../../src-shared/errors.js';
import { contract, isMethodName } from '../../src-shared/ipc/contract.js';
import { restoreBackup, checkBackupFile, type RestoreResult } from '../backup/restore.js';
import { openers } from '../db/data-folder.js';
import type { Core } from './create-core.js';
import { dispatch, type DispatchOptions } from './dispatch.js';
import type { EventBus } from './events.js';
import type { CallContext } from './handlers/types.js';

export interface CoreHost {
  readonly dataDir: string;
  /** The bus every core of this run emits on (transports subscribe once). */
  readonly events: EventBus;
  /** The core now open; throws the "restoring" refusal while a restore swaps it. */
  current(): Core;
  /** dispatch() on the current core, refused with RESTORING while a restore runs. */
  dispatch(method: unknown, input: unknown, ctx: CallContext, options?: DispatchOptions): Promise<Result<unknown>>;
  /** Restore the data folder from a backup file and reopen the core on it. */
  restore(from: string): Promise<RestoreResult>;
  close(): Promise<void>;
}

/** Opens a core on the data folder with the shell's services (timers, loops) on the given bus. */
export type CoreOpener = (events: EventBus) => Promise<Core>;

function restoringError(dataDir: string): AppError {
  return new AppError('RESTORING', `the data folder ${dataDir} is being restored from a backup; the app reloads when it is done`, { retryable: true, details: { dataDir } });
}

/** A host over `core`; without `reopen` (tests, embedded uses) a restore from the UI is refused. */
export function createCoreHost(core: Core, reopen?: CoreOpener): CoreHost {
  let active: Core = core;
  let restoring = false;
  let broken: AppError | undefined;
  const inFlight = new Map<number, string>();
  let nextCall = 0;
  const idle: Array<() => void> = [];

  const settle = () => {
    if (inFlight.size <= 1) for (const wake of idle.splice(0)) wake();
  };

  /** Writing calls in flight other than the restore itself (a batch, an import, an export…). */
  const busyWriters = (): string[] => [...inFlight.values()].filter((m) => m !== 'backup.restore' && isMethodName(m) && contract[m].writes);

  async function swap(from: string): Promise<RestoreResult> {
    const dataDir = active.dataDir;
    const check = await checkBackupFile(from, tmpdir());
    if (!check.ok) {
      throw new AppError('BAD_INPUT', `restore refused: the backup does not verify; nothing was changed.\n${check.problems.map((p) => `  ${p}`).join('\n')}`, { details: { file: from, problems: check.problems } });
    }
    const others = openers(dataDir).filter((pid) => pid !== process.pid);
    if (others.length > 0) {
      throw new AppError('CONFLICT', `the data folder ${dataDir} is open in process ${others.join(', ')} (a batch, a preview or another command); close it before restoring. Nothing was changed.`, { details: { dataDir, pids: others } });
    }
    // Calls already running (reads: a moment) finish before the store closes under them.
    if (inFlight.size > 1) await new Promise<void>((wake) => idle.push(wake));
    await active.close();
    let result: RestoreResult | undefined;
    let failure: unknown;
    try {
      result = await restoreBackup({ dataDir, from });
    } catch (error) {
      failure = error;
    }
    try {
      active = await reopen!(active.events);
    } catch (error) {
      broken = new AppError('INTERNAL', `the data folder ${dataDir} could not be opened after the restore: ${(error as Error).message}; restart the app`, { details: { dataDir } });
      throw broken;
    }
    if (failure !== undefined) throw failure;
    active.logger.info('restored from a backup', { from, aside: result!.aside, invoices: result!.invoices, skipped: result!.skipped.length });
    return result!;
  }

  const host: CoreHost = {
    get dataDir() {
      return active.dataDir;
    },
    get events() {
      return active.events;
    },
    current() {
      if (broken) throw broken;
      if (restoring) throw restoringError(active.dataDir);
      return active;
    },
    async dispatch(method, input, ctx, options) {
      if (broken) return fail(broken);
      if (restoring) return fail(restoringError(active.dataDir));
      const id = nextCall++;
      inFlight.set(id, typeof method === 'string' ? method : '');
      try {
        return await dispatch(active, method, input, { ...ctx, shell: { restore: (from) => host.restore(from) } }, options);
      } finally {
        inFlight.delete(id);
        settle();
      }
    },
    async restore(from) {
      if (!reopen) throw new AppError('FORBIDDEN', 'restoring from here is not possible: this core has no shell to reopen it; use `ledgerflow restore --from FILE`');
      if (broken) throw broken;
      if (restoring) throw restoringError(active.dataDir);
      const writers = busyWriters();
      if (writers.length > 0) {
        throw new AppError('CONFLICT', `restore refused: ${writers.join(', ')} is running in this app; wait for it to finish. Nothing was changed.`, { retryable: true, details: { running: writers } });
      }
      restoring = true;
      try {
        return await swap(from);
      } finally {
        restoring = false;
      }
    },
    async close() {
      await active.close();
    },
  };
  return host;
}
