// `npm run bench -- pdf [--count N] [--zip-runs R] [--chunk C] [--workers W] [--no-chromium] [--dir DIR]`
//
// On the same invoices (half GST, half Bahrain bilingual, 3-10 lines), side by side:
//   * our writer (Typst in a worker_threads pool, one worker per core; every PDF written
//     atomically, read back, verified and hashed), and
//   * Chromium printing an equivalent HTML invoice (playwright-core driving /usr/bin/chromium,
//     one reused page per core, page.setContent + page.pdf, the way Frappe Books / Invoice Ninja
//     make PDFs), writing each PDF to disk.
// Reports PDFs per second using all cores, p50/p95 per PDF (one request in flight per lane),
// bytes per PDF, for a first pass (right after start: includes warming up the Typst compiler in each
// worker) and a second pass over the same invoices (steady state); targets use the first pass. The two engines run interleaved in chunks of C invoices (default 20) so both
// see the same background load on a shared machine. Then 100 invoices -> ZIP (PDFs rendered + exportZip) p95 over R runs; then a
// sample of our PDFs checked with pdfinfo. Prints a table, then one JSON line {"bench":"pdf",...}.
// Exit 0 when the targets are met: our CPU per PDF <= 1/4 of Chromium's, our rate >= 3x Chromium's, 100 invoices -> ZIP p95 <= 1 s,
// 0 invalid PDFs.
//
// Run: `npm run bench -- pdf` (scripts/bench.mjs transpiles this file and its imports and runs it
// with node; no build needed). Needs /usr/bin/chromium for the comparison (else --no-chromium).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { exportZip, type ExportInvoice } from '../../src-main/export/zip.js';
import { currencyLabel, formatDate, formatMoney, formatQuantity, formatRate, formatUnitPrice } from '../../src-main/pdf/format.js';
import { LABELS, titleFor } from '../../src-main/pdf/labels.js';
import { createPdfWriter, type PdfWriter } from '../../src-main/pdf/writer.js';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import { makeBahrainDocument, makeGstDocument } from '../fixtures/documents/factory.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const COUNT = Number(arg('count', '200'));
const ZIP_RUNS = Number(arg('zip-runs', '5'));
const WITH_CHROMIUM = !args.includes('--no-chromium');
const CHUNK = Number(arg('chunk', '20'));
const CORES = os.availableParallelism?.() ?? os.cpus().length;
/** Our writer's worker threads (default one per core, as the app); Chromium keeps one page per core. */
const WORKERS = Number(arg('workers', String(CORES)));
const CHROMIUM = '/usr/bin/chromium';
const base = arg('dir', '') || mkdtempSync(path.join(os.tmpdir(), 'lf-bench-pdf-'));

function docsFor(count: number, prefix: string): InvoiceDocument[] {
  return Array.from({ length: count }, (_, i) =>
    i % 2 === 0
      ? makeGstDocument({ number: `${prefix}/2526/${String(i).padStart(5, '0')}`, lines: 3 + (i % 8), seed: i, interState: i % 4 === 0 })
      : makeBahrainDocument({ number: `${prefix}-BH-${String(i).padStart(5, '0')}`, lines: 3 + (i % 6), seed: i }),
  );
}

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

interface EngineResult {
  engine: string;
  pdfs: number;
  elapsedMs: number;
  perSecond: number;
  p50: number;
  p95: number;
  avgBytes: number;
  /** CPU time per PDF over all processes involved (ours: this process; Chromium: its process tree + this process). */
  cpuMsPerPdf: number;
  /** The whole process tree's CPU during the engine's runs, per PDF (for ours: Chromium's leftovers included). */
  treeCpuMsPerPdf: number;
}

/** CPU seconds (user + system) of this process and every descendant (Chromium's processes), from /proc. */
function treeCpuSeconds(): number {
  if (!existsSync('/proc/self/stat')) return NaN;
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const raw = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
      // After "pid (comm) ": state ppid ... utime(14) stime(15) -> indexes 11 and 12 here.
      stats.set(Number(entry), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // the process ended meanwhile
    }
  }
  let total = 0;
  const inTree = (pid: number): boolean => {
    for (let p = pid, guard = 0; p > 1 && guard < 64; guard++) {
      if (p === process.pid) return true;
      p = stats.get(p)?.ppid ?? 0;
    }
    return false;
  };
  for (const [pid, s] of stats) if (inTree(pid)) total += s.ticks;
  return total / 100; // USER_HZ
}

/**
 * CPU seconds of this process alone (every thread: the main thread and the PDF workers). Our
 * renders spawn no process, so this is all they cost; Chromium's processes are its children and
 * may still be busy (start-up font caches, compositor, GC) while our chunk runs.
 */
function selfCpuSeconds(): number {
  if (!existsSync('/proc/self/stat')) return NaN;
  const raw = readFileSync('/proc/self/stat', 'utf8');
  const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

interface RawRun {
  times: number[];
  bytes: number;
  elapsedMs: number;
  /** CPU charged to the engine that ran (see lanesRun's `cpu`). */
  cpuSeconds: number;
  /** CPU of the whole process tree meanwhile (Chromium's processes included). */
  treeCpuSeconds: number;
}

/**
 * Runs `lanes` sequential loops over the documents; each loop has one PDF in flight. `cpu` says
 * what the run is charged: our writer is charged this process (selfCpuSeconds), Chromium the whole
 * tree (its processes and our thread driving them). Charging our chunks the whole tree would bill
 * us for any of Chromium's background work still running from its previous chunk or its start.
 */
async function lanesRun(docs: InvoiceDocument[], offset: number, lanes: number, one: (lane: number, doc: InvoiceDocument, i: number) => Promise<number>, cpu: () => number = treeCpuSeconds): Promise<RawRun> {
  const times: number[] = [];
  let bytes = 0;
  let next = 0;
  const cpu0 = cpu();
  const tree0 = treeCpuSeconds();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (;;) {
        const i = next++;
        if (i >= docs.length) return;
        const t = performance.now();
        bytes += await one(lane, docs[i]!, offset + i);
        times.push(performance.now() - t);
      }
    }),
  );
  return { times, bytes, elapsedMs: performance.now() - t0, cpuSeconds: cpu() - cpu0, treeCpuSeconds: treeCpuSeconds() - tree0 };
}

function summarise(engine: string, runs: RawRun[]): EngineResult {
  const times = runs.flatMap((r) => r.times);
  const elapsedMs = runs.reduce((a, r) => a + r.elapsedMs, 0);
  const bytes = runs.reduce((a, r) => a + r.bytes, 0);
  const cpu = runs.reduce((a, r) => a + r.cpuSeconds, 0);
  const tree = runs.reduce((a, r) => a + r.treeCpuSeconds, 0);
  return { engine, pdfs: times.length, elapsedMs, perSecond: (times.length * 1000) / elapsedMs, p50: quantile(times, 0.5), p95: quantile(times, 0.95), avgBytes: bytes / Math.max(1, times.length), cpuMsPerPdf: (cpu * 1000) / Math.max(1, times.length), treeCpuMsPerPdf: (tree * 1000) / Math.max(1, times.length) };
}

// ---------------- equivalent HTML for Chromium ----------------
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function invoiceHtml(d: InvoiceDocument): string {
  const vat = d.regime === 'vat-bh';
  const ar = (l: { ar?: string }) => (vat && l.ar ? ` <span class="ar" dir="rtl">${esc(l.ar)}</span>` : '');
  const m = (v: string) => formatMoney(v, d.currency);
  const title = titleFor(d.kind);
  const comps = [...new Set(d.lines.flatMap((l) => l.components.map((c) => c.name)))];
  const head = vat
    ? ['#', 'Description', 'Qty', 'Unit price', 'Discount', 'Net amount', 'VAT %', 'VAT', 'Total incl. VAT']
    : ['#', 'Description', 'HSN/SAC', 'Qty', 'Rate', 'Discount', 'Taxable value', ...comps, 'Total'];
  const rows = d.lines
    .map((l) => {
      const cells = vat
        ? [String(l.index), esc(l.description), formatQuantity(l.quantity) + ' ' + (l.unit ?? ''), formatUnitPrice(l.unitPrice, d.currency), m(l.discount), m(l.taxable), l.category === 'standard' ? formatRate(l.rate) : l.category, m(l.tax), m(l.total)]
        : [String(l.index), esc(l.description), l.hsn ?? '', formatQuantity(l.quantity) + ' ' + (l.unit ?? ''), formatUnitPrice(l.unitPrice, d.currency), m(l.discount), m(l.taxable), ...comps.map((c) => { const x = l.components.find((y) => y.name === c); return x ? `<small>${formatRate(x.rate)}</small><br>${m(x.amount)}` : '-'; }), m(l.total)];
      return `<tr>${cells.map((c, i) => `<td class="${i === 1 ? '' : 'n'}">${c}</td>`).join('')}</tr>`;
    })
    .join('');
  const summary = d.summaryTables
    .map((t) => `<h4>${esc(t.title.en)}${ar(t.title)}</h4><table><tr>${t.columns.map((c) => `<th>${esc(c.label.en)}${ar(c.label)}</th>`).join('')}</tr>${[...t.rows, ...(t.totals ? [t.totals] : [])].map((r) => `<tr>${t.columns.map((c) => `<td class="${c.align === 'end' ? 'n' : ''}">${esc(r[c.key] ?? '')}</td>`).join('')}</tr>`).join('')}</table>`)
    .join('');
  const party = (p: InvoiceDocument['customer']) => `<b>${esc(p.name)}</b><br>${p.address.map(esc).join('<br>')}${p.taxId ? `<br><b>${vat ? 'VAT No.' : 'GSTIN'}: ${esc(p.taxId)}</b>` : ''}${p.stateName ? `<br>State: ${esc(p.stateName)} (Code ${p.stateCode})` : ''}`;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  @page { size: A4; margin: 30px 30px 50px 30px; }
  body { font-family: 'Noto Sans', 'Noto Naskh Arabic', sans-serif; font-size: 8pt; color: #1f2933; }
  .ar { font-family: 'Noto Naskh Arabic'; } h1 { color: #1f4e79; font-size: 16pt; margin: 0; text-align: right; }
  table { width: 100%; border-collapse: collapse; margin-top: 8px; } th { background: #e8eef5; color: #1f4e79; font-size: 7pt; text-align: left; }
  th, td { padding: 3px; border-bottom: 0.5px solid #e1e7ee; vertical-align: top; } td.n { text-align: right; } thead { display: table-header-group; }
  .box { border: 0.75px solid #c5cfda; padding: 6px; margin-top: 8px; } .row { display: flex; gap: 10px; } .grow { flex: 1; }
  </style></head><body>
  <div class="row"><div class="grow"><b style="font-size:13pt;color:#1f4e79">${esc(d.supplier.name)}</b><br>${d.supplier.address.map(esc).join('<br>')}<br><b>${vat ? 'VAT No.' : 'GSTIN'}: ${esc(d.supplier.taxId ?? '')}</b></div>
  <div class="grow"><h1>${esc(title.en.toUpperCase())}</h1>${vat ? `<h1 class="ar" dir="rtl">${esc(title.ar)}</h1>` : ''}
  <table><tr><td>${LABELS.invoiceNo.en}${ar(LABELS.invoiceNo)}</td><td><b>${esc(d.number)}</b></td></tr><tr><td>${LABELS.date.en}${ar(LABELS.date)}</td><td>${formatDate(d.issueDate)}</td></tr>
  ${d.placeOfSupply ? `<tr><td>Place of supply</td><td>${esc(d.placeOfSupply.name)} (${d.placeOfSupply.code})</td></tr>` : ''}<tr><td>Reverse charge</td><td>${d.reverseCharge ? 'Yes' : 'No'}</td></tr></table></div></div>
  <div class="box">${LABELS.billTo.en}${ar(LABELS.billTo)}<br>${party(d.customer)}</div>
  <table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>
  <div class="row"><div class="box grow">${LABELS.amountInWords.en}${ar(LABELS.amountInWords)}<br><b>${esc(d.amountInWords.en)}</b>${vat && d.amountInWords.ar ? `<br><b class="ar" dir="rtl">${esc(d.amountInWords.ar)}</b>` : ''}</div>
  <div class="box" style="width:250px"><table><tr><td>Taxable</td><td class="n">${m(d.totals.taxable)}</td></tr>${d.components.map((c) => `<tr><td>${c.name} @ ${formatRate(c.rate)}</td><td class="n">${m(c.amount)}</td></tr>`).join('')}<tr><td>Round off</td><td class="n">${m(d.totals.roundOff)}</td></tr><tr><td><b>Grand total</b></td><td class="n"><b>${currencyLabel(d.currency)} ${m(d.totals.grandTotal)}</b></td></tr></table></div></div>
  ${summary}
  <div class="row"><div class="box grow">${d.notes.map((n) => esc(n.en) + (vat && n.ar ? `<br><span class="ar" dir="rtl">${esc(n.ar)}</span>` : '')).join('<br>')}</div><div class="box" style="width:190px;text-align:center">For ${esc(d.supplier.name)}<br><br><br>Authorised signatory</div></div>
  </body></html>`;
}

type OneFn = (lane: number, doc: InvoiceDocument, i: number) => Promise<number>;

async function openChromium(dir: string): Promise<{ one: OneFn; close: () => Promise<void> }> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const pages = await Promise.all(Array.from({ length: CORES }, () => browser.newPage()));
  const footer = '<div style="font-size:7px;width:100%;text-align:right;margin-right:30px">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>';
  const one: OneFn = async (lane, d, i) => {
    const page = pages[lane]!;
    await page.setContent(invoiceHtml(d), { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: footer, margin: { top: '30px', bottom: '50px', left: '30px', right: '30px' } });
    writeFileSync(path.join(dir, `c${i}.pdf`), pdf);
    return pdf.length;
  };
  return { one, close: () => browser.close() };
}

function ourOne(writer: PdfWriter, dir: string): OneFn {
  return async (_lane, d, i) => (await writer.render(d, path.join(dir, `o${i}.pdf`))).bytes;
}

async function zipRun(writer: PdfWriter, run: number): Promise<number> {
  const dir = path.join(base, `zip${run}`);
  mkdirSync(path.join(dir, 'pdf'), { recursive: true });
  const docs = docsFor(100, `Z${run}`);
  const cpu0 = treeCpuSeconds();
  const t0 = performance.now();
  const written: ExportInvoice[] = await Promise.all(
    docs.map(async (d, i) => {
      const pdfPath = path.join(dir, 'pdf', `${i}.pdf`);
      const r = await writer.render(d, pdfPath);
      return { document: d, pdfPath, sha256: r.sha256, bytes: r.bytes };
    }),
  );
  const tRendered = performance.now();
  await exportZip({ outPath: path.join(dir, 'batch.zip'), manifest: { appVersion: 'bench', business: { id: 'bench', name: 'Bench' }, batchId: `bench-${run}`, traceId: `bench-${run}`, createdAt: new Date().toISOString() }, invoices: written });
  const t1 = performance.now();
  zipSplits.push({ renderMs: tRendered - t0, zipMs: t1 - tRendered, cpuMs: (treeCpuSeconds() - cpu0) * 1000 });
  return t1 - t0;
}

const zipSplits: Array<{ renderMs: number; zipMs: number; cpuMs: number }> = [];

async function main() {
  const docs = docsFor(COUNT, 'B');
  const ourDir = path.join(base, 'ours');
  const chrDir = path.join(base, 'chromium');
  mkdirSync(ourDir, { recursive: true });
  mkdirSync(chrDir, { recursive: true });
  console.log(`pdf bench: ${COUNT} invoices (half GST, half Bahrain), ${CORES} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  const writer = await createPdfWriter({ workers: WORKERS });
  const chrome = WITH_CHROMIUM && existsSync(CHROMIUM) ? await openChromium(chrDir) : null;
  if (!chrome) console.log(`chromium comparison skipped (${WITH_CHROMIUM ? `${CHROMIUM} missing` : '--no-chromium'})`);
  // Warm-up: font parsing and JIT in each worker; fonts and first layout in each page.
  const warm = docsFor(CORES * 3, 'W');
  await lanesRun(warm, 900_000, CORES, ourOne(writer, ourDir), selfCpuSeconds);
  if (chrome) await lanesRun(warm, 900_000, CORES, chrome.one);
  // Interleaved in chunks so both engines see the same background load on a shared machine.
  const ourRuns: RawRun[] = [];
  const chromeRuns: RawRun[] = [];
  for (let at = 0; at < docs.length; at += CHUNK) {
    const chunk = docs.slice(at, at + CHUNK);
    ourRuns.push(await lanesRun(chunk, at, CORES, ourOne(writer, ourDir), selfCpuSeconds));
    if (chrome) chromeRuns.push(await lanesRun(chunk, at, CORES, chrome.one));
  }
  // A second pass over the same invoices, same interleaving: steady state once V8 has optimised
  // Typst in each worker (fonts parsed, memo cache filled).
  // Reported beside the first pass; the targets below are judged on the first pass.
  const warmOurRuns: RawRun[] = [];
  const warmChromeRuns: RawRun[] = [];
  for (let at = 0; at < docs.length; at += CHUNK) {
    const chunk = docs.slice(at, at + CHUNK);
    warmOurRuns.push(await lanesRun(chunk, at, CORES, ourOne(writer, ourDir), selfCpuSeconds));
    if (chrome) warmChromeRuns.push(await lanesRun(chunk, at, CORES, chrome.one));
  }
  await chrome?.close();
  const ourName = `typst (${writer.size} ${writer.mode === 'workers' ? 'workers' : 'inline'})`;
  const ours = summarise(`${ourName}, 1st pass`, ourRuns);
  const chromeResult = chrome ? summarise(`chromium (${CORES} pages), 1st pass`, chromeRuns) : null;
  const oursWarm = summarise(`${ourName}, 2nd pass`, warmOurRuns);
  const chromeWarm = chrome ? summarise(`chromium (${CORES} pages), 2nd pass`, warmChromeRuns) : null;

  const zipTimes: number[] = [];
  for (let r = 0; r < ZIP_RUNS; r++) zipTimes.push(await zipRun(writer, r));
  await writer.close();

  // Independent check of a sample of our PDFs with poppler.
  let checked = 0;
  let invalid = 0;
  for (let i = 0; i < docs.length; i += Math.max(1, Math.floor(docs.length / 40))) {
    checked++;
    try {
      const f = path.join(ourDir, `o${i}.pdf`);
      statSync(f);
      const info = execFileSync('pdfinfo', [f], { encoding: 'utf8' });
      if (!/Pages:\s+[1-9]/.test(info)) invalid++;
      else if (!execFileSync('pdftotext', [f, '-'], { encoding: 'utf8' }).includes(docs[i]!.number)) invalid++;
    } catch {
      invalid++;
    }
  }

  const rows = [ours, ...(chromeResult ? [chromeResult] : []), oursWarm, ...(chromeWarm ? [chromeWarm] : [])];
  console.log('\nengine                              PDFs   PDFs/s   p50 ms   p95 ms   KB/PDF  CPU ms/PDF');
  for (const r of rows) console.log(`${r.engine.padEnd(34)} ${String(r.pdfs).padStart(5)} ${r.perSecond.toFixed(1).padStart(8)} ${r.p50.toFixed(0).padStart(8)} ${r.p95.toFixed(0).padStart(8)} ${(r.avgBytes / 1024).toFixed(1).padStart(8)} ${r.cpuMsPerPdf.toFixed(0).padStart(11)}`);
  if (chromeResult) {
    console.log(`CPU cost per PDF, ours / chromium: ${(ours.cpuMsPerPdf / chromeResult.cpuMsPerPdf).toFixed(2)}x (load-independent; lower is better)`);
    console.log(`  ours is charged this process (its worker threads); the whole process tree during our runs, Chromium's processes included: ${ours.treeCpuMsPerPdf.toFixed(0)} ms/PDF 1st pass, ${oursWarm.treeCpuMsPerPdf.toFixed(0)} 2nd`);
  }
  const ratio = chromeResult ? ours.perSecond / chromeResult.perSecond : null;
  const warmRatio = chromeWarm ? oursWarm.perSecond / chromeWarm.perSecond : null;
  const zipP95 = quantile(zipTimes, 0.95);
  console.log(`\nrate ours / chromium, 1st pass: ${ratio === null ? 'n/a' : ratio.toFixed(2) + 'x'} (target >= 3x); 2nd pass: ${warmRatio === null ? 'n/a' : warmRatio.toFixed(2) + 'x'}`);
  console.log(`100 invoices -> ZIP (PDFs rendered + zipped): p50 ${quantile(zipTimes, 0.5).toFixed(0)} ms, p95 ${zipP95.toFixed(0)} ms over ${ZIP_RUNS} runs (target <= 1000 ms)`);
  console.log(`  split per run (render / zip ms): ${zipSplits.map((s) => `${s.renderMs.toFixed(0)} / ${s.zipMs.toFixed(0)}`).join(', ')}`);
  // CPU of the whole run over its wall time: ~2 on 2 cores when the run is CPU-bound.
  console.log(`  CPU per run (ms, cores busy): ${zipSplits.map((s) => `${s.cpuMs.toFixed(0)} (${(s.cpuMs / (s.renderMs + s.zipMs)).toFixed(2)})`).join(', ')}`);
  console.log(`  zipping the 100 already-written PDFs alone (what \`export\` does after a batch): p95 ${quantile(zipSplits.map((z) => z.zipMs), 0.95).toFixed(0)} ms`);
  console.log(`poppler check of ${checked} sampled PDFs: ${invalid} invalid (every PDF was also verified in-process by the writer)`);
  const cpuRatio = chromeResult ? ours.cpuMsPerPdf / chromeResult.cpuMsPerPdf : null;
  const ok = (ratio === null || ratio >= 3) && (cpuRatio === null || cpuRatio <= 0.25) && zipP95 <= 1000 && invalid === 0;
  console.log(
    JSON.stringify({
      bench: 'pdf',
      cores: CORES,
      count: COUNT,
      loadavg: os.loadavg(),
      ours: { perSecond: ours.perSecond, p50Ms: ours.p50, p95Ms: ours.p95, avgBytes: Math.round(ours.avgBytes), cpuMsPerPdf: ours.cpuMsPerPdf },
      chromium: chromeResult ? { perSecond: chromeResult.perSecond, p50Ms: chromeResult.p50, p95Ms: chromeResult.p95, avgBytes: Math.round(chromeResult.avgBytes), cpuMsPerPdf: chromeResult.cpuMsPerPdf } : null,
      ratio,
      secondPass: {
        ours: { perSecond: oursWarm.perSecond, p50Ms: oursWarm.p50, p95Ms: oursWarm.p95, cpuMsPerPdf: oursWarm.cpuMsPerPdf },
        chromium: chromeWarm ? { perSecond: chromeWarm.perSecond, p50Ms: chromeWarm.p50, p95Ms: chromeWarm.p95, cpuMsPerPdf: chromeWarm.cpuMsPerPdf } : null,
        ratio: warmRatio,
      },
      zip100: { runs: ZIP_RUNS, p50Ms: quantile(zipTimes, 0.5), p95Ms: zipP95, splits: zipSplits },
      invalidPdfs: invalid,
      sampled: checked,
      targetsMet: ok,
    }),
  );
  if (!arg('dir', '')) rmSync(base, { recursive: true, force: true });
  process.exitCode = ok ? 0 : 1;
}

await main();
