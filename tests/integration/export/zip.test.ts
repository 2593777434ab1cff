// The export ZIP checked with tools the project did not write: unzip -t, sha256sum -c, poppler,
// SheetJS, and the lead's verify-export-zip.sh on a mixed GST + Bahrain batch.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { Decimal } from 'decimal.js';
import { sanitizeFileStem, UniqueNames } from '../../../src-main/export/names.js';
import { neutraliseCell } from '../../../src-main/export/register.js';
import { exportZip, type ExportInvoice, type ExportManifest } from '../../../src-main/export/zip.js';
import { renderToFile } from '../../../src-main/pdf/job.js';
import { AppError } from '../../../src-shared/errors.js';
import { currencyScale } from '../../../src-shared/money/index.js';
import type { InvoiceDocument } from '../../../src-shared/schemas/invoice-document.js';
import { makeBahrainDocument, makeGstDocument } from '../../fixtures/documents/factory.js';

const VERIFY = '/work/shared/tools/verify-export-zip.sh';
let dir: string;
let invoices: ExportInvoice[];

const header = {
  appVersion: '0.1.0',
  business: { id: 'biz_demo', name: 'Demo Business', taxId: '27AAPFU0939F1ZV' },
  batchId: 'batch_01',
  traceId: '0f9c2d1e-7a41-4c55-9b1e-3d2a8c6f1e20',
  createdAt: '2025-11-20T10:00:00.000Z',
};

async function* iterate<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) yield i;
}

function unzipTo(zipFile: string): string {
  const out = mkdtempSync(path.join(dir, 'x-'));
  execFileSync('unzip', ['-q', zipFile, '-d', out]);
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lf-export-'));
  mkdirSync(path.join(dir, 'pdf'));
  const docs: InvoiceDocument[] = [
    makeGstDocument({ number: 'INV/2526/00017', lines: 4, images: true }),
    makeGstDocument({ number: 'INV/2526/00018', interState: true, lines: 3, seed: 2 }),
    makeGstDocument({ kind: 'bill_of_supply', number: 'BOS/2526/0009', lines: 2 }),
    makeGstDocument({ kind: 'credit_note', number: 'CN/2526/0007', lines: 1 }),
    makeBahrainDocument({ number: 'BH-2025-00123', lines: 4 }),
    makeBahrainDocument({ kind: 'simplified_tax_invoice', number: 'BH-S-2025-0412', lines: 2, seed: 1 }),
    // Same stem after sanitising: must not collide inside the ZIP.
    makeGstDocument({ number: 'INV-2526-00017', lines: 1, seed: 4 }),
  ];
  // A customer name that a spreadsheet would run as a formula.
  docs[1] = { ...docs[1]!, customer: { ...docs[1]!.customer, name: '=HYPERLINK("http://evil.example","x")' } };
  invoices = [];
  for (const [i, d] of docs.entries()) {
    const pdfPath = path.join(dir, 'pdf', `${i}.pdf`);
    const r = await renderToFile(d, pdfPath);
    invoices.push({ document: d, pdfPath, sha256: r.sha256, bytes: r.bytes });
  }
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('file names inside the ZIP', () => {
  it('maps slashes to dashes and refuses traversal and hidden names', () => {
    expect(sanitizeFileStem('INV/2526/00017')).toBe('INV-2526-00017');
    expect(sanitizeFileStem('../../etc/passwd')).toBe('-..-etc-passwd'.replace(/^-/, '-'));
    expect(sanitizeFileStem('..')).toBe('invoice');
    expect(sanitizeFileStem('.hidden')).toBe('hidden');
    expect(sanitizeFileStem('a\\b:c*d')).toBe('a-b_c_d');
    expect(sanitizeFileStem('CON')).toBe('_CON');
    for (const s of ['../x', '..\\x', '/abs', 'a/../../b']) expect(sanitizeFileStem(s)).not.toMatch(/[/\\]|^\.\.?$/);
  });

  it('resolves collisions case-insensitively', () => {
    const names = new UniqueNames();
    expect(names.take('INV/1')).toBe('INV-1');
    expect(names.take('INV-1')).toBe('INV-1-2');
    expect(names.take('inv/1')).toBe('inv-1-3');
  });

  it('neutralises spreadsheet formulas in text cells', () => {
    expect(neutraliseCell('=1+1')).toBe("'=1+1");
    expect(neutraliseCell('+91 22')).toBe("'+91 22");
    expect(neutraliseCell('-x')).toBe("'-x");
    expect(neutraliseCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseCell('Patel Traders')).toBe('Patel Traders');
  });
});

describe('ZIP export', () => {
  let zipFile: string;
  let extracted: string;
  let manifest: ExportManifest;

  beforeAll(async () => {
    zipFile = path.join(dir, 'batch.zip');
    const r = await exportZip({ outPath: zipFile, manifest: header, invoices: iterate(invoices), includeGroundTruth: true });
    expect(r.invoiceCount).toBe(invoices.length);
    expect(r.bytes).toBe(readFileSync(zipFile).length);
    expect(r.sha256).toBe(execFileSync('sha256sum', [zipFile], { encoding: 'utf8' }).split(' ')[0]);
    extracted = unzipTo(zipFile);
    manifest = JSON.parse(readFileSync(path.join(extracted, 'manifest.json'), 'utf8')) as ExportManifest;
  });

  it('passes unzip -t and sha256sum -c', () => {
    expect(spawnSync('unzip', ['-tq', zipFile]).status).toBe(0);
    const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: extracted, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout.match(/: OK$/gm)?.length).toBe(invoices.length * 2 + 2);
  });

  it('passes python zipfile (every CRC) and zipinfo: folders, then each PDF stored and its JSON deflated, then register, manifest and sums, all dated createdAt', () => {
    const py = spawnSync('python3', ['-c', 'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nprint(json.dumps({"bad":z.testzip(),"entries":[[i.filename,i.compress_type,list(i.date_time)] for i in z.infolist()]}))', zipFile], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const read = JSON.parse(py.stdout) as { bad: string | null; entries: Array<[string, number, number[]]> };
    expect(read.bad).toBeNull();
    const stems = manifest.invoices.map((i) => i.file.slice('invoices/'.length, -'.pdf'.length));
    const perInvoice = stems.flatMap((stem, i) => [...(i === 0 ? ['invoices/'] : []), `invoices/${stem}.pdf`, ...(i === 0 ? ['data/'] : []), `data/${stem}.json`]);
    expect(read.entries.map((e) => e[0])).toEqual([...perInvoice, 'register.xlsx', 'manifest.json', 'SHA256SUMS']);
    for (const [name, method, date] of read.entries) {
      expect(method, name).toBe(name.endsWith('.json') || name === 'SHA256SUMS' ? 8 : 0);
      expect(date).toEqual([2025, 11, 20, 10, 0, 0]);
    }
    const info = spawnSync('zipinfo', ['-t', zipFile], { encoding: 'utf8' });
    expect(info.status, info.stderr).toBe(0);
    expect(info.stdout).toMatch(new RegExp(`^${read.entries.length} files`));
  });

  it('holds one PDF per invoice under sanitised, unique names, each readable by poppler', () => {
    const pdfs = readdirSync(path.join(extracted, 'invoices')).sort();
    expect(pdfs).toContain('INV-2526-00017.pdf');
    expect(pdfs).toContain('INV-2526-00017-2.pdf');
    expect(pdfs).toHaveLength(invoices.length);
    for (const item of manifest.invoices) {
      const text = execFileSync('pdftotext', [path.join(extracted, item.file), '-'], { encoding: 'utf8' });
      expect(text).toContain(item.number);
    }
  });

  it('writes a manifest with the batch header, every invoice and totals per currency', () => {
    expect(manifest).toMatchObject({ ...header, invoiceCount: invoices.length });
    const first = manifest.invoices[0]!;
    expect(first).toMatchObject({ number: 'INV/2526/00017', date: '2025-11-14', currency: 'INR', file: 'invoices/INV-2526-00017.pdf', sha256: invoices[0]!.sha256, bytes: invoices[0]!.bytes });
    expect(first.customer.name).toBe('Patel Traders');
    expect(first.totals.grandTotal).toBe(invoices[0]!.document.totals.grandTotal);
    expect(Object.keys(manifest.totalsByCurrency).sort()).toEqual(['BHD', 'INR']);
    expect(manifest.totalsByCurrency.BHD!.invoices).toBe(2);
    expect(manifest.totalsByCurrency.BHD!.grandTotal).toMatch(/^\d+\.\d{3}$/);
  });

  it('includes the ground-truth JSON of each invoice', () => {
    const d = JSON.parse(readFileSync(path.join(extracted, 'data', 'INV-2526-00017.json'), 'utf8')) as InvoiceDocument;
    expect(d).toEqual(invoices[0]!.document);
  });

  it('writes a sales register with one row per line (exempt and nil lines too), its status, HSN, quantity and unit, formulas neutralised', () => {
    const book = XLSX.read(readFileSync(path.join(extracted, 'register.xlsx')));
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets[book.SheetNames[0]!]!);
    expect(rows).toHaveLength(invoices.reduce((n, i) => n + i.document.lines.length, 0));
    const first = rows.filter((r) => r.Number === 'INV/2526/00017');
    expect(first).toHaveLength(invoices[0]!.document.lines.length);
    expect(first.map((r) => [r['HSN/SAC'], String(r.Quantity), r.Unit])).toEqual(invoices[0]!.document.lines.map((l) => [l.hsn ?? '', String(Number(l.quantity)), l.unit ?? '']));
    expect(first.every((r) => r.Status === 'issued')).toBe(true);
    const evil = rows.find((r) => r.Number === 'INV/2526/00018')!;
    expect(String(evil.Customer).startsWith("'=")).toBe(true);
    const bos = rows.filter((r) => r.Number === 'BOS/2526/0009');
    expect(bos.length).toBeGreaterThan(0);
    const credit = rows.find((r) => r.Number === 'CN/2526/0007')!;
    expect(credit.Status).toBe('credit note');
    expect(Number(credit['Document total'])).toBeLessThan(0);
  });

  it("writes register amounts that add up, per document, to the manifest's exact totals", () => {
    const book = XLSX.read(readFileSync(path.join(extracted, 'register.xlsx')));
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets[book.SheetNames[0]!]!);
    for (const item of manifest.invoices) {
      const scale = currencyScale(item.currency);
      const mine = rows.filter((r) => r.Number === item.number && r.File === item.file);
      const sum = (column: string) => mine.reduce((acc, r) => acc.plus(typeof r[column] === 'number' ? String(r[column]) : '0'), new Decimal(0)).toFixed(scale);
      expect((mine[0]!['Document total'] as number).toFixed(scale)).toBe(item.totals.grandTotal);
      expect((mine[0]!['Round off'] as number).toFixed(scale)).toBe(item.totals.roundOff);
      expect(sum('Tax amount')).toBe(new Decimal(item.totals.tax).toFixed(scale));
      expect(new Decimal(sum('Line total')).plus(item.totals.roundOff).toFixed(scale)).toBe(item.totals.grandTotal);
    }
  });

  it.runIf(existsSync(VERIFY))('passes the outside checker on a mixed GST and Bahrain batch', () => {
    const r = spawnSync('bash', [VERIFY, zipFile], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/0 problems/);
  });
});

describe('a failed export leaves nothing at the destination', () => {
  const leftovers = (folder: string) => readdirSync(folder).filter((f) => f.includes('.zip'));

  it('names a PDF that changed after it was written', async () => {
    const folder = mkdtempSync(path.join(dir, 'tamper-'));
    const copy = path.join(folder, 'tampered.pdf');
    const bytes = Buffer.from(readFileSync(invoices[0]!.pdfPath));
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0x01;
    writeFileSync(copy, bytes);
    const err = (await exportZip({ outPath: path.join(folder, 'out.zip'), manifest: header, invoices: [invoices[1]!, { ...invoices[0]!, pdfPath: copy, bytes: undefined }] }).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('EXPORT_FAILED');
    expect(err.message).toContain('tampered.pdf');
    expect(err.message).toMatch(/SHA-256/);
    expect(leftovers(folder)).toEqual([]);
  });

  it('names a missing PDF', async () => {
    const folder = mkdtempSync(path.join(dir, 'missing-'));
    const err = (await exportZip({ outPath: path.join(folder, 'out.zip'), manifest: header, invoices: [{ ...invoices[0]!, pdfPath: path.join(folder, 'gone.pdf') }] }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('EXPORT_FAILED');
    expect(err.message).toContain('gone.pdf');
    expect(err.message).toMatch(/missing/);
    expect(leftovers(folder)).toEqual([]);
  });

  it('says the disk is full when a write fails with ENOSPC, and removes the partial file', async () => {
    const folder = mkdtempSync(path.join(dir, 'enospc-'));
    let written = 0;
    const err = (await exportZip({
      outPath: path.join(folder, 'out.zip'),
      manifest: header,
      invoices: invoices,
      // The first 40,000 bytes reach the temp file, then the disk is full.
      wrapOutput: (write) => async (chunks) => {
        for (const chunk of chunks) {
          written += chunk.length;
          if (written > 40_000) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          await write([chunk]);
        }
      },
    }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('EXPORT_FAILED');
    expect(err.message).toMatch(/disk is full/);
    expect(written).toBeGreaterThan(40_000);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('says the disk is full on a real, tiny file system (when the test may mount one)', async (ctx) => {
    const mnt = mkdtempSync(path.join(dir, 'tiny-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]).status === 0;
    if (!mounted) ctx.skip();
    try {
      const err = (await exportZip({ outPath: path.join(mnt, 'out.zip'), manifest: header, invoices }).catch((e: unknown) => e)) as AppError;
      expect(err.code).toBe('EXPORT_FAILED');
      expect(err.message).toMatch(/disk is full/);
      expect(readdirSync(mnt)).toEqual([]);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });

  it('says the destination folder does not exist', async () => {
    const err = (await exportZip({ outPath: path.join(dir, 'nope', 'out.zip'), manifest: header, invoices }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('EXPORT_FAILED');
    expect(err.message).toMatch(/does not exist/);
  });
});
