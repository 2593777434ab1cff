// The desktop's background sync loop against a real PostgreSQL: it drains what a seat issues;
// with the server stopped the seat keeps issuing, the queue grows and the status says offline
// with the reason; once the server is back the queue drains by itself, in order, nothing twice.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { statement } from '../../../src-main/db/query.js';
import { startSyncLoop, type LoopStatus, type SyncLoop } from '../../../src-main/sync/loop.js';
import { addSeat, checkServer, initServer } from '../../../src-main/sync/server.js';
import { connectSeat, syncStatus } from '../../../src-main/sync/service.js';
import { addGstBusiness, issueInvoices, openSeatFolder, removeFolder, serverCounts, type SeatFolder } from './setup.js';
import { describeWithPg } from './pg.js';

async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeWithPg('background sync loop against a real server', (cluster) => {
  let owner: string;
  let seat: SeatFolder;
  let businessId: string;
  let loop: SyncLoop;
  let seatRole: string;
  const statuses: LoopStatus[] = [];
  const localInvoices = () => seat.core.store.read((db) => (statement(db, 'SELECT count(*) AS n FROM invoices').get() as { n: number }).n);

  beforeAll(async () => {
    owner = await cluster().createDatabase('loop');
    await initServer(owner);
    seat = await openSeatFolder();
    businessId = addGstBusiness(seat.core, 'Loop Traders').id;
    const added = await addSeat(owner, { businesses: [businessId], seat: 'Counter 1' });
    seatRole = added.role;
    await connectSeat(seat.ctx, added.url);
    loop = startSyncLoop(seat.core, seat.ctx, { checkMs: 100, everyMs: 60_000, firstMs: 50, policy: { baseMs: 200, maxMs: 1_000 }, onStatus: (s) => statuses.push(s) });
  });
  afterAll(async () => {
    await loop?.stop();
    await seat?.close();
    if (seat) removeFolder(seat.dir);
  });

  it('pushes what the seat issues without being asked', async () => {
    await issueInvoices(seat.core, businessId, 5, 'l0');
    await until('the queue to drain', () => loop.status().pending === 0 && loop.status().state === 'idle');
    expect((await serverCounts(owner)).invoices).toBe(5);
  });

  it('server stopped: the seat keeps issuing, the queue grows and the status says offline; restarted: it drains', async () => {
    cluster().stopServer('fast');
    try {
      await issueInvoices(seat.core, businessId, 4, 'l1');
      await until('the status to say offline', () => loop.status().state === 'offline');
      const first = loop.status().pending;
      expect(first).toBeGreaterThan(0);
      expect(loop.status().message).toMatch(/failed.*pending/s);
      await issueInvoices(seat.core, businessId, 3, 'l2');
      await until('a second failed attempt', () => loop.status().failures >= 2);
      const offline = loop.status();
      expect(offline.pending).toBeGreaterThan(first);
      expect(offline.state).toBe('offline');
      expect(statuses.some((s) => s.state === 'offline' && s.pending >= first)).toBe(true);
      // What the Settings screen reads: the stored last error (no password) and the pending count.
      const stored = syncStatus(seat.core.store);
      expect(stored.lastError).toMatch(/sync push on lf_counter_1_[0-9a-f]+@127\.0\.0\.1/);
      expect(stored.lastError).not.toMatch(/:[^@\s]{20,}@/);
      expect(stored.pending).toBe(offline.pending);
    } finally {
      cluster().startServer();
    }
    await until('the queue to drain after the restart', () => loop.status().pending === 0 && loop.status().state === 'idle', 90_000);
    expect((await serverCounts(owner)).invoices).toBe(localInvoices());
    expect(localInvoices()).toBe(12);
    expect((await checkServer(owner)).problems).toEqual([]);
    expect(statuses.at(-1)).toMatchObject({ state: 'idle', pending: 0 });
  }, 180_000);

  it('keeps one server connection between its rounds, and closes it when stopped', async () => {
    const backends = async () => {
      const client = new pg.Client({ connectionString: cluster().superuserUrl.replace(/\/postgres$/, '/loop') });
      await client.connect();
      try {
        return (await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE usename = $1 ORDER BY pid', [seatRole])).rows.map((r) => r.pid);
      } finally {
        await client.end();
      }
    };
    await loop.pushNow();
    const first = await backends();
    expect(first).toHaveLength(1);
    await issueInvoices(seat.core, businessId, 2, 'l3');
    expect((await loop.pushNow()).pushed).toBeGreaterThan(0);
    await loop.pullNow();
    expect(await backends()).toEqual(first);
    await loop.stop();
    const end = Date.now() + 10_000;
    while ((await backends()).length > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(await backends()).toEqual([]);
  }, 60_000);
});
