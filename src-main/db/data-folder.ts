// Who has a data folder open. Every process that opens the store through openStore leaves a file
// named by its pid in <dataDir>/.open/ (removed when it closes; a killed process's file is
// recognised by its dead pid), so a restore can refuse to swap the database under a running app,
// preview or CLI. A restore in progress is announced the same way (.restore-in-progress.json).
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src-shared/errors.js';

/** Written by a restore before it touches anything, removed when it is complete. */
export const RESTORE_MARKER = '.restore-in-progress.json';

const OPEN_DIR = '.open';
const openHere = new Map<string, number>();

export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function registerOpen(dataDir: string): void {
  const count = openHere.get(dataDir) ?? 0;
  openHere.set(dataDir, count + 1);
  if (count > 0) return;
  try {
    mkdirSync(join(dataDir, OPEN_DIR), { recursive: true });
    writeFileSync(join(dataDir, OPEN_DIR, String(process.pid)), new Date().toISOString());
  } catch {
    // Read-only media: nothing can be restored there anyway.
  }
}

export function unregisterOpen(dataDir: string): void {
  const count = openHere.get(dataDir) ?? 0;
  if (count <= 1) {
    openHere.delete(dataDir);
    rmSync(join(dataDir, OPEN_DIR, String(process.pid)), { force: true });
  } else openHere.set(dataDir, count - 1);
}

/** Live processes (this one included when it has a store open) holding the folder open. */
export function openers(dataDir: string): number[] {
  const pids = new Set<number>();
  if ((openHere.get(dataDir) ?? 0) > 0) pids.add(process.pid);
  let names: string[] = [];
  try {
    names = readdirSync(join(dataDir, OPEN_DIR));
  } catch {
    return [...pids];
  }
  for (const name of names) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    if (pid === process.pid) {
      if ((openHere.get(dataDir) ?? 0) === 0) rmSync(join(dataDir, OPEN_DIR, name), { force: true });
      continue;
    }
    if (processAlive(pid)) pids.add(pid);
    else rmSync(join(dataDir, OPEN_DIR, name), { force: true });
  }
  return [...pids];
}

/** The pid and source of a restore recorded in the folder (running, or killed before it finished). */
export function restoreMarkerOf(dataDir: string): { pid: number; from: string } | undefined {
  const path = join(dataDir, RESTORE_MARKER);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { pid: number; from: string };
  } catch {
    return { pid: 0, from: '(unknown)' };
  }
}

/**
 * Refuses to open a folder with a restore in progress in another process, or one that was killed
 * (createCore finishes that one first; see src-main/backup/restore.ts).
 */
export function refuseDuringRestore(dataDir: string): void {
  const marker = restoreMarkerOf(dataDir);
  if (!marker || marker.pid === process.pid) return;
  if (processAlive(marker.pid)) {
    throw new AppError('CONFLICT', `a restore from ${marker.from} is running in process ${marker.pid}; wait for it to finish`, { retryable: true, details: { pid: marker.pid } });
  }
  throw new AppError('CONFLICT', `a restore from ${marker.from} was interrupted; run any ledgerflow command (or start the app) to finish it`, { details: { pid: marker.pid } });
}
