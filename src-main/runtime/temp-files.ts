// Temp files that a killed process leaves behind: an invoice PDF being written in documents/
// (".<name>.pdf.<pid>-<random>.tmp"), an export ZIP being written in a folder the user chose
// (".<name>.zip.<pid>-<random>.tmp") and a backup's archive and database copy
// (".<name>.backup.<pid>[.db].tmp", and the copy's "-journal"); the last two are announced by a marker in
// <data-dir>/run/temp/ because their folder is anywhere. A temp file is an orphan once the process named in it is gone; one of a
// live process is left alone, so cleaning while another process writes is safe.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** Temp files named before the owner's pid was part of the name count as orphans after this long. */
const UNOWNED_ORPHAN_AFTER_MS = 60 * 60 * 1000;

/** "<pid>-<random>": the part of a temp name that says which process writes it. */
export function tempOwnerTag(): string {
  return `${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** Whether a process with this pid exists on this machine (EPERM: it exists, owned by someone else). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const OWNED_TEMP = /^\..+\.(pdf|zip)\.(\d+)-[0-9a-f]+\.tmp$/;
/** A backup's archive and database copy (and SQLite's journal of that copy) being written (backup/backup.ts names them). */
const BACKUP_TEMP = /^\..+\.backup\.\d+(?:\.db\.tmp(?:-journal)?|\.tmp)$/;
const UNOWNED_TEMP = /^\..+\.(pdf|zip)\.[0-9a-f]+\.tmp$/;

function isOrphan(path: string, name: string, now: number): boolean {
  const owned = OWNED_TEMP.exec(name);
  if (owned) {
    const pid = Number(owned[2]);
    return pid !== process.pid && !processAlive(pid);
  }
  if (!UNOWNED_TEMP.test(name)) return false;
  try {
    return now - statSync(path).mtimeMs > UNOWNED_ORPHAN_AFTER_MS;
  } catch {
    return false;
  }
}

/**
 * Removes this process's temp files of `dest` ("." + its name + ".<our pid>-<random>.tmp"): for a
 * worker thread of ours that died while writing it (a thread has the process's pid, so a later
 * start would not see the file as an orphan while this process lives). The caller makes sure no
 * other thread of this process is writing `dest`. Returns the paths removed.
 */
export function removeOwnTempFilesOf(dest: string): string[] {
  const dir = dirname(dest);
  const prefix = `.${basename(dest)}.${process.pid}-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !OWNED_TEMP.test(name)) continue;
    try {
      rmSync(join(dir, name), { force: true });
      removed.push(join(dir, name));
    } catch {
      // Left for the next start (then its pid is gone); never fatal.
    }
  }
  return removed;
}

function markerDir(dataDir: string): string {
  return join(dataDir, 'run', 'temp');
}

/**
 * Announces a temp file outside the data folder (an export's ZIP) so that a later start can remove
 * it if this process dies; returns the function that withdraws the announcement.
 */
export function announceTempFile(dataDir: string, tempPath: string): () => void {
  const dir = markerDir(dataDir);
  const marker = join(dir, `${process.pid}-${randomBytes(6).toString('hex')}.json`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(marker, JSON.stringify({ path: tempPath, pid: process.pid, host: hostname() }));
  } catch {
    // Without the marker only the cleanup of this one file is lost; the export goes on.
    return () => {};
  }
  return () => rmSync(marker, { force: true });
}

export interface TempCleanup {
  removed: string[];
}

/** Removes orphaned temp files in documents/ and exports/ of the data folder and those announced elsewhere. */
export function removeOrphanedTempFiles(dataDir: string, now = Date.now()): TempCleanup {
  const removed: string[] = [];
  const remove = (path: string) => {
    try {
      rmSync(path, { force: true });
      removed.push(path);
    } catch {
      // Left for the next start; never fatal.
    }
  };
  const walk = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth > 0) walk(path, depth - 1);
      } else if (entry.name.endsWith('.tmp') && isOrphan(path, entry.name, now)) remove(path);
    }
  };
  // documents/<business>/<fiscal year>/<number>.pdf
  walk(join(dataDir, 'documents'), 2);
  walk(join(dataDir, 'exports'), 0);
  const markers = markerDir(dataDir);
  if (existsSync(markers)) {
    for (const name of readdirSync(markers)) {
      const marker = join(markers, name);
      let entry: { path?: unknown; pid?: unknown; host?: unknown };
      try {
        entry = JSON.parse(readFileSync(marker, 'utf8')) as typeof entry;
      } catch {
        rmSync(marker, { force: true });
        continue;
      }
      if (entry.host !== hostname() || typeof entry.pid !== 'number' || entry.pid === process.pid || processAlive(entry.pid)) continue;
      // Only a temp file of ours, by its name: a marker never makes us delete anything else.
      const tempName = typeof entry.path === 'string' ? basename(entry.path) : '';
      if ((OWNED_TEMP.test(tempName) || BACKUP_TEMP.test(tempName)) && existsSync(entry.path as string)) remove(entry.path as string);
      rmSync(marker, { force: true });
    }
  }
  return { removed };
}
