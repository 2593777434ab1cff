// The store's one write discipline on a real file: BEGIN IMMEDIATE, all-or-nothing, nested calls
// join, async callbacks refused, and a lock held elsewhere gives DB_BUSY (retryable) in bounded time.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { openStore } from '../../../src-main/db/store.js';
import { AppError } from '../../../src-shared/errors.js';
import { TempDirs, databaseFile } from '../../helpers/temp.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

const setting = (key: string) => (db: Database.Database) => db.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, '1', 'now')").run(key);
const count = (db: Database.Database) => (db.prepare('SELECT COUNT(*) AS n FROM settings').get() as { n: number }).n;

describe('Store.write', () => {
  it('commits everything written in the callback and returns its value', () => {
    const store = openStore(temp.make());
    try {
      const value = store.write((db) => {
        setting('a')(db);
        setting('b')(db);
        return 42;
      });
      expect(value).toBe(42);
      expect(store.db.inTransaction).toBe(false);
      const other = new Database(store.path, { readonly: true });
      expect(count(other)).toBe(2);
      other.close();
    } finally {
      store.close();
    }
  });

  it('rolls back everything when the callback throws, including a nested write', () => {
    const store = openStore(temp.make());
    try {
      expect(() => store.write((db) => {
        setting('a')(db);
        store.write(setting('nested'));
        throw new Error('boom');
      })).toThrow('boom');
      expect(store.db.inTransaction).toBe(false);
      expect(count(store.db)).toBe(0);
      store.write(setting('after'));
      expect(count(store.db)).toBe(1);
    } finally {
      store.close();
    }
  });

  it('refuses an async callback before running any of it (its awaited part would escape the transaction)', async () => {
    const store = openStore(temp.make());
    try {
      expect(() => store.write(async (db) => {
        setting('sync-part')(db);
        await Promise.resolve();
        setting('after-await')(db);
      })).toThrow(/synchronous/);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(count(store.db)).toBe(0);
      expect(store.db.inTransaction).toBe(false);
    } finally {
      store.close();
    }
  });

  it('refuses a callback that returns a promise and rolls back its synchronous part', () => {
    const store = openStore(temp.make());
    try {
      expect(() => store.write((db) => {
        setting('sync-part')(db);
        return Promise.resolve(1);
      })).toThrow(/synchronous/);
      expect(count(store.db)).toBe(0);
      expect(store.db.inTransaction).toBe(false);
    } finally {
      store.close();
    }
  });

  it('keeps statement journals in memory only while a write runs (temp_store back to the default after commit and rollback)', () => {
    const store = openStore(temp.make());
    try {
      const tempStore = (db: Database.Database) => db.pragma('temp_store', { simple: true }) as number;
      expect(tempStore(store.db)).toBe(0);
      expect(store.write((db) => tempStore(db))).toBe(2);
      expect(tempStore(store.db)).toBe(0);
      expect(() => store.write((db) => {
        setting('a')(db);
        throw new Error('boom');
      })).toThrow('boom');
      expect(tempStore(store.db)).toBe(0);
      expect(count(store.db)).toBe(0);
    } finally {
      store.close();
    }
  });

  it('uses BEGIN IMMEDIATE: another connection cannot write while a write is open', () => {
    const store = openStore(temp.make());
    const other = new Database(store.path);
    other.pragma('busy_timeout = 0');
    try {
      store.write((db) => {
        setting('held')(db);
        expect(() => other.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', 'now')").run()).toThrow(/locked|busy/i);
      });
      other.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', 'now')").run();
      expect(count(store.db)).toBe(2);
    } finally {
      other.close();
      store.close();
    }
  });

  it('gives up with a retryable DB_BUSY after the lock timeout when another process holds the lock, then works again', () => {
    const dir = temp.make();
    const store = openStore(dir, { writeLock: { timeoutMs: 250 } });
    const holder = new Database(databaseFile(dir));
    try {
      holder.exec('BEGIN IMMEDIATE');
      const started = performance.now();
      let error: unknown;
      try {
        store.write(setting('blocked'));
      } catch (caught) {
        error = caught;
      }
      const waited = performance.now() - started;
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('DB_BUSY');
      expect((error as AppError).retryable).toBe(true);
      expect(waited).toBeGreaterThanOrEqual(240);
      expect(waited).toBeLessThan(5_000);
      expect(store.db.inTransaction).toBe(false);
      // The connection's own busy timeout (used by reads) is restored after the polling.
      expect(store.db.pragma('busy_timeout', { simple: true })).toBe(10_000);
      holder.exec('COMMIT');
      store.write(setting('free'));
      expect(count(store.db)).toBe(1);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      store.close();
    }
  });

  it('waits for a lock that another process releases, and reports how long it waited', async () => {
    const dir = temp.make();
    const store = openStore(dir);
    try {
      const child = spawn(process.execPath, ['-e', `
        const Database = require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))});
        const db = new Database(${JSON.stringify(databaseFile(dir))});
        db.exec('BEGIN IMMEDIATE'); process.stdout.write('locked\\n');
        const until = Date.now() + 150; while (Date.now() < until) {}
        db.exec('COMMIT'); db.close();`], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      store.write(setting('after-wait'));
      expect(store.lastLockWaitMs).toBeGreaterThan(20);
      expect(store.lastLockWaitMs).toBeLessThan(5_000);
      expect(await exited).toBe(0);
      expect(count(store.db)).toBe(1);
    } finally {
      store.close();
    }
  });
});

describe('Store.read', () => {
  it('sees one snapshot even while another connection commits', () => {
    const store = openStore(temp.make());
    const other = new Database(store.path);
    try {
      store.write(setting('a'));
      const seen = store.read((db) => {
        const first = count(db);
        other.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('b', '1', 'now')").run();
        return [first, count(db)];
      });
      expect(seen).toEqual([1, 1]);
      expect(count(store.db)).toBe(2);
    } finally {
      other.close();
      store.close();
    }
  });
});

describe('Store connection settings', () => {
  it("bounds SQLite's page cache at 4 MB, not better-sqlite3's 16 MB, so a growing database does not grow the process", () => {
    const store = openStore(temp.make());
    try {
      // Negative: KiB. better-sqlite3's build default is -16000.
      expect(store.db.pragma('cache_size', { simple: true })).toBe(-4000);
    } finally {
      store.close();
    }
  });
});
