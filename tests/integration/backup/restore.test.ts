// The restore drill: a backup taken while a batch runs holds the database, every PDF and a
// manifest; it restores into a fresh folder and over the live one (whose database has a -wal left
// by a killed process), the replaced data is kept aside, and issuing continues without reusing a
// number or overwriting a PDF. A restore is refused while another process has the folder open,
// and a damaged backup is refused before anything changes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { createCore, type Core } from '../../../src-main/core/create-core.js';
import { createBusiness, validateBusinessInput } from '../../../src-main/db/repos/businesses.js';
import { insertProduct } from '../../../src-main/db/repos/catalogue.js';
import { silentLogger } from '../../../src-main/log/logger.js';
import { runBatch } from '../../../src-main/engine/pipeline.js';
import type { PdfRenderer } from '../../../src-main/engine/pdf-renderer.js';
import { pdfFileName } from '../../../src-main/engine/document.js';
import { backupStore } from '../../../src-main/backup/backup.js';
import { restoreBackup } from '../../../src-main/backup/restore.js';
import { verifyLedger } from '../../../src-main/audit/verify-ledger.js';
import { checkSequence } from '../../../src-main/numbering/numbering.js';
import { openStore } from '../../../src-main/db/store.js';
import { seedBusiness } from '../../helpers/seed.js';
import { issueInvoicesForBench } from '../../helpers/issue.js';
import { prepareLedgerWorkers, type LedgerWorkers } from '../../helpers/ledger-process.js';
import { main } from '../../../src-main/cli/main.js';

const TODAY = '2026-11-23';
const roots: string[] = [];
const cores: Core[] = [];
let workers: LedgerWorkers;
beforeAll(() => {
  workers = prepareLedgerWorkers();
});
afterAll(() => workers.dispose());
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'lf-restore-'));
  roots.push(root);
  return root;
}

/** A PDF writer that writes a small file per invoice, so documents/ is real but fast to make. */
const fakePdf: PdfRenderer = {
  async render(doc, outPath) {
    const bytes = Buffer.from(`%PDF-1.7 fake\n${doc.number}\n${doc.totals.grandTotal}\n`);
    const temp = `${outPath}.${process.pid}.tmp`;
    writeFileSync(temp, bytes);
    renameSync(temp, outPath);
    return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, pages: 1 };
  },
  async close() {},
};

async function open(dataDir: string): Promise<Core> {
  const core = await createCore({ dataDir, logger: silentLogger });
  cores.push(core);
  return core;
}

async function close(core: Core): Promise<void> {
  cores.splice(cores.indexOf(core), 1);
  await core.close();
}

async function gstCore(dataDir: string): Promise<{ core: Core; businessId: string }> {
  const core = await open(dataDir);
  const business = createBusiness(core.store, validateBusinessInput({
    name: 'Drill Traders', address: '1 MG Road\nPune', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: true,
  }, core.plugins), 'test');
  core.store.write((db) => insertProduct(db, business.id, { sku: 'SH-1', name: 'Cotton shirt', hsn: '6205', unit: 'PCS', priceMinor: 89900n, currency: 'INR', taxRate: '5' }));
  return { core, businessId: business.id };
}

function batch(core: Core, businessId: string, count: number, seed: string, onProgress?: () => void) {
  return runBatch(core, { source: 'simulation', businessId, count, profile: 'basic', seed, pdf: true, chunkSize: 5, startDate: '2026-06-01', endDate: '2026-06-30' }, { today: TODAY, pdf: fakePdf, onProgress });
}

const numbersOf = (core: Core, businessId: string) => core.store.read((db) => (db.prepare('SELECT number FROM invoices WHERE business_id = ? AND number IS NOT NULL ORDER BY number').pluck().all(businessId) as string[]));

/** documents/ as path → sha256. */
function documents(dataDir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.set(relative(join(dataDir, 'documents'), path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(join(dataDir, 'documents'));
  return out;
}

function ledgerOk(core: Core, businessId: string): void {
  const ledger = core.store.read((db) => verifyLedger(db));
  expect(ledger.invoices.problems).toEqual([]);
  expect(ledger.ok).toBe(true);
  const sequence = core.store.read((db) => checkSequence(db, businessId));
  expect(sequence.problems).toEqual([]);
}

describe('restore drill', () => {
  it('backs up during a batch, restores fresh and over the live folder (stale -wal), and never reuses a number or a PDF', async () => {
    const root = tempRoot();
    const live = join(root, 'live');
    const { core, businessId } = await gstCore(live);
    await batch(core, businessId, 10, 'first');

    // The backup is taken while the second batch is between chunks.
    const backupFile = join(root, 'drill.tar.gz');
    let backup: Promise<unknown> | undefined;
    const issuedSoFar = () => core.store.read((db) => db.prepare('SELECT COUNT(*) FROM invoices').pluck().get() as number);
    const report = await batch(core, businessId, 30, 'second', () => {
      const n = issuedSoFar();
      if (!backup && n >= 15 && n < 40) backup = backupStore(core.store, backupFile, 'test');
    });
    expect(report.created).toBe(30);
    expect(backup).toBeDefined();
    const backed = (await backup) as Awaited<ReturnType<typeof backupStore>>;
    expect(backed.documents).toBeGreaterThan(10);
    const allNumbersLive = numbersOf(core, businessId);
    expect(allNumbersLive).toHaveLength(40);
    const liveDocs = documents(live);
    await close(core);

    // The archive is an ordinary tar.gz: database, PDFs, anchor, sums and manifest.
    const listing = spawnSync('tar', ['tzf', backupFile], { encoding: 'utf8' });
    expect(listing.status).toBe(0);
    const names = listing.stdout.trim().split('\n');
    expect(names).toEqual(expect.arrayContaining(['ledgerflow.sqlite', 'audit-anchor.json', 'SHA256SUMS', 'manifest.json']));
    expect(names.filter((n) => n.startsWith('documents/') && n.endsWith('.pdf'))).toHaveLength(backed.documents);

    // 1. Into a fresh folder.
    const fresh = join(root, 'fresh');
    const intoFresh = await restoreBackup({ dataDir: fresh, from: backupFile });
    expect(intoFresh.aside).toBeNull();
    const restoredDocs = documents(fresh);
    expect(restoredDocs.size).toBe(backed.documents);
    const freshCore = await open(fresh);
    ledgerOk(freshCore, businessId);
    const restoredNumbers = numbersOf(freshCore, businessId);
    expect(restoredNumbers.length).toBeLessThan(40);
    await batch(freshCore, businessId, 5, 'after-fresh');
    const newInFresh = numbersOf(freshCore, businessId).filter((n) => !restoredNumbers.includes(n));
    expect(newInFresh).toHaveLength(5);
    // No new number is one whose PDF came with the backup, and every restored PDF is untouched.
    const restoredPdfNames = new Set([...restoredDocs.keys()].map((p) => p.split('/').pop()!));
    for (const number of newInFresh) expect(restoredPdfNames.has(pdfFileName(number))).toBe(false);
    const afterFresh = documents(fresh);
    for (const [path, sha] of restoredDocs) expect(afterFresh.get(path)).toBe(sha);
    ledgerOk(freshCore, businessId);
    await close(freshCore);

    // 2. Over the live folder, which a killed process left with a -wal holding a committed change.
    const db = join(live, 'ledgerflow.sqlite');
    const killer = spawnSync(process.execPath, ['-e', `
      const Database = require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))});
      const db = new Database(${JSON.stringify(db)});
      db.pragma('wal_autocheckpoint = 0');
      db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('marker', '\\"before-restore\\"', 'now')").run();
      process.kill(process.pid, 'SIGKILL');`]);
    expect(killer.signal).toBe('SIGKILL');
    expect(statSync(`${db}-wal`).size).toBeGreaterThan(0);

    const over = await restoreBackup({ dataDir: live, from: backupFile });
    expect(over.aside).not.toBeNull();
    // The replaced data is kept, database and WAL together: it still opens with everything in it.
    const aside = new Database(join(over.aside!, 'ledgerflow.sqlite'), { readonly: true });
    expect(aside.prepare("SELECT value FROM settings WHERE key = 'marker'").pluck().get()).toBe('"before-restore"');
    expect(aside.prepare('SELECT COUNT(*) FROM invoices').pluck().get()).toBe(40);
    aside.close();
    expect(documents(over.aside!).size).toBe(liveDocs.size);
    // The highest number ever issued on this machine for this series is 45: the fresh folder of
    // step 1 (same business, restored from the same backup) issued 41–45.
    expect(over.skipped).toEqual([expect.objectContaining({ seriesCode: expect.any(String), to: 45 })]);

    const liveAgain = await open(live);
    ledgerOk(liveAgain, businessId);
    await batch(liveAgain, businessId, 5, 'after-over');
    const newNumbers = numbersOf(liveAgain, businessId).filter((n) => !allNumbersLive.includes(n));
    expect(newNumbers).toHaveLength(5);
    // Every new number is above every number ever issued here, so no PDF name is reused.
    expect(numbersOf(liveAgain, businessId).filter((n) => allNumbersLive.includes(n)).length).toBe(restoredNumbers.length);
    for (const number of newNumbers) expect(number > allNumbersLive.at(-1)! && number > newInFresh.at(-1)!).toBe(true);
    ledgerOk(liveAgain, businessId);
    const check = liveAgain.store.read((db2) => checkSequence(db2, businessId));
    expect(check.series.find((s) => s.skipped) ?? {}).toMatchObject({ skipped: 45 - restoredNumbers.length });
  });

  it('restored into a brand-new folder (the old one gone), a backup continues after the highest number this machine issued', async () => {
    const root = tempRoot();
    const oldDir = join(root, 'old');
    const store = openStore(oldDir);
    const seeded = seedBusiness(store);
    const issue = (s: typeof store, count: number) => issueInvoicesForBench(s, { businessId: seeded.businessId, series: seeded.invoiceSeries, fiscalYearStartMonth: 4, date: '2026-01-15', count });
    issue(store, 5);
    const backupFile = join(root, 'b.tar');
    await backupStore(store, backupFile, 'test');
    issue(store, 5);
    store.close();
    // Another business elsewhere on this machine: its marks are none of this restore's business.
    const other = openStore(join(root, 'unrelated'));
    const otherSeed = seedBusiness(other);
    issueInvoicesForBench(other, { businessId: otherSeed.businessId, series: otherSeed.invoiceSeries, fiscalYearStartMonth: 4, date: '2026-01-15', count: 3 });
    other.close();
    rmSync(oldDir, { recursive: true, force: true });

    const freshDir = join(root, 'fresh');
    const result = await restoreBackup({ dataDir: freshDir, from: backupFile });
    expect(result.aside).toBeNull();
    expect(result.warnings).toEqual([]);
    expect(result.skipped).toEqual([{ seriesCode: 'INV', fiscalYear: '2025-26', from: 6, to: 10 }]);
    const fresh = openStore(freshDir);
    try {
      expect(issue(fresh, 1).seqs).toEqual([11]);
      expect(fresh.read((db) => checkSequence(db, seeded.businessId)).problems).toEqual([]);
    } finally {
      fresh.close();
    }
  });

  it('refuses while another process has the data folder open, and while this one has it open', async () => {
    const root = tempRoot();
    const dataDir = join(root, 'data');
    const store = openStore(dataDir);
    const { businessId } = seedBusiness(store);
    const backupFile = join(root, 'b.tar');
    await backupStore(store, backupFile, 'test');
    await expect(restoreBackup({ dataDir, from: backupFile })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('this process') });
    store.close();

    const holder = workers.start({ dataDir, businessId, ops: [], waitForGo: true });
    await holder.ready;
    try {
      await expect(restoreBackup({ dataDir, from: backupFile })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`process ${holder.child.pid}`) });
      expect(existsSync(join(dataDir, '.restore-in-progress.json'))).toBe(false);
    } finally {
      holder.child.stdin!.end('go\n');
      await holder.exited;
    }
    // Closed: now it restores.
    await expect(restoreBackup({ dataDir, from: backupFile })).resolves.toMatchObject({ aside: expect.stringContaining('replaced-') });
  });

  it('refuses a damaged backup (a document altered) before changing anything', async () => {
    const root = tempRoot();
    const live = join(root, 'live');
    const { core, businessId } = await gstCore(live);
    await batch(core, businessId, 5, 'x');
    const backupFile = join(root, 'b.tar');
    await backupStore(core.store, backupFile, 'test');
    await close(core);
    // Flip a byte inside the first PDF's content (plain tar: content follows its 512-byte header).
    const bytes = readFileSync(backupFile);
    const at = bytes.indexOf(Buffer.from('%PDF-1.7 fake'));
    bytes[at + 2] = bytes[at + 2]! ^ 1;
    const damaged = join(root, 'damaged.tar');
    writeFileSync(damaged, bytes);
    const before = readdirSync(live).sort();
    let stderr = '';
    const code = await main(['--data-dir', live, 'restore', '--from', damaged], { stdout: () => {}, stderr: (s) => (stderr += s) });
    expect(code).toBe(2);
    expect(stderr).toMatch(/restore refused: the backup does not verify; nothing was changed/);
    expect(stderr).toMatch(/documents\/.+\.pdf does not match its manifest hash/);
    expect(readdirSync(live).sort()).toEqual(before);
    // The intact one verifies with --check.
    let stdout = '';
    expect(await main(['--data-dir', live, 'restore', '--from', backupFile, '--check'], { stdout: (s) => (stdout += s), stderr: () => {} })).toBe(0);
    expect(stdout).toMatch(/backup OK: 5 invoices, 5 documents, /);
  });
});
