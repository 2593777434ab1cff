// `npm run bench -- batch [--sizes 100,1000,10000] [--loop 1000] [--skip-pdf]`
// The generation engine end to end on mixed GST + Bahrain VAT batches (1–15 lines each): each
// scenario runs in its own child process so its peak RSS is its own. With PDFs, the ZIP export of
// the batches is included in the time. Then a loop of small batches in one process checks that
// memory does not creep (RSS at run 1,000 within 5% of run 100). After each run with PDFs (off the
// clock) every PDF on disk is parsed again in-process and every 50th is checked by qpdf --check and
// pdfinfo: the table reports the invalid count.
// Targets (2-core machine): 10,000 invoices with PDFs and ZIP ≤ 90 s; without PDFs
// ≥ 5,000 invoices/s; peak RSS < 400 MB (since the Typst engine); loop RSS growth < 5%.
import { fork, spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../../src-main/core/create-core.js';
import { exportBatches, openPdfRenderer } from '../../src-main/core/services.js';
import { createBusiness, validateBusinessInput } from '../../src-main/db/repos/businesses.js';
import { insertProduct } from '../../src-main/db/repos/catalogue.js';
import { runBatch } from '../../src-main/engine/pipeline.js';
import { inspectPdf } from '../../src-main/pdf/verify.js';
import { silentLogger } from '../../src-main/log/logger.js';
import { toMinorUnits } from '../../src-shared/money/index.js';
import { makeTempDir } from '../helpers/temp.js';
import { readFileSync } from 'node:fs';
import { packageRoot } from '../../src-main/runtime/paths.js';

interface ScenarioResult {
  name: string;
  invoices: number;
  pdf: boolean;
  seconds: number;
  perSecond: number;
  peakRssMb: number;
  failed: number;
  target: string;
  met: boolean;
  phasesMs: Record<string, number>;
  /** CPU time (user + system, all threads of the child) from the first batch to the end, per invoice. */
  cpuMsPerInvoice: number;
  /** Invoices per CPU-second: what the wall-clock rate would be with one idle core. */
  perCpuSecond: number;
  /** 1-minute load average when the scenario ended (the machine is shared: wall clock is noisy). */
  loadAverage: number;
  /** With PDFs: every PDF checked again after the run. */
  validity?: Validity;
}


async function seededCore(dataDir: string): Promise<{ core: Core; gst: string; vat: string }> {
  const core = await createCore({ dataDir, logger: silentLogger });
  const catalogue = JSON.parse(readFileSync(join(packageRoot(), 'resources', 'demo', 'catalogue.json'), 'utf8')) as { products: Record<string, Array<{ sku: string; name: string; hsn: string; unit: string; price: string; taxRate: string; taxCategory: string; kind: 'goods' | 'services' }>> };
  const ids: string[] = [];
  for (const [key, fields] of [
    ['in', { name: 'Bench GST Traders', address: 'Pune', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: true }],
    ['bh', { name: 'Bench VAT Trading', address: 'Manama', countryCode: 'BH', taxRegime: 'vat-bh', taxId: '220004567800003', currency: 'BHD', sandbox: true }],
  ] as const) {
    const business = createBusiness(core.store, validateBusinessInput(fields, core.plugins), 'bench');
    core.store.write((db) => {
      for (const p of catalogue.products[key]!) insertProduct(db, business.id, { sku: p.sku, name: p.name, hsn: p.hsn, unit: p.unit, kind: p.kind, priceMinor: toMinorUnits(p.price, business.currency), currency: business.currency, taxRate: p.taxCategory === 'standard' ? p.taxRate : '0', taxCategory: p.taxCategory });
    });
    ids.push(business.id);
  }
  return { core, gst: ids[0]!, vat: ids[1]! };
}

interface Validity {
  pdfs: number;
  /** Failed the in-process parse (structure, page tree, text extraction with the invoice number). */
  invalid: number;
  /** A sample checked by tools the project did not write: qpdf --check and pdfinfo. */
  sampled: number;
  sampleInvalid: number;
  problems: string[];
}

/** Every PDF under `dir`: parsed in-process (inspectPdf); every 50th also by qpdf --check and pdfinfo. */
function checkAllPdfs(dir: string): Validity {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.pdf')) files.push(join(d, e.name));
    }
  };
  walk(dir);
  const v: Validity = { pdfs: files.length, invalid: 0, sampled: 0, sampleInvalid: 0, problems: [] };
  for (const [i, file] of files.entries()) {
    try {
      const { text } = inspectPdf(readFileSync(file));
      if (text.trim().length === 0) throw new Error('no text');
    } catch (e) {
      v.invalid++;
      if (v.problems.length < 10) v.problems.push(`${file}: ${(e as Error).message}`);
    }
    if (i % 50 !== 0) continue;
    v.sampled++;
    const qpdf = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
    // Debian poppler 22 misreads Typst's valid /Suspects false on tagged PDFs (see the PDF notes).
    const stderr = info.stderr.split('\n').filter((l) => l && !l.includes('Suspects object is wrong type')).join('\n');
    if (qpdf.status !== 0 || info.status !== 0 || stderr) {
      v.sampleInvalid++;
      if (v.problems.length < 10) v.problems.push(`${file}: qpdf ${qpdf.status} pdfinfo ${info.status} ${stderr}`);
    }
  }
  return v;
}

/** One scenario, in this (child) process. */
async function scenario(size: number, pdf: boolean): Promise<void> {
  const dir = makeTempDir('lf-bench-batch-');
  const { core, gst, vat } = await seededCore(dir);
  const renderer = pdf ? await openPdfRenderer(core) : undefined;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let failed = 0;
  const batchIds: string[] = [];
  const phases: Record<string, number> = {};
  for (const [businessId, count] of [[gst, Math.ceil(size / 2)], [vat, Math.floor(size / 2)]] as const) {
    if (count === 0) continue;
    const report = await runBatch(core, { source: 'simulation', businessId, count, profile: 'realistic', seed: `bench-${size}`, maxLines: 15, pdf, chunkSize: 500 }, { pdf: renderer });
    failed += report.failed;
    batchIds.push(report.batchId);
    for (const [phase, ms] of Object.entries(report.timings)) phases[phase] = (phases[phase] ?? 0) + ms;
  }
  const exportStarted = performance.now();
  if (pdf) await exportBatches(core, batchIds, join(dir, 'bench.zip'));
  phases.export = Math.round(performance.now() - exportStarted);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  await renderer?.close();
  await core.close();
  // After the clock: every PDF on disk checked again (not counted in the time).
  const validity = pdf ? checkAllPdfs(dir) : undefined;
  rmSync(dir, { recursive: true, force: true });
  process.send!({ seconds, failed, phases, validity, peakRssMb: process.resourceUsage().maxRSS / 1024, cpuMs: (cpu.user + cpu.system) / 1000, loadAverage: loadavg()[0]! });
}

/** The loop of small batches in one process: RSS after run 100 vs after the last run. */
async function loop(runs: number): Promise<void> {
  const dir = makeTempDir('lf-bench-loop-');
  const { core, gst, vat } = await seededCore(dir);
  let rssAt100 = 0;
  for (let i = 1; i <= runs; i++) {
    await runBatch(core, { source: 'simulation', businessId: i % 2 ? gst : vat, count: 5, profile: 'basic', seed: String(i), pdf: false }, {});
    if (i === 100) {
      globalThis.gc?.();
      rssAt100 = process.memoryUsage().rss;
    }
  }
  globalThis.gc?.();
  const rssEnd = process.memoryUsage().rss;
  await core.close();
  rmSync(dir, { recursive: true, force: true });
  process.send!({ rssAt100, rssEnd });
}

function child<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    // LEDGERFLOW_BENCH_PROFILE=DIR writes a V8 CPU profile of each child there.
    const profile = process.env.LEDGERFLOW_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LEDGERFLOW_BENCH_PROFILE}`] : [];
    const proc = fork(fileURLToPath(import.meta.url), args, { execArgv: ['--expose-gc', ...profile], stdio: 'inherit' });
    let message: T | undefined;
    proc.on('message', (m) => (message = m as T));
    proc.on('exit', (code) => (message !== undefined ? resolve(message) : reject(new Error(`bench child ${args.join(' ')} exited ${code}`))));
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child-scenario') return scenario(Number(args[1]), args[2] === 'pdf');
  if (args[0] === '--child-loop') return loop(Number(args[1]));
  const option = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const sizes = (option('--sizes') ?? '100,1000,10000').split(',').map(Number);
  const loopRuns = Number(option('--loop') ?? 1000);
  const skipPdf = args.includes('--skip-pdf');
  const results: ScenarioResult[] = [];
  for (const size of sizes) {
    for (const pdf of skipPdf ? [false] : [false, true]) {
      const r = await child<{ seconds: number; failed: number; peakRssMb: number; phases: Record<string, number>; cpuMs: number; loadAverage: number; validity?: Validity }>(['--child-scenario', String(size), pdf ? 'pdf' : 'nopdf']);
      const perSecond = size / r.seconds;
      const cpuMsPerInvoice = r.cpuMs / size;
      const perCpuSecond = size / (r.cpuMs / 1000);
      const target = pdf ? (size === 10_000 ? '≤ 90 s, RSS < 400 MB' : 'RSS < 400 MB') : '≥ 5,000/s, RSS < 400 MB';
      const met = r.peakRssMb < 400 && r.failed === 0 && (r.validity === undefined || (r.validity.invalid === 0 && r.validity.sampleInvalid === 0)) && (pdf ? size !== 10_000 || r.seconds <= 90 : perSecond >= 5000 || size < 1000);
      results.push({ name: `${size} ${pdf ? 'with PDFs + ZIP' : 'no PDFs'}`, invoices: size, pdf, seconds: r.seconds, perSecond, peakRssMb: r.peakRssMb, failed: r.failed, target, met, phasesMs: r.phases, cpuMsPerInvoice, perCpuSecond, loadAverage: r.loadAverage, ...(r.validity ? { validity: r.validity } : {}) });
      console.log(`${results.at(-1)!.name.padEnd(24)} ${r.seconds.toFixed(2).padStart(8)} s ${perSecond.toFixed(0).padStart(8)}/s  peak RSS ${r.peakRssMb.toFixed(0).padStart(4)} MB  failed ${r.failed}  ${met ? 'ok' : 'MISSED'} (${target})  CPU ${cpuMsPerInvoice.toFixed(3)} ms/invoice (${perCpuSecond.toFixed(0)}/CPU-s)  load ${r.loadAverage.toFixed(1)}  ms by phase ${JSON.stringify(r.phases)}`);
      if (r.validity) console.log(`  PDFs checked after the run: ${r.validity.pdfs} parsed in-process, ${r.validity.invalid} invalid; qpdf --check + pdfinfo on ${r.validity.sampled}, ${r.validity.sampleInvalid} invalid${r.validity.problems.length ? `\n    ${r.validity.problems.join('\n    ')}` : ''}`);
    }
  }
  let loopResult: { runs: number; rssAt100Mb: number; rssEndMb: number; growthPercent: number; met: boolean } | undefined;
  if (loopRuns >= 100) {
    const r = await child<{ rssAt100: number; rssEnd: number }>(['--child-loop', String(loopRuns)]);
    const growth = ((r.rssEnd - r.rssAt100) / r.rssAt100) * 100;
    loopResult = { runs: loopRuns, rssAt100Mb: r.rssAt100 / 2 ** 20, rssEndMb: r.rssEnd / 2 ** 20, growthPercent: growth, met: growth < 5 };
    console.log(`loop of ${loopRuns} small batches: RSS ${loopResult.rssAt100Mb.toFixed(1)} MB at run 100, ${loopResult.rssEndMb.toFixed(1)} MB at run ${loopRuns} (${growth.toFixed(2)}%) ${loopResult.met ? 'ok' : 'MISSED'} (< 5%)`);
  }
  const ok = results.every((r) => r.met) && (loopResult?.met ?? true);
  console.log(JSON.stringify({ bench: 'batch', ok, scenarios: results, loop: loopResult }));
  process.exitCode = ok ? 0 : 1;
}

await main();
