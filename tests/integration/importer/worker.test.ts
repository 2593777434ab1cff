// The worker thread: the same report as in-process, the main thread free meanwhile, a timeout
// that kills the job, and the fallback when no worker file can load. The worker is the importer
// transpiled from the current sources (tests/helpers/transpile.mjs), never a stale dist/.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeRunDir, removeRunDir, transpileGraph } from '../../helpers/transpile.mjs';
import { previewImport, type ImportRequest } from '../../../src-main/importer/index.js';
import { fixture, makeDataDir, query, type TestData } from './helpers.js';
import { pathToFileURL } from 'node:url';
import { fileURLToPath } from 'node:url';

let runDir: string;
let workerUrl: URL;
let data: TestData;

beforeAll(() => {
  runDir = makeRunDir('importer-worker-test');
  const [worker] = transpileGraph([fileURLToPath(new URL('../../../src-main/importer/worker.ts', import.meta.url))], runDir);
  workerUrl = pathToFileURL(worker!);
  data = makeDataDir('INR');
});
afterAll(() => {
  removeRunDir(runDir);
  data.cleanup();
});

const req = (file: string, extra: Partial<ImportRequest> = {}): ImportRequest => ({ kind: 'products', businessId: data.businessId, dataDir: data.dataDir, file: fixture(file), ...extra });

/** Runs fn while a 5 ms ticker records the longest gap of this thread's event loop. */
async function longestGap<T>(fn: () => Promise<T>): Promise<{ value: T; gapMs: number }> {
  let last = performance.now();
  let gap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 5);
  try {
    const value = await fn();
    gap = Math.max(gap, performance.now() - last);
    return { value, gapMs: gap };
  } finally {
    clearInterval(ticker);
  }
}

test('the worker gives the same report as the in-process run', async () => {
  const inWorker = await previewImport(req('products-messy.xlsx', { workerUrl, mode: 'worker' }));
  const inProcess = await previewImport(req('products-messy.xlsx', { mode: 'inprocess' }));
  expect(inWorker.engine).toBe('worker');
  expect(inProcess.engine).toBe('inprocess');
  const strip = ({ engine: _e, engineNote: _n, ms: _m, timings: _t, ...rest }: typeof inWorker) => rest;
  expect(strip(inWorker)).toEqual(strip(inProcess));
});

test('the main thread keeps running while the worker reads 65,535 rows; in-process it would not', async () => {
  const worker = await longestGap(() => previewImport(req('products-65536-rows.xls', { workerUrl, mode: 'worker', previewRows: 1 })));
  expect(worker.value.valid).toBe(65_535);
  const inProcess = await longestGap(() => previewImport(req('products-65536-rows.xls', { mode: 'inprocess', previewRows: 1 })));
  expect(inProcess.value.valid).toBe(65_535);
  // In-process the whole parse is one stall; in the worker only scheduling noise remains.
  expect(inProcess.gapMs).toBeGreaterThan(500);
  expect(worker.gapMs).toBeLessThan(Math.min(250, inProcess.gapMs / 3));
});

test('a long job reports progress from the worker: rows validated, then rows written', async () => {
  const { commitImport } = await import('../../../src-main/importer/index.js');
  const events: { phase: string; rowsDone: number; rowsTotal: number }[] = [];
  const fresh = makeDataDir('INR');
  try {
    const r = await commitImport({ kind: 'products', businessId: fresh.businessId, dataDir: fresh.dataDir, file: fixture('products-65536-rows.xls'), workerUrl, mode: 'worker', onProgress: (p) => events.push(p) });
    expect(r.committed).toBe(true);
  } finally {
    fresh.cleanup();
  }
  const validating = events.filter((e) => e.phase === 'validating');
  const committing = events.filter((e) => e.phase === 'committing');
  expect(validating.length).toBeGreaterThanOrEqual(10);
  expect(committing.length).toBeGreaterThanOrEqual(10);
  expect(validating.every((e, i) => e.rowsTotal === 65_535 && (i === 0 || e.rowsDone > validating[i - 1]!.rowsDone))).toBe(true);
  expect(events.indexOf(committing[0]!)).toBeGreaterThan(events.indexOf(validating[validating.length - 1]!));
});

test('a job past its timeout is stopped with TIMEOUT and writes nothing', async () => {
  const { commitImport } = await import('../../../src-main/importer/index.js');
  await expect(commitImport(req('products-65536-rows.xls', { workerUrl, mode: 'worker', timeoutMs: 30 }))).rejects.toMatchObject({ code: 'TIMEOUT' });
  expect(query<{ n: number }>(data.dataDir, 'SELECT count(*) AS n FROM products')[0]!.n).toBe(0);
});

test('errors raised in the worker arrive as the same AppError codes', async () => {
  await expect(previewImport(req('truncated.xlsx', { workerUrl, mode: 'worker' }))).rejects.toMatchObject({ code: 'IMPORT_UNREADABLE', message: expect.stringMatching(/truncated/) });
  await expect(previewImport(req('customers.csv', { workerUrl, mode: 'worker' }))).rejects.toMatchObject({ code: 'IMPORT_MISSING_COLUMN' });
});

test('a worker file that cannot load falls back to in-process in auto mode, and fails in worker mode', async () => {
  const missing = new URL('./no-such-worker.js', workerUrl);
  const r = await previewImport(req('products-clean.csv', { workerUrl: missing, mode: 'auto' }));
  expect(r.engine).toBe('inprocess');
  expect(r.engineNote).toMatch(/failed to load/);
  await expect(previewImport(req('products-clean.csv', { workerUrl: missing, mode: 'worker' }))).rejects.toMatchObject({ code: 'INTERNAL' });
});

test('a sheet that needs more memory than the worker may use is refused as too large, not a crash', async () => {
  await expect(previewImport(req('products-65536-rows.xls', { workerUrl, mode: 'worker', maxMemoryMb: 24 }))).rejects.toMatchObject({ code: 'IMPORT_TOO_LARGE', message: expect.stringMatching(/memory/) });
});

test('killing a worker in the middle of a write transaction rolls it back and frees the lock (what TIMEOUT relies on)', async () => {
  const { Worker } = await import('node:worker_threads');
  const { openStore, DATABASE_FILE } = await import('../../../src-main/db/store.js');
  const { join } = await import('node:path');
  const file = join(data.dataDir, DATABASE_FILE);
  const worker = new Worker(
    `const Database = require('better-sqlite3'); const { parentPort, workerData } = require('node:worker_threads');
     const db = new Database(workerData); db.pragma('busy_timeout = 0');
     db.exec('BEGIN IMMEDIATE'); db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', 'now')").run();
     parentPort.postMessage('in transaction'); const end = Date.now() + 60000; while (Date.now() < end) {}`,
    { eval: true, workerData: file },
  );
  await new Promise((resolve) => worker.once('message', resolve));
  const store = openStore(data.dataDir, { busyTimeoutMs: 0, writeLock: { timeoutMs: 50 } });
  try {
    expect(() => store.write(() => undefined)).toThrow();
    await worker.terminate();
    store.write((db) => db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('y', '2', 'now')").run());
    expect(store.db.prepare('SELECT key FROM settings ORDER BY key').all()).toEqual([{ key: 'y' }]);
  } finally {
    store.close();
  }
});
