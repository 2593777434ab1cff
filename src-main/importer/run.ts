// Runs an import job off the main thread: a worker thread with a timeout and a memory cap, so the
// app's main process (IPC, windows) never blocks on parsing, validation or the commit.
//
// Which worker file loads is decided by runtime/worker-entry.ts (a dist/ worker older than the
// importer's sources is refused). Without one, or when the worker cannot load at all (mode
// 'auto'), the job runs in-process: same code, same results, but the calling thread is busy
// meanwhile. Reports say which ran.
// LEDGERFLOW_IMPORT_ENGINE=worker|inprocess overrides 'auto' (tests, diagnostics).
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type SerializedError } from '../../src-shared/errors.js';
import { resolveWorkerEntry } from '../runtime/worker-entry.js';
import { runImportJob, type ImportJob, type ImportProgress, type JobReport } from './pipeline.js';

export type ImportEngine = 'worker' | 'inprocess';

export interface RunOptions {
  /** Give up (and kill the worker) after this long; default 120 s. */
  timeoutMs?: number;
  mode?: 'auto' | ImportEngine;
  /** A specific worker file (tests). */
  workerUrl?: URL;
  /** V8 heap cap of the worker; a file that expands beyond it is refused (default 1536 MB). */
  maxMemoryMb?: number;
  /** Rows validated / written so far (every 5,000 rows), for a progress bar. */
  onProgress?: (progress: ImportProgress) => void;
}

export const DEFAULT_TIMEOUT_MS = 120_000;

/** The worker file to load, or null with the reason none is usable (runtime/worker-entry.ts). */
export function resolveWorkerUrl(): { url: URL | null; reason: string } {
  // 'worker.js' without "./": transpiled copies (tests/helpers/transpile.mjs) do not carry this
  // worker and use dist/ or run in-process, as they always have.
  const entry = resolveWorkerEntry({ sibling: new URL('worker.js', import.meta.url), dist: ['src-main', 'importer', 'worker.js'], refuseStale: true });
  return { url: entry.path ? pathToFileURL(entry.path) : null, reason: entry.reason };
}

function revive(error: SerializedError): AppError {
  return new AppError(error.code, error.message, { details: error.details, retryable: error.retryable });
}

class WorkerLoadError extends Error {}

function inWorker(job: ImportJob, url: URL, timeoutMs: number, maxMemoryMb: number, onProgress?: (p: ImportProgress) => void): Promise<JobReport> {
  const bytes = new Uint8Array(job.bytes); // own copy: transferred, not cloned
  return new Promise<JobReport>((resolve, reject) => {
    let ready = false;
    let settled = false;
    const worker = new Worker(url, {
      // The parent's flags, minus those a worker refuses (node --input-type=module -e ... made
      // every worker fail to start before this filter).
      execArgv: process.execArgv.filter((a) => !/^(--input-type|--eval|-e$|--print|-p$)/.test(a)),
      workerData: { ...job, bytes },
      transferList: [bytes.buffer as ArrayBuffer],
      resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb },
    });
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(() => {
      finish(() => reject(new AppError('TIMEOUT', `Reading the spreadsheet took longer than ${Math.round(timeoutMs / 1000)} s and was stopped; nothing was written. Split the file or check it is a normal spreadsheet.`, { details: { timeoutMs } })));
    }, timeoutMs);
    worker.on('message', (msg: { type: string; report?: JobReport; error?: SerializedError; progress?: ImportProgress }) => {
      if (msg.type === 'ready') ready = true;
      else if (msg.type === 'progress') {
        if (!settled && msg.progress) onProgress?.(msg.progress);
      }
      else if (msg.type === 'result') finish(() => resolve(msg.report!));
      else if (msg.type === 'error') finish(() => reject(revive(msg.error!)));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (!ready) return finish(() => reject(new WorkerLoadError(error.message)));
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        return finish(() => reject(new AppError('IMPORT_TOO_LARGE', `The spreadsheet needs more than ${maxMemoryMb} MB of memory to read; refusing it (it may be a zip bomb or far larger than it looks).`, { details: { maxMemoryMb } })));
      }
      finish(() => reject(new AppError('INTERNAL', `The import worker failed: ${error.message}`, { cause: error })));
    });
    worker.on('exit', (code) => {
      finish(() => reject(ready ? new AppError('INTERNAL', `The import worker stopped unexpectedly (exit code ${code}).`) : new WorkerLoadError(`worker exited with ${code} before loading`)));
    });
  });
}

/** Runs the job in a worker (preferred) or in-process; says which. */
export async function runJob(job: ImportJob, options: RunOptions = {}): Promise<{ report: JobReport; engine: ImportEngine; engineNote: string }> {
  const env = process.env.LEDGERFLOW_IMPORT_ENGINE;
  const mode = options.mode ?? (env === 'worker' || env === 'inprocess' ? env : 'auto');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (mode !== 'inprocess') {
    const resolved = options.workerUrl ? { url: options.workerUrl, reason: 'given' } : resolveWorkerUrl();
    if (resolved.url) {
      try {
        return { report: await inWorker(job, resolved.url, timeoutMs, options.maxMemoryMb ?? 1536, options.onProgress), engine: 'worker', engineNote: resolved.reason };
      } catch (error) {
        if (!(error instanceof WorkerLoadError) || mode === 'worker') {
          if (error instanceof WorkerLoadError) throw new AppError('INTERNAL', `The import worker could not load: ${error.message}`);
          throw error;
        }
        return runInProcess(job, `worker failed to load (${error.message})`, options.onProgress);
      }
    }
    if (mode === 'worker') throw new AppError('INTERNAL', `No import worker to run: ${resolved.reason}`);
    return runInProcess(job, resolved.reason, options.onProgress);
  }
  return runInProcess(job, 'requested', options.onProgress);
}

async function runInProcess(job: ImportJob, why: string, onProgress?: (p: ImportProgress) => void): Promise<{ report: JobReport; engine: ImportEngine; engineNote: string }> {
  await new Promise((resolve) => setImmediate(resolve));
  return { report: runImportJob({ ...job, progress: onProgress }), engine: 'inprocess', engineNote: why };
}
