// A writer killed in the middle of a PDF leaves its temp file (".<name>.pdf.<pid>-<random>.tmp")
// beside the PDFs. The next process that opens the PDF writer (or exports) on the data folder removes
// such leftovers of dead processes; a temp file of a live writer and every finished PDF stay, and the
// register of invoices still points at files that match it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/create-core.js';
import { exportBatches, openPdfRenderer } from '../../../src-main/core/services.js';
import { pdfPathFor } from '../../../src-main/engine/document.js';
import { runBatch } from '../../../src-main/engine/pipeline.js';
import { silentLogger } from '../../../src-main/log/logger.js';
import { gstFixture } from '../engine/setup.js';
import { buildPdfWorker, ROOT } from './helpers.js';

const TODAY = '2026-11-23';
const children: ChildProcess[] = [];

beforeAll(() => buildPdfWorker(), 180_000);
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * A process that starts writing `dest` the way the atomic writer does (its temp file, named by the
 * compiled runtime/atomic-file.js), writes part of it and then waits; resolves with the temp path.
 */
async function startWriter(dest: string): Promise<{ child: ChildProcess; tmp: string }> {
  const atomic = pathToFileURL(path.join(ROOT, 'dist', 'src-main', 'runtime', 'atomic-file.js')).href;
  const script = `
    import { openSync, writeSync } from 'node:fs';
    const { tempPathFor } = await import(${JSON.stringify(atomic)});
    const tmp = tempPathFor(${JSON.stringify(dest)});
    const fd = openSync(tmp, 'wx');
    writeSync(fd, Buffer.from('%PDF-1.7\\n' + 'x'.repeat(64 * 1024)));
    process.stdout.write(tmp + '\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const tmp = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', (code) => reject(new Error(`the writer exited (${code}) before writing`)));
  });
  return { child, tmp };
}

/** SIGKILL, and wait until the process is reaped (a zombie's pid still answers kill(pid, 0)). */
async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

interface Registered {
  number: string;
  fiscal_year: string;
  pdf_sha256: string;
  pdf_bytes: number;
}

function register(core: Core, businessId: string): Registered[] {
  return core.store.read((db) => db.prepare("SELECT number, fiscal_year, pdf_sha256, pdf_bytes FROM invoices WHERE business_id = ? AND status != 'draft' ORDER BY seq").all(businessId) as Registered[]);
}

function expectRegisterMatchesFiles(core: Core, dataDir: string, businessId: string): void {
  const rows = register(core, businessId);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    const file = pdfPathFor(dataDir, businessId, row.fiscal_year, row.number);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 5).toString('latin1'), row.number).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex'), row.number).toBe(row.pdf_sha256);
    expect(bytes.length, row.number).toBe(row.pdf_bytes);
  }
}

const tempsIn = (folder: string) => readdirSync(folder).filter((n) => n.endsWith('.tmp')).sort();

describe('temp files of a writer killed mid-write', () => {
  it('are removed when the next process opens the PDF writer; a live writer\'s temp file and the finished PDFs stay', async () => {
    const fixture = await gstFixture();
    const dataDir = fixture.dir;
    const businessId = fixture.business.id;
    let core: Core | undefined;
    try {
      const pdf = await openPdfRenderer(fixture.core);
      const report = await runBatch(fixture.core, { source: 'simulation', businessId, count: 6, profile: 'basic', seed: 'tmp', pdf: true, startDate: '2026-10-01', endDate: '2026-10-31' }, { today: TODAY, pdf });
      expect(report.failed).toBe(0);
      await pdf.close();
      const rows = register(fixture.core, businessId);
      await fixture.core.close();
      const first = pdfPathFor(dataDir, businessId, rows[0]!.fiscal_year, rows[0]!.number);
      const folder = path.dirname(first);
      const pdfsBefore = readdirSync(folder).filter((n) => n.endsWith('.pdf')).sort();

      // One writer killed while rewriting an existing invoice's PDF, one while writing a new one;
      // a third still writing (alive) when the next process starts.
      const rewriting = await startWriter(first);
      const fresh = await startWriter(path.join(folder, 'INV-NEW-00099.pdf'));
      const live = await startWriter(pdfPathFor(dataDir, businessId, rows[1]!.fiscal_year, rows[1]!.number));
      await kill(rewriting.child);
      await kill(fresh.child);
      expect(tempsIn(folder)).toEqual([rewriting.tmp, fresh.tmp, live.tmp].map((t) => path.basename(t)).sort());

      core = await createCore({ dataDir, logger: silentLogger });
      const next = await openPdfRenderer(core);
      await next.close();
      expect(tempsIn(folder)).toEqual([path.basename(live.tmp)]);
      expect(readdirSync(folder).filter((n) => n.endsWith('.pdf')).sort()).toEqual(pdfsBefore);
      expectRegisterMatchesFiles(core, dataDir, businessId);

      await kill(live.child);
    } finally {
      await fixture.core.close();
      await core?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('an export removes the leftover ZIP of a killed export (announced in the data folder) before writing its own', async () => {
    const fixture = await gstFixture();
    const dataDir = fixture.dir;
    let core: Core | undefined;
    try {
      const report = await runBatch(fixture.core, { source: 'simulation', businessId: fixture.business.id, count: 3, profile: 'basic', seed: 'zip', pdf: false, startDate: '2026-10-01', endDate: '2026-10-31' }, { today: TODAY });
      await fixture.core.close();
      const outDir = path.join(dataDir, 'elsewhere');
      mkdirSync(outDir);
      const zip = path.join(outDir, 'batch.zip');
      const killed = await startWriter(zip);
      // What exportZip announces for a ZIP outside the data folder (runtime/temp-files.ts).
      mkdirSync(path.join(dataDir, 'run', 'temp'), { recursive: true });
      writeFileSync(path.join(dataDir, 'run', 'temp', `${killed.child.pid}-1.json`), JSON.stringify({ path: killed.tmp, pid: killed.child.pid, host: hostname() }));
      await kill(killed.child);

      core = await createCore({ dataDir, logger: silentLogger });
      // The batch had no PDFs, so the export refuses; the leftover is gone all the same.
      await expect(exportBatches(core, [report.batchId], zip)).rejects.toMatchObject({ code: 'EXPORT_FAILED' });
      expect(existsSync(killed.tmp)).toBe(false);
      expect(tempsIn(outDir)).toEqual([]);
      expect(readdirSync(path.join(dataDir, 'run', 'temp'))).toEqual([]);
    } finally {
      await fixture.core.close();
      await core?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
