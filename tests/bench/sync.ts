// `npm run bench -- sync [--invoices 10000] [--seats 4]`
// Pushes a seat's queue to a throwaway PostgreSQL 15 cluster (initdb/pg_ctl on a loopback port,
// as the sync suites do): 10,000 issued invoices with their lines, audit entries and outbox rows
// from one seat, then from 4 seats at once (each its own business, 10,000 invoices each), then a
// no-op push of an empty queue. Reports rows per second, time and the server's CPU time (the
// postmaster and every backend, measured after the seats' backends have exited).
// Targets: one seat ≥ 20,000 rows/s and 10,000 invoices in ≤ 5 s; 4 seats together ≥ 40,000
// rows/s; a no-op push ≤ 50 ms. The no-op is measured four ways: the push alone in-process (an
// empty queue opens no connection), `pushNow` in-process (the push and the pull that follows it:
// one statement) on a new connection and on a kept one (the figure the target is judged on: the
// app's background loop and its "Push now" keep their connection open between rounds), and
// `ledgerflow sync push` as a new process (node start, opening the data folder, login, push, pull).
import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main as cliMain } from '../../src-main/cli/main.js';
import { createCore, type Core } from '../../src-main/core/create-core.js';
import { createBusiness, validateBusinessInput } from '../../src-main/db/repos/businesses.js';
import { insertCustomer, insertProduct } from '../../src-main/db/repos/catalogue.js';
import { statement } from '../../src-main/db/query.js';
import { runBatch } from '../../src-main/engine/pipeline.js';
import { silentLogger } from '../../src-main/log/logger.js';
import { pushQueue } from '../../src-main/sync/client.js';
import { keptConnection } from '../../src-main/sync/connection.js';
import { fileSecretStore } from '../../src-main/sync/credentials.js';
import { addSeat, initServer } from '../../src-main/sync/server.js';
import { connectSeat, pushNow } from '../../src-main/sync/service.js';
import { startPgCluster, type PgCluster } from '../helpers/pg-cluster.js';
import { makeTempDir, removeDir } from '../helpers/temp.js';

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const INVOICES = arg('invoices', 10_000);
const SEATS = arg('seats', 4);

/** The cluster's postmaster and its children (backends and background processes) now. */
function serverProcesses(cluster: PgCluster): Array<{ pid: number; cpu: number; backendOf?: string }> {
  const pid = Number(readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const out: Array<{ pid: number; cpu: number; backendOf?: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(entry) !== pid && Number(fields[1]) !== pid) continue;
      // utime + stime, and for the postmaster also its reaped children's (exited backends).
      const cpu = (Number(fields[11]) + Number(fields[12]) + (Number(entry) === pid ? Number(fields[13]) + Number(fields[14]) : 0)) / 100;
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.push({ pid: Number(entry), cpu, backendOf: /postgres: (lf_\S+)/.exec(title)?.[1] });
    } catch {
      // the process ended between readdir and read
    }
  }
  return out;
}

/** CPU seconds (user + system) of the server so far, once no seat backend is left running. */
async function serverCpuSeconds(cluster: PgCluster): Promise<number> {
  for (let i = 0; i < 100 && serverProcesses(cluster).some((p) => p.backendOf); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return serverProcesses(cluster).reduce((sum, p) => sum + p.cpu, 0);
}

/** `ledgerflow sync push --json` in a new process, as a script would run it; returns the wall time. */
async function cliPush(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = fork(fileURLToPath(import.meta.url), ['--cli', dataDir], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`bench: ledgerflow sync push exited ${code}: ${out}`);
  return ms;
}

interface Seat {
  core: Core;
  dir: string;
  businessId: string;
  rows: number;
}

async function seatWithInvoices(name: string, count: number): Promise<Seat> {
  const dir = makeTempDir('lf-bench-sync-');
  const core = await createCore({ dataDir: dir, logger: silentLogger });
  const business = createBusiness(core.store, validateBusinessInput({
    name, address: 'Pune', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: true,
  }, core.plugins), 'bench');
  core.store.write((db) => {
    for (let i = 0; i < 20; i++) insertProduct(db, business.id, { sku: `P-${i}`, name: `Product ${i}`, hsn: '6205', unit: 'PCS', priceMinor: BigInt(10_000 + i * 1_250), currency: 'INR', taxRate: ['5', '18', '40'][i % 3]! });
    for (let i = 0; i < 10; i++) insertCustomer(db, business.id, { name: `Customer ${i}`, stateCode: i % 2 ? '27' : '29', countryCode: 'IN', address: 'India' });
  });
  const report = await runBatch(core, { source: 'simulation', businessId: business.id, count, profile: 'basic', seed: name, pdf: false, chunkSize: 500, startDate: '2026-05-01', endDate: '2026-05-31' }, { today: '2026-06-01' });
  if (report.created !== count) throw new Error(`bench: ${name} created ${report.created} of ${count} invoices: ${JSON.stringify(report.failures?.slice(0, 3))}`);
  const rows = core.store.read((db) => statement(db, `SELECT (SELECT count(*) FROM invoices) + (SELECT count(*) FROM invoice_lines)
    + (SELECT count(*) FROM audit_log WHERE business_id IS NOT NULL) + (SELECT count(*) FROM outbox) AS n`).get() as { n: number }).n;
  return { core, dir, businessId: business.id, rows };
}

async function connect(seat: Seat, owner: string, name: string): Promise<string> {
  const url = (await addSeat(owner, { businesses: [seat.businessId], seat: name })).url;
  // Connect pulls; the queue (everything above) is then pushed by the measured phase.
  await connectSeat({ store: seat.core.store, secrets: fileSecretStore(seat.dir), env: {} }, url);
  return url;
}

async function main(): Promise<void> {
  const cluster = await startPgCluster();
  const seats: Seat[] = [];
  const results: Array<Record<string, unknown>> = [];
  let ok = true;
  try {
    const owner = await cluster.createDatabase('bench');
    await initServer(owner);

    // One seat.
    const one = await seatWithInvoices('Bench One', INVOICES);
    seats.push(one);
    const oneUrl = await connect(one, owner, 'one');
    let cpu = await serverCpuSeconds(cluster);
    let started = performance.now();
    const pushed = await pushQueue(one.core.store, oneUrl);
    let seconds = (performance.now() - started) / 1000;
    const oneCpu = await serverCpuSeconds(cluster) - cpu;
    const oneRate = one.rows / seconds;
    const oneMet = oneRate >= 20_000 && (INVOICES < 10_000 || seconds <= 5);
    ok &&= oneMet;
    results.push({ scenario: '1 seat', invoices: INVOICES, rows: one.rows, seconds: +seconds.toFixed(2), rowsPerSecond: Math.round(oneRate), serverCpuSeconds: +oneCpu.toFixed(2), pushed: pushed.pushed, pending: pushed.pending, target: '≥ 20,000 rows/s, 10,000 invoices ≤ 5 s', met: oneMet });

    // No-op push of an empty queue: median of 5 each way.
    const ctx = { store: one.core.store, secrets: fileSecretStore(one.dir), env: { LEDGERFLOW_SYNC_URL: oneUrl } };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const timed = async (fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };
    const samples = async (fn: () => Promise<number>) => {
      const xs: number[] = [];
      for (let i = 0; i < 5; i++) xs.push(await fn());
      return median(xs);
    };
    const pushOnly = await samples(() => timed(() => pushQueue(one.core.store, oneUrl)));
    const pushPullFresh = await samples(() => timed(() => pushNow(ctx)));
    // As the app's loop runs it: its connection is kept open between rounds (opened by a first round).
    const connection = keptConnection();
    await pushNow({ ...ctx, connection });
    const pushPull = await samples(() => timed(() => pushNow({ ...ctx, connection })));
    await connection.close();
    await one.core.close();
    const viaCli = await samples(() => cliPush(one.dir));
    one.core = await createCore({ dataDir: one.dir, logger: silentLogger });
    ok &&= pushPull <= 50;
    results.push({ scenario: 'no-op push (in-process)', invoices: 0, rows: 0, seconds: +(pushOnly / 1000).toFixed(4), rowsPerSecond: 0, serverCpuSeconds: 0, target: 'reported (no connection is opened)', met: true });
    results.push({ scenario: 'no-op push + pull (new connection)', invoices: 0, rows: 0, seconds: +(pushPullFresh / 1000).toFixed(4), rowsPerSecond: 0, serverCpuSeconds: 0, target: 'reported (login + cold backend)', met: true });
    results.push({ scenario: 'no-op push + pull (kept connection)', invoices: 0, rows: 0, seconds: +(pushPull / 1000).toFixed(4), rowsPerSecond: 0, serverCpuSeconds: 0, target: '≤ 50 ms (median of 5)', met: pushPull <= 50 });
    results.push({ scenario: 'no-op `sync push` (CLI process)', invoices: 0, rows: 0, seconds: +(viaCli / 1000).toFixed(3), rowsPerSecond: 0, serverCpuSeconds: 0, target: 'reported (includes node start)', met: true });

    // Several seats at once, each its own business.
    const many: Seat[] = [];
    for (let i = 0; i < SEATS; i++) many.push(await seatWithInvoices(`Bench Seat ${i + 1}`, INVOICES));
    seats.push(...many);
    const urls: string[] = [];
    for (const [i, seat] of many.entries()) urls.push(await connect(seat, owner, `seat${i + 1}`));
    cpu = await serverCpuSeconds(cluster);
    started = performance.now();
    const reports = await Promise.all(many.map((seat, i) => pushQueue(seat.core.store, urls[i]!)));
    seconds = (performance.now() - started) / 1000;
    const manyCpu = await serverCpuSeconds(cluster) - cpu;
    const rows = many.reduce((sum, s) => sum + s.rows, 0);
    const manyRate = rows / seconds;
    ok &&= manyRate >= 40_000;
    results.push({ scenario: `${SEATS} seats at once`, invoices: INVOICES * SEATS, rows, seconds: +seconds.toFixed(2), rowsPerSecond: Math.round(manyRate), serverCpuSeconds: +manyCpu.toFixed(2), pushed: reports.reduce((s, r) => s + r.pushed, 0), pending: reports.reduce((s, r) => s + r.pending, 0), target: '≥ 40,000 rows/s together', met: manyRate >= 40_000 });
  } finally {
    for (const seat of seats) {
      await seat.core.close();
      removeDir(seat.dir);
    }
    cluster.stop();
  }
  console.log(`${'scenario'.padEnd(32)} invoices     rows   seconds   rows/s  server CPU s  target                                   met`);
  for (const r of results) {
    console.log(`${String(r.scenario).padEnd(32)} ${String(r.invoices).padStart(8)} ${String(r.rows).padStart(8)} ${String(r.seconds).padStart(9)} ${String(r.rowsPerSecond).padStart(8)} ${String(r.serverCpuSeconds).padStart(13)}  ${String(r.target).padEnd(40)} ${r.met ? 'yes' : 'NO'}`);
  }
  console.log(`load average (1 min): ${loadavg()[0]!.toFixed(2)}`);
  console.log(JSON.stringify({ bench: 'sync', ok, loadAverage: loadavg()[0], results }));
  process.exitCode = ok ? 0 : 1;
}

if (process.argv[2] === '--cli') {
  process.exitCode = await cliMain(['--data-dir', process.argv[3]!, '--json', 'sync', 'push']);
} else {
  await main();
}
