// File > Backup…: the store's audited online backup (src-main/db/backup.ts) to the file the user
// chose in the save dialog.
import type { Core } from '../core/create-core.js';
import { backupStore } from '../db/backup.js';

export async function backupDatabase(core: Core, destination: string): Promise<{ path: string; bytes: number }> {
  const result = await backupStore(core.store, destination, 'ui');
  core.logger.info('database backed up', { path: result.path, bytes: result.bytes });
  return { path: result.path, bytes: result.bytes };
}

export function defaultBackupName(now = new Date()): string {
  return `ledgerflow-backup-${now.toISOString().slice(0, 10)}.tar.gz`;
}
