// The PDF writer: a pool of worker threads (one per core by default) that render invoices,
// write them atomically and verify them, behind bounded retries and a circuit breaker.
//
// Workers run compiled JavaScript, found by runtime/worker-entry.ts: the sibling worker.js in the
// built app, <repo>/dist/src-main/pdf/worker.js when this module runs from TypeScript sources
// (vitest, tsx; `npm run build:main` produces it); if there is none, `mode: 'auto'` falls back to rendering in-process (same job code, no recycling) and says so in `mode`.
// Each worker holds one Typst compiler (fonts parsed once; its memo cache cleared and the previous
// render's native objects collected after every document, see typst.ts), so a worker stays flat
// (measured: 2 workers, 1,000 invoices, 135 MB peak RSS). Workers are still replaced after
// `maxRendersPerWorker` renders (default 5000) as a safety net.
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { removeOwnTempFilesOf } from '../runtime/temp-files.js';
import { resolveWorkerEntry as resolveEntry } from '../runtime/worker-entry.js';
import { removeThreadRoots } from './typst-root.js';
import CircuitBreaker from 'opossum';
import { AppError, type ErrorCode } from '../../src-shared/errors.js';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import type { PdfResult } from './job.js';
import type { WorkerData, WorkerReady, WorkerReply, WorkerRequest, WorkerStage } from './worker.js';

export type { PdfResult } from './job.js';

export interface PdfWriterOptions {
  /** Worker threads; default: one per core (os.availableParallelism()). */
  workers?: number;
  /** 'workers' requires the compiled worker; 'inline' renders in this thread; 'auto' (default) prefers workers. */
  mode?: 'auto' | 'workers' | 'inline';
  /** Replace a worker after this many renders; default 5000 (a safety net: a worker's memory is flat). */
  maxRendersPerWorker?: number;
  /** Explicit worker entry (a compiled .js file). */
  workerEntry?: string | URL;
  fontsDir?: string;
  /**
   * Each worker compiles the sample invoices (one GST, one Bahrain; built-in template, nothing
   * written) before it reports ready, so the first invoices it is given do not pay the template's
   * and the fonts' first use (~30 ms of CPU more than later renders). For a writer kept open
   * (the app); a one-off writer would only move that cost.
   */
  warmUp?: boolean;
  /** Invoices in flight per worker (IN_FLIGHT_PER_WORKER by default); 1 renders strictly one at a time. */
  inFlightPerWorker?: number;
  /**
   * A render's time limit is this base plus `renderTimeoutPerLineMs` per invoice line, at most
   * `renderTimeoutMaxMs`; a worker whose render takes longer is terminated. Defaults 30 s, 100 ms,
   * 10 min (see renderTimeLimit).
   */
  renderTimeoutMs?: number;
  renderTimeoutPerLineMs?: number;
  renderTimeoutMaxMs?: number;
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  breaker?: { volumeThreshold?: number; errorThresholdPercentage?: number; resetTimeoutMs?: number; rollingCountTimeoutMs?: number };
  /** Test hook: runs before each attempt in-process; may throw to simulate a failure. */
  beforeAttempt?: (doc: InvoiceDocument, attempt: number) => void | Promise<void>;
}

export interface PdfWriterStats {
  rendered: number;
  failed: number;
  retries: number;
  workersStarted: number;
  /** Of those, the workers that compiled the sample invoices first (`warmUp`). */
  workersWarmedUp: number;
  breakerOpen: boolean;
  /** Workers failed to start three times and the pool gave up: every render is refused from now on. */
  workersBroken: boolean;
}

/** Per-business choices for one render. */
export interface PdfRenderOptions {
  /** The business's own Typst template (.typ file); the built-in template when absent. */
  template?: string;
  /** PDF/A-2b instead of plain PDF. */
  pdfA?: boolean;
  /** Tables tagged as tables for screen readers (Typst's `table`; the default); false: rows of blocks, same look, no table tags, 20-65% smaller files, about the same CPU since the tables' one-line rows got fixed heights. */
  tableTags?: boolean;
}

/** A written PDF and how many attempts it took (1 when the first one succeeded). */
export interface WrittenPdfResult extends PdfResult {
  attempts: number;
}

export interface PdfWriter {
  readonly mode: 'workers' | 'inline';
  readonly size: number;
  render(doc: InvoiceDocument, outPath: string, options?: PdfRenderOptions): Promise<WrittenPdfResult>;
  stats(): PdfWriterStats;
  close(): Promise<void>;
}

/** Where the compiled worker lives (runtime/worker-entry.ts), or null to render inline. */
export function resolveWorkerEntry(explicit?: string | URL): string | null {
  // Written as a literal URL so bundlers and tests/helpers/transpile.mjs include the worker.
  return resolveEntry({ sibling: new URL('./worker.js', import.meta.url), dist: ['src-main', 'pdf', 'worker.js'], explicit }).path;
}

interface Task {
  id: number;
  doc: InvoiceDocument;
  outPath: string;
  options: PdfRenderOptions;
  resolve: (r: PdfResult) => void;
  reject: (e: AppError) => void;
  /** Times this task was handed back to the queue because another render hung its worker. */
  requeued: number;
  /**
   * Runs alone on a worker (no other task beside it): its last attempt ended with its worker dead
   * or stopped, so it may be the cause, and it must not take another invoice down with it again.
   */
  alone: boolean;
}

/**
 * Where a task stands in its worker: sent (not started: the worker is busy with the other one),
 * started (building the template's data), rendering (Typst's compile holds the worker's thread:
 * at most one task of a worker is here), writing (write, read-back, verify).
 */
type TaskStage = 'sent' | WorkerStage['stage'];

interface InFlight {
  task: Task;
  stage: TaskStage;
  /** Armed when the worker starts the task (time spent waiting behind another one is not its own). */
  timer?: NodeJS.Timeout;
  /** Times the limit was extended because another task's render held the worker's thread. */
  extended: number;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  /** Renders finished or assigned; at the quota the slot takes no more and is replaced once idle. */
  renders: number;
  /** In flight on this worker, by task id. */
  tasks: Map<number, InFlight>;
}

export interface RenderTimeLimits {
  baseMs: number;
  perLineMs: number;
  maxMs: number;
}

/**
 * Defaults of a render's time limit. Measured: a render costs ~20 ms fixed + ~2 ms per line of CPU
 * (compile, PDF export, write, verify), so at a load of 25 on 2 cores a 1,000-line invoice takes
 * ~25-30 s of wall clock and a 1-line one well under a second. The base is for the fixed part and
 * a busy machine's pauses; the per-line part keeps long invoices from being taken for hung ones.
 */
export const DEFAULT_RENDER_TIME_LIMITS: RenderTimeLimits = { baseMs: 30_000, perLineMs: 100, maxMs: 600_000 };

/** The time one attempt at rendering `lines` lines may take: base + per line, at most the ceiling. */
export function renderTimeLimit(lines: number, limits: RenderTimeLimits): number {
  return Math.min(limits.maxMs, limits.baseMs + limits.perLineMs * Math.max(0, lines));
}

/** An innocent task (its worker was terminated for another's hung render) goes back to the queue this many times at most. */
const MAX_REQUEUES = 3;

/** Extensions of a task's limit while another task's render holds the thread (then it is judged on its own). */
const MAX_EXTENSIONS = 3;

/**
 * Tasks in flight per worker. Two: when the worker finishes one invoice the next is already in its
 * queue, so it does not sit idle for the round trip through the main thread. Jobs never overlap
 * (compile and write are synchronous in the worker's one thread, job.ts).
 */
const IN_FLIGHT_PER_WORKER = 2;

type InlineJob = (doc: InvoiceDocument, outPath: string, options: PdfRenderOptions & { fontsDir?: string }) => Promise<PdfResult>;

/** Failure stages of an attempt whose worker died or was stopped: the next attempt runs alone. */
const WORKER_STOPPED = new Set(['worker', 'timeout']);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function fromReply(error: Extract<WorkerReply, { ok: false }>['error']): AppError {
  return new AppError(error.code as ErrorCode, error.message, { retryable: error.retryable, details: error.details });
}

/** A pool of worker threads running renderToFile. */
class WorkerPool {
  private slots: Slot[] = [];
  private queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  private startFailures = 0;
  private broken: AppError | null = null;
  get isBroken(): boolean {
    return this.broken !== null;
  }
  started = 0;
  /** Workers started that compiled the sample invoices before reporting ready. */
  warmedUp = 0;

  constructor(
    private readonly entry: string,
    private readonly size: number,
    private readonly maxRenders: number,
    private readonly limits: RenderTimeLimits,
    private readonly fontsDir: string | undefined,
    private readonly depth: number,
    private readonly warmUp = false,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    this.started++;
    // The JavaScript side of a render is small (JSON in, bytes out; layout runs in Typst's native
    // code), so a modest heap limit bounds a runaway render without costing collections.
    const worker = new Worker(pathToFileURL(this.entry), {
      workerData: { fontsDir: this.fontsDir, warmUp: this.warmUp } satisfies WorkerData,
      resourceLimits: { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: 256 },
    });
    worker.unref();
    // Read now: a worker's threadId is -1 once it has stopped.
    const thread = worker.threadId;
    let markReady: () => void = () => undefined;
    let failReady: (e: AppError) => void = () => undefined;
    let isReady = false;
    const ready = new Promise<void>((res, rej) => {
      markReady = res;
      failReady = rej;
    });
    ready.catch(() => undefined);
    const slot: Slot = { worker, ready, renders: 0, tasks: new Map() };
    worker.on('message', (msg: WorkerReply | WorkerStage | WorkerReady) => {
      if ('ready' in msg) {
        isReady = true;
        if (msg.warmedUp > 0) this.warmedUp++;
        this.startFailures = 0;
        markReady();
        return;
      }
      if ('stage' in msg) {
        this.stage(slot, msg);
        return;
      }
      const task = this.finish(slot, msg.id);
      if (!task) return;
      if (msg.ok) task.resolve(msg.value);
      else task.reject(fromReply(msg.error));
      if (slot.renders >= this.maxRenders && slot.tasks.size === 0) this.replace(slot);
      this.pump();
    });
    const crash = (why: string) => {
      const tasks = this.finishAll(slot);
      this.removeTempFilesOf(tasks);
      if (!isReady) {
        const err = new AppError('PDF_FAILED', `A PDF worker failed to start: ${why}`, { retryable: false, details: { entry: this.entry } });
        failReady(err);
        if (++this.startFailures >= 3) {
          // Do not respawn a worker that cannot start; fail the waiting work instead.
          this.broken = err;
          this.slots = this.slots.filter((s) => s !== slot);
          for (const t of [...tasks, ...this.queue.splice(0)]) t.reject(err);
          return;
        }
      }
      // Which of the invoices it held killed the worker cannot be told (at most one did): each
      // fails this attempt (retryable) and the retry sends it alone to a worker (Task.alone), so
      // an innocent one is written on its next attempt and only one that keeps killing workers
      // spends all its attempts. The breaker counts those failures like any other.
      for (const task of tasks) {
        const others = tasks.filter((t) => t !== task).map((t) => t.doc.number);
        task.reject(new AppError('PDF_FAILED', `PDF worker stopped while rendering ${task.doc.number}${others.length ? ` (it also held ${others.join(', ')})` : ''}: ${why}`, { retryable: true, details: { number: task.doc.number, stage: 'worker', heldWith: others } }));
      }
      if (!this.closed && this.slots.includes(slot)) this.replace(slot);
      this.pump();
    };
    worker.on('error', (e) => crash(e.message));
    worker.on('exit', (code) => {
      // Its compiler's empty root folder: a terminated worker does not run its own 'exit' clean-up.
      removeThreadRoots(thread);
      if (!this.closed && this.slots.includes(slot)) crash(`exit code ${code}`);
    });
    return slot;
  }

  /** Takes one task off its slot (its timer cleared); undefined when it is not there (late reply). */
  private finish(slot: Slot, id: number): Task | undefined {
    const entry = slot.tasks.get(id);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    slot.tasks.delete(id);
    return entry.task;
  }

  /** The worker started a task (its time limit starts now) or finished laying it out. */
  private stage(slot: Slot, msg: WorkerStage) {
    const entry = slot.tasks.get(msg.id);
    if (!entry) return;
    entry.stage = msg.stage;
    if (msg.stage === 'started') this.arm(slot, entry, renderTimeLimit(entry.task.doc.lines.length, this.limits));
  }

  private arm(slot: Slot, entry: InFlight, ms: number) {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.expired(slot, entry), ms);
    entry.timer.unref();
  }

  /**
   * A task's limit ran out. When another task of the same worker is being compiled, that compile
   * holds the thread and this task (waiting for its write or read-back to be handled) cannot
   * finish: the other one has its own limit, so this one is given more time (a bounded number of
   * times). Otherwise this task is the hung one.
   */
  private expired(slot: Slot, entry: InFlight) {
    const blocker = [...slot.tasks.values()].find((e) => e !== entry && e.stage === 'rendering');
    if (blocker && entry.extended < MAX_EXTENSIONS) {
      entry.extended++;
      this.arm(slot, entry, renderTimeLimit(blocker.task.doc.lines.length, this.limits));
      return;
    }
    this.timeout(slot, entry.task);
  }

  /**
   * A worker that died (or was stopped) in the middle of a write leaves its temp file, named with
   * this process's pid: removed now unless another worker is writing the same file. (A process
   * killed mid-write leaves its own; the next start removes those, runtime/temp-files.ts.)
   */
  private removeTempFilesOf(tasks: Task[]) {
    const writing = new Set(this.slots.flatMap((s) => [...s.tasks.values()].map((e) => e.task.outPath)));
    for (const task of tasks) if (!writing.has(task.outPath)) removeOwnTempFilesOf(task.outPath);
  }

  /** Takes every task off a slot (it crashed, timed out or is closing). */
  private finishAll(slot: Slot): Task[] {
    return [...slot.tasks.keys()].map((id) => this.finish(slot, id)!);
  }

  private replace(slot: Slot) {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    if (this.broken || this.closed) this.slots.splice(i, 1);
    else this.slots[i] = this.spawn();
    void slot.worker.terminate();
  }

  private timeout(slot: Slot, task: Task) {
    this.finish(slot, task.id);
    const limit = renderTimeLimit(task.doc.lines.length, this.limits);
    task.reject(new AppError('PDF_FAILED', `Rendering ${task.doc.number} took longer than ${limit} ms`, { retryable: true, details: { number: task.doc.number, stage: 'timeout', limitMs: limit } }));
    // The worker is replaced. Whatever else it had in flight did not hang: it goes back to the
    // front of the queue, not counted as an attempt of its own (a bounded number of times).
    const innocent = this.finishAll(slot);
    for (const other of innocent.filter((t) => t.requeued >= MAX_REQUEUES)) {
      other.reject(new AppError('PDF_FAILED', `PDF worker replaced (another render timed out) while rendering ${other.doc.number}`, { retryable: true, details: { number: other.doc.number, stage: 'worker' } }));
    }
    const again = innocent.filter((t) => t.requeued < MAX_REQUEUES);
    for (const t of again) t.requeued++;
    this.queue.unshift(...again);
    this.replace(slot);
    // A render stopped in its write (a hung disk) leaves a temp file once the thread is gone.
    void slot.worker.terminate().then(() => this.removeTempFilesOf([task, ...innocent]));
    this.pump();
  }

  private assign(slot: Slot, task: Task) {
    slot.tasks.set(task.id, { task, stage: 'sent', extended: 0 });
    slot.renders++;
    slot.worker.postMessage({ id: task.id, doc: task.doc, outPath: task.outPath, options: task.options } satisfies WorkerRequest);
  }

  /**
   * Hands out queued work in queue order: every idle worker first, then a second task to each busy
   * one. A task that must run alone goes only to an idle worker, and a worker holding one takes
   * nothing else; while one waits at the head, no worker takes a second task, so one becomes idle.
   */
  private pump() {
    if (this.closed) return;
    for (let depth = 1; depth <= this.depth; depth++) {
      for (const slot of this.slots) {
        if (slot.tasks.size >= depth || slot.renders >= this.maxRenders) continue;
        if ([...slot.tasks.values()].some((e) => e.task.alone)) continue;
        const task = this.queue[0];
        // Strictly in queue order: a task to run alone at the head waits for an idle worker.
        if (!task || (depth > 1 && task.alone)) return;
        this.queue.shift();
        this.assign(slot, task);
      }
    }
  }

  run(doc: InvoiceDocument, outPath: string, options: PdfRenderOptions, alone = false): Promise<PdfResult> {
    if (this.closed) return Promise.reject(new AppError('PDF_FAILED', 'The PDF writer is closed', { retryable: false }));
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<PdfResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, doc, outPath, options, resolve, reject, requeued: 0, alone });
      this.pump();
    });
  }

  async warm(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  async close(): Promise<void> {
    this.closed = true;
    const cancelled = () => new AppError('CANCELLED', 'The PDF writer was closed', { retryable: false });
    for (const t of this.queue.splice(0)) t.reject(cancelled());
    await Promise.all(
      this.slots.map(async (s) => {
        // In flight: told so (its file may or may not be written; the caller records no result),
        // and a write the termination cut short leaves no temp file.
        const held = this.finishAll(s);
        for (const t of held) t.reject(cancelled());
        await s.worker.terminate();
        this.removeTempFilesOf(held);
      }),
    );
  }
}

/** Starts the pool and waits until every worker is ready (closing it if one cannot start). */
async function startPool(entry: string, size: number, options: PdfWriterOptions): Promise<WorkerPool> {
  const limits: RenderTimeLimits = {
    baseMs: options.renderTimeoutMs ?? DEFAULT_RENDER_TIME_LIMITS.baseMs,
    perLineMs: options.renderTimeoutPerLineMs ?? DEFAULT_RENDER_TIME_LIMITS.perLineMs,
    maxMs: options.renderTimeoutMaxMs ?? DEFAULT_RENDER_TIME_LIMITS.maxMs,
  };
  const pool = new WorkerPool(entry, size, Math.max(1, options.maxRendersPerWorker ?? 5000), limits, options.fontsDir, Math.max(1, options.inFlightPerWorker ?? IN_FLIGHT_PER_WORKER), options.warmUp === true);
  try {
    await pool.warm();
  } catch (e) {
    await pool.close();
    throw e;
  }
  return pool;
}

function breakerOptions(options: PdfWriterOptions): CircuitBreaker.Options {
  return {
    timeout: false,
    volumeThreshold: options.breaker?.volumeThreshold ?? 5,
    errorThresholdPercentage: options.breaker?.errorThresholdPercentage ?? 50,
    resetTimeout: options.breaker?.resetTimeoutMs ?? 30_000,
    rollingCountTimeout: options.breaker?.rollingCountTimeoutMs ?? 60_000,
    // Input that cannot render is the caller's problem, not a sign the renderer is sick.
    errorFilter: (e: unknown) => e instanceof AppError && e.code === 'BAD_INPUT',
  };
}

/** What the circuit breaker threw, as the AppError the caller gets. */
function breakerError(e: unknown, number: string, options: PdfWriterOptions): AppError {
  if (e instanceof AppError) return e;
  const code = (e as { code?: string }).code;
  if (code === 'ESHUTDOWN') return new AppError('PDF_FAILED', `The PDF writer is closed; invoice ${number} was not rendered`, { retryable: false, details: { number } });
  if (code === 'EOPENBREAKER') {
    return new AppError('CIRCUIT_OPEN', `PDF rendering is paused after repeated failures; invoice ${number} was not rendered`, {
      retryable: true,
      details: { number, resetTimeoutMs: options.breaker?.resetTimeoutMs ?? 30_000 },
    });
  }
  return new AppError('PDF_FAILED', (e as Error).message ?? String(e), { retryable: true, cause: e, details: { number } });
}

/** Where renders run (the worker entry, or null for in-process) and how many workers. */
function placement(options: PdfWriterOptions): { entry: string | null; mode: 'workers' | 'inline'; size: number } {
  const requested = options.mode ?? 'auto';
  const entry = requested === 'inline' ? null : resolveWorkerEntry(options.workerEntry);
  if (requested === 'workers' && !entry) {
    throw new AppError('PDF_FAILED', 'The compiled PDF worker (dist/src-main/pdf/worker.js) was not found: run `npm run build:main`', { retryable: false });
  }
  if (!entry) return { entry, mode: 'inline', size: 1 };
  return { entry, mode: 'workers', size: Math.max(1, options.workers ?? (os.availableParallelism?.() ?? os.cpus().length)) };
}

export async function createPdfWriter(options: PdfWriterOptions = {}): Promise<PdfWriter> {
  const { entry, mode, size } = placement(options);
  const { attempts = 3, baseDelayMs: baseDelay = 100, maxDelayMs: maxDelay = 2000 } = options.retry ?? {};
  const stats = { rendered: 0, failed: 0, retries: 0 };

  const pool = entry ? await startPool(entry, size, options) : null;
  let inline: InlineJob | null = null;
  if (!pool) inline = (await import('./job.js')).renderToFile;

  // `alone`: the previous attempt ended with its worker dead or stopped for a hung render.
  const attempt = (doc: InvoiceDocument, outPath: string, renderOptions: PdfRenderOptions, alone: boolean): Promise<PdfResult> =>
    pool ? pool.run(doc, outPath, renderOptions, alone) : inline!(doc, outPath, { ...renderOptions, ...(options.fontsDir ? { fontsDir: options.fontsDir } : {}) });

  const withRetry = async (doc: InvoiceDocument, outPath: string, renderOptions: PdfRenderOptions = {}): Promise<WrittenPdfResult> => {
    let last: AppError | undefined;
    let tried = 0;
    for (let i = 1; i <= Math.max(1, attempts); i++) {
      tried = i;
      try {
        await options.beforeAttempt?.(doc, i);
        return { ...(await attempt(doc, outPath, renderOptions, last !== undefined && WORKER_STOPPED.has(String(last.details.stage)))), attempts: tried };
      } catch (e) {
        last = e instanceof AppError ? e : new AppError('PDF_FAILED', (e as Error).message ?? String(e), { retryable: true, cause: e });
        if (!last.retryable || i >= attempts) break;
        // The breaker opened while this invoice was being tried (a crash loop: every worker dies):
        // no more attempts, each would cost a worker's death; it pauses like the invoices after it.
        if (breaker.opened) {
          throw new AppError('CIRCUIT_OPEN', `PDF rendering is paused after repeated failures; invoice ${doc.number} was not rendered (last attempt: ${last.message})`, {
            retryable: true,
            details: { ...last.details, number: doc.number, attempts: tried, resetTimeoutMs: options.breaker?.resetTimeoutMs ?? 30_000 },
            cause: last,
          });
        }
        stats.retries++;
        // Exponential backoff with full jitter: random in [0, min(max, base * 2^(i-1))].
        await sleep(Math.random() * Math.min(maxDelay, baseDelay * 2 ** (i - 1)));
      }
    }
    const err = last!;
    throw new AppError(err.code, err.message, { retryable: err.retryable, details: { ...err.details, attempts: tried }, cause: err });
  };

  const breaker = new CircuitBreaker(withRetry, breakerOptions(options));

  return {
    mode,
    size,
    async render(doc, outPath, renderOptions = {}) {
      try {
        const r = await breaker.fire(doc, outPath, renderOptions);
        stats.rendered++;
        return r;
      } catch (e) {
        stats.failed++;
        throw breakerError(e, doc.number, options);
      }
    },
    stats: () => ({ ...stats, workersStarted: pool?.started ?? 0, workersWarmedUp: pool?.warmedUp ?? 0, breakerOpen: breaker.opened, workersBroken: pool?.isBroken ?? false }),
    async close() {
      breaker.shutdown();
      await pool?.close();
    },
  };
}
