// File > Backup…: a consistent copy of the database through SQLite's online backup API, written
// to a temp file next to the destination and renamed, so a failed backup leaves nothing behind.
import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Core } from '../core/create-core.js';

export async function backupDatabase(core: Core, destination: string): Promise<{ path: string; pages: number }> {
  const temp = join(dirname(destination), `.${basename(destination)}.${process.pid}.tmp`);
  try {
    const result = await core.store.db.backup(temp);
    renameSync(temp, destination);
    core.logger.info('database backed up', { path: destination, pages: result.totalPages });
    return { path: destination, pages: result.totalPages };
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export function defaultBackupName(now = new Date()): string {
  return `ledgerflow-backup-${now.toISOString().slice(0, 10)}.sqlite`;
}
