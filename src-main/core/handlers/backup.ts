// backup.now / backup.last: the Home screen's "Back up now" and its last-backup line.
import { lastBackup } from '../../backup/backup.js';
import { backupNow } from '../auto-backup.js';
import type { Handler } from './types.js';

export const backupNowHandler: Handler<'backup.now'> = async (core, _input, ctx) => {
  const result = await backupNow(core, ctx.actor);
  return { path: result.path, bytes: result.bytes, at: result.at, documents: result.documents };
};

export const backupLastHandler: Handler<'backup.last'> = async (core) => lastBackup(core.store);
