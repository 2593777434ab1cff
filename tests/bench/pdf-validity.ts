// `npm run bench -- pdf-validity [--count 10000] [--dir DIR] [--keep]`
// The PDF validity count: COUNT PDFs written by the real writer (worker pool, atomic write,
// read-back verification) with the mix below, then every one checked by tools the project did not
// write: `qpdf --check`, `pdfinfo` and `pdftotext` (exit 0 and nothing on stderr, except Debian
// poppler 22's "Suspects object is wrong type" on tagged PDFs, its own misreading of a valid entry),
// and pdftotext's text must contain the invoice number. The mix (tests/fixtures/documents/validity-mix.ts):
// GST 1-25 lines (tax invoice, bill of supply, cash memo, credit note), Bahrain 1-20 lines (full,
// simplified, credit note), 100-line invoices twice in every 500 and 1,000-line ones twice in every
// 5,000; of each kind the second of every four with its tables as rows of blocks (tableTags off),
// the others as Typst's tagged tables (the default).
// Output: PDFs and invalid ones by kind and table layout; last line the JSON. Exit 0 when 0 are invalid.
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPdfWriter } from '../../src-main/pdf/writer.js';
import { mixDocument, mixLayouts, type TableLayout } from '../fixtures/documents/validity-mix.js';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : fallback;
};
const COUNT = Number(arg('count', '10000'));
const base = arg('dir', '') || mkdtempSync(path.join(os.tmpdir(), 'lf-bench-validity-'));
const KEEP = argv.includes('--keep');

interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a checking tool without blocking this thread: a synchronous spawn stopped the event loop
 * for each of the three tools of every PDF (~0.2 s each on a loaded machine), so the writer's
 * replies waited and its workers idled; the checks now run beside the renders.
 */
function run(tool: string, args: string[]): Promise<ToolRun> {
  return new Promise((resolve) => {
    execFile(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = (error as (Error & { code?: unknown }) | null)?.code;
      resolve({ status: error ? (typeof code === 'number' ? code : null) : 0, stdout, stderr: stderr || (error && typeof code !== 'number' ? error.message : '') });
    });
  });
}

/** Problems an outside tool found in one PDF (empty when it is valid). */
async function outsideCheck(file: string, number: string): Promise<string[]> {
  const problems: string[] = [];
  const [qpdf, info, text] = await Promise.all([run('qpdf', ['--check', file]), run('pdfinfo', [file]), run('pdftotext', ['-layout', file, '-'])]);
  if (qpdf.status !== 0) problems.push(`qpdf --check exit ${qpdf.status}: ${(qpdf.stdout + qpdf.stderr).trim().split('\n').slice(-2).join(' / ')}`);
  const quiet = (stderr: string) => stderr.split('\n').filter((l) => l && !l.includes('Suspects object is wrong type')).join(' / ');
  if (info.status !== 0 || quiet(info.stderr)) problems.push(`pdfinfo exit ${info.status}: ${quiet(info.stderr)}`);
  if (text.status !== 0 || quiet(text.stderr)) problems.push(`pdftotext exit ${text.status}: ${quiet(text.stderr)}`);
  else if (!text.stdout.includes(number)) problems.push(`pdftotext: invoice number ${number} not in the text`);
  return problems;
}

async function main(): Promise<void> {
  for (const tool of ['qpdf', 'pdfinfo', 'pdftotext']) {
    if (spawnSync(tool, ['--version']).error) throw new Error(`${tool} is not installed`);
  }
  const dir = path.join(base, 'pdfs');
  mkdirSync(dir, { recursive: true });
  const writer = await createPdfWriter({ mode: 'workers' });
  const layouts = mixLayouts(COUNT);
  const byKind = new Map<string, Record<TableLayout, { pdfs: number; invalid: number }>>();
  const problems: string[] = [];
  let invalid = 0;
  let written = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  // Render in flight on every worker, check each PDF as soon as it is written (then delete it).
  let next = 0;
  const lane = async () => {
    while (next < COUNT) {
      const i = next++;
      const { doc, label: kind } = mixDocument(i);
      const layout = layouts[i]!;
      const tableTags = layout === 'tagged';
      const label = `${kind}, ${layout}`;
      const file = path.join(dir, `${i}.pdf`);
      const ofKind = byKind.get(kind) ?? { tagged: { pdfs: 0, invalid: 0 }, blocks: { pdfs: 0, invalid: 0 } };
      byKind.set(kind, ofKind);
      const counts = ofKind[layout];
      counts.pdfs++;
      let found: string[];
      try {
        await writer.render(doc, file, { pdfA: true, tableTags });
        written++;
        found = await outsideCheck(file, doc.number);
      } catch (e) {
        found = [`writer: ${(e as Error).message}`];
      }
      if (found.length > 0) {
        invalid++;
        counts.invalid++;
        if (problems.length < 20) problems.push(`${doc.number} (${label}): ${found.join('; ')}`);
      }
      if (!KEEP) rmSync(file, { force: true });
      if ((i + 1) % 500 === 0) console.log(`  ${i + 1} of ${COUNT} checked, ${invalid} invalid (${((performance.now() - started) / 1000).toFixed(0)} s, load ${os.loadavg()[0]!.toFixed(1)})`);
    }
  };
  await Promise.all(Array.from({ length: writer.size * 2 }, lane));
  await writer.close();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // One row per kind: PDFs and invalid ones with tagged tables, then with rows of blocks.
  const row = (label: string, cells: Array<number | string>) => `${label.padEnd(32)} ${[6, 8, 10, 8].map((w, k) => String(cells[k]).padStart(w)).join(' ')}`;
  const sum = (layout: TableLayout, key: 'pdfs' | 'invalid') => [...byKind.values()].reduce((n, c) => n + c[layout][key], 0);
  console.log(`\n${''.padEnd(33)}tagged tables     rows of blocks`);
  console.log(row('kind', ['PDFs', 'invalid', 'PDFs', 'invalid']));
  for (const [kind, c] of [...byKind.entries()].sort()) console.log(row(kind, [c.tagged.pdfs, c.tagged.invalid, c.blocks.pdfs, c.blocks.invalid]));
  console.log(row('by layout', [sum('tagged', 'pdfs'), sum('tagged', 'invalid'), sum('blocks', 'pdfs'), sum('blocks', 'invalid')]));
  console.log(`total: ${COUNT} PDFs, ${invalid} invalid (${written} written; qpdf --check, pdfinfo, pdftotext on each; ${seconds.toFixed(0)} s, load ${os.loadavg()[0]!.toFixed(1)})`);
  for (const p of problems) console.log(`  ${p}`);
  if (!KEEP && !arg('dir', '')) rmSync(base, { recursive: true, force: true });
  console.log(JSON.stringify({ bench: 'pdf-validity', ok: invalid === 0, pdfs: COUNT, written, invalid, byKind: Object.fromEntries(byKind), seconds, cpuSecondsThisProcess: (cpu.user + cpu.system) / 1e6, loadAverage: os.loadavg()[0], problems }));
  process.exitCode = invalid === 0 ? 0 : 1;
}

await main();
