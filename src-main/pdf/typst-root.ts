// The Typst compiler's root folder: the compiler reads from disk any path under its root that is
// not mapped from memory, so the root must be a folder nobody else can put a file (or a symbolic
// link) into. It is created fresh by mkdtemp in the temp folder (random name, created atomically,
// mode 700: only we can add entries; the temp folder's sticky bit stops other users from renaming
// or removing it), checked to be a real empty directory of ours, and stays empty: every file a
// template sees is mapped from memory. Typst would follow a symbolic link inside it, but none can
// be planted there (mode 700), and the engine checks the folder again before every compile (a temp
// cleaner may remove an old folder, and another user could then create one of the same name).
//
// Names: "ledgerflow-typst-<pid>-<thread id>-<6 random characters>". The pid tells a dead
// process's leftover from a live one's (runtime/temp-files.ts processAlive, as for temp files); the
// thread id lets the PDF pool remove the root of a worker it terminated (a terminated worker runs
// no 'exit' listener). Only empty folders of exactly that name, owned by us, are ever removed.
import { lstatSync, mkdtempSync, readdirSync, rmdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { AppError } from '../../src-shared/errors.js';
import { processAlive } from '../runtime/temp-files.js';

const ROOT_NAME = /^ledgerflow-typst-(\d+)-(\d+)-[A-Za-z0-9]{6}$/;

/** This process's user (undefined on Windows, where the temp folder is the user's own). */
const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
const posix = process.platform !== 'win32';

/** Why `dir` cannot be a compiler root (not a real directory of ours, open to others, or not empty); null when it can. */
export function privateRootProblem(dir: string): string | null {
  let st;
  try {
    st = lstatSync(dir);
  } catch (e) {
    return `it cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  if (st.isSymbolicLink()) return 'it is a symbolic link';
  if (!st.isDirectory()) return 'it is not a directory';
  if (uid !== undefined && st.uid !== uid) return `it belongs to user ${st.uid}, not to this process's user ${uid}`;
  if (posix && (st.mode & 0o077) !== 0) return `its mode is ${(st.mode & 0o777).toString(8)}, not 700`;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    return `it cannot be listed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  if (entries.length > 0) return `it is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''})`;
  return null;
}

/** Roots of this thread, removed when it ends. */
const roots = new Set<string>();
let exitHook = false;

/**
 * A new private root in `tmp` (the temp folder), or AppError PDF_FAILED (not retryable) when it
 * cannot be created or is not what mkdtemp promises.
 */
export function createPrivateRoot(tmp = os.tmpdir()): string {
  let dir: string;
  try {
    dir = mkdtempSync(path.join(tmp, `ledgerflow-typst-${process.pid}-${threadId}-`));
  } catch (e) {
    throw new AppError('PDF_FAILED', `Cannot create the PDF compiler's private folder in ${tmp}: ${(e as Error).message}`, { retryable: false, details: { tmp } });
  }
  const problem = privateRootProblem(dir);
  if (problem) {
    removeRoot(dir);
    throw new AppError('PDF_FAILED', `The PDF compiler's private folder ${dir} is refused: ${problem}. A template could read what is in it; nothing was printed.`, {
      retryable: false,
      details: { root: dir },
    });
  }
  roots.add(dir);
  if (!exitHook) {
    exitHook = true;
    // In a worker thread this runs when the thread ends by itself; a terminated worker skips it
    // (writer.ts removes its roots then), a killed process leaves them to sweepDeadRoots.
    process.on('exit', () => {
      for (const r of roots) removeRoot(r);
    });
  }
  return dir;
}

/** Stops removing `dir` at exit (it is no longer ours to remove: gone or replaced by someone else's). */
export function forgetRoot(dir: string): void {
  roots.delete(dir);
}

/** Removes `dir` if it is an empty root-named directory of ours (rmdir fails on a folder that is not empty). */
export function removeRoot(dir: string): boolean {
  if (!ROOT_NAME.test(path.basename(dir))) return false;
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) return false;
    rmdirSync(dir);
    roots.delete(dir);
    return true;
  } catch {
    return false;
  }
}

function sweep(tmp: string, take: (pid: number, thread: number) => boolean): string[] {
  let names: string[];
  try {
    names = readdirSync(tmp);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = ROOT_NAME.exec(name);
    if (!m || !take(Number(m[1]), Number(m[2]))) continue;
    const dir = path.join(tmp, name);
    if (removeRoot(dir)) removed.push(dir);
  }
  return removed;
}

/** Removes the empty roots left in `tmp` by processes that are gone (killed before their 'exit'). Returns them. */
export function sweepDeadRoots(tmp = os.tmpdir()): string[] {
  return sweep(tmp, (pid) => pid !== process.pid && !processAlive(pid));
}

/** Removes the empty roots of a worker thread of this process that has ended (terminated workers skip their 'exit'). */
export function removeThreadRoots(thread: number, tmp = os.tmpdir()): string[] {
  return sweep(tmp, (pid, t) => pid === process.pid && t === thread);
}
