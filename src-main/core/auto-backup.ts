// Automatic backups: when the last backup (of any kind) is older than the interval in Settings,
// a verified backup is written to the backup folder (default: backups/ in the data folder) as
// ledgerflow-auto-<time>.tar.gz, and only the newest N automatic ones are kept (backups the user
// made by hand are never removed). Checked when the app or the preview starts, then hourly, and
// by `ledgerflow backup --auto`.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { backupStore, lastBackup, type BackupResult } from '../backup/backup.js';
import type { Core } from './create-core.js';
import { readSettings } from '../db/repos/settings.js';

const AUTO_NAME = /^ledgerflow-auto-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:-\d{3})?Z\.tar\.gz$/;
const CHECK_EVERY_MS = 60 * 60 * 1000;

export function backupFolderOf(core: Pick<Core, 'dataDir' | 'store'>): string {
  const configured = core.store.read((db) => readSettings(db)).backupFolder;
  return configured ? resolve(configured) : join(core.dataDir, 'backups');
}

/** Writes a backup into the backup folder now, then prunes old automatic ones. */
export async function backupNow(core: Pick<Core, 'dataDir' | 'store'>, actor: string): Promise<BackupResult> {
  const settings = core.store.read((db) => readSettings(db));
  const folder = backupFolderOf(core);
  mkdirSync(folder, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const result = await backupStore(core.store, join(folder, `ledgerflow-auto-${stamp}.tar.gz`), actor);
  const autos = readdirSync(folder).filter((name) => AUTO_NAME.test(name)).sort();
  for (const old of autos.slice(0, Math.max(0, autos.length - settings.backupKeep))) rmSync(join(folder, old), { force: true });
  return result;
}

/** Backs up when automatic backups are on and the last backup is older than the interval. */
export async function autoBackupIfDue(core: Pick<Core, 'dataDir' | 'store'>, now = new Date()): Promise<BackupResult | null> {
  const settings = core.store.read((db) => readSettings(db));
  if (!settings.autoBackup) return null;
  const last = lastBackup(core.store);
  if (last && now.getTime() - Date.parse(last.at) < settings.backupEveryHours * 3_600_000) return null;
  return backupNow(core, 'auto');
}

/** The scheduler of the app and the preview: a check soon after start, then hourly. */
export function startAutoBackups(core: Core, options: { firstCheckMs?: number } = {}): void {
  let running = false;
  const check = () => {
    if (running) return;
    running = true;
    autoBackupIfDue(core)
      .then((result) => result && core.logger.info('automatic backup written', { path: result.path, bytes: result.bytes, documents: result.documents }))
      .catch((error: unknown) => core.logger.warn('automatic backup failed', { reason: (error as Error).message }))
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(check, options.firstCheckMs ?? 10_000);
  const hourly = setInterval(check, CHECK_EVERY_MS);
  first.unref();
  hourly.unref();
  core.onClose(() => {
    clearTimeout(first);
    clearInterval(hourly);
  });
}
