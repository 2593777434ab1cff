// `npm run bench -- import [--rows 10000,100000] [--dir DIR]`
// Product catalogues from .xlsx, parse + validate + commit end to end through commitImport (the
// worker thread), then the same file again (every row matched, nothing changed). Meanwhile the
// main thread's event loop is watched: perf_hooks.monitorEventLoopDelay and a 5 ms ticker that
// records the longest gap. Targets: 100,000 rows <= 3 s end to end; no main-thread stall > 50 ms.
// The big .xlsx files are generated at run time with SheetJS into the temp folder.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as XLSX from 'xlsx';
import { openStore } from '../../src-main/db/store.js';
import { commitImport, type ImportResult } from '../../src-main/importer/index.js';
// Loaded for its side of the build: the bench dispatcher transpiles only what is imported, and
// the importer looks for worker.js next to run.js. Importing it on the main thread does nothing.
import '../../src-main/importer/worker.js';
import { seedBusinessIn } from '../helpers/seed.js';
import { makeTempDir, removeDir } from '../helpers/temp.js';

const TARGET_MS_100K = 3_000;
const MAX_STALL_MS = 50;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function makeXlsx(path: string, rows: number): number {
  const aoa: (string | number)[][] = [['SKU', 'Product Name', 'HSN', 'Base Price', 'GST %', 'Unit']];
  const rates = [0, 5, 12, 18, 28];
  for (let i = 1; i <= rows; i++) {
    aoa.push([`SKU-${i}`, `Product number ${i}`, String(1000 + (i % 9000)).padStart(4, '0'), Math.round((i % 5000) * 100 + 99) / 100, rates[i % 5]!, i % 2 ? 'Nos' : 'Kg']);
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), 'Catalogue');
  const buf = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  writeFileSync(path, buf);
  return buf.length;
}

interface Run {
  scenario: string;
  /** SheetJS alone reading the same file (default options, main thread, before the timed run). */
  sheetJsAloneMs: number;
  rows: number;
  fileBytes: number;
  totalMs: number;
  readMs: number;
  validateMs: number;
  planMs: number;
  commitMs: number;
  created: number;
  updated: number;
  unchanged: number;
  engine: string;
  maxStallMs: number;
  loopDelayP99Ms: number;
  /**
   * Time the main thread's event loop was busy (running JS) during the import, from
   * performance.eventLoopUtilization: an upper bound on any stall the importer itself causes,
   * independent of how busy the machine is (a thread the OS deschedules while idle is not busy).
   */
  mainBusyMs: number;
}

// The bench itself makes garbage on the main thread (writing the .xlsx, the SheetJS-alone
// reference); collect it before each timed run so its GC pause is not charged to the importer.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

async function measure(scenario: string, rows: number, file: string, fileBytes: number, dataDir: string, businessId: string, sheetJsAloneMs: number): Promise<Run> {
  collectGarbage();
  const elu0 = performance.eventLoopUtilization();
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  let last = performance.now();
  let maxGap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last - 5);
    last = now;
  }, 5);
  histogram.enable();
  const started = performance.now();
  let result: ImportResult;
  try {
    result = await commitImport({ kind: 'products', businessId, dataDir, file, limits: { maxBytes: 64 * 1024 * 1024 }, actor: 'bench' });
  } finally {
    histogram.disable();
    clearInterval(ticker);
  }
  const totalMs = performance.now() - started;
  const mainBusyMs = Math.round(performance.eventLoopUtilization(elu0).active * 10) / 10;
  if (!result.committed) throw new Error(`${scenario}: not committed: ${JSON.stringify(result.errors.slice(0, 3))}`);
  return {
    scenario, sheetJsAloneMs, rows, fileBytes, totalMs: Math.round(totalMs), ...result.timings, created: result.created, updated: result.updated, unchanged: result.unchanged,
    engine: result.engine, maxStallMs: Math.round(Math.max(maxGap, histogram.max / 1e6) * 10) / 10, loopDelayP99Ms: Math.round((histogram.percentile(99) / 1e6) * 10) / 10, mainBusyMs,
  };
}

/** The longest event-loop gap while the main thread does nothing for `ms`: the machine's noise floor. */
async function idleStall(ms: number): Promise<number> {
  let last = performance.now();
  let maxGap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last - 5);
    last = now;
  }, 5);
  await new Promise((resolve) => setTimeout(resolve, ms));
  clearInterval(ticker);
  return Math.round(maxGap * 10) / 10;
}

/**
 * Control: the longest main-thread gap while a worker thread merely spins the CPU for `ms`. On a
 * machine with more runnable threads than cores this is scheduling noise, not blocking; the
 * importer's stalls are judged against it.
 */
async function spinWorkerStall(ms: number): Promise<{ gapMs: number; busyMs: number }> {
  const { Worker } = await import('node:worker_threads');
  const elu0 = performance.eventLoopUtilization();
  let last = performance.now();
  let maxGap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last - 5);
    last = now;
  }, 5);
  await new Promise<void>((resolve, reject) => {
    const w = new Worker(`const end = Date.now() + ${ms}; while (Date.now() < end) {}`, { eval: true });
    w.on('exit', () => resolve());
    w.on('error', reject);
  });
  clearInterval(ticker);
  return { gapMs: Math.round(maxGap * 10) / 10, busyMs: Math.round(performance.eventLoopUtilization(elu0).active * 10) / 10 };
}

async function main(): Promise<number> {
  const baselineStallMs = await idleStall(2_000);
  const spin = await spinWorkerStall(3_000);
  const spinStallMs = spin.gapMs;
  console.log(`control: a worker spinning the CPU for 3 s: longest main-thread gap ${spin.gapMs} ms, main thread busy ${spin.busyMs} ms (the 5 ms ticker itself, the worker's start)`);
  console.log(`idle main thread, 2 s: longest event-loop gap ${baselineStallMs} ms (noise floor of this machine right now); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  const sizes = (arg('rows') ?? '10000,100000').split(',').map(Number);
  const root = arg('dir') ?? makeTempDir('ledgerflow-bench-import-');
  mkdirSync(root, { recursive: true });
  const runs: Run[] = [];
  try {
    for (const rows of sizes) {
      const dataDir = join(root, `data-${rows}`);
      const store = openStore(dataDir);
      const { businessId } = store.write((db) => seedBusinessIn(db, { currency: 'INR' }));
      store.close();
      const file = join(root, `catalogue-${rows}.xlsx`);
      const t = performance.now();
      const bytes = makeXlsx(file, rows);
      console.log(`generated ${file}: ${rows} rows, ${(statSync(file).size / 1024 / 1024).toFixed(2)} MB in ${Math.round(performance.now() - t)} ms`);
      const s = performance.now();
      XLSX.read(readFileSync(file), { type: 'buffer', dense: true });
      const sheetJsAloneMs = Math.round(performance.now() - s);
      runs.push(await measure('first import', rows, file, bytes, dataDir, businessId, sheetJsAloneMs));
      runs.push(await measure('re-import', rows, file, bytes, dataDir, businessId, sheetJsAloneMs));
    }
  } finally {
    if (!arg('dir')) removeDir(root);
  }
  const header = ['scenario', 'rows', 'file MB', 'total ms', 'read', 'validate', 'plan', 'commit', 'SheetJS alone', 'created', 'updated', 'unchanged', 'engine', 'max stall ms', 'loop p99 ms', 'main busy ms'];
  const table = runs.map((r) => [r.scenario, r.rows, (r.fileBytes / 1024 / 1024).toFixed(2), r.totalMs, r.readMs, r.validateMs, r.planMs, r.commitMs, r.sheetJsAloneMs, r.created, r.updated, r.unchanged, r.engine, r.maxStallMs, r.loopDelayP99Ms, r.mainBusyMs].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 1 || i === 12 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const row of table) console.log(line(row));
  const big = runs.filter((r) => r.rows >= 100_000);
  const timeOk = big.every((r) => r.totalMs <= TARGET_MS_100K);
  // A stall the importer causes is bounded by the main thread's busy time; wall-clock gaps also
  // include the OS descheduling an idle thread on a loaded machine (see the controls above).
  const stallOk = runs.every((r) => Math.min(r.maxStallMs, r.mainBusyMs) <= MAX_STALL_MS);
  const gapsOk = runs.every((r) => r.maxStallMs <= MAX_STALL_MS);
  console.log(`target: 100,000 rows <= ${TARGET_MS_100K} ms end to end: ${big.length === 0 ? 'not run' : timeOk ? 'met' : 'MISSED'}; main thread blocked <= ${MAX_STALL_MS} ms (busy time): ${stallOk ? 'met' : 'MISSED'}; every wall-clock event-loop gap <= ${MAX_STALL_MS} ms: ${gapsOk ? 'yes' : `no (longest ${Math.max(...runs.map((r) => r.maxStallMs))} ms; idle control ${baselineStallMs} ms, spinning-worker control ${spinStallMs} ms)`}`);
  console.log(JSON.stringify({ bench: 'import', targets: { ms100k: TARGET_MS_100K, maxStallMs: MAX_STALL_MS }, met: timeOk && stallOk, baselineStallMs, spinStallMs, spinBusyMs: spin.busyMs, loadavg: loadavg(), cores: cpus().length, runs }));
  return timeOk && stallOk ? 0 : 1;
}

process.exitCode = await main();
