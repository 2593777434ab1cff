// Atomic file writes (docs/ARCHITECTURE.md rule 7): write a temp file in the target folder, fsync it,
// rename it over the destination, fsync the folder. A failure removes the temp file, so the
// destination either holds the complete new content or is untouched.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { tempOwnerTag } from '../runtime/temp-files.js';

/** A temp path beside `dest`, hidden and unique ("<dir>/.<name>.<pid>-<random>.tmp"): the pid lets a
 * later start tell a killed writer's leftover from a live writer's file (runtime/temp-files.ts). */
export function tempPathFor(dest: string): string {
  return path.join(path.dirname(dest), `.${path.basename(dest)}.${tempOwnerTag()}.tmp`);
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

/** Writes `data` to `dest` atomically. */
export async function writeFileAtomic(dest: string, data: Uint8Array): Promise<void> {
  const tmp = tempPathFor(dest);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx', 0o644);
    await handle.writeFile(data);
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
