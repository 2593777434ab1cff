// The crash campaign of batches and exports: real `ledgerflow batch --from F --out Z` and
// `ledgerflow export` processes are SIGKILLed at seeded random moments (LEDGERFLOW_CRASH_SEED picks
// another campaign; the seed and where each kill landed are printed). After every kill, before any
// repair: the database passes integrity_check, `check sequence` and `audit verify`, and the ZIP
// destination holds nothing or a complete export. Then `check files` must leave no orphaned temp
// file, the batch is resumed (or, killed before it was recorded, run again) and exported, and the
// whole folder must hold every order invoiced exactly once, each invoice with exactly one PDF that
// matches its recorded hash, and numbers 1..N without a gap or a duplicate.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/db/store.js';
import { verifyLedger } from '../../../src-main/audit/verify-ledger.js';
import { checkSequence } from '../../../src-main/numbering/numbering.js';
import { pdfPathFor } from '../../../src-main/engine/document.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { exportBatches } from '../../../src-main/core/services.js';
import { silentLogger } from '../../../src-main/log/logger.js';
import { batchLiveness } from '../../../src-main/engine/batch-owner.js';
import { removeOrphanedTempFiles } from '../../../src-main/runtime/temp-files.js';
import type { BatchRow } from '../../../src-main/db/types.js';
import { requireBuiltCli, runCli, startCli } from '../../helpers/cli-process.js';
import { gstFixture } from './setup.js';

const SEED = Number(process.env.LEDGERFLOW_CRASH_SEED ?? 20_261_202);
/** Kills that must land on a running `batch` process (runs whose process ended first are not counted). */
const BATCH_KILLS = 20;
const EXPORT_KILLS = 6;
const ORDERS_PER_RUN = 4;
const TODAY = new Date().toISOString().slice(0, 10);

/** mulberry32: a small seeded generator, so a failing campaign can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const trace = (line: string) => { if (process.env.LEDGERFLOW_CRASH_TRACE) process.stderr.write(`${line}\n`); };
let root: string;
let dataDir: string;
let businessId: string;
const random = seeded(SEED);
beforeAll(async () => {
  requireBuiltCli();
  root = mkdtempSync(join(tmpdir(), 'lf-batch-crash-'));
  const fixture = await gstFixture({ sandbox: false });
  dataDir = fixture.dir;
  businessId = fixture.business.id;
  await fixture.core.close();
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const allOrderIds: string[] = [];

function ordersFile(run: string): string {
  const orders = Array.from({ length: ORDERS_PER_RUN }, (_, i) => ({
    orderId: `${run}-${i + 1}`, date: TODAY,
    customer: i % 2 ? 'Kaveri Textiles Pvt Ltd' : `Buyer ${run} ${i}`, ...(i % 2 ? {} : { customerState: '27' }),
    product: i % 3 === 2 ? 'WS-1' : i % 3 ? 'SH-1' : 'TR-1', quantity: 1 + (i % 4),
  }));
  allOrderIds.push(...orders.map((o) => o.orderId));
  const file = join(root, `${run}.json`);
  writeFileSync(file, JSON.stringify(orders));
  return file;
}

const PHASE = /^batch: (issue|render) /m;

/**
 * Starts the CLI and SIGKILLs it `killAtMs` after it was spawned, or after its first progress line
 * of phase `after` (unless it ended first).
 */
async function runAndKill(args: string[], killAtMs: number, after?: 'issue' | 'render'): Promise<{ killed: boolean; code: number | null; ms: number }> {
  const started = performance.now();
  const run = startCli(args);
  let timer: NodeJS.Timeout | undefined;
  const arm = () => (timer ??= setTimeout(() => run.child.kill('SIGKILL'), killAtMs));
  if (!after) arm();
  else run.child.stderr!.on('data', () => {
    if (new RegExp(`^batch: ${after} `, 'm').test(run.out.stderr)) arm();
  });
  const exit = await run.exited;
  clearTimeout(timer);
  return { killed: exit.signal === 'SIGKILL', code: exit.code, ms: performance.now() - started };
}

/** Runs the CLI to its end, noting when each progress phase was first printed. */
async function stages(args: string[]): Promise<{ code: number | null; stderr: string; exitMs: number; lines: Partial<Record<'issue' | 'render', number>> }> {
  const started = performance.now();
  const run = startCli(args);
  const lines: Partial<Record<'issue' | 'render', number>> = {};
  run.child.stderr!.on('data', () => {
    for (const match of run.out.stderr.matchAll(new RegExp(PHASE.source, 'gm'))) lines[match[1] as 'issue' | 'render'] ??= performance.now() - started;
  });
  const exit = await run.exited;
  return { code: exit.code, stderr: exit.stderr, exitMs: performance.now() - started, lines };
}

async function cli(args: string[]): Promise<unknown> {
  const t = performance.now();
  const r = await runCli(['--data-dir', dataDir, '--json', ...args]);
  trace(`${args.slice(0, 2).join(' ')} ${Math.round(performance.now() - t)} ms`);
  if (r.code !== 0) throw new Error(`ledgerflow ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout) as unknown;
}

function tempFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.tmp')).map((name) => join(dir, name));
}

/** integrity_check, `check sequence` and `audit verify` on the folder as the kill left it. */
function checkDatabase(when: string): void {
  const store = openStore(dataDir);
  try {
    expect(store.db.pragma('integrity_check', { simple: true }), when).toBe('ok');
    expect(store.read((db) => checkSequence(db, businessId)).problems, when).toEqual([]);
    const ledger = store.read((db) => verifyLedger(db));
    expect(ledger.invoices.problems, when).toEqual([]);
    expect(ledger.ok, when).toBe(true);
  } finally {
    store.close();
  }
}

interface BatchState { id: string; status: string; batchInvoices: string[] }

/** The batch that ran `file`, if it was recorded before the kill. */
function batchOf(file: string): BatchState | undefined {
  const store = openStore(dataDir);
  try {
    return store.read((db) => {
      const row = db.prepare("SELECT id, status FROM batches WHERE business_id = ? AND json_extract(config, '$.ordersFile') = ?").get(businessId, file) as { id: string; status: string } | undefined;
      if (!row) return undefined;
      const numbers = (db.prepare('SELECT number FROM invoices WHERE batch_id = ? AND number IS NOT NULL ORDER BY seq').all(row.id) as Array<{ number: string }>).map((r) => r.number);
      return { ...row, batchInvoices: numbers };
    });
  } finally {
    store.close();
  }
}

/** A ZIP at `zip` is absent, or a complete export of exactly `numbers` whose files match SHA256SUMS. */
function assertZipCompleteOrAbsent(zip: string, numbers: string[] | undefined, when: string): boolean {
  if (!existsSync(zip)) return false;
  expect(spawnSync('unzip', ['-tq', zip]).status, `${when}: unzip -t ${zip}`).toBe(0);
  const out = mkdtempSync(join(root, 'unzipped-'));
  try {
    execFileSync('unzip', ['-q', zip, '-d', out]);
    const sums = spawnSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' });
    expect(sums.status, `${when}: sha256sum -c ${sums.stdout}${sums.stderr}`).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { invoices: Array<{ number: string; file: string }> };
    if (numbers) expect(manifest.invoices.map((i) => i.number).sort(), `${when}: the ZIP lists the batch's invoices`).toEqual([...numbers].sort());
    const pdfs = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.pdf'));
    expect(pdfs.length, `${when}: one PDF per listed invoice`).toBe(manifest.invoices.length);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return true;
}

/** Every order invoiced once, numbers 1..N, each invoice exactly one PDF matching its recorded hash. */
function assertWholeFolder(when: string): void {
  const store = openStore(dataDir);
  try {
    store.read((db) => {
      const invoices = db.prepare("SELECT id, number, series_id, seq, fiscal_year, pdf_sha256, pdf_bytes, json_extract(generation_metadata, '$.orderId') AS orderId FROM invoices WHERE business_id = ? AND number IS NOT NULL ORDER BY seq").all(businessId) as Array<{ id: string; number: string; series_id: string; seq: number; fiscal_year: string; pdf_sha256: string | null; pdf_bytes: number | null; orderId: string }>;
      expect(invoices.map((i) => i.orderId).sort(), `${when}: every order invoiced exactly once`).toEqual([...allOrderIds].sort());
      const perOrder = db.prepare('SELECT order_id, COUNT(*) AS n FROM order_invoices WHERE business_id = ? GROUP BY order_id HAVING n <> 1').all(businessId);
      expect(perOrder, `${when}: order keys`).toEqual([]);
      const bySeries = new Map<string, number[]>();
      for (const i of invoices) bySeries.set(i.series_id, [...(bySeries.get(i.series_id) ?? []), i.seq]);
      for (const seqs of bySeries.values()) expect(seqs, `${when}: numbers 1..N in each series`).toEqual(seqs.map((_, i) => i + 1));
      expect(checkSequence(db, businessId).problems).toEqual([]);
      for (const invoice of invoices) {
        const path = pdfPathFor(dataDir, businessId, invoice.fiscal_year, invoice.number);
        expect(existsSync(path), `${when}: PDF of ${invoice.number}`).toBe(true);
        const bytes = readFileSync(path);
        expect(bytes.subarray(0, 5).toString('latin1'), `${when}: ${invoice.number} is a PDF`).toBe('%PDF-');
        expect(createHash('sha256').update(bytes).digest('hex'), `${when}: ${invoice.number} matches its recorded hash`).toBe(invoice.pdf_sha256);
        expect(bytes.length).toBe(invoice.pdf_bytes);
      }
      const files = readdirSync(join(dataDir, 'documents'), { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.pdf'));
      expect(files.length, `${when}: exactly one PDF file per invoice (${files.map((f) => relative(dataDir, f)).slice(0, 3).join(', ')}…)`).toBe(invoices.length);
    });
  } finally {
    store.close();
  }
}

/**
 * What `check files` does (the command is a few lines over these two calls; it is run as a process
 * once at the end, where a process costs less than here after every kill): remove orphaned temp
 * files, list stopped batches. Then no temp file may be left anywhere we write.
 */
function checkFiles(outDir: string, when: string): string[] {
  removeOrphanedTempFiles(dataDir);
  const store = openStore(dataDir);
  let stale: string[];
  try {
    stale = store.read((db) => (db.prepare("SELECT * FROM batches WHERE status = 'running'").all() as BatchRow[]).filter((row) => batchLiveness(row).state === 'stale').map((row) => row.id));
  } finally {
    store.close();
  }
  expect(tempFiles(join(dataDir, 'documents')), `${when}: temp files in documents/`).toEqual([]);
  expect(tempFiles(outDir), `${when}: temp files in the export folder`).toEqual([]);
  return stale;
}

/** Completes an export whose process was killed (the export code itself, in this process). */
async function exportNow(batchId: string, zip: string): Promise<void> {
  const core = await createCore({ dataDir, logger: silentLogger });
  try {
    await exportBatches(core, [batchId], zip);
  } finally {
    await core.close();
  }
}

describe(`SIGKILL campaign of batch and export (seed ${SEED})`, () => {
  it(`${BATCH_KILLS} killed batches and ${EXPORT_KILLS} killed exports: checks pass after each kill, every batch is completed, nothing lost or doubled`, async () => {
    const outDir = join(root, 'out');
    mkdirSync(outDir);
    const landed: Record<string, number> = {};
    const note = (where: string) => (landed[where] = (landed[where] ?? 0) + 1);

    // One uninterrupted run (with progress lines on stderr) tells how long each stage takes here,
    // now: start-up to the first chunk committed ("issue"), PDFs ("render"), then the export. Each
    // kill picks a stage and a random moment inside it, counted from the line that opens the stage,
    // so kills land inside the batch however loaded the machine is.
    const first = ordersFile('calib');
    const calib = await stages(['--data-dir', dataDir, 'batch', '--business', businessId, '--from', first, '--out', join(outDir, 'calib.zip')]);
    expect(calib.code, calib.stderr).toBe(0);
    const batchMs = calib.exitMs;
    const issuedAt = calib.lines.issue ?? batchMs / 2;
    const renderedAt = calib.lines.render ?? issuedAt;
    const stageSpan = [issuedAt, Math.max(renderedAt - issuedAt, 50), Math.max(batchMs - renderedAt, 50)];
    assertWholeFolder('after the calibration run');

    let kills = 0;
    for (let attempt = 0; kills < BATCH_KILLS; attempt++) {
      expect(attempt, `only ${kills} of ${attempt} runs were killed before they ended`).toBeLessThan(BATCH_KILLS * 2);
      const run = `r${attempt}`;
      const when = `run ${run}`;
      const file = ordersFile(run);
      const zip = join(outDir, `${run}.zip`);
      const stage = Math.floor(random() * 3);
      const killAt = Math.round(random() * stageSpan[stage]!);
      const outcome = await runAndKill(['--data-dir', dataDir, 'batch', '--business', businessId, '--from', file, '--out', zip], killAt, stage === 0 ? undefined : stage === 1 ? 'issue' : 'render');
      trace(`${run}: kill ${killAt} ms into stage ${stage}, ${outcome.killed ? 'killed' : 'ended'} after ${Math.round(outcome.ms)} ms`);
      if (outcome.killed) kills += 1;
      else expect(outcome.code, `${when} ended by itself`).toBe(0);

      // As the kill left it: the ledger holds, the ZIP is whole or absent.
      checkDatabase(when);
      const before = batchOf(file);
      const zipThere = assertZipCompleteOrAbsent(zip, before?.status === 'completed' ? before.batchInvoices : undefined, when);
      note(!before ? 'before the batch was recorded' : before.status === 'running' ? `mid-batch (${before.batchInvoices.length} issued)` : zipThere ? 'after the export' : 'between batch and export');

      const stale = checkFiles(outDir, when);
      if (!before) {
        expect(stale).toEqual([]);
        // Killed before the batch was recorded: running the file again issues it once.
        await cli(['batch', '--business', businessId, '--from', file, '--out', zip]);
      } else {
        if (before.status === 'running') {
          expect(stale, `${when}: check files names the stopped batch`).toContain(before.id);
          await cli(['batch', 'resume', before.id]);
        }
        if (!zipThere) await exportNow(before.id, zip);
      }
      const after = batchOf(file)!;
      expect(after.status, when).toBe('completed');
      assertZipCompleteOrAbsent(zip, after.batchInvoices, when);
      expect(existsSync(zip)).toBe(true);
      assertWholeFolder(when);
    }

    // Exports of finished batches, killed: the destination holds a complete ZIP or nothing.
    const store = openStore(dataDir);
    const batchIds = store.read((db) => (db.prepare("SELECT id FROM batches WHERE business_id = ? AND status = 'completed' ORDER BY started_at").all(businessId) as Array<{ id: string }>).map((b) => b.id));
    store.close();
    const e0 = performance.now();
    await cli(['export', '--batch', batchIds[0]!, '--out', join(outDir, 'export-calib.zip')]);
    const exportMs = performance.now() - e0;
    for (let i = 0; i < EXPORT_KILLS; i++) {
      const when = `export kill ${i}`;
      const id = batchIds[Math.floor(random() * batchIds.length)]!;
      const numbers = (() => {
        const s = openStore(dataDir);
        try {
          return (s.db.prepare('SELECT number FROM invoices WHERE batch_id = ? AND number IS NOT NULL').all(id) as Array<{ number: string }>).map((r) => r.number);
        } finally {
          s.close();
        }
      })();
      const zip = join(outDir, `export-${i}.zip`);
      const outcome = await runAndKill(['--data-dir', dataDir, '--json', 'export', '--batch', id, '--out', zip], Math.round(random() * exportMs));
      note(outcome.killed ? 'export killed' : 'export ended first');
      checkDatabase(when);
      const there = assertZipCompleteOrAbsent(zip, numbers, when);
      checkFiles(outDir, when);
      if (!there) await exportNow(id, zip);
      assertZipCompleteOrAbsent(zip, numbers, when);
    }
    assertWholeFolder('at the end');
    // `check files` itself: nothing stopped, nothing to remove.
    expect(await cli(['check', 'files'])).toEqual({ tempFilesRemoved: [], staleBatches: [] });
    console.log(`batch crash campaign, seed ${SEED}: batch+export ${Math.round(batchMs)} ms (issued at ${Math.round(issuedAt)} ms, rendered at ${Math.round(renderedAt)} ms), export ${Math.round(exportMs)} ms; ${kills} batch kills; landed: ${JSON.stringify(landed)}`);
    expect(kills).toBeGreaterThanOrEqual(BATCH_KILLS);
  }, 1_200_000);
});
