// A verified backup of a data folder: one tar (gzipped when the name ends in .gz/.tgz) holding a
// consistent copy of the database (VACUUM INTO: one read snapshot, never restarted by writers in
// other processes), every PDF under documents/, audit-anchor.json, SHA256SUMS and manifest.json
// (hashes of every file, the schema's migrations, the audit anchor and the numbering high-water
// marks). Written under a temp name in the destination folder, fsynced and renamed into place;
// recorded in the audit log (the latest such entry is "last backup" on the Home screen).
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, rmSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.js';
import { appendAudit } from '../audit/audit.js';
import { ANCHOR_FILE, auditAnchor, type AuditAnchor } from '../audit/anchor.js';
import { appVersion } from '../runtime/paths.js';
import { DATABASE_FILE, type Store } from '../db/store.js';
import { countersOf, raiseHighWater, type HighWaterMark } from '../db/high-water.js';
import { latestAuditOfEither } from '../db/audit-store.js';
import { appliedMigrations, vacuumInto } from '../db/repos/backups.js';
import { commitTempFile } from '../runtime/atomic-file.js';
import { announceTempFile } from '../runtime/temp-files.js';
import { writeTar, type TarEntryWritten, type TarSource } from './tar.js';

export const BACKUP_FORMAT = 'ledgerflow-backup';
export const MANIFEST_FILE = 'manifest.json';
export const SUMS_FILE = 'SHA256SUMS';
export const DOCUMENTS_DIR = 'documents';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: 1;
  appVersion: string;
  createdAt: string;
  database: { file: string; bytes: number; sha256: string; schemaVersion: number; migrations: Array<{ version: number; name: string; checksum: string }> };
  documents: { files: number; bytes: number };
  /** Every file of the archive except manifest.json itself. */
  files: Array<{ path: string; bytes: number; sha256: string }>;
  auditAnchor: AuditAnchor;
  /** Counters of the live database once the documents were copied: no PDF in here is numbered above them. */
  highWater: HighWaterMark[];
}

export interface BackupResult {
  path: string;
  bytes: number;
  sha256: string;
  at: string;
  files: number;
  documents: number;
  anchor: AuditAnchor;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Files under documents/, depth first in name order; temp files of unfinished writes are left out. */
function* documentFiles(root: string): Generator<string> {
  let entries: Dirent[];
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) yield* documentFiles(path);
    else if (entry.isFile() && !entry.name.endsWith('.tmp')) yield path;
  }
}

export function dataDirOf(store: Store): string {
  return store.dataDir ?? dirname(store.path);
}

/** Leftovers of backups killed mid-way (ours: `.<name>.<pid>.tmp`, `.db.tmp` and its `-journal`, pid dead) in `dir`. */
function removeStaleTemps(dir: string): void {
  for (const name of readdirSync(dir)) {
    const match = /^\..+\.(\d+)\.(?:db\.tmp(?:-journal)?|tmp)$/.exec(name);
    if (!match || !name.includes('backup')) continue;
    const pid = Number(match[1]);
    let alive = pid === process.pid;
    if (!alive) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch (error) {
        alive = (error as NodeJS.ErrnoException).code === 'EPERM';
      }
    }
    if (!alive) rmSync(join(dir, name), { force: true });
  }
}

export async function backupStore(store: Store, outPath: string, actor: string): Promise<BackupResult> {
  const target = resolve(outPath);
  const folder = dirname(target);
  if (!existsSync(folder)) throw new AppError('BAD_INPUT', `backup: the folder ${folder} does not exist`, { details: { path: target } });
  const dataDir = resolve(dataDirOf(store));
  if (target === resolve(store.path) || target.startsWith(join(dataDir, DOCUMENTS_DIR) + sep)) {
    throw new AppError('BAD_INPUT', 'backup: choose a file outside the live database and its documents folder', { details: { path: target } });
  }
  removeStaleTemps(folder);
  const tempArchive = join(folder, `.${basename(target)}.backup.${process.pid}.tmp`);
  const tempDb = join(folder, `.${basename(target)}.backup.${process.pid}.db.tmp`);
  rmSync(tempDb, { force: true });
  // Announced in the data folder: if this process is killed, the next start removes both (a
  // folder chosen for one backup may never see another backup that would clear them).
  // VACUUM INTO writes the copy with a rollback journal beside it, left too by a kill.
  const withdraw = [tempArchive, tempDb, `${tempDb}-journal`].map((path) => announceTempFile(dataDir, path));
  const at = new Date().toISOString();
  try {
    // One read snapshot of the whole database, compacted, in rollback-journal mode (no -wal to lose).
    vacuumInto(store.db, tempDb);
    const copy = new Database(tempDb, { readonly: true });
    let anchor: AuditAnchor;
    let migrations: BackupManifest['database']['migrations'];
    let schemaVersion: number;
    try {
      anchor = auditAnchor(copy);
      migrations = appliedMigrations(copy);
      schemaVersion = copy.pragma('user_version', { simple: true }) as number;
    } finally {
      copy.close();
    }
    const written: TarEntryWritten[] = [];
    let documents = 0;
    let documentBytes = 0;
    let databaseEntry: TarEntryWritten | undefined;
    async function* sources(): AsyncGenerator<TarSource> {
      yield { name: DATABASE_FILE, path: tempDb };
      const docsRoot = join(dataDir, DOCUMENTS_DIR);
      for (const path of documentFiles(docsRoot)) {
        if (!existsSync(path)) continue; // removed between listing and reading
        yield { name: `${DOCUMENTS_DIR}/${relative(docsRoot, path).split(sep).join('/')}`, path };
      }
      yield { name: ANCHOR_FILE, data: Buffer.from(JSON.stringify(anchor, null, 2) + '\n') };
      yield { name: SUMS_FILE, data: Buffer.from(written.map((e) => `${e.sha256}  ${e.name}\n`).join('')) };
      // The counters are read after every document was copied, so they cover each PDF's number.
      const manifest: BackupManifest = {
        format: BACKUP_FORMAT, formatVersion: 1, appVersion: appVersion(), createdAt: at,
        database: { file: DATABASE_FILE, bytes: databaseEntry!.bytes, sha256: databaseEntry!.sha256, schemaVersion, migrations },
        documents: { files: documents, bytes: documentBytes },
        files: written.map((e) => ({ path: e.name, bytes: e.bytes, sha256: e.sha256 })),
        auditAnchor: anchor,
        highWater: store.read((db) => countersOf(db)),
      };
      yield { name: MANIFEST_FILE, data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n') };
    }
    await writeTar(tempArchive, sources(), {
      gzip: /\.(t?gz)$/i.test(target),
      onEntry(entry) {
        if (entry.name === MANIFEST_FILE) return;
        written.push(entry);
        if (entry.name === DATABASE_FILE) databaseEntry = entry;
        else if (entry.name.startsWith(`${DOCUMENTS_DIR}/`)) {
          documents += 1;
          documentBytes += entry.bytes;
        }
      },
    });
    await commitTempFile(tempArchive, target);
    rmSync(tempDb, { force: true });
    for (const w of withdraw) w();
    const result: BackupResult = { path: target, bytes: statSync(target).size, sha256: await sha256Of(target), at, files: written.length + 1, documents, anchor };
    store.write((db) => appendAudit(db, { businessId: null, actor, action: 'backup.create', entity: 'database', entityId: null,
      details: { path: result.path, bytes: result.bytes, sha256: result.sha256, documents, anchor: { entries: anchor.entries, headHash: anchor.headHash } } }));
    try {
      raiseHighWater(dataDir, store.read((db) => countersOf(db)));
    } catch {
      // The marks are refreshed again on the next commit or close.
    }
    return result;
  } catch (error) {
    rmSync(tempArchive, { force: true });
    rmSync(tempDb, { force: true });
    rmSync(`${tempDb}-journal`, { force: true });
    for (const w of withdraw) w();
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const full = code === 'ENOSPC' || /SQLITE_FULL|disk is full/i.test(String((error as Error).message));
    throw new AppError('EXPORT_FAILED', `backup to ${target} failed: ${full ? 'the disk is full' : (error as Error).message}; nothing was written there`, { details: { path: target, errno: code }, cause: error });
  }
}

/**
 * The data's last backup, from the audit log (null: never). A restore counts as one: the data is
 * then that backup (whose own `backup.create` entry is written after its snapshot, so a restored
 * database never holds it); its path is the file restored from, its time the restore's.
 */
export function lastBackup(store: Store): { at: string; path: string } | null {
  const row = store.read((db) => latestAuditOfEither(db, 'backup.create', 'backup.restore'));
  if (!row) return null;
  const details = JSON.parse(row.details) as { path?: string; from?: string };
  return { at: row.at, path: details.path ?? details.from ?? '' };
}
