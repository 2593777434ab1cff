// SIGKILL during `backup` and `restore`, at random moments (a few runs each, bounded time): after
// every kill the data folder opens, its ledger verifies, and issuing continues without reusing a
// number; a killed backup leaves nothing at its destination but a complete, verifiable file (and
// its temp file is cleared by the next backup); a killed restore is finished or undone by the next
// process that opens the folder, and the replaced data is never lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../../src-main/core/create-core.js';
import { silentLogger } from '../../../src-main/log/logger.js';
import { backupStore } from '../../../src-main/backup/backup.js';
import { verifyBackupFile } from '../../../src-main/backup/restore.js';
import { verifyLedger } from '../../../src-main/audit/verify-ledger.js';
import { checkSequence } from '../../../src-main/numbering/numbering.js';
import { openStore } from '../../../src-main/db/store.js';
import { seedBusiness, loadSeeded } from '../../helpers/seed.js';
import { issueInvoicesForBench } from '../../helpers/issue.js';
import { fileUrl, makeRunDir, removeRunDir, transpileGraph } from '../../helpers/transpile.mjs';
import { packageRoot } from '../../../src-main/runtime/paths.js';
import { removeOrphanedTempFiles } from '../../../src-main/runtime/temp-files.js';

const RUNS = 3;
let runDir: string;
let cliJs: string;
let root: string;
beforeAll(() => {
  runDir = makeRunDir('backup-crash');
  [cliJs] = transpileGraph([join(packageRoot(), 'src-main', 'cli', 'main.ts')], runDir) as [string];
  root = mkdtempSync(join(tmpdir(), 'lf-backup-crash-'));
});
afterAll(() => {
  removeRunDir(runDir);
  rmSync(root, { recursive: true, force: true });
});

/** Runs the CLI in a child process and SIGKILLs it `killAfterMs` after it started working. */
function runAndKill(argv: string[], killAfterMs: number): Promise<{ killed: boolean; code: number | null }> {
  const script = `process.stdout.write('go\\n'); const { main } = await import(${JSON.stringify(fileUrl(cliJs))}); process.exitCode = await main(${JSON.stringify(argv)});`;
  const child = spawn(process.execPath, ['--preserve-symlinks', '--preserve-symlinks-main', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let timer: NodeJS.Timeout | undefined;
  child.stdout!.once('data', () => {
    timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  });
  return new Promise((resolve) => child.once('close', (code, signal) => {
    clearTimeout(timer);
    resolve({ killed: signal === 'SIGKILL', code });
  }));
}

function folderWithInvoices(name: string, invoices: number): { dataDir: string; businessId: string } {
  const dataDir = join(root, name);
  const store = openStore(dataDir);
  const biz = seedBusiness(store);
  for (let i = 0; i < invoices / 10; i++) issueInvoicesForBench(store, { businessId: biz.businessId, series: biz.invoiceSeries, fiscalYearStartMonth: 4, date: '2026-01-15', count: 10 });
  store.close();
  // Stand-in PDFs (the engine's are tested in restore.test.ts): enough bytes to take a moment.
  mkdirSync(join(dataDir, 'documents', biz.businessId, '2025-26'), { recursive: true });
  for (let i = 1; i <= 60; i++) writeFileSync(join(dataDir, 'documents', biz.businessId, '2025-26', `INV-${i}.pdf`), Buffer.alloc(64 * 1024, i));
  return { dataDir, businessId: biz.businessId };
}

async function assertHealthy(dataDir: string, businessId: string, highestBefore: number): Promise<void> {
  const core = await createCore({ dataDir, logger: silentLogger });
  try {
    const ledger = core.store.read((db) => verifyLedger(db));
    expect(ledger.invoices.problems).toEqual([]);
    expect(ledger.ok).toBe(true);
    expect(core.store.read((db) => checkSequence(db, businessId)).problems).toEqual([]);
    const seeded = core.store.read((db) => loadSeeded(db, businessId));
    const next = issueInvoicesForBench(core.store, { businessId, series: seeded.invoiceSeries, fiscalYearStartMonth: 4, date: '2026-01-15', count: 1 });
    expect(next.seqs[0]).toBeGreaterThan(highestBefore);
  } finally {
    await core.close();
  }
  expect(existsSync(join(dataDir, '.restore-in-progress.json'))).toBe(false);
}

describe('SIGKILL during backup and restore', () => {
  it(`backup killed at ${RUNS} random moments: the live data is intact, the destination is empty or a complete backup`, async () => {
    const { dataDir, businessId } = folderWithInvoices('backup-live', 200);
    const outDir = join(root, 'backup-out');
    mkdirSync(outDir);
    for (let run = 0; run < RUNS; run++) {
      const out = join(outDir, `b${run}.tar.gz`);
      const { killed } = await runAndKill(['--data-dir', dataDir, 'backup', '--out', out], 150 + Math.floor(Math.random() * 600));
      if (existsSync(out)) expect((await verifyBackupFile(out, root)).ok).toBe(true);
      else expect(killed).toBe(true);
      await assertHealthy(dataDir, businessId, 200 + run);
    }
    // The killed backups announced their temp files in the data folder: the start-up cleaning of
    // the next process (app start, PDF writer, export, `check files`) removes them, whatever folder
    // they were written in; a finished backup withdrew its announcement.
    removeOrphanedTempFiles(dataDir);
    expect(readdirSync(outDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(dataDir, 'run', 'temp')) ? readdirSync(join(dataDir, 'run', 'temp')) : []).toEqual([]);
    // The next backup clears the temp files of killed ones too (those of a process that died
    // before it could announce them).
    const store = openStore(dataDir);
    await backupStore(store, join(outDir, 'final.tar.gz'), 'test');
    store.close();
    expect(readdirSync(outDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 180_000);

  it('a backup killed while its temp file is being written: the next start removes it, in whatever folder', async () => {
    const { dataDir } = folderWithInvoices('backup-mid', 200);
    const outDir = join(root, 'backup-mid-out');
    mkdirSync(outDir);
    const script = `const { main } = await import(${JSON.stringify(fileUrl(cliJs))}); process.exitCode = await main(${JSON.stringify(['--data-dir', dataDir, 'backup', '--out', join(outDir, 'b.tar.gz')])});`;
    const child = spawn(process.execPath, ['--preserve-symlinks', '--preserve-symlinks-main', '--input-type=module', '-e', script], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Killed the moment a temp file of the backup appears in the destination folder.
    let temps: string[] = [];
    for (let i = 0; i < 6000 && child.exitCode === null && temps.length === 0; i++) {
      temps = readdirSync(outDir).filter((n) => n.endsWith('.tmp'));
      if (temps.length === 0) await new Promise((r) => setTimeout(r, 2));
    }
    child.kill('SIGKILL');
    await exited;
    expect(temps.length, 'the backup was killed while writing').toBeGreaterThan(0);
    expect(readdirSync(outDir).filter((n) => n.endsWith('.tmp')).length).toBeGreaterThan(0);
    expect(existsSync(join(outDir, 'b.tar.gz'))).toBe(false);
    removeOrphanedTempFiles(dataDir);
    expect(readdirSync(outDir)).toEqual([]);
    expect(readdirSync(join(dataDir, 'run', 'temp'))).toEqual([]);
  }, 60_000);

  it(`restore killed at ${RUNS} random moments: the next open finishes or undoes it; nothing is lost, no number reused`, async () => {
    const { dataDir, businessId } = folderWithInvoices('restore-live', 100);
    const backupFile = join(root, 'restore-src.tar');
    const store = openStore(dataDir);
    await backupStore(store, backupFile, 'test');
    // Numbers taken after the backup: a restore must continue after them.
    const seeded = store.read((db) => loadSeeded(db, businessId));
    issueInvoicesForBench(store, { businessId, series: seeded.invoiceSeries, fiscalYearStartMonth: 4, date: '2026-01-15', count: 30 });
    store.close();
    let highest = 130;
    const outcomes: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      // A document the backup does not hold: present after an undone restore, gone after a finished one.
      const marker = join(dataDir, 'documents', businessId, `after-backup-${run}.pdf`);
      writeFileSync(marker, 'not in the backup');
      const countNow = () => {
        const opened = openStore(dataDir);
        try {
          return opened.read((db) => db.prepare('SELECT COUNT(*) AS n FROM invoices').pluck().get() as number);
        } finally {
          opened.close();
        }
      };
      const before = countNow();
      await runAndKill(['--data-dir', dataDir, 'restore', '--from', backupFile], 100 + Math.floor(Math.random() * 900));
      // Never a mix: the old database with its documents, or the backup's database with the backup's documents.
      const prepared = await createCore({ dataDir, logger: silentLogger });
      await prepared.close();
      const after = countNow();
      if (after === before) expect(existsSync(marker), 'old database, so the old documents').toBe(true);
      else {
        expect(after, 'the backup\'s database').toBe(100);
        expect(existsSync(marker), 'the backup\'s documents').toBe(false);
      }
      outcomes.push(after === before ? 'undone' : 'restored');
      await assertHealthy(dataDir, businessId, highest);
      highest += 1;
      // Every replaced database kept aside still opens.
      for (const aside of readdirSync(dataDir).filter((n) => n.startsWith('replaced-'))) {
        if (existsSync(join(dataDir, aside, 'ledgerflow.sqlite'))) {
          const old = openStore(join(dataDir, aside));
          expect(old.db.pragma('integrity_check', { simple: true })).toBe('ok');
          old.close();
        }
      }
    }
    console.info(`restore kills: ${outcomes.join(', ')}`);
  }, 180_000);
});
