// `restore --from FILE`: unpack a backup beside the data, verify it (file hashes, integrity_check,
// migrations, audit chain and invoice seals against the manifest's anchor, number sequences), then
// swap it in: the current database (with its -wal and -shm, so a stale WAL never meets another
// file) and documents are moved aside to replaced-<time>/, never deleted. Finally every series
// continues after the highest number ever taken here (the high-water file, the replaced database's
// counters and the backup's own marks), so no number and no PDF is reused; the numbers skipped
// that way are recorded (numbering_skips) and audited, and `check sequence` accounts for them.
//
// Each step is recorded in .restore-in-progress.json first; a restore killed after the verified
// backup started to move in is finished by the next process that opens the folder (or restore),
// one killed earlier is undone (nothing had moved).
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.js';
import { newId } from '../../src-shared/ids.js';
import { appendAudit } from '../audit/audit.js';
import { verifyLedger } from '../audit/verify-ledger.js';
import { packageRoot } from '../runtime/paths.js';
import { openers, processAlive, RESTORE_MARKER } from '../db/data-folder.js';
import { assertCompatible, loadMigrations } from '../db/migrate.js';
import { DATABASE_FILE, Store } from '../db/store.js';
import { countersOf, lastNumbersOf, mergeMarks, raiseHighWater, readHighWater, readMachineHighWater, type HighWaterMark, type SeriesLastNumber } from '../db/high-water.js';
import { appliedMigrations, businessIds as businessIdsOf, counterOf, insertNumberingSkip, numberedInvoiceCount, raiseCounter, seriesByIdOrCode } from '../db/repos/backups.js';
import { checkSequence } from '../numbering/numbering.js';
import { fsyncDir, writeFileAtomicSync } from '../runtime/atomic-file.js';
import { BACKUP_FORMAT, DOCUMENTS_DIR, MANIFEST_FILE, type BackupManifest } from './backup.js';
import { extractTar } from './tar.js';

const DB_FILES = [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`];

type Stage = 'verifying' | 'moving-aside' | 'moving-in' | 'installed';

interface RestoreMarker {
  pid: number;
  stage: Stage;
  from: string;
  staging: string;
  aside: string;
  /** Names moved (or to move) aside: the database files, and documents/ when the backup has its own. */
  names: string[];
  marks: HighWaterMark[];
  startedAt: string;
}

export interface RestoreResult {
  from: string;
  /** Where the data that was replaced now is (null: the folder held no data). */
  aside: string | null;
  invoices: number;
  documents: number;
  auditEntries: number;
  /** Numbers skipped so every series continues after the highest number ever taken here. */
  skipped: Array<{ seriesCode: string; fiscalYear: string; from: number; to: number }>;
  warnings: string[];
}

function markerPath(dataDir: string): string {
  return join(dataDir, RESTORE_MARKER);
}

function readMarker(dataDir: string): RestoreMarker | undefined {
  if (!existsSync(dataDir)) return undefined;
  const path = markerPath(dataDir);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RestoreMarker;
  } catch {
    // Written atomically, so an unreadable marker was never completed: nothing had moved yet.
    rmSync(path, { force: true });
    return undefined;
  }
}

function writeMarker(dataDir: string, marker: RestoreMarker): void {
  const path = markerPath(dataDir);
  writeFileAtomicSync(path, JSON.stringify(marker, null, 1));
}

/**
 * Called before a store opens a data folder: refuses while a restore runs in another process,
 * and completes (or undoes) one that was killed.
 */
export function prepareDataFolder(dataDir: string): void {
  const marker = readMarker(dataDir);
  if (!marker) return;
  if (marker.pid !== process.pid && processAlive(marker.pid)) {
    throw new AppError('CONFLICT', `a restore from ${marker.from} is running in process ${marker.pid}; wait for it to finish`, { retryable: true, details: { pid: marker.pid } });
  }
  if (marker.pid === process.pid) return;
  finishRestore(dataDir, marker);
}

function moveIfPresent(from: string, to: string): boolean {
  if (!existsSync(from)) return false;
  renameSync(from, to);
  return true;
}

/** Rolls a recorded restore forward from its stage (or back, if it had not started moving). */
function finishRestore(dataDir: string, marker: RestoreMarker): { skipped: RestoreResult['skipped']; warnings: string[] } {
  if (marker.stage === 'verifying') {
    rmSync(marker.staging, { recursive: true, force: true });
    rmSync(markerPath(dataDir), { force: true });
    return { skipped: [], warnings: [] };
  }
  if (marker.stage === 'moving-aside') {
    if (marker.names.length > 0) mkdirSync(marker.aside, { recursive: true });
    for (const name of marker.names) {
      if (!existsSync(join(marker.aside, name))) moveIfPresent(join(dataDir, name), join(marker.aside, name));
    }
    marker.stage = 'moving-in';
    writeMarker(dataDir, marker);
  }
  if (marker.stage === 'moving-in') {
    moveIfPresent(join(marker.staging, DATABASE_FILE), join(dataDir, DATABASE_FILE));
    moveIfPresent(join(marker.staging, DOCUMENTS_DIR), join(dataDir, DOCUMENTS_DIR));
    marker.stage = 'installed';
    writeMarker(dataDir, marker);
  }
  const outcome = continueNumbering(dataDir, marker);
  rmSync(marker.staging, { recursive: true, force: true });
  rmSync(markerPath(dataDir), { force: true });
  return outcome;
}

/** Raises every counter to the high-water marks (idempotent), recording and auditing the skips. */
function continueNumbering(dataDir: string, marker: RestoreMarker): { skipped: RestoreResult['skipped']; warnings: string[] } {
  const store = new Store(join(dataDir, DATABASE_FILE));
  const skipped: RestoreResult['skipped'] = [];
  const warnings: string[] = [];
  try {
    store.write((db) => {
      const now = new Date().toISOString();
      for (const mark of marker.marks) {
        const series = seriesByIdOrCode(db, mark.seriesId, mark.businessId, mark.seriesCode);
        if (!series) {
          warnings.push(`series ${mark.seriesCode} (fiscal year ${mark.fiscalYear}) took numbers up to ${mark.lastSeq} here but is not in the backup; recreate it with a different code or format`);
          continue;
        }
        const current = counterOf(db, series.id, mark.fiscalYear) ?? 0;
        if (mark.lastSeq <= current) continue;
        raiseCounter(db, series.business_id, series.id, mark.fiscalYear, mark.lastSeq);
        const reason = `restore from ${marker.from}: numbers ${current + 1}–${mark.lastSeq} were taken on this machine after the backup; they are not reused`;
        insertNumberingSkip(db, { id: newId(), business_id: series.business_id, series_id: series.id, fiscal_year: mark.fiscalYear, from_seq: current + 1, to_seq: mark.lastSeq, reason, created_at: now });
        appendAudit(db, { businessId: series.business_id, actor: 'restore', action: 'numbering.skip', entity: 'series', entityId: series.id, details: { fiscalYear: mark.fiscalYear, from: current + 1, to: mark.lastSeq, reason } });
        skipped.push({ seriesCode: series.code, fiscalYear: mark.fiscalYear, from: current + 1, to: mark.lastSeq });
      }
      appendAudit(db, { businessId: null, actor: 'restore', action: 'backup.restore', entity: 'database', entityId: null, details: { from: marker.from, aside: marker.aside, skipped } });
    });
    raiseHighWater(dataDir, mergeMarks(marker.marks, store.read((db) => countersOf(db))));
  } finally {
    store.close();
  }
  return { skipped, warnings };
}

function isSqliteFile(path: string): boolean {
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return head.toString('latin1') === 'SQLite format 3\0';
}

export interface BackupCheck {
  ok: boolean;
  problems: string[];
  manifest: BackupManifest | null;
  invoices: number;
  documents: number;
  auditEntries: number;
  marks: HighWaterMark[];
  /** The businesses the backup holds (whose numbers this machine may have taken further). */
  businessIds: string[];
  /** The last number per series and fiscal year in the backup's database. */
  series: SeriesLastNumber[];
}

/** The counts and lists of a backup nothing could be read from. */
function nothingRead(): Pick<BackupCheck, 'invoices' | 'documents' | 'auditEntries' | 'marks' | 'businessIds' | 'series'> {
  return { invoices: 0, documents: 0, auditEntries: 0, marks: [], businessIds: [], series: [] };
}

/** The archive against its manifest: every listed file present with its hash, nothing unlisted. */
function archiveProblems(from: string, manifest: BackupManifest, entries: Array<{ name: string; bytes: number; sha256: string }>): string[] {
  const problems: string[] = [];
  if (manifest.format !== BACKUP_FORMAT) problems.push(`${from}: ${MANIFEST_FILE} is not a LedgerFlow backup manifest (format ${String(manifest.format)})`);
  const got = new Map(entries.map((e) => [e.name, e]));
  for (const file of manifest.files ?? []) {
    const entry = got.get(file.path);
    if (!entry) problems.push(`${from}: ${file.path} is listed in the manifest but missing from the archive`);
    else if (entry.sha256 !== file.sha256 || entry.bytes !== file.bytes) problems.push(`${from}: ${file.path} does not match its manifest hash (damaged or altered)`);
    got.delete(file.path);
  }
  got.delete(MANIFEST_FILE);
  for (const extra of got.keys()) problems.push(`${from}: ${extra} is in the archive but not in the manifest`);
  return problems;
}

/** What verification reads out of the backup's database. */
interface StagedContents {
  invoices: number;
  auditEntries: number;
  marks: HighWaterMark[];
  series: SeriesLastNumber[];
  businessIds: string[];
}

/** The audit chain, the invoices' seals and the manifest's anchor; returns the chain's length. */
function ledgerProblems(db: Database.Database, from: string, manifest: BackupManifest | null, problems: string[]): number {
  const ledger = verifyLedger(db, manifest?.auditAnchor);
  if (!ledger.chainOk) problems.push(`${from}: the audit chain is broken at entry ${ledger.firstBroken!.seq}: ${ledger.firstBroken!.reason}`);
  for (const problem of ledger.invoices.problems) problems.push(`${from}: ${problem.message}`);
  if (ledger.anchor && !ledger.anchor.ok) problems.push(`${from}: ${ledger.anchor.message}`);
  if (manifest && ledger.lastHash !== manifest.auditAnchor.headHash) problems.push(`${from}: the database's audit chain does not end where the manifest's anchor says`);
  return ledger.entries;
}

/** Checks an open backup database in order (integrity, migrations, ledger, sequences), filling `contents` as it goes. */
function checkStagedDatabase(db: Database.Database, from: string, manifest: BackupManifest | null, problems: string[], contents: StagedContents): void {
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') {
    problems.push(`${from}: the database fails integrity_check (${String(integrity)})`);
    return;
  }
  assertCompatible(db, loadMigrations(join(packageRoot(), 'migrations')));
  if (manifest && JSON.stringify(appliedMigrations(db)) !== JSON.stringify(manifest.database.migrations)) problems.push(`${from}: the database's migrations differ from those its manifest records`);
  contents.auditEntries = ledgerProblems(db, from, manifest, problems);
  for (const id of businessIdsOf(db)) {
    contents.businessIds.push(id);
    const report = checkSequence(db, id);
    for (const problem of report.problems) problems.push(`${from}: ${problem.message}`);
  }
  contents.invoices = numberedInvoiceCount(db);
  contents.marks = countersOf(db);
  contents.series = lastNumbersOf(db);
}

/** Opens and checks the staged database; an unreadable or incompatible one is one more problem. */
function readStagedDatabase(dbPath: string, from: string, manifest: BackupManifest | null, problems: string[]): StagedContents {
  const contents: StagedContents = { invoices: 0, auditEntries: 0, marks: [], series: [], businessIds: [] };
  if (!existsSync(dbPath)) {
    problems.push(`${from}: the backup holds no database`);
    return contents;
  }
  const db = new Database(dbPath, { readonly: true });
  try {
    checkStagedDatabase(db, from, manifest, problems, contents);
  } catch (error) {
    if (error instanceof AppError && (error.code === 'DB_NEWER_THAN_APP' || error.code === 'MIGRATION_EDITED')) problems.push(`${from}: ${error.message}`);
    else problems.push(`${from}: the database cannot be read (${(error as Error).message})`);
  } finally {
    db.close();
  }
  return contents;
}

/** Verifies an unpacked backup in `staging` (database and, when present, manifest and files). */
function verifyStaged(staging: string, from: string, entries: Array<{ name: string; bytes: number; sha256: string }> | null): BackupCheck {
  const problems: string[] = [];
  let manifest: BackupManifest | null = null;
  if (entries) {
    if (!entries.some((e) => e.name === MANIFEST_FILE)) return { ok: false, problems: [`${from}: no ${MANIFEST_FILE} in the archive; not a LedgerFlow backup (or cut short)`], manifest, ...nothingRead() };
    manifest = JSON.parse(readFileSync(join(staging, MANIFEST_FILE), 'utf8')) as BackupManifest;
    problems.push(...archiveProblems(from, manifest, entries));
  }
  const { invoices, auditEntries, marks, businessIds, series } = readStagedDatabase(join(staging, DATABASE_FILE), from, manifest, problems);
  return { ok: problems.length === 0, problems, manifest, invoices, documents: manifest?.documents.files ?? 0, auditEntries, marks: mergeMarks(marks, manifest?.highWater ?? []), businessIds, series };
}

/** Counters of the data folder's current database (with its own WAL), if it can be read. */
function currentCounters(dataDir: string, warnings: string[]): HighWaterMark[] {
  const path = join(dataDir, DATABASE_FILE);
  if (!existsSync(path)) return [];
  try {
    const db = new Database(path, { readonly: true });
    try {
      return countersOf(db);
    } finally {
      db.close();
    }
  } catch (error) {
    warnings.push(`the current database could not be read (${(error as Error).message}); numbering continues after the high-water file and the backup`);
    return [];
  }
}

/** Unpacks and verifies a backup without touching the data folder (`restore --check`, and restore's first step). */
async function unpackAndVerify(from: string, staging: string): Promise<BackupCheck> {
  if (!existsSync(from)) throw new AppError('BAD_INPUT', `--from ${from}: no such file`, { details: { file: from } });
  mkdirSync(staging, { recursive: true });
  if (isSqliteFile(from)) {
    // A plain database file (as older versions' `backup` wrote): no documents, no manifest.
    copyFileSync(from, join(staging, DATABASE_FILE));
    return verifyStaged(staging, from, null);
  }
  const entries = await extractTar(from, staging);
  return verifyStaged(staging, from, entries);
}

export async function verifyBackupFile(fromPath: string, scratchDir: string): Promise<BackupCheck> {
  const from = resolve(fromPath);
  const staging = join(scratchDir, `.verify-${process.pid}-${Date.now()}`);
  try {
    return await unpackAndVerify(from, staging);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** verifyBackupFile for the UI: an archive that cannot even be unpacked is one more problem, not a throw. */
export async function checkBackupFile(fromPath: string, scratchDir: string): Promise<BackupCheck> {
  try {
    return await verifyBackupFile(fromPath, scratchDir);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'BAD_INPUT') throw error;
    return { ok: false, problems: [error.message], manifest: null, ...nothingRead() };
  }
}

/** Refuses a backup inside the folder it replaces, and a folder another process holds open. */
function assertRestorable(dataDir: string, from: string): void {
  if (from.startsWith(dataDir + '/') && !from.startsWith(join(dataDir, 'backups') + '/')) {
    throw new AppError('BAD_INPUT', `--from ${from}: the backup is inside the data folder it would replace; copy it elsewhere first`, { details: { file: from } });
  }
  prepareDataFolder(dataDir);
  const holders = openers(dataDir);
  if (holders.length > 0) {
    throw new AppError('CONFLICT', `the data folder ${dataDir} is open in ${holders.includes(process.pid) ? 'this process' : `process ${holders.join(', ')}`} (the app, a preview or another command); close it before restoring. Nothing was changed.`, { details: { dataDir, pids: holders } });
  }
}

/** Unpacks and verifies into the marker's staging folder; on any failure removes staging and marker (nothing moved). */
async function stageVerified(dataDir: string, from: string, marker: RestoreMarker): Promise<BackupCheck> {
  const abandon = () => {
    rmSync(marker.staging, { recursive: true, force: true });
    rmSync(markerPath(dataDir), { force: true });
  };
  let check: BackupCheck;
  try {
    check = await unpackAndVerify(from, marker.staging);
    // Checked again now the archive is unpacked: someone may have opened the folder meanwhile.
    const late = openers(dataDir);
    if (check.ok && late.length > 0) check = { ...check, ok: false, problems: [`the data folder was opened by process ${late.join(', ')} during the restore; close it and try again`] };
  } catch (error) {
    abandon();
    throw error;
  }
  if (!check.ok) {
    abandon();
    throw new AppError('BAD_INPUT', `restore refused: the backup does not verify; nothing was changed.\n${check.problems.map((p) => `  ${p}`).join('\n')}`, { details: { file: from, problems: check.problems } });
  }
  return check;
}

export async function restoreBackup(input: { dataDir: string; from: string; hooks?: { afterStage?: (stage: Stage) => void } }): Promise<RestoreResult> {
  const dataDir = resolve(input.dataDir);
  const from = resolve(input.from);
  mkdirSync(dataDir, { recursive: true });
  assertRestorable(dataDir, from);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const marker: RestoreMarker = {
    pid: process.pid, stage: 'verifying', from, staging: join(dataDir, `.restore-staging-${process.pid}`), aside: join(dataDir, `replaced-${stamp}`),
    names: [], marks: [], startedAt: new Date().toISOString(),
  };
  rmSync(marker.staging, { recursive: true, force: true });
  writeMarker(dataDir, marker);
  const warnings: string[] = [];
  const check = await stageVerified(dataDir, from, marker);
  input.hooks?.afterStage?.('verifying');
  const hasDocuments = check.manifest !== null;
  marker.names = [...DB_FILES, ...(hasDocuments ? [DOCUMENTS_DIR] : [])].filter((name) => existsSync(join(dataDir, name)));
  // The machine's marks too: restored into a brand-new folder, a backup still continues after the
  // highest number this machine issued for its businesses (in whatever folder that was).
  marker.marks = mergeMarks(readHighWater(dataDir), currentCounters(dataDir, warnings), check.marks, readMachineHighWater(new Set(check.businessIds)));
  if (hasDocuments && !existsSync(join(marker.staging, DOCUMENTS_DIR))) mkdirSync(join(marker.staging, DOCUMENTS_DIR));
  marker.stage = 'moving-aside';
  writeMarker(dataDir, marker);
  input.hooks?.afterStage?.('moving-aside');
  const outcome = finishRestore(dataDir, marker);
  await fsyncDir(dataDir);
  return {
    from, aside: marker.names.length > 0 ? marker.aside : null, invoices: check.invoices, documents: check.documents, auditEntries: check.auditEntries,
    skipped: outcome.skipped, warnings: [...warnings, ...outcome.warnings],
  };
}
