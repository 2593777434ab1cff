// `npm run bench -- _zip-phases [stages|pool|app|spawn|first]` (default: stages, then pool; not part of
// `npm run bench`): where the time of "100 invoices -> ZIP" goes, phase by phase, on the same factory invoices as `bench -- pdf`.
//   stages: one thread, per invoice, CPU and wall ms of each step of a job (job.ts) timed apart:
//           compiler + fonts, the first render (template warm-up), templateData, compile + PDF
//           export, atomic write (and a plain write beside it), read back, the event-loop turn,
//           verify, SHA-256.
//   pool:   100 invoices through createPdfWriter + exportZip, 3 runs with a pool started per run
//           (cold) then 4 with one kept pool (warm): pool start, renders, ZIP, CPU of all threads
//           and of the main thread.
//   app:    the app's path (openPdfRenderer + exportZip, 3 requests per core), a core that opens a
//           writer per request against one that keeps its writer (keepPdfWriterWarm), alternated.
//   first:  the first 4 invoices on a fresh pool whose workers were warmed up (warmUp) or not, alternated.
//   spawn:  two workers started at once, 3 times: thread online, then ready (modules, compiler, fonts).
// Prints lines of figures; nothing is judged. Linux only (the main thread's CPU is read from /proc).
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportZip, type ExportInvoice } from '../../src-main/export/zip.js';
import { formatMoney } from '../../src-main/pdf/format.js';
import { renderInvoicePdfWithPages, templateData } from '../../src-main/pdf/render.js';
import { builtinTemplate, typstEngine } from '../../src-main/pdf/typst.js';
import { verifyInvoicePdf } from '../../src-main/pdf/verify.js';
import { createPdfWriter, resolveWorkerEntry } from '../../src-main/pdf/writer.js';
import { Worker } from 'node:worker_threads';
import { createCore } from '../../src-main/core/create-core.js';
import { keepPdfWriterWarm, openPdfRenderer } from '../../src-main/core/services.js';
import { silentLogger } from '../../src-main/log/logger.js';
import { writeFileAtomicSync } from '../../src-main/runtime/atomic-file.js';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import { makeBahrainDocument, makeGstDocument } from '../fixtures/documents/factory.js';

const base = mkdtempSync(path.join(os.tmpdir(), 'lf-zip-phases-'));
const docsFor = (count: number, prefix: string): InvoiceDocument[] =>
  Array.from({ length: count }, (_, i) =>
    i % 2 === 0
      ? makeGstDocument({ number: `${prefix}/2526/${String(i).padStart(5, '0')}`, lines: 3 + (i % 8), seed: i, interState: i % 4 === 0 })
      : makeBahrainDocument({ number: `${prefix}-BH-${String(i).padStart(5, '0')}`, lines: 3 + (i % 6), seed: i }),
  );
const mainTicks = () => { const raw = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'); const f = raw.slice(raw.lastIndexOf(')') + 2).split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const load = () => os.loadavg()[0]!.toFixed(1);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const manifest = (run: string) => ({ appVersion: 'probe', business: { id: 'p', name: 'P' }, batchId: run, traceId: run, createdAt: new Date().toISOString() });

async function poolRun(run: string, cold: boolean, writerIn?: Awaited<ReturnType<typeof createPdfWriter>>) {
  const dir = path.join(base, run);
  mkdirSync(path.join(dir, 'pdf'), { recursive: true });
  const docs = docsFor(100, run);
  const m0 = mainTicks();
  const c0 = cpu();
  const t0 = performance.now();
  const writer = writerIn ?? (await createPdfWriter({ workers: 2 }));
  const tPool = performance.now();
  let firstDone = 0;
  let firstTwo = 0;
  const written: ExportInvoice[] = await Promise.all(docs.map(async (d, i) => {
    const pdfPath = path.join(dir, 'pdf', `${i}.pdf`);
    const r = await writer.render(d, pdfPath);
    if (++firstDone === 2) firstTwo = performance.now();
    return { document: d, pdfPath, sha256: r.sha256, bytes: r.bytes };
  }));
  const tRendered = performance.now();
  const cR = cpu();
  const mR = mainTicks();
  await exportZip({ outPath: path.join(dir, 'batch.zip'), manifest: manifest(run), invoices: written });
  const tZip = performance.now();
  if (!writerIn) await writer.close();
  console.log(`${cold ? 'cold' : 'warm'} pool run ${run}: pool start ${(tPool - t0).toFixed(0)} ms, 100 renders ${(tRendered - tPool).toFixed(0)} ms (first two done at ${(firstTwo - tPool).toFixed(0)}), exportZip ${(tZip - tRendered).toFixed(0)} ms, total ${(tZip - t0).toFixed(0)} ms; CPU (all threads) to rendered ${(cR - c0).toFixed(0)} ms (main thread ${mR - m0} ms), zip ${(cpu() - cR).toFixed(0)} ms, load ${load()}`);
}

async function stages() {
  const docs = docsFor(100, 'S');
  const dir = path.join(base, 'stages');
  mkdirSync(dir, { recursive: true });
  let c = cpu(); let w = performance.now();
  typstEngine(); builtinTemplate();
  console.log(`compiler + fonts (this thread): ${(performance.now() - w).toFixed(0)} ms wall, ${(cpu() - c).toFixed(0)} ms CPU`);
  c = cpu(); w = performance.now();
  await renderInvoicePdfWithPages(docs[0]!, {});
  console.log(`first render (template warm-up): ${(performance.now() - w).toFixed(0)} ms wall, ${(cpu() - c).toFixed(0)} ms CPU`);
  const acc: Record<string, [number, number]> = {};
  const add = (k: string, cw: number, ww: number) => { const a = (acc[k] ??= [0, 0]); a[0] += cw; a[1] += ww; };
  const step = async <T>(k: string, f: () => T | Promise<T>): Promise<T> => { const c0 = cpu(); const w0 = performance.now(); const r = await f(); add(k, cpu() - c0, performance.now() - w0); return r; };
  for (let round = 0; round < 2; round++) {
    for (const k of Object.keys(acc)) delete acc[k];
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      const p = path.join(dir, `${i}.pdf`);
      await step('templateData', () => templateData(d));
      const { pdf, pages } = await step('compile+export (incl. templateData)', () => renderInvoicePdfWithPages(d, {}));
      await step('atomic write (fsync file + folder)', () => writeFileAtomicSync(p, pdf));
      await step('  plain write, no fsync (comparison)', () => writeFileSync(p + '.x', pdf));
      const back = await step('read back', () => readFileSync(p));
      await step('setImmediate turn', () => new Promise<void>((r) => setImmediate(r)));
      const chk = await step('verify (in-process text extraction)', () => verifyInvoicePdf(back, d.number, [formatMoney(d.totals.grandTotal, d.currency)]));
      if (chk.pages !== pages) throw new Error('pages');
      await step('sha256', () => createHash('sha256').update(back).digest('hex'));
    }
    console.log(`-- one thread, 100 invoices, round ${round + 1}, load ${load()} (ms per invoice: CPU / wall)`);
    for (const [k, [cc, ww]] of Object.entries(acc)) console.log(`  ${k.padEnd(40)} ${(cc / docs.length).toFixed(2).padStart(7)} ${(ww / docs.length).toFixed(2).padStart(7)}`);
  }
}

/** The app's path: a request opens the core's renderer, renders 100, closes it, then the ZIP. */
async function appRequests(kept: boolean) {
  const dataDir = path.join(base, `core-${kept ? 'kept' : 'per-request'}`);
  const core = await createCore({ dataDir, logger: silentLogger });
  if (kept) {
    keepPdfWriterWarm(core);
    await new Promise((r) => setTimeout(r, 3000)); // the app idles after start meanwhile
  }
  for (let r = 0; r < 3; r++) {
    const run = `${kept ? 'K' : 'P'}${r}`;
    const dir = path.join(base, run);
    mkdirSync(dir, { recursive: true });
    const docs = docsFor(100, run);
    const c0 = cpu();
    const t0 = performance.now();
    const pdf = await openPdfRenderer(core);
    const tOpen = performance.now();
    const written: ExportInvoice[] = await Promise.all(docs.map(async (d, i) => {
      const pdfPath = path.join(dir, `${i}.pdf`);
      const w = await pdf.render(d, pdfPath);
      return { document: d, pdfPath, sha256: w.sha256, bytes: w.bytes };
    }));
    await pdf.close();
    const tR = performance.now();
    await exportZip({ outPath: path.join(dir, 'batch.zip'), manifest: manifest(run), invoices: written });
    const t1 = performance.now();
    console.log(`app request ${kept ? 'kept writer  ' : 'per-request  '} ${run}: open ${(tOpen - t0).toFixed(0)} ms, render ${(tR - tOpen).toFixed(0)} ms, zip ${(t1 - tR).toFixed(0)} ms, total ${(t1 - t0).toFixed(0)} ms, CPU ${(cpu() - c0).toFixed(0)} ms, load ${load()}`);
  }
  await core.close();
}

/** A pool's start taken apart: two workers spawned at once, thread up ('online') then ready (modules loaded, compiler with its fonts, template). */
async function spawnTimes() {
  const entry = resolveWorkerEntry();
  if (!entry) throw new Error('no compiled worker');
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const c0 = cpu();
    const times = await Promise.all([0, 1].map(() => new Promise<[number, number]>((resolve, reject) => {
      const w = new Worker(entry, { workerData: {} });
      let online = 0;
      w.on('online', () => (online = performance.now() - t0));
      w.on('error', reject);
      w.on('message', (m: { ready?: boolean }) => {
        if (m.ready) {
          const ready = performance.now() - t0;
          void w.terminate().then(() => resolve([online, ready]));
        }
      });
    })));
    console.log(`pool start taken apart, run ${r + 1}: thread online at ${times.map((t) => t[0].toFixed(0)).join(' / ')} ms, ready at ${times.map((t) => t[1].toFixed(0)).join(' / ')} ms, CPU ${(cpu() - c0).toFixed(0)} ms (both workers and main), load ${load()}`);
  }
}

/** What a kept writer holds while idle: the process's RSS before it, once ready, and after 20 renders. */
async function keptMemory() {
  const mb = () => (process.memoryUsage().rss / 2 ** 20).toFixed(0);
  const before = mb();
  const writer = await createPdfWriter({ workers: 2 });
  const ready = mb();
  const dir = path.join(base, 'mem');
  mkdirSync(dir, { recursive: true });
  await Promise.all(docsFor(20, 'M').map((d, i) => writer.render(d, path.join(dir, `${i}.pdf`))));
  await new Promise((r) => setTimeout(r, 1000));
  console.log(`RSS of the process: ${before} MB without a writer, ${ready} MB with 2 workers ready, ${mb()} MB after 20 renders (idle 1 s)`);
  await writer.close();
}

/** The first request on a fresh pool, its workers warmed up at start (warmUp) or not, alternated. */
async function firstRequest() {
  for (let r = 0; r < 6; r++) {
    const warmUp = r % 2 === 1;
    const dir = path.join(base, `first${r}`);
    mkdirSync(dir, { recursive: true });
    let c = cpu();
    let t = performance.now();
    const writer = await createPdfWriter({ workers: 2, warmUp });
    const startMs = performance.now() - t;
    const startCpu = cpu() - c;
    await new Promise((res) => setTimeout(res, 500));
    c = cpu();
    t = performance.now();
    await Promise.all(docsFor(4, `F${r}`).map((d, i) => writer.render(d, path.join(dir, `${i}.pdf`))));
    console.log(`${warmUp ? 'warmed up' : 'not warmed'}: pool ready in ${startMs.toFixed(0)} ms (${startCpu.toFixed(0)} ms CPU); first 4 invoices ${(performance.now() - t).toFixed(0)} ms, ${(cpu() - c).toFixed(0)} ms CPU, load ${load()}`);
    await writer.close();
  }
}

const what = process.argv[2] ?? 'all';
if (what === 'first') await firstRequest();
if (what === 'spawn') {
  await spawnTimes();
  await keptMemory();
}
console.log(`load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
if (what === 'all' || what === 'stages') await stages();
if (what === 'all' || what === 'pool') {
  for (let r = 0; r < 3; r++) await poolRun(`C${r}`, true);
  const w = await createPdfWriter({ workers: 2 });
  await poolRun('W', false, w);
  for (let r = 0; r < 3; r++) await poolRun(`W${r}`, false, w);
  await w.close();
}
if (what === 'app') {
  for (let i = 0; i < 2; i++) {
    await appRequests(false);
    await appRequests(true);
  }
}
rmSync(base, { recursive: true, force: true });
