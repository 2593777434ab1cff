// Fair acquisition of SQLite's single write lock across processes. SQLite's own busy handler
// sleeps longer and longer while a waiter retries, so a process that commits and immediately
// begins again keeps winning (measured: one of four processes got 363 of 46,000 allocations).
//
// Node has no cross-process blocking primitive, so waiting is polling BEGIN IMMEDIATE with
// busy_timeout 0, organised as a queue in a "waiting room" folder next to the database
// (<db>-waiting/): a process that finds the lock taken drops a ticket file named by the time it
// started waiting, and
//  * only the oldest ticket (the head) polls, quickly; the others poll only if the head looks
//    stuck (dead process, or waiting far longer than any transaction takes);
//  * a process that commits while tickets exist waits briefly for the head's ticket to disappear
//    (the head took the lock) before it may begin again, so it cannot barge back in.
// Tickets of processes that died while waiting are removed by whoever sees them. If the folder
// cannot be used (read-only media), waiting falls back to plain jittered polling.
import type Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src-shared/errors.js';

export interface WriteLockPolicy {
  /** Give up with DB_BUSY after this long. */
  timeoutMs: number;
  /** Poll interval of the head of the queue (before jitter). */
  minSleepMs: number;
  /** Poll interval of a waiter that is not the head, and of the fallback without a waiting room. */
  maxSleepMs: number;
  /** Longest a committing process waits for the head of the queue to take the lock (0: never). */
  yieldAfterContendedCommitMs: number;
}

export const DEFAULT_WRITE_LOCK_POLICY: WriteLockPolicy = {
  timeoutMs: 15_000,
  minSleepMs: 0.05,
  maxSleepMs: 2,
  yieldAfterContendedCommitMs: 20,
};

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms` (fractions allowed); synchronous like the rest of the write path. */
export function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let ticketCounter = 0;

/** Ticket file names sort by the time their process started waiting: <ms, 15 digits>-<pid>-<n>. */
function ticketName(startedAtEpochMs: number): string {
  return `${Math.floor(startedAtEpochMs).toString().padStart(15, '0')}-${process.pid}-${++ticketCounter}`;
}

function ticketPid(name: string): number {
  return Number(name.split('-')[1]);
}

function ticketAgeMs(name: string, nowEpochMs: number): number {
  return nowEpochMs - Number(name.split('-')[0]);
}

export class WriteLock {
  private readonly begin: Database.Statement;
  private readonly setBusyTimeoutZero: () => void;
  private readonly restoreBusyTimeout: () => void;
  private readonly waitingRoom: string | undefined;
  private roomUsable = true;
  /** Whether the current transaction had to wait for the lock. */
  contended = false;
  /** Statistics for benchmarks: waits in ms of the last acquisition. */
  lastWaitMs = 0;
  /** Moving average of how long this connection's transactions hold the lock (ms). */
  private holdMs = 1;
  private acquiredAt = 0;

  constructor(private readonly db: Database.Database, private readonly policy: WriteLockPolicy, busyTimeoutMs: number) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    // Not prepared once: SQLite applies a PRAGMA's new value when the statement is compiled, so
    // re-running a prepared "PRAGMA busy_timeout = 0" would change nothing. exec, not db.pragma:
    // it returns no rows to build (~0.6 µs instead of ~5 µs).
    const restore = `PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`;
    this.setBusyTimeoutZero = () => db.exec('PRAGMA busy_timeout = 0');
    this.restoreBusyTimeout = () => db.exec(restore);
    this.waitingRoom = db.name && db.name !== ':memory:' && !db.readonly ? `${db.name}-waiting` : undefined;
  }

  private tryBegin(): boolean {
    try {
      this.begin.run();
      return true;
    } catch (error) {
      if (!isBusy(error)) throw error;
      return false;
    }
  }

  /** Tickets in queue order, without those of dead processes (which are removed). */
  private queue(): string[] {
    if (!this.waitingRoom || !this.roomUsable) return [];
    let names: string[];
    try {
      names = readdirSync(this.waitingRoom);
    } catch {
      return [];
    }
    if (names.length === 0) return names;
    names.sort();
    const now = Date.now();
    // A ticket older than a second is checked: its process may have died while waiting. One older
    // than any waiter waits (timeoutMs) is stale even if its pid is alive again (reused).
    return names.filter((name) => {
      const age = ticketAgeMs(name, now);
      if (age < 1_000 || (age < this.policy.timeoutMs + 5_000 && processAlive(ticketPid(name)))) return true;
      try {
        unlinkSync(join(this.waitingRoom!, name));
      } catch {
        // someone else removed it
      }
      return false;
    });
  }

  private enqueue(startedAtEpochMs: number): string | undefined {
    if (!this.waitingRoom || !this.roomUsable) return undefined;
    const name = ticketName(startedAtEpochMs);
    const path = join(this.waitingRoom, name);
    try {
      writeFileSync(path, '');
      return name;
    } catch {
      // First wait in this folder: create the room once, then retry.
      try {
        mkdirSync(this.waitingRoom, { recursive: true });
        writeFileSync(path, '');
        return name;
      } catch {
        this.roomUsable = false;
        return undefined;
      }
    }
  }

  private dequeue(ticket: string | undefined): void {
    if (!ticket) return;
    try {
      unlinkSync(join(this.waitingRoom!, ticket));
    } catch {
      // already removed (e.g. taken for a dead process's ticket by mistake): nothing to do
    }
  }

  acquire(): void {
    const started = performance.now();
    this.contended = false;
    this.setBusyTimeoutZero();
    let ticket: string | undefined;
    try {
      if (this.tryBegin()) {
        this.acquiredAt = performance.now();
        this.lastWaitMs = this.acquiredAt - started;
        return;
      }
      this.contended = true;
      ticket = this.enqueue(Date.now());
      let isHead = ticket === undefined;
      for (;;) {
        const waited = performance.now() - started;
        if (waited > this.policy.timeoutMs) {
          throw new AppError('DB_BUSY', `The database stayed locked by another LedgerFlow process for ${Math.round(waited)} ms; try again.`, { retryable: true });
        }
        let mayTry = true;
        if (!isHead) {
          const head = this.queue()[0];
          // Once at the head we stay there: later tickets are younger.
          if (head === undefined || head === ticket) isHead = true;
          // Not our turn: try only if the head seems stuck (far longer than transactions take).
          else mayTry = ticketAgeMs(head, Date.now()) > Math.max(2_000, 50 * this.holdMs);
        }
        // The head polls fast at first and slower the longer the holder keeps the lock, so a
        // long transaction elsewhere (a chunk of 500) is not met with thousands of polls.
        const interval = isHead ? Math.min(this.policy.maxSleepMs, Math.max(this.policy.minSleepMs, waited / 50)) : this.policy.maxSleepMs;
        sleepSync(interval * (0.5 + Math.random()));
        if (mayTry && this.tryBegin()) {
          this.acquiredAt = performance.now();
          this.lastWaitMs = this.acquiredAt - started;
          return;
        }
      }
    } finally {
      this.dequeue(ticket);
      this.restoreBusyTimeout();
    }
  }

  /** Called after COMMIT or ROLLBACK: hand the lock to the head of the queue before we try again. */
  released(): void {
    const held = performance.now() - this.acquiredAt;
    this.holdMs = this.holdMs * 0.8 + Math.min(Math.max(held, 0.01), 10_000) * 0.2;
    if (this.policy.yieldAfterContendedCommitMs <= 0 || !this.waitingRoom || !this.roomUsable) return;
    // One readdir (no separate existence check): an empty or missing room means nobody waits.
    const head = this.queue()[0];
    if (head === undefined) return;
    const headPath = join(this.waitingRoom, head);
    const deadline = performance.now() + this.policy.yieldAfterContendedCommitMs;
    while (existsSync(headPath) && performance.now() < deadline) sleepSync(this.policy.minSleepMs * (0.5 + Math.random()));
  }
}
