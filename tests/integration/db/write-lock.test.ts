// The fair write lock across processes: a waiting room of ticket files next to the database
// serves waiters in arrival order; tickets are cleaned up, and a dead process's ticket does not
// block anyone.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../../src-main/db/store.js';
import { checkSequence } from '../../../src-main/numbering/numbering.js';
import { seedBusiness } from '../../helpers/seed.js';
import { prepareLedgerWorkers, type LedgerWorkers } from '../../helpers/ledger-process.js';
import { TempDirs, databaseFile } from '../../helpers/temp.js';

const temp = new TempDirs();
let workers: LedgerWorkers;
beforeAll(() => {
  workers = prepareLedgerWorkers();
});
afterAll(() => workers.dispose());
afterEach(() => temp.cleanup());

const setting = (key: string) => (db: Database.Database) => db.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, '1', 'now')").run(key);

/** Holds the write lock in another process for `ms`; resolves once it holds it. */
async function holdLockElsewhere(dir: string, ms: number): Promise<{ exited: Promise<unknown> }> {
  const child = spawn(process.execPath, ['-e', `
    const Database = require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))});
    const db = new Database(${JSON.stringify(databaseFile(dir))});
    db.exec('BEGIN IMMEDIATE'); process.stdout.write('locked\\n');
    const until = Date.now() + ${ms}; while (Date.now() < until) {}
    db.exec('COMMIT'); db.close();`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  return { exited }; // not the bare promise: an async function would wait for it
}

describe('write lock waiting room', () => {
  it('a waiter takes a ticket while it waits and removes it once it has the lock', async () => {
    const dir = temp.make();
    const store = openStore(dir);
    try {
      const { exited } = await holdLockElsewhere(dir, 150);
      store.write(setting('after'));
      expect(store.lastLockWaitMs).toBeGreaterThan(20);
      expect(readdirSync(`${databaseFile(dir)}-waiting`)).toEqual([]);
      expect(await exited).toBe(0);
    } finally {
      store.close();
    }
  });

  it('removes its ticket when it gives up with DB_BUSY', async () => {
    const dir = temp.make();
    const store = openStore(dir, { writeLock: { timeoutMs: 100 } });
    try {
      const { exited } = await holdLockElsewhere(dir, 400);
      expect(() => store.write(setting('blocked'))).toThrowError(expect.objectContaining({ code: 'DB_BUSY' }) as Error);
      expect(readdirSync(`${databaseFile(dir)}-waiting`)).toEqual([]);
      await exited;
    } finally {
      store.close();
    }
  });

  it('is not blocked by the ticket of a process that died while waiting (the ticket is removed)', async () => {
    const dir = temp.make();
    const store = openStore(dir);
    try {
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      const deadPid = Number(dead.stdout);
      const room = `${databaseFile(dir)}-waiting`;
      mkdirSync(room, { recursive: true });
      const stale = `${String(Date.now() - 5_000).padStart(15, '0')}-${deadPid}-1`;
      writeFileSync(join(room, stale), '');
      const { exited } = await holdLockElsewhere(dir, 100);
      const started = performance.now();
      store.write(setting('after'));
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(existsSync(join(room, stale))).toBe(false);
      await exited;
    } finally {
      store.close();
    }
  });

  it('ignores and removes a ticket older than any wait, even if its pid is alive again (pid reuse)', async () => {
    const dir = temp.make();
    const store = openStore(dir, { writeLock: { timeoutMs: 1_000 } });
    try {
      const room = `${databaseFile(dir)}-waiting`;
      mkdirSync(room, { recursive: true });
      const stale = `${String(Date.now() - 60_000).padStart(15, '0')}-${process.pid}-999`;
      writeFileSync(join(room, stale), '');
      const { exited } = await holdLockElsewhere(dir, 100);
      const started = performance.now();
      store.write(setting('after'));
      expect(performance.now() - started).toBeLessThan(900);
      expect(existsSync(join(room, stale))).toBe(false);
      await exited;
    } finally {
      store.close();
    }
  });

  it('shares the lock fairly between processes issuing chunks as fast as they can', async () => {
    const dataDir = temp.make();
    const setup = openStore(dataDir);
    const biz = seedBusiness(setup);
    setup.close();
    const started = [0, 1, 2].map(() => workers.start({ dataDir, businessId: biz.businessId, forever: true, waitForGo: true, ops: [{ kind: 'issue', series: 'invoice', date: '2026-01-15', count: 50 }] }));
    await Promise.all(started.map((s) => s.ready));
    for (const s of started) s.child.stdin!.end('go\n');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    for (const s of started) s.child.kill('SIGKILL');
    await Promise.all(started.map((s) => s.exited));
    const committed = started.map((s) => s.lines.length);
    const total = committed.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(6);
    for (const count of committed) expect(count / total, `shares ${committed.join('/')}`).toBeGreaterThanOrEqual(0.15);
    const store = openStore(dataDir);
    expect(checkSequence(store.db, biz.businessId).ok).toBe(true);
    store.close();
  });
});
