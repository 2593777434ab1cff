// `npm run bench -- sync [--invoices 10000] [--seats 4]`
// Pushes a seat's queue to a throwaway PostgreSQL 15 cluster (initdb/pg_ctl on a loopback port,
// as the sync suites do): 10,000 issued invoices with their lines, audit entries and outbox rows
// from one seat, then from 4 seats at once (each its own business, 10,000 invoices each), then a
// no-op push of an empty queue. Reports rows per second, time and the server's CPU time.
// Targets: one seat ≥ 20,000 rows/s and 10,000 invoices in ≤ 5 s; 4 seats together ≥ 40,000
// rows/s; a no-op push (push + the pull that follows it) ≤ 50 ms.
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../src-main/core/create-core.js';
import { createBusiness, validateBusinessInput } from '../../src-main/db/repos/businesses.js';
import { insertCustomer, insertProduct } from '../../src-main/db/repos/catalogue.js';
import { statement } from '../../src-main/db/query.js';
import { runBatch } from '../../src-main/engine/pipeline.js';
import { silentLogger } from '../../src-main/log/logger.js';
import { pushQueue } from '../../src-main/sync/client.js';
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

/** CPU seconds (user + system) of the cluster's postmaster and all its backends so far. */
function serverCpuSeconds(cluster: PgCluster): number {
  const pid = Number(readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const ticks = 100;
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      if (Number(entry) !== pid && ppid !== pid) continue;
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / ticks;
    } catch {
      // the process ended between readdir and read
    }
  }
  return total;
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
    let cpu = serverCpuSeconds(cluster);
    let started = performance.now();
    const pushed = await pushQueue(one.core.store, oneUrl);
    let seconds = (performance.now() - started) / 1000;
    const oneRate = one.rows / seconds;
    const oneMet = oneRate >= 20_000 && (INVOICES < 10_000 || seconds <= 5);
    ok &&= oneMet;
    results.push({ scenario: '1 seat', invoices: INVOICES, rows: one.rows, seconds: +seconds.toFixed(2), rowsPerSecond: Math.round(oneRate), serverCpuSeconds: +(serverCpuSeconds(cluster) - cpu).toFixed(2), pushed: pushed.pushed, pending: pushed.pending, target: '≥ 20,000 rows/s, 10,000 invoices ≤ 5 s', met: oneMet });

    // No-op push of an empty queue (and the pull after it).
    const ctx = { store: one.core.store, secrets: fileSecretStore(one.dir), env: { LEDGERFLOW_SYNC_URL: oneUrl } };
    const noops: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await pushNow(ctx);
      noops.push(performance.now() - t);
    }
    const noop = noops.sort((a, b) => a - b)[2]!;
    ok &&= noop <= 50;
    results.push({ scenario: 'no-op push + pull', invoices: 0, rows: 0, seconds: +(noop / 1000).toFixed(3), rowsPerSecond: 0, serverCpuSeconds: 0, target: '≤ 50 ms (median of 5)', met: noop <= 50 });

    // Several seats at once, each its own business.
    const many: Seat[] = [];
    for (let i = 0; i < SEATS; i++) many.push(await seatWithInvoices(`Bench Seat ${i + 1}`, INVOICES));
    seats.push(...many);
    const urls: string[] = [];
    for (const [i, seat] of many.entries()) urls.push(await connect(seat, owner, `seat${i + 1}`));
    cpu = serverCpuSeconds(cluster);
    started = performance.now();
    const reports = await Promise.all(many.map((seat, i) => pushQueue(seat.core.store, urls[i]!)));
    seconds = (performance.now() - started) / 1000;
    const rows = many.reduce((sum, s) => sum + s.rows, 0);
    const manyRate = rows / seconds;
    ok &&= manyRate >= 40_000;
    results.push({ scenario: `${SEATS} seats at once`, invoices: INVOICES * SEATS, rows, seconds: +seconds.toFixed(2), rowsPerSecond: Math.round(manyRate), serverCpuSeconds: +(serverCpuSeconds(cluster) - cpu).toFixed(2), pushed: reports.reduce((s, r) => s + r.pushed, 0), pending: reports.reduce((s, r) => s + r.pending, 0), target: '≥ 40,000 rows/s together', met: manyRate >= 40_000 });
  } finally {
    for (const seat of seats) {
      await seat.core.close();
      removeDir(seat.dir);
    }
    cluster.stop();
  }
  console.log('scenario             invoices     rows   seconds   rows/s  server CPU s  target                                   met');
  for (const r of results) {
    console.log(`${String(r.scenario).padEnd(20)} ${String(r.invoices).padStart(8)} ${String(r.rows).padStart(8)} ${String(r.seconds).padStart(9)} ${String(r.rowsPerSecond).padStart(8)} ${String(r.serverCpuSeconds).padStart(13)}  ${String(r.target).padEnd(40)} ${r.met ? 'yes' : 'NO'}`);
  }
  console.log(`load average (1 min): ${loadavg()[0]!.toFixed(2)}`);
  console.log(JSON.stringify({ bench: 'sync', ok, loadAverage: loadavg()[0], results }));
  process.exitCode = ok ? 0 : 1;
}

await main();
