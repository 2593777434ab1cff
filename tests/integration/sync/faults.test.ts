// Faults between a seat and the server: the connection cut after the server committed and before
// the reply arrived (a loopback proxy we control), then a resend: no duplicate. The server stopped
// in the middle of a push: the app keeps working, status says pending / last error, and after a
// restart the queue drains in order.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { statement } from '../../../src-main/db/query.js';
import { pushQueue } from '../../../src-main/sync/client.js';
import { addSeat, initServer } from '../../../src-main/sync/server.js';
import { connectSeat, pushNow, syncStatus } from '../../../src-main/sync/service.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';
import { addGstBusiness, issueInvoices, openSeatFolder, removeFolder, serverCounts, type SeatFolder } from './setup.js';
import { describeWithPg } from './pg.js';
import pg from 'pg';

function viaPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.port = String(port);
  return parsed.toString();
}

describeWithPg('sync faults', (cluster) => {
  let owner: string;
  let seat: SeatFolder;
  let businessId: string;
  let seatUrl: string;
  let proxy: TcpProxy;

  beforeAll(async () => {
    owner = await cluster().createDatabase('faults');
    await initServer(owner);
    seat = await openSeatFolder();
    businessId = addGstBusiness(seat.core).id;
    seatUrl = (await addSeat(owner, { businesses: [businessId], seat: 'Counter 1' })).url;
    proxy = await startTcpProxy(cluster().port);
    await connectSeat(seat.ctx, viaPort(seatUrl, proxy.port));
    await pushNow(seat.ctx);
  });
  afterAll(async () => {
    await proxy?.close();
    await seat?.close();
    if (seat) removeFolder(seat.dir);
  });

  it('a connection cut after the server committed and before the reply, then a resend, duplicates nothing', async () => {
    await issueInvoices(seat.core, businessId, 12, 'cut');
    const pending = syncStatus(seat.core.store).pending;
    const before = await serverCounts(owner);
    proxy.cutWhenServerSends('COMMIT\0');
    // The push's own retry (bounded, with backoff) resends through the proxy once the cut happened.
    const report = await pushNow(seat.ctx, { pull: false });
    expect(proxy.cuts).toBe(1);
    expect(report.pushed).toBe(0);
    expect(report.duplicates).toBe(pending);
    expect(report.pending).toBe(0);
    const after = await serverCounts(owner);
    expect(after.invoices).toBe(before.invoices + 12);
    expect(after.inbox).toBe(before.inbox + pending);
  });

  it('the server stopped mid-push: the queue stays, status says so, and after a restart it drains in order', async () => {
    await issueInvoices(seat.core, businessId, 120, 'stop', 10);
    const pending = syncStatus(seat.core.store).pending;
    let stopped = false;
    await expect(pushQueue(seat.core.store, viaPort(seatUrl, proxy.port), {
      batchRows: 10,
      afterServerCommit: (batch) => {
        if (batch === 3 && !stopped) {
          stopped = true;
          cluster().stopServer('immediate');
        }
      },
    })).rejects.toMatchObject({ code: 'SYNC_FAILED', retryable: true });
    // Offline: a push fails fast with a retryable error, is recorded, and the app keeps writing.
    await expect(pushNow(seat.ctx, { policy: { baseMs: 10, maxMs: 20, attempts: 2 } })).rejects.toMatchObject({ code: 'SYNC_FAILED' });
    await issueInvoices(seat.core, businessId, 5, 'offline');
    const offline = syncStatus(seat.core.store);
    expect(offline.pending).toBeGreaterThan(pending - 40);
    expect(offline.lastError).toMatch(/sync push on .* failed/);
    expect(offline.lastError).not.toContain(new URL(seatUrl).password);
    expect(offline.consecutiveFailures).toBeGreaterThanOrEqual(1);
    expect(offline.nextAttemptAt).not.toBeNull();
    // What was acknowledged is a prefix of the queue: nothing after a gap.
    const gap = seat.core.store.read((db) => statement(db, 'SELECT count(*) AS n FROM outbox o WHERE o.synced_at IS NOT NULL AND EXISTS (SELECT 1 FROM outbox p WHERE p.synced_at IS NULL AND p.seq < o.seq)').get()) as { n: number };
    expect(gap.n).toBe(0);

    cluster().startServer();
    const report = await pushNow(seat.ctx);
    expect(report.pending).toBe(0);
    expect(syncStatus(seat.core.store)).toMatchObject({ lastError: null, consecutiveFailures: 0 });
    const local = seat.core.store.read((db) => statement(db, 'SELECT seq FROM outbox ORDER BY seq').all() as Array<{ seq: number }>).map((r) => r.seq);
    const client = new pg.Client({ connectionString: owner });
    await client.connect();
    try {
      const device = syncStatus(seat.core.store).deviceId;
      const server = (await client.query<{ s: string }>('SELECT seq::text AS s FROM lf.inbox WHERE device_id = $1 ORDER BY seq', [device])).rows.map((r) => Number(r.s));
      expect(server).toEqual(local);
      // Applied in order: the server received the rows in sequence order.
      const received = (await client.query<{ s: string }>('SELECT seq::text AS s FROM lf.inbox WHERE device_id = $1 ORDER BY received_at, seq', [device])).rows.map((r) => Number(r.s));
      expect(received).toEqual(local);
    } finally {
      await client.end();
    }
    const counts = seat.core.store.read((db) => statement(db, 'SELECT (SELECT count(*) FROM invoices) AS invoices, (SELECT count(*) FROM invoice_lines) AS lines').get());
    const server = await serverCounts(owner);
    expect({ invoices: server.invoices, lines: server.lines }).toEqual(counts);
  });
});
