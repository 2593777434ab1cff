// backup.now / backup.last: the Home screen's "Back up now" and its last-backup line; backup.verify:
// the checks restore makes first, on a chosen file, the data folder untouched.
import { tmpdir } from 'node:os';
import { lastBackup } from '../../backup/backup.js';
import { verifyBackupFile } from '../../backup/restore.js';
import { backupNow } from '../auto-backup.js';
import type { Handler } from './types.js';

export const backupNowHandler: Handler<'backup.now'> = async (core, _input, ctx) => {
  const result = await backupNow(core, ctx.actor);
  return { path: result.path, bytes: result.bytes, at: result.at, documents: result.documents };
};

export const backupLastHandler: Handler<'backup.last'> = async (core) => lastBackup(core.store);

export const backupVerifyHandler: Handler<'backup.verify'> = async (_core, input) => {
  const check = await verifyBackupFile(input.path, tmpdir());
  return {
    ok: check.ok,
    problems: check.problems,
    createdAt: check.manifest?.createdAt ?? null,
    appVersion: check.manifest?.appVersion ?? null,
    invoices: check.invoices,
    documents: check.documents,
    auditEntries: check.auditEntries,
    businesses: check.businessIds.length,
  };
};
