// The one SQLite file of a data folder, and the one way to write to it. Every write runs
// synchronously inside BEGIN IMMEDIATE on this connection (no awaiting inside a transaction),
// so a write can never nest silently inside another async transaction. The SQL itself lives in
// the repositories (db/repos, built with db/sql.ts) and runs here, synchronously.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertCompatible, loadMigrations, migrate } from './migrate.js';
import { appVersion, packageRoot } from '../runtime/paths.js';
import { DEFAULT_WRITE_LOCK_POLICY, WriteLock, sleepSync, type WriteLockPolicy } from './write-lock.js';
import { registerOpen, unregisterOpen } from './data-folder.js';
import { countersOf, raiseHighWater, takeNumbersTakenFlag } from './high-water.js';
import { refuseDuringRestore } from './data-folder.js';

export const DATABASE_FILE = 'ledgerflow.sqlite';

export interface StoreOptions {
  /** FULL by default: invoices are legal records and every commit must survive power loss. */
  synchronous?: 'FULL' | 'NORMAL';
  busyTimeoutMs?: number;
  writeLock?: Partial<WriteLockPolicy>;
  /** Folder of NNNN_name.sql files; defaults to the package's migrations/. */
  migrationsDir?: string;
  readonly?: boolean;
}

export type Db = Database.Database;

/**
 * SQLite's page cache of the connection, in KiB. better-sqlite3 builds SQLite with 16 MB (SQLite's
 * own default is 2 MB), and the cache fills up to it as the database outgrows it: a long-running
 * app's resident memory climbed ~11 MB over its first ~300 small batches (the loop of the batch
 * bench: 125.9 -> 139.1 MB), then stayed there. 4 MB measured the same CPU per invoice on 10,000
 * invoices without PDFs (0.49 vs 0.46-0.48 ms, load 10-13) and keeps the loop flat.
 */
const PAGE_CACHE_KIB = 4000;

/** How often, at most, the numbering high-water file is refreshed after commits that took numbers. */
const HIGH_WATER_EVERY_MS = 1_000;

/** A number per top-level write transaction of a connection (the sync outbox groups rows by it). */
const writeSerials = new WeakMap<Db, number>();

/** The serial of the write transaction running on `db`, or undefined outside Store.write. */
export function writeTransactionSerial(db: Db): number | undefined {
  return db.inTransaction ? writeSerials.get(db) : undefined;
}

export class Store {
  readonly path: string;
  /** The data folder, when opened through openStore (documents, high-water marks, open registry). */
  dataDir: string | undefined;
  private highWaterDirty = false;
  private highWaterAt = 0;
  readonly db: Db;
  private readonly lock: WriteLock;
  private readonly commitStmt: Database.Statement;
  private readonly rollbackStmt: Database.Statement;
  private readonly savepointStmt: Database.Statement;
  private readonly releaseStmt: Database.Statement;
  private readonly rollbackToStmt: Database.Statement;

  constructor(path: string, options: StoreOptions = {}) {
    this.path = path;
    const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
    this.db = new Database(path, { readonly: options.readonly ?? false });
    try {
      this.db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      const migrations = loadMigrations(options.migrationsDir ?? join(packageRoot(), 'migrations'));
      // Every step is idempotent, so when another process is opening (switching the file to WAL,
      // migrating) at the same moment and SQLite answers SQLITE_BUSY without waiting — as it does
      // for a journal-mode change — the whole sequence is simply tried again, for a bounded time.
      const started = performance.now();
      for (let attempt = 0; ; attempt++) {
        try {
          // Refuse a newer or edited database before anything (even the journal mode) is written.
          assertCompatible(this.db, migrations);
          if (!options.readonly) this.db.pragma('journal_mode = WAL');
          this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
          this.db.pragma('foreign_keys = ON');
          this.db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
          if (!options.readonly) migrate(this.db, migrations, appVersion());
          break;
        } catch (error) {
          const busy = (error as { code?: string }).code?.startsWith('SQLITE_BUSY') || (error as { code?: string }).code === 'SQLITE_LOCKED';
          if (!busy || performance.now() - started > busyTimeoutMs) throw error;
          sleepSync(Math.min(50, 1 + Math.random() * 2 ** Math.min(attempt, 5)));
        }
      }
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.lock = new WriteLock(this.db, { ...DEFAULT_WRITE_LOCK_POLICY, ...options.writeLock }, busyTimeoutMs);
    this.commitStmt = this.db.prepare('COMMIT');
    this.rollbackStmt = this.db.prepare('ROLLBACK');
    this.savepointStmt = this.db.prepare('SAVEPOINT grouped_write');
    this.releaseStmt = this.db.prepare('RELEASE grouped_write');
    this.rollbackToStmt = this.db.prepare('ROLLBACK TO grouped_write');
  }

  /**
   * Runs `fn` inside one BEGIN IMMEDIATE transaction: all of it commits, or none of it.
   * Nested calls join the outer transaction. `fn` must be synchronous.
   */
  write<T>(fn: (db: Db) => T): T {
    // An async callback would write its awaited part outside the transaction (autocommitted, or
    // into someone else's): refuse it before it runs. A plain function returning a promise is
    // caught after the fact below and its synchronous part rolled back.
    if (fn.constructor.name === 'AsyncFunction') throw new Error('Store.write callbacks must be synchronous (got an async function)');
    if (this.db.inTransaction) return fn(this.db);
    this.journalsInMemory(true);
    try {
      this.lock.acquire();
    } catch (error) {
      this.journalsInMemory(false);
      throw error;
    }
    writeSerials.set(this.db, (writeSerials.get(this.db) ?? 0) + 1);
    let result: T;
    try {
      result = fn(this.db);
      if (result instanceof Promise) throw new Error('Store.write callbacks must be synchronous');
      this.commitStmt.run();
    } catch (error) {
      if (this.db.inTransaction) this.rollbackStmt.run();
      takeNumbersTakenFlag(this.db);
      this.journalsInMemory(false);
      this.lock.released();
      throw error;
    }
    this.journalsInMemory(false);
    this.lock.released();
    if (takeNumbersTakenFlag(this.db)) this.highWaterDirty = true;
    if (this.highWaterDirty && this.dataDir && performance.now() - this.highWaterAt >= HIGH_WATER_EVERY_MS) this.flushHighWater();
    return result;
  }

  /**
   * Statement journals (SQLite's undo record of a statement or savepoint inside a transaction)
   * in memory while a write transaction runs: by default SQLite spills them to a temp file after
   * 64 KiB and then writes every page a statement touches there, one pwrite each (measured: 85%
   * of the writes of a group commit, half the CPU per invoice). They only matter while the
   * transaction is open, so memory loses nothing; COMMIT's durability is the WAL's. Outside writes
   * temp_store goes back to the default so a large sort in a read still spills to disk.
   * SQLite decides where a transaction's statement journal lives at BEGIN.
   */
  private journalsInMemory(on: boolean): void {
    if (this.db.readonly) return;
    this.db.exec(on ? 'PRAGMA temp_store = MEMORY' : 'PRAGMA temp_store = DEFAULT');
  }

  /** Raises the data folder's numbering high-water file to this database's counters. */
  flushHighWater(): void {
    if (!this.dataDir || this.db.readonly) return;
    this.highWaterAt = performance.now();
    this.highWaterDirty = false;
    try {
      raiseHighWater(this.dataDir, countersOf(this.db));
    } catch {
      // Only a backstop for restores; the next commit or close tries again.
      this.highWaterDirty = true;
    }
  }

  /**
   * Group commit: `fn` joins the other writes requested in this turn of the event loop in ONE
   * BEGIN IMMEDIATE transaction, each inside its own savepoint (a failing one is rolled back alone,
   * its numbers returned to the series), and the promise settles only after the COMMIT, so a
   * resolved caller's write is durable. One fsync and one lock hand-off serve the whole group.
   */
  writeGrouped<T>(fn: (db: Db) => T): Promise<T> {
    if (fn.constructor.name === 'AsyncFunction') return Promise.reject(new Error('Store.writeGrouped callbacks must be synchronous (got an async function)'));
    return new Promise<T>((resolve, reject) => {
      this.group.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.groupScheduled) {
        this.groupScheduled = true;
        setImmediate(() => this.flushGroup());
      }
    });
  }

  private group: Array<{ fn: (db: Db) => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void }> = [];
  private groupScheduled = false;

  private flushGroup(): void {
    this.groupScheduled = false;
    const group = this.group;
    this.group = [];
    if (group.length === 0) return;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.write((db) => {
        if (group.length === 1) {
          outcomes.push({ ok: true, value: group[0]!.fn(db) });
          return;
        }
        for (const request of group) {
          this.savepointStmt.run();
          try {
            const value = request.fn(db);
            if (value instanceof Promise) throw new Error('Store.writeGrouped callbacks must be synchronous');
            this.releaseStmt.run();
            outcomes.push({ ok: true, value });
          } catch (error) {
            this.rollbackToStmt.run();
            this.releaseStmt.run();
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The lock was not had, or COMMIT failed: nothing of the group is written.
      for (const request of group) request.reject(error);
      return;
    }
    group.forEach((request, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) request.resolve(outcome.value);
      else request.reject(outcome.error);
    });
  }

  /** Runs `fn` on one consistent snapshot (a deferred read transaction). */
  read<T>(fn: (db: Db) => T): T {
    if (this.db.inTransaction) return fn(this.db);
    return this.db.transaction(fn).deferred(this.db);
  }

  /** Milliseconds the last write waited for the lock (benchmarks). */
  get lastLockWaitMs(): number {
    return this.lock.lastWaitMs;
  }

  close(): void {
    if (!this.db.open) return;
    if (this.highWaterDirty) this.flushHighWater();
    this.db.close();
    if (this.dataDir) unregisterOpen(this.dataDir);
  }
}

export function openStore(dataDir: string, options: StoreOptions = {}): Store {
  mkdirSync(dataDir, { recursive: true });
  // While a restore runs (or one was killed and not yet finished by createCore), the folder is refused.
  refuseDuringRestore(dataDir);
  const store = new Store(join(dataDir, DATABASE_FILE), options);
  store.dataDir = dataDir;
  registerOpen(dataDir);
  return store;
}
