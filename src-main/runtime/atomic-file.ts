// The one atomic file writer of the main process (docs/ARCHITECTURE.md rule 7): write a temp file
// in the target folder, fsync it, rename it over the destination, fsync the folder. A failure
// removes the temp file, so the destination holds either the complete new content or the old one,
// and after the folder's fsync the rename itself survives a power cut.
// Streamed writers (the export ZIP, the backup tar) write their own temp file from tempPathFor()
// and finish it with commitTempFile(). Nothing else in src-main renames a file into place
// (tests/unit/architecture/one-writer.test.ts).
import { closeSync, constants, fsyncSync, mkdirSync, openSync, promises as fs, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { tempOwnerTag } from './temp-files.js';

export interface AtomicWriteOptions {
  /** Permission bits of a new file; default 0o644 (0o600 for secrets). */
  mode?: number;
  /** Create the destination folder first. */
  mkdir?: boolean;
}

/** A temp path beside `dest`, hidden and unique ("<dir>/.<name>.<pid>-<random>.tmp"): the pid lets a
 * later start tell a killed writer's leftover from a live writer's file (runtime/temp-files.ts). */
export function tempPathFor(dest: string): string {
  return path.join(path.dirname(dest), `.${path.basename(dest)}.${tempOwnerTag()}.tmp`);
}

function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/** fsync a directory so a rename inside it is durable (ignored where unsupported, e.g. Windows). */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Directories cannot be opened for fsync on some platforms; the rename is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** fsyncDir for synchronous callers (the shell's small files, restore markers, high-water marks). */
export function fsyncDirSync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // As fsyncDir: not every platform can fsync a folder.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes `data` to `dest` atomically. */
export async function writeFileAtomic(dest: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  if (options.mkdir) await fs.mkdir(path.dirname(dest), { recursive: true });
  const tmp = tempPathFor(dest);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx', options.mode ?? 0o644);
    await handle.writeFile(bytesOf(data));
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, dest);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await fsyncDir(path.dirname(dest));
}

/** writeFileAtomic for synchronous callers. */
export function writeFileAtomicSync(dest: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  if (options.mkdir) mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = tempPathFor(dest);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', options.mode ?? 0o644);
    writeSync(fd, bytesOf(data));
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, dest);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  fsyncDirSync(path.dirname(dest));
}

/**
 * Finishes a temp file that a streamed writer filled (from tempPathFor): fsync it, rename it over
 * `dest`, fsync the folder. On failure the temp file is removed and the error rethrown.
 */
export async function commitTempFile(tmp: string, dest: string): Promise<void> {
  try {
    const handle = await fs.open(tmp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, dest);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await fsyncDir(path.dirname(dest));
}

/** Copies `source` to `dest` atomically (a copy beside `dest`, then commitTempFile). */
export async function copyFileAtomic(source: string, dest: string): Promise<void> {
  const tmp = tempPathFor(dest);
  try {
    await fs.copyFile(source, tmp, constants.COPYFILE_EXCL);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await commitTempFile(tmp, dest);
}
