// Recovering batches: a batch stopped by an error says how many invoices stand and what to run;
// a batch whose process is gone is stale, is told apart from a live one, and `batch resume`
// finishes it (what it never reached issued, counts corrected) as if it had never stopped;
// cancel and retry say so coherently; orphaned temp files of killed writers are removed, those of
// live writers kept; `batch --out` prints the batch id even when its export fails.
import { mkdirSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBatch } from '../../../src-main/engine/pipeline.js';
import { resumeBatch } from '../../../src-main/engine/recovery.js';
import { batchLiveness } from '../../../src-main/engine/batch-owner.js';
import { batchesCancel, batchesRetry } from '../../../src-main/core/handlers/batches.js';
import { main } from '../../../src-main/cli/main.js';
import { checkSequence } from '../../../src-main/numbering/numbering.js';
import { verifyAudit } from '../../../src-main/audit/audit.js';
import type { BatchRow } from '../../../src-main/db/types.js';
import { gstFixture, type EngineFixture } from './setup.js';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const SIM = { source: 'simulation', profile: 'advanced', seed: 'resume', pdf: false, startDate: '2026-05-01', endDate: '2026-10-31', chunkSize: 100 } as const;
const TODAY = '2026-11-23';

function batchRow(f: EngineFixture, id: string): BatchRow {
  return f.core.store.read((db) => db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as BatchRow);
}

function invoiceFacts(f: EngineFixture) {
  return f.core.store.read((db) => db.prepare('SELECT number, issue_date, kind, total_minor, tax_minor FROM invoices WHERE business_id = ? ORDER BY kind, seq').all(f.business.id));
}

/** Makes the batch's row look like its process was SIGKILLed: still running, owner a pid that is gone. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('close', resolve));
  return child.pid!;
}

describe('a batch stopped by an error', () => {
  it('says how many invoices were issued and to run `batch resume ID`; resume then finishes it exactly as an uninterrupted batch', async () => {
    fixture = await gstFixture();
    // The second chunk fails the way a full disk does (SQLITE_FULL comes from a write, mid-chunk).
    fixture.core.store.write((db) => db.exec("CREATE TRIGGER full_disk BEFORE INSERT ON invoices WHEN (SELECT COUNT(*) FROM invoices) >= 100 BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"));
    const error = (await runBatch(fixture.core, { ...SIM, businessId: fixture.business.id, count: 260 }, { today: TODAY }).then(() => new Error('the batch did not stop'), (e: unknown) => e)) as Error & { details: Record<string, unknown> };
    expect(error.details).toBeDefined();
    const batchId = String(error.details.batchId);
    expect(error.message).toMatch(new RegExp(`batch ${batchId} stopped after issuing 100 invoices: database or disk is full`));
    expect(error.message).toContain(`ledgerflow batch resume ${batchId}`);
    expect(batchRow(fixture, batchId)).toMatchObject({ status: 'failed', created_count: 100 });

    fixture.core.store.write((db) => db.exec('DROP TRIGGER full_disk'));
    const resumed = await resumeBatch(fixture.core, batchId, { today: TODAY });
    expect(resumed).toMatchObject({ status: 'completed', created: 260, failed: 0, issuedNow: 160 });
    expect(batchRow(fixture, batchId)).toMatchObject({ status: 'completed', created_count: 260, failed_count: 0, error: null });
    const resumedFacts = invoiceFacts(fixture);
    expect(fixture.core.store.read((db) => checkSequence(db, fixture!.business.id)).ok).toBe(true);
    expect(fixture.core.store.read((db) => verifyAudit(db)).ok).toBe(true);
    await fixture.cleanup();

    // The same seed without the failure: the same invoices, numbers and totals (credit notes included).
    fixture = await gstFixture();
    await runBatch(fixture.core, { ...SIM, businessId: fixture.business.id, count: 260 }, { today: TODAY });
    expect(resumedFacts).toEqual(invoiceFacts(fixture));
  });
});

describe('a batch whose process is gone', () => {
  async function stoppedBatch(f: EngineFixture, count = 120): Promise<string> {
    // A batch that stopped after its first chunk: run it, then make the row look as a kill leaves it.
    const report = await runBatch(f.core, { ...SIM, businessId: f.business.id, count: 100 }, { today: TODAY });
    const pid = await deadPid();
    f.core.store.write((db) => {
      db.prepare("UPDATE batches SET status = 'running', requested = ?, finished_at = NULL, owner_pid = ?, config = json_set(config, '$.count', ?) WHERE id = ?").run(count, pid, count, report.batchId);
    });
    return report.batchId;
  }

  it('is stale, and its row is told apart from a batch whose process lives', async () => {
    fixture = await gstFixture();
    const batchId = await stoppedBatch(fixture);
    expect(batchLiveness(batchRow(fixture, batchId)).state).toBe('stale');
    fixture.core.store.write((db) => db.prepare('UPDATE batches SET owner_pid = ? WHERE id = ?').run(process.ppid, batchId));
    expect(batchLiveness(batchRow(fixture, batchId)).state).toBe('running-elsewhere');
  });

  it('cancel says it is no longer running and how to resume it; retry resumes it first', async () => {
    fixture = await gstFixture();
    const batchId = await stoppedBatch(fixture);
    const ctx = { actor: 'test', transport: 'preview' as const, canWrite: () => false };
    await expect(batchesCancel(fixture.core as never, { businessId: fixture.business.id, batchId }, ctx as never)).rejects.toThrow(new RegExp(`not running any more: .* stopped after issuing 100 invoices.*Resume`));
    const report = await batchesRetry(fixture.core as never, { businessId: fixture.business.id, batchId }, ctx as never);
    expect(report).toMatchObject({ status: 'completed', created: 120, failed: 0 });
  });

  it('is finished by `ledgerflow batch resume ID`; resuming twice issues nothing more', async () => {
    fixture = await gstFixture();
    const batchId = await stoppedBatch(fixture, 150);
    const resumed = await cli('--data-dir', fixture.dir, 'batch', 'resume', batchId);
    expect(resumed.stderr).not.toMatch(/ledgerflow:/);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`batch ${batchId} resumed: now completed, 150 created, 0 failed`));
    expect(resumed.stdout).toMatch(/50 issued/);
    const again = await cli('--data-dir', fixture.dir, '--json', 'batch', 'resume', batchId);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'completed', created: 150, issuedNow: 0 });
    expect(batchRow(fixture, batchId).created_count).toBe(150);
    expect(fixture.core.store.read((db) => db.prepare('SELECT COUNT(*) AS n FROM invoices WHERE batch_id = ?').get(batchId))).toEqual({ n: 150 });
  });

  it('refuses to resume a batch whose process is still alive', async () => {
    fixture = await gstFixture();
    const batchId = await stoppedBatch(fixture);
    fixture.core.store.write((db) => db.prepare('UPDATE batches SET owner_pid = ? WHERE id = ?').run(process.ppid, batchId));
    await expect(resumeBatch(fixture.core, batchId, { today: TODAY })).rejects.toThrow(/still running in process \d+/);
  });
});

describe('orphaned temp files', () => {
  it('are removed by `ledgerflow check files` when their writer is gone, and kept while it lives', async () => {
    fixture = await gstFixture();
    const dead = await deadPid();
    const docs = join(fixture.dir, 'documents', fixture.business.id, '2026-27');
    mkdirSync(docs, { recursive: true });
    writeFileSync(join(docs, `.INV-2627-00001.pdf.${dead}-0a1b2c3d4e5f.tmp`), '');
    writeFileSync(join(docs, `.INV-2627-00002.pdf.${process.ppid}-0a1b2c3d4e5f.tmp`), 'a live writer');
    writeFileSync(join(docs, 'INV-2627-00003.pdf'), '%PDF-1.7');
    // A ZIP being written in a folder the user chose, announced in the data folder.
    const outDir = join(fixture.dir, 'elsewhere');
    mkdirSync(outDir);
    const zipTmp = join(outDir, `.batch.zip.${dead}-aabbccddeeff.tmp`);
    writeFileSync(zipTmp, 'PK');
    mkdirSync(join(fixture.dir, 'run', 'temp'), { recursive: true });
    writeFileSync(join(fixture.dir, 'run', 'temp', `${dead}-1.json`), JSON.stringify({ path: zipTmp, pid: dead, host: (await import('node:os')).hostname() }));
    const result = await cli('--data-dir', fixture.dir, '--json', 'check', 'files');
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { tempFilesRemoved: string[] }).tempFilesRemoved.sort()).toEqual([join(docs, `.INV-2627-00001.pdf.${dead}-0a1b2c3d4e5f.tmp`), zipTmp].sort());
    expect(readdirSync(docs).sort()).toEqual([`.INV-2627-00002.pdf.${process.ppid}-0a1b2c3d4e5f.tmp`, 'INV-2627-00003.pdf']);
    expect(existsSync(zipTmp)).toBe(false);
    expect(readdirSync(join(fixture.dir, 'run', 'temp'))).toEqual([]);
  });

  it('lists a stopped batch in `check files` with the command that finishes it', async () => {
    fixture = await gstFixture();
    const report = await runBatch(fixture.core, { ...SIM, businessId: fixture.business.id, count: 5 }, { today: TODAY });
    const pid = await deadPid();
    fixture.core.store.write((db) => db.prepare("UPDATE batches SET status = 'running', owner_pid = ? WHERE id = ?").run(pid, report.batchId));
    const result = await cli('--data-dir', fixture.dir, 'check', 'files');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`STOPPED batch ${report.batchId}`);
    expect(result.stdout).toContain(`ledgerflow batch resume ${report.batchId}`);
  });
});

describe('batch --out', () => {
  it('prints the batch id and how to export it again when the export fails', async () => {
    fixture = await gstFixture();
    const notAFolder = join(fixture.dir, 'file.txt');
    writeFileSync(notAFolder, 'x');
    const result = await cli('--data-dir', fixture.dir, '--json', 'batch', '--business', fixture.business.id, '--count', '2', '--profile', 'basic', '--out', join(notAFolder, 'out.zip'));
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout) as { batchId: string; created: number; zip: string | null; exportError: { message: string } };
    expect(doc.created).toBe(2);
    expect(doc.zip).toBeNull();
    expect(doc.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(doc.exportError.message).toBeTruthy();
    const human = await cli('--data-dir', fixture.dir, 'batch', '--business', fixture.business.id, '--count', '1', '--profile', 'basic', '--out', join(notAFolder, 'out.zip'));
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/batch [0-9a-f-]{36} completed/);
    expect(human.stdout).toMatch(/EXPORT FAILED: .*\n.*ledgerflow export --batch [0-9a-f-]{36}/);
  });
});
