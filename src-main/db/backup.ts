// A consistent copy of the whole store (SQLite's online backup, safe while the app writes),
// written next to its destination under a temporary name, fsynced and renamed into place. Each
// backup is recorded in the audit log; the latest such entry is "last backup" on the Home screen.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, openSync, fsyncSync, closeSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../../src-shared/errors.js';
import { appendAudit } from '../audit/audit.js';
import type { Store } from './store.js';

export interface BackupResult {
  path: string;
  bytes: number;
  sha256: string;
  at: string;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function backupStore(store: Store, outPath: string, actor: string): Promise<BackupResult> {
  const target = resolve(outPath);
  if (!existsSync(dirname(target))) throw new AppError('BAD_INPUT', `backup: the folder ${dirname(target)} does not exist`, { details: { path: target } });
  if (target === resolve(store.path)) throw new AppError('BAD_INPUT', 'backup: choose a file other than the live database', { details: { path: target } });
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    await store.db.backup(temp);
    const fd = openSync(temp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError('EXPORT_FAILED', `backup to ${target} failed: ${code === 'ENOSPC' ? 'the disk is full' : (error as Error).message}; nothing was written there`, { details: { path: target, errno: code }, cause: error });
  }
  const result: BackupResult = { path: target, bytes: statSync(target).size, sha256: await sha256Of(target), at: new Date().toISOString() };
  store.write((db) => appendAudit(db, { businessId: null, actor, action: 'backup.create', entity: 'database', entityId: null, details: { path: result.path, bytes: result.bytes, sha256: result.sha256 } }));
  return result;
}

/** When the last backup was taken, from the audit log (null: never). */
export function lastBackup(store: Store): { at: string; path: string } | null {
  const row = store.read((db) => db.prepare("SELECT at, details FROM audit_log WHERE action = 'backup.create' ORDER BY seq DESC LIMIT 1").get() as { at: string; details: string } | undefined);
  return row ? { at: row.at, path: (JSON.parse(row.details) as { path: string }).path } : null;
}
