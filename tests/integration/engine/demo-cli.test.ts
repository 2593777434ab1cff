// The demo and batch commands end to end through the CLI entry point, and the export ZIP checked
// the way an outside user would: unzip -t, sha256sum -c, pdfinfo and pdftotext.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main.js';

const tools = ['unzip', 'sha256sum', 'pdfinfo', 'pdftotext'];
const missing = tools.filter((tool) => { try { execFileSync('which', [tool], { stdio: 'ignore' }); return false; } catch { return true; } });
if (missing.length && process.env.CI === 'true') throw new Error(`CI: the demo ZIP check needs ${missing.join(', ')} (apt-get install unzip poppler-utils)`);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe.skipIf(missing.length > 0)('ledgerflow demo, batch and export', () => {
  let dir: string;
  let demo: { zip: string; created: number; failed: number; businesses: Array<{ id: string; regime: string }>; batches: Array<{ batchId: string }> };
  let unpacked: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lf-demo-'));
    const result = await cli(['demo', '--data-dir', join(dir, 'data'), '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    demo = JSON.parse(result.stdout);
    unpacked = join(dir, 'unzipped');
    execFileSync('unzip', ['-q', demo.zip, '-d', unpacked]);
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates three sandbox businesses and a ZIP that passes unzip -t and sha256sum -c', () => {
    expect(demo.businesses.map((b) => b.regime)).toEqual(['gst-in', 'vat-bh', 'none']);
    expect(demo.created).toBeGreaterThan(50);
    expect(demo.failed).toBe(0);
    execFileSync('unzip', ['-tq', demo.zip]);
    execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: unpacked });
    expect(existsSync(join(unpacked, 'register.xlsx'))).toBe(true);
  });

  it('lists every PDF in the manifest, each readable by poppler and carrying its own number', () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8')) as { invoices: Array<{ file: string; number: string }>; batches: unknown[] };
    const pdfs = readdirSync(join(unpacked, 'invoices'));
    expect(manifest.invoices).toHaveLength(pdfs.length);
    expect(manifest.batches).toHaveLength(3);
    for (const invoice of manifest.invoices) {
      const info = execFileSync('pdfinfo', [join(unpacked, invoice.file)], { encoding: 'utf8' });
      expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThanOrEqual(1);
      expect(execFileSync('pdftotext', [join(unpacked, invoice.file), '-'], { encoding: 'utf8' })).toContain(invoice.number);
    }
  });

  it('prints GSTIN and an HSN summary on GST invoices, Arabic and 3-decimal dinars on Bahrain invoices', () => {
    const text = readdirSync(join(unpacked, 'invoices')).map((f) => execFileSync('pdftotext', [join(unpacked, 'invoices', f), '-'], { encoding: 'utf8' })).join('\n');
    expect(text).toContain('GSTIN');
    expect(text).toContain('HSN');
    expect(text).toContain('فاتورة');
    expect(text).toMatch(/\d\.\d{3}\b/);
  });

  it('carries the audit anchor in the manifest, and the data folder still holds it (audit verify --anchor manifest.json)', async () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8')) as { auditAnchor: { format: string; entries: number; headHash: string } };
    expect(manifest.auditAnchor).toMatchObject({ format: 'ledgerflow-audit-anchor' });
    expect(manifest.auditAnchor.entries).toBeGreaterThan(3);
    const verified = await cli(['audit', 'verify', '--anchor', join(unpacked, 'manifest.json'), '--data-dir', join(dir, 'data')]);
    expect(verified.stdout).toMatch(/anchor OK/);
    expect(verified.code).toBe(0);
  });

  it('marks sandbox invoices SPECIMEN', () => {
    const first = readdirSync(join(unpacked, 'invoices'))[0]!;
    // The watermark is drawn rotated, one glyph per line in pdftotext's output.
    expect(execFileSync('pdftotext', ['-raw', join(unpacked, 'invoices', first), '-'], { encoding: 'utf8' }).replace(/\s+/g, '')).toContain('SPECIMEN');
  });

  it('refuses to run the demo twice on the same data folder, naming the folder', async () => {
    const again = await cli(['demo', '--data-dir', join(dir, 'data')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/empty data folder/);
  });

  it('runs a batch with --json in the documented shape and keeps the sequence provable', async () => {
    const gst = demo.businesses.find((b) => b.regime === 'gst-in')!;
    const result = await cli(['batch', '--business', gst.id, '--count', '12', '--profile', 'realistic', '--seed', 'x', '--no-pdf', '--data-dir', join(dir, 'data'), '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['batchId', 'traceId', 'status', 'created', 'failed', 'failures', 'durationMs', 'zip']));
    expect(doc).toMatchObject({ status: 'completed', created: 12, failed: 0, failures: [], zip: null });
    const sequence = await cli(['check', 'sequence', '--business', gst.id, '--data-dir', join(dir, 'data')]);
    expect(sequence.code).toBe(0);
    const audit = await cli(['audit', 'verify', '--data-dir', join(dir, 'data')]);
    expect(audit.code).toBe(0);
  });

  it('exits 2 naming the problem when the batch options are wrong', async () => {
    const bad = await cli(['batch', '--business', 'nope', '--count', '5', '--data-dir', join(dir, 'data')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no business with id nope/);
    const both = await cli(['batch', '--business', 'x', '--count', '5', '--from', 'o.json', '--data-dir', join(dir, 'data')]);
    expect(both.code).toBe(2);
  });

  it('exports a batch again with `export --batch` and fails cleanly, leaving no file, for an unknown batch', async () => {
    const out = join(dir, 'again.zip');
    const ok = await cli(['export', '--batch', demo.batches[1]!.batchId, '--out', out, '--data-dir', join(dir, 'data'), '--json']);
    expect(ok.code).toBe(0);
    execFileSync('unzip', ['-tq', out]);
    const bad = await cli(['export', '--batch', 'missing', '--out', join(dir, 'none.zip'), '--data-dir', join(dir, 'data')]);
    expect(bad.code).toBe(2);
    expect(existsSync(join(dir, 'none.zip'))).toBe(false);
  });
});
