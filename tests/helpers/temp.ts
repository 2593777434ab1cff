// Temporary data folders for tests and benchmarks: real directories on the real filesystem (so
// SQLite's locking, WAL and fsync behave as on a user's machine), removed when done.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../src-main/db/store.js';

export function makeTempDir(prefix = 'ledgerflow-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** The database file inside a data folder, as openStore(dir) names it. */
export function databaseFile(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

/** Collects temp folders made during a test file and removes them all in one call (afterEach). */
export class TempDirs {
  private readonly dirs: string[] = [];
  make(prefix?: string): string {
    const dir = makeTempDir(prefix);
    this.dirs.push(dir);
    return dir;
  }
  cleanup(): void {
    for (const dir of this.dirs.splice(0)) removeDir(dir);
  }
}
