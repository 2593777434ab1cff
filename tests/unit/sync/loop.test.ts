// The background sync loop's schedule, with fake timers and a counted push: nothing runs while
// not connected; queued changes go at the next look; otherwise a push-and-pull every `everyMs`;
// failures wait a bounded exponential backoff with jitter (and the status says offline, with the
// reason); a success resets it; runs never overlap; stop() ends it and waits for the run in flight.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src-shared/errors.js';
import { createCore, type Core } from '../../../src-main/core/create-core.js';
import { silentLogger } from '../../../src-main/log/logger.js';
import { appendOutbox } from '../../../src-main/sync/outbox.js';
import { startSyncLoop, syncLoopOf, type LoopStatus, type SyncLoop } from '../../../src-main/sync/loop.js';
import { backoffDelay, type PushReport, type SyncContext } from '../../../src-main/sync/service.js';
import type { SecretStore } from '../../../src-main/sync/credentials.js';
import { TempDirs } from '../../helpers/temp.js';

const temp = new TempDirs();
const POLICY = { baseMs: 1_000, maxMs: 8_000 };
const OK: PushReport = { pushed: 0, duplicates: 0, rejected: 0, pending: 0, superseded: 0, audit: 0, batches: 0 };

function memorySecrets(url?: string): SecretStore {
  let value = url;
  return { kind: 'memory', read: () => value, write: (v) => void (value = v), clear: () => void (value = undefined) };
}

describe('background sync loop', () => {
  let core: Core;
  let loop: SyncLoop | undefined;
  let pushes: number[];
  let outcome: () => Promise<PushReport>;
  let statuses: LoopStatus[];

  const start = (secrets: SecretStore, random = () => 1) => {
    const ctx: SyncContext = { store: core.store, secrets, env: {} };
    loop = startSyncLoop(core, ctx, {
      checkMs: 500, everyMs: 60_000, firstMs: 100, policy: POLICY, random,
      onStatus: (s) => statuses.push(s),
      ops: {
        push: async () => {
          pushes.push(Date.now());
          return outcome();
        },
        pull: async () => ({ businesses: 0, products: 0, customers: 0, series: 0, conflicts: 0, skipped: 0 }),
      },
    });
    return loop;
  };
  const queueChange = () => core.store.write((db) => appendOutbox(db, { businessId: null, entity: 'business', entityId: 'b1', op: 'update', payload: { n: Math.random() } }));
  const unreachable = () => Promise.reject(new AppError('SYNC_FAILED', 'sync push on lf@127.0.0.1:1/x failed: connect ECONNREFUSED', { retryable: true, details: { unreachable: true } }));

  beforeEach(async () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') });
    core = await createCore({ dataDir: temp.make('lf-loop-'), logger: silentLogger });
    pushes = [];
    statuses = [];
    outcome = async () => OK;
  });
  afterEach(async () => {
    await loop?.stop();
    loop = undefined;
    vi.useRealTimers();
    await core.close();
    temp.cleanup();
  });

  it('does nothing while this folder is not connected, and says so', async () => {
    const l = start(memorySecrets(undefined));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(pushes).toEqual([]);
    expect(l.status().state).toBe('disabled');
  });

  it('pushes queued changes at the next look, and otherwise once every everyMs', async () => {
    const t0 = Date.now();
    start(memorySecrets('postgresql://seat:pw@127.0.0.1:1/db'));
    await vi.advanceTimersByTimeAsync(100);
    expect(pushes.map((t) => t - t0)).toEqual([100]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(pushes).toHaveLength(1);
    queueChange();
    await vi.advanceTimersByTimeAsync(500);
    expect(pushes).toHaveLength(2);
    expect(pushes[1]! - t0).toBeLessThanOrEqual(30_100 + 500);
    // Nothing queued (the push would have sent it; the fake one does not, so clear it by hand).
    core.store.write((db) => db.prepare("UPDATE outbox SET synced_at = 'x'").run());
    const last = pushes[1]!;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pushes).toHaveLength(3);
    expect(pushes[2]! - last).toBeGreaterThanOrEqual(59_500);
    expect(pushes[2]! - last).toBeLessThanOrEqual(60_500);
  });

  it('backs off exponentially up to the bound on failure, says offline with the reason, and resets on success', async () => {
    outcome = unreachable;
    const t0 = Date.now();
    const l = start(memorySecrets('postgresql://seat:pw@127.0.0.1:1/db'));
    queueChange();
    await vi.advanceTimersByTimeAsync(100 + 1_000 + 2_000 + 4_000 + 8_000 + 8_000 + 8_000);
    const gaps = pushes.map((t, i) => t - (i === 0 ? t0 : pushes[i - 1]!));
    expect(gaps).toEqual([100, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    const status = l.status();
    expect(status).toMatchObject({ state: 'offline', pending: 1, failures: 7 });
    expect(status.message).toMatch(/ECONNREFUSED/);
    expect(Date.parse(status.nextAttemptAt!)).toBe(pushes.at(-1)! + 8_000);
    expect(statuses.some((s) => s.state === 'offline' && s.pending === 1)).toBe(true);
    // Back: the next attempt succeeds, the backoff resets, the status is idle again.
    outcome = async () => OK;
    await vi.advanceTimersByTimeAsync(8_000);
    expect(l.status()).toMatchObject({ state: 'idle', failures: 0, nextAttemptAt: null });
    expect(statuses.at(-1)?.state).toBe('idle');
  });

  it('spreads retries with jitter within [50%, 100%] of the exponential delay', async () => {
    outcome = unreachable;
    const draws = [0, 0.5, 1, 0.25];
    let i = 0;
    const t0 = Date.now();
    start(memorySecrets('postgresql://seat:pw@127.0.0.1:1/db'), () => draws[i++ % draws.length]!);
    queueChange();
    await vi.advanceTimersByTimeAsync(100 + 500 + 1_500 + 4_000 + 5_000);
    const gaps = pushes.map((t, k) => t - (k === 0 ? t0 : pushes[k - 1]!));
    expect(gaps).toEqual([100, 500, 1_500, 4_000, 5_000]);
    for (let k = 0; k < 50; k++) {
      const d = backoffDelay(k, POLICY, Math.random);
      expect(d).toBeGreaterThanOrEqual(Math.min(POLICY.maxMs, POLICY.baseMs * 2 ** k) / 2);
      expect(d).toBeLessThanOrEqual(POLICY.maxMs);
    }
  });

  it('a refusal (not a lost connection) shows as an error, not offline', async () => {
    outcome = () => Promise.reject(new AppError('FORBIDDEN', 'password authentication failed for user "lf_x"'));
    const l = start(memorySecrets('postgresql://seat:pw@127.0.0.1:1/db'));
    await vi.advanceTimersByTimeAsync(100);
    expect(l.status()).toMatchObject({ state: 'error', message: expect.stringMatching(/password authentication failed/) });
  });

  it('never runs two pushes at once: "Push now" waits for the run in flight', async () => {
    let running = 0;
    let most = 0;
    outcome = async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 1_000));
      running -= 1;
      return OK;
    };
    const l = start(memorySecrets('postgresql://seat:pw@127.0.0.1:1/db'));
    await vi.advanceTimersByTimeAsync(100);
    expect(l.status().state).toBe('syncing');
    const manual = [l.pushNow(), l.pushNow()];
    await vi.advanceTimersByTimeAsync(5_000);
    await Promise.all(manual);
    expect(pushes).toHaveLength(3);
    expect(most).toBe(1);
  });

  it('stop() ends the loop, waits for the run in flight, and leaves no timer behind', async () => {
    let finished = false;
    outcome = async () => {
      await new Promise((r) => setTimeout(r, 2_000));
      finished = true;
      return OK;
    };
    const l = start(memorySecrets('postgresql://seat:pw@127.0.0.1:1/db'));
    await vi.advanceTimersByTimeAsync(100);
    expect(syncLoopOf(core)).toBe(l);
    const stopping = l.stop();
    await vi.advanceTimersByTimeAsync(2_000);
    await stopping;
    expect(finished).toBe(true);
    expect(syncLoopOf(core)).toBeUndefined();
    queueChange();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(pushes).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
