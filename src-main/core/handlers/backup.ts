// backup.now / backup.last: the Home screen's "Back up now" and its last-backup line. backup.list,
// backup.verify and backup.restore: Settings → Backups. A backup file comes from the renderer only
// as a file name of the backup folder (as backup.list shows it) or as a path the user picked in the
// native open dialog of this session (docs/ARCHITECTURE.md "Paths from the renderer"); a typed
// path is refused, in the preview and the desktop app alike.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { AppError } from '../../../src-shared/errors.js';
import { lastBackup } from '../../backup/backup.js';
import { checkBackupFile } from '../../backup/restore.js';
import { backupFolderOf, backupNow } from '../auto-backup.js';
import type { Core } from '../create-core.js';
import type { CallContext, Handler } from './types.js';

const BACKUP_FILE = /\.(tar|tar\.gz|tgz|sqlite)$/i;

/** The file a backup.verify / backup.restore call names, under the rule for renderer paths. */
export function backupFileOf(core: Core, input: { name?: string; path?: string }, ctx: CallContext): string {
  if ((input.name === undefined) === (input.path === undefined)) {
    throw new AppError('BAD_INPUT', 'give either name (a file of the backup folder) or path (a file chosen in the open dialog)', { details: { path: '$input' } });
  }
  if (input.name !== undefined) {
    const path = join(backupFolderOf(core), input.name);
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new AppError('NOT_FOUND', `no backup named ${input.name} in the backup folder ${backupFolderOf(core)}`, { details: { name: input.name } });
    }
    return path;
  }
  const path = input.path!;
  if (!isAbsolute(path) || !ctx.canRead?.(path)) {
    throw new AppError('FORBIDDEN', `path ${path}: only a file chosen in the open dialog, or one of the backup folder's files, can be read; put the backup in ${backupFolderOf(core)} and pick it from the list`, { details: { path } });
  }
  return path;
}

export const backupNowHandler: Handler<'backup.now'> = async (core, _input, ctx) => {
  const result = await backupNow(core, ctx.actor);
  return { path: result.path, bytes: result.bytes, at: result.at, documents: result.documents };
};

export const backupLastHandler: Handler<'backup.last'> = async (core) => lastBackup(core.store);

export const backupListHandler: Handler<'backup.list'> = async (core) => {
  const folder = backupFolderOf(core);
  let names: string[] = [];
  try {
    names = readdirSync(folder).filter((name) => BACKUP_FILE.test(name) && !name.startsWith('.'));
  } catch {
    // No backup folder yet: no backups.
  }
  const files = names.flatMap((name) => {
    try {
      const stat = statSync(join(folder, name));
      return stat.isFile() ? [{ name, bytes: stat.size, modifiedAt: stat.mtime.toISOString() }] : [];
    } catch {
      return [];
    }
  });
  files.sort((a, b) => (a.modifiedAt < b.modifiedAt ? 1 : a.modifiedAt > b.modifiedAt ? -1 : a.name < b.name ? 1 : -1));
  return { folder, files };
};

export const backupVerifyHandler: Handler<'backup.verify'> = async (core, input, ctx) => {
  const file = backupFileOf(core, input, ctx);
  const check = await checkBackupFile(file, tmpdir());
  return {
    ok: check.ok,
    problems: check.problems,
    createdAt: check.manifest?.createdAt ?? null,
    appVersion: check.manifest?.appVersion ?? null,
    invoices: check.invoices,
    documents: check.documents,
    auditEntries: check.auditEntries,
    businesses: check.businessIds.length,
    series: check.series,
    file,
    dataDir: core.dataDir,
  };
};

export const backupRestoreHandler: Handler<'backup.restore'> = async (core, input, ctx) => {
  const file = backupFileOf(core, input, ctx);
  if (!ctx.shell) throw new AppError('FORBIDDEN', 'restoring needs the app (or `ledgerflow preview`) around the data folder; from a terminal use `ledgerflow restore --from FILE`');
  return ctx.shell.restore(file);
};
