// `npm run bench -- numbering [--duration S] [--scenario NAME,…] [--dir DIR]`
// Rows marked "(before)" are one synchronous caller per process, one transaction per request (the
// code before group commit); "group" rows are 16 concurrent one-invoice requests per process through
// Store.writeGrouped (group commit), in the same run for a like-for-like comparison.
// Issued invoices per second, each with 5 lines + its audit and outbox rows, numbered inside the
// BEGIN IMMEDIATE transaction that writes it (synchronous=FULL, WAL): one invoice per transaction
// and chunks of 500, with 1 and 4 processes on one database file all issuing from ONE series (the
// hardest case for numbering). Per process: its share, and p50/p99/max wait for the write lock.
// At the end every scenario's file is checked for duplicate and missing numbers.
import Database from 'better-sqlite3';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src-main/db/store.js';
import { checkSequence } from '../../src-main/numbering/numbering.js';
import { verifyAudit } from '../../src-main/audit/audit.js';
import { loadSeeded, seedBusiness } from '../helpers/seed.js';
import { issueInvoicesForBench, issueInvoicesIn } from '../helpers/issue.js';
import { makeTempDir, removeDir } from '../helpers/temp.js';

interface Scenario {
  name: string;
  processes: number;
  chunk: number;
  /**
   * 0: one synchronous caller per process, one transaction per request (the code before group
   * commit: the "before" figures). N > 0: N concurrent requests per process through
   * Store.writeGrouped, each request one invoice, sharing transactions (group commit).
   */
  concurrency: number;
  /** Minimum invoices per second over all processes (0: shown for comparison, no verdict). */
  target: number;
  /** Minimum share of each process. */
  minShare: number;
}

const SCENARIOS: Scenario[] = [
  { name: '1proc-1/txn (before)', processes: 1, chunk: 1, concurrency: 0, target: 0, minShare: 0 },
  { name: '1proc-1/req group', processes: 1, chunk: 1, concurrency: 16, target: 3_000, minShare: 0 },
  { name: '1proc-500/txn', processes: 1, chunk: 500, concurrency: 0, target: 20_000, minShare: 0 },
  { name: '4proc-1/txn (before)', processes: 4, chunk: 1, concurrency: 0, target: 0, minShare: 0.1 },
  { name: '4proc-1/req group', processes: 4, chunk: 1, concurrency: 16, target: 1_500, minShare: 0.2 },
  { name: '4proc-500/txn', processes: 4, chunk: 500, concurrency: 0, target: 20_000, minShare: 0.1 },
];
const MAX_WAIT_MS = 500;

interface WorkerConfig {
  dataDir: string;
  businessId: string;
  chunk: number;
  concurrency: number;
  durationMs: number;
}

interface WorkerResult {
  pid: number;
  invoices: number;
  transactions: number;
  elapsedMs: number;
  waitP50: number;
  waitP99: number;
  waitMax: number;
  /** CPU time (user + system) this process spent per invoice, µs: a figure other load hardly changes. */
  cpuUsPerInvoice: number;
  errors: string[];
}

type FromParent = { type: 'go' };
type FromWorker = { type: 'ready' } | { type: 'done'; result: WorkerResult };

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

// ---- worker process -------------------------------------------------------------------------
function runWorker(config: WorkerConfig): void {
  const store = openStore(config.dataDir);
  const seeded = loadSeeded(store.db, config.businessId);
  const request = { businessId: seeded.businessId, series: seeded.invoiceSeries, fiscalYearStartMonth: seeded.fiscalYearStartMonth, date: '2026-01-15', count: config.chunk, actor: 'bench' };
  process.send!({ type: 'ready' } satisfies FromWorker);
  process.once('message', (message: FromParent) => {
    if (message.type !== 'go') return;
    let waits = new Float64Array(1 << 14);
    let transactions = 0;
    let invoices = 0;
    const errors: string[] = [];
    const record = (ms: number) => {
      if (transactions === waits.length) {
        const grown = new Float64Array(waits.length * 2);
        grown.set(waits);
        waits = grown;
      }
      waits[transactions++] = ms;
    };
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const deadline = started + config.durationMs;
    const finish = () => {
      const elapsedMs = performance.now() - started;
      const cpu = process.cpuUsage(cpuStart);
      const sorted = waits.slice(0, transactions).sort();
      const result: WorkerResult = {
        pid: process.pid, invoices, transactions, elapsedMs,
        waitP50: quantile(sorted, 0.5), waitP99: quantile(sorted, 0.99), waitMax: sorted.length ? sorted[sorted.length - 1]! : 0,
        cpuUsPerInvoice: invoices === 0 ? 0 : (cpu.user + cpu.system) / invoices, errors,
      };
      store.close();
      process.send!({ type: 'done', result } satisfies FromWorker, () => process.exit(0));
    };
    if (config.concurrency === 0) {
      // Before: one synchronous caller, one transaction per request; the wait is the lock wait.
      while (performance.now() < deadline) {
        try {
          issueInvoicesForBench(store, request);
          invoices += config.chunk;
        } catch (error) {
          if (errors.length < 5) errors.push(String((error as Error).message));
        }
        record(store.lastLockWaitMs);
      }
      finish();
      return;
    }
    // Group commit: N callers, each awaiting its own durable invoice; the wait is the whole
    // request (queueing, lock, writing, COMMIT) as its caller sees it.
    const client = async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await store.writeGrouped((db) => issueInvoicesIn(db, request));
          invoices += config.chunk;
        } catch (error) {
          if (errors.length < 5) errors.push(String((error as Error).message));
        }
        record(performance.now() - t0);
      }
    };
    void Promise.all(Array.from({ length: config.concurrency }, client)).then(finish);
  });
}

// ---- parent ---------------------------------------------------------------------------------
interface ScenarioResult {
  scenario: string;
  processes: number;
  chunk: number;
  durationS: number;
  invoices: number;
  perSecond: number;
  target: number;
  shares: number[];
  workers: Array<Omit<WorkerResult, 'errors'> & { share: number }>;
  /** Cost of an empty durable commit measured just before the scenario (ms). */
  commitProbeMs: { p50: number; mean: number };
  /** 1 min load average before and after the scenario (2 cores: above 2 means others competed for the CPU). */
  loadBefore: number;
  loadAfter: number;
  duplicates: number;
  gaps: number;
  sequenceOk: boolean;
  auditOk: boolean;
  errors: string[];
  pass: { throughput: boolean; noDuplicatesOrGaps: boolean; fairShare: boolean; maxWait: boolean };
}

function parseArgs(argv: string[]): { durationS: number; scenarios: Scenario[]; dir?: string } {
  let durationS = Number(process.env.LEDGERFLOW_BENCH_DURATION ?? 10);
  let names: string[] | undefined;
  let dir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--duration') durationS = Number(argv[++i]);
    else if (arg === '--scenario') names = argv[++i]!.split(',');
    else if (arg === '--dir') dir = argv[++i];
    else throw new Error(`numbering bench: unknown argument ${arg}; use --duration S, --scenario ${SCENARIOS.map((s) => s.name).join(',')}, --dir DIR`);
  }
  if (!(durationS > 0)) throw new Error('numbering bench: --duration must be a positive number of seconds');
  const scenarios = names ? names.map((name) => {
    const found = SCENARIOS.find((s) => s.name === name);
    if (!found) throw new Error(`numbering bench: unknown scenario ${name}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    return found;
  }) : SCENARIOS;
  return { durationS, scenarios, ...(dir ? { dir } : {}) };
}

/**
 * What one durable commit costs on this disk right now: 200 × (BEGIN IMMEDIATE, one small INSERT,
 * COMMIT) with WAL and synchronous=FULL. One invoice per transaction cannot beat 1/this.
 */
function probeCommitMs(parentDir: string | undefined): { p50: number; mean: number } {
  const dir = parentDir ? mkdtempSync(join(parentDir, 'probe-')) : makeTempDir('ledgerflow-probe-');
  try {
    const db = new Database(join(dir, 'probe.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (x INTEGER)');
    const begin = db.prepare('BEGIN IMMEDIATE');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const commit = db.prepare('COMMIT');
    const times = new Float64Array(200);
    for (let i = 0; i < times.length; i++) {
      const t0 = performance.now();
      begin.run();
      insert.run(i);
      commit.run();
      times[i] = performance.now() - t0;
    }
    db.close();
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    return { p50: Number(quantile(times.sort(), 0.5).toFixed(3)), mean: Number(mean.toFixed(3)) };
  } finally {
    removeDir(dir);
  }
}

function waitFor(child: ChildProcess, type: FromWorker['type']): Promise<FromWorker> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromWorker) => {
      if (message.type === type) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      }
    };
    const onExit = (code: number | null, signal: string | null) => reject(new Error(`bench worker ${child.pid} exited (${code ?? signal}) before sending ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function runScenario(scenario: Scenario, durationS: number, parentDir: string | undefined): Promise<ScenarioResult> {
  const dataDir = parentDir ? mkdtempSync(join(parentDir, 'numbering-')) : makeTempDir('ledgerflow-bench-');
  try {
    const store = openStore(dataDir);
    const { businessId } = seedBusiness(store, { name: 'Bench Traders' });
    store.close();
    const config: WorkerConfig = { dataDir, businessId, chunk: scenario.chunk, concurrency: scenario.concurrency, durationMs: durationS * 1000 };
    const commitProbeMs = probeCommitMs(parentDir);
    const loadBefore = loadavg()[0]!;
    const self = fileURLToPath(import.meta.url);
    const children = Array.from({ length: scenario.processes }, () => fork(self, ['--worker', JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    await Promise.all(children.map((child) => waitFor(child, 'ready')));
    const done = children.map((child) => waitFor(child, 'done'));
    for (const child of children) child.send({ type: 'go' } satisfies FromParent);
    const results = (await Promise.all(done)).map((message) => (message as Extract<FromWorker, { type: 'done' }>).result);
    const loadAfter = loadavg()[0]!;

    const check = openStore(dataDir);
    const report = check.read((db) => checkSequence(db, businessId));
    const audit = check.read((db) => verifyAudit(db));
    const counts = check.db.prepare(`SELECT COUNT(*) AS rows, COUNT(DISTINCT fiscal_year || ':' || seq) AS distinctSeqs, COALESCE(MAX(seq), 0) AS maxSeq
      FROM invoices WHERE business_id = ? AND seq IS NOT NULL`).get(businessId) as { rows: number; distinctSeqs: number; maxSeq: number };
    check.close();

    const invoices = results.reduce((sum, r) => sum + r.invoices, 0);
    const elapsedS = Math.max(...results.map((r) => r.elapsedMs)) / 1000;
    const duplicates = counts.rows - counts.distinctSeqs;
    // Numbers below the highest one that no invoice carries (one fiscal year in this benchmark).
    const gaps = counts.maxSeq - counts.distinctSeqs;
    const shares = results.map((r) => (invoices === 0 ? 0 : r.invoices / invoices));
    const perSecond = invoices / elapsedS;
    return {
      scenario: scenario.name, processes: scenario.processes, chunk: scenario.chunk, durationS: Number(elapsedS.toFixed(2)), invoices, perSecond: Math.round(perSecond), target: scenario.target, shares,
      workers: results.map(({ errors: _errors, ...r }, i) => ({ ...r, share: shares[i]! })),
      commitProbeMs, loadBefore: Number(loadBefore.toFixed(2)), loadAfter: Number(loadAfter.toFixed(2)),
      duplicates, gaps, sequenceOk: report.ok, auditOk: audit.ok, errors: results.flatMap((r) => r.errors),
      pass: {
        throughput: perSecond >= scenario.target,
        noDuplicatesOrGaps: duplicates === 0 && gaps === 0 && report.ok && counts.rows === invoices,
        fairShare: scenario.processes === 1 || shares.every((share) => share >= scenario.minShare),
        // The "before" rows are for comparison: no verdict on their waits.
        maxWait: scenario.target === 0 || results.every((r) => r.waitMax <= MAX_WAIT_MS),
      },
    };
  } finally {
    removeDir(dataDir);
  }
}

function printTable(results: ScenarioResult[]): void {
  const ms = (n: number) => n.toFixed(2);
  const rows: string[][] = [['scenario', 'inv/s', 'target', 'invoices', 'proc', 'share', 'wait p50 ms', 'p99 ms', 'max ms', 'cpu µs/inv', 'dup', 'gaps', 'seq+audit', 'load', 'verdict']];
  for (const r of results) {
    const verdict = Object.entries(r.pass).filter(([, ok]) => !ok).map(([name]) => name);
    r.workers.forEach((w, i) => {
      rows.push([
        i === 0 ? r.scenario : '', i === 0 ? String(r.perSecond) : '', i === 0 ? (r.target ? `>=${r.target}` : 'before') : '', String(w.invoices), `#${i + 1}`,
        `${(w.share * 100).toFixed(1)}%`, ms(w.waitP50), ms(w.waitP99), ms(w.waitMax), w.cpuUsPerInvoice.toFixed(1),
        i === 0 ? String(r.duplicates) : '', i === 0 ? String(r.gaps) : '', i === 0 ? (r.sequenceOk && r.auditOk ? 'ok' : 'BROKEN') : '',
        i === 0 ? `${r.loadBefore.toFixed(1)}→${r.loadAfter.toFixed(1)}` : '',
        i === 0 ? (verdict.length === 0 ? 'PASS' : `MISS: ${verdict.join(', ')}`) : '',
      ]);
    });
  }
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, col) => (col === 0 || col === 14 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  '));
    if (index === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

async function main(): Promise<void> {
  const { durationS, scenarios, dir } = parseArgs(process.argv.slice(2));
  console.log(`numbering: ${durationS} s per scenario, synchronous=FULL, WAL, 5 lines + audit + outbox per invoice, node ${process.version}, ${cpus().length} cores (other work on the machine perturbs the figures)`);
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    results.push(await runScenario(scenario, durationS, dir));
    const r = results[results.length - 1]!;
    console.log(`  ${r.scenario}: ${r.perSecond} invoices/s (an empty durable commit cost ${r.commitProbeMs.p50} ms p50, ${r.commitProbeMs.mean} ms mean just before)${r.errors.length ? `, errors: ${r.errors.join(' | ')}` : ''}`);
  }
  console.log('');
  printTable(results);
  const allPass = results.every((r) => Object.values(r.pass).every(Boolean));
  console.log(JSON.stringify({ bench: 'numbering', node: process.version, durationS, allPass, results }));
  process.exitCode = allPass ? 0 : 1;
}

const workerIndex = process.argv.indexOf('--worker');
if (workerIndex >= 0) runWorker(JSON.parse(process.argv[workerIndex + 1]!) as WorkerConfig);
else await main();
