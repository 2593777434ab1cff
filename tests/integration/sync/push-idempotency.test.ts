// The push is idempotent: the server inbox is keyed by (tenant, device, per-device sequence), so a
// batch sent again — after the reply was lost, or twice at the same moment — has one effect, and
// the same key with other content is refused as a conflict.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { statement } from '../../../src-main/db/query.js';
import { pushQueue } from '../../../src-main/sync/client.js';
import { addSeat, initServer } from '../../../src-main/sync/server.js';
import { connectSeat, pushNow, syncStatus } from '../../../src-main/sync/service.js';
import { addGstBusiness, issueInvoices, openSeatFolder, removeFolder, serverCounts, type SeatFolder } from './setup.js';
import { describeWithPg } from './pg.js';

describeWithPg('sync push idempotency', (cluster) => {
  let owner: string;
  let seat: SeatFolder;
  let businessId: string;
  let seatUrl: string;

  beforeAll(async () => {
    owner = await cluster().createDatabase('idem');
    await initServer(owner);
    seat = await openSeatFolder();
    businessId = addGstBusiness(seat.core).id;
    seatUrl = (await addSeat(owner, { businesses: [businessId], seat: 'Counter 1' })).url;
    await connectSeat(seat.ctx, seatUrl);
  });
  afterAll(async () => {
    await seat?.close();
    if (seat) removeFolder(seat.dir);
  });

  it('pushes every queued change once and leaves nothing pending', async () => {
    await issueInvoices(seat.core, businessId, 20);
    const report = await pushNow(seat.ctx);
    expect(report).toMatchObject({ duplicates: 0, rejected: 0, pending: 0 });
    const local = seat.core.store.read((db) => statement(db, 'SELECT (SELECT count(*) FROM invoices) AS invoices, (SELECT count(*) FROM invoice_lines) AS lines').get()) as { invoices: number; lines: number };
    const server = await serverCounts(owner);
    expect({ invoices: server.invoices, lines: server.lines }).toEqual(local);
    expect(server.products).toBe(2);
    expect(server.businesses).toBe(1);
  });

  it('the same push again (its reply lost) is a no-op answered with the first results', async () => {
    await issueInvoices(seat.core, businessId, 10, '2');
    const before = await serverCounts(owner);
    // The server commits, then the process dies before recording the reply.
    await expect(pushQueue(seat.core.store, seatUrl, { afterServerCommit: () => { throw new Error('killed after the server committed'); } })).rejects.toThrow(/killed after the server committed/);
    const afterFirst = await serverCounts(owner);
    expect(afterFirst.invoices).toBe(before.invoices + 10);
    expect(syncStatus(seat.core.store).pending).toBeGreaterThan(0);
    const again = await pushQueue(seat.core.store, seatUrl);
    expect(again.pushed).toBe(0);
    expect(again.duplicates).toBeGreaterThan(0);
    expect(again.pending).toBe(0);
    expect(await serverCounts(owner)).toEqual(afterFirst);
  });

  it('two pushes of the same queue at the same moment have one effect', async () => {
    await issueInvoices(seat.core, businessId, 15, '3');
    const before = await serverCounts(owner);
    const pending = syncStatus(seat.core.store).pending;
    const [a, b] = await Promise.all([pushQueue(seat.core.store, seatUrl), pushQueue(seat.core.store, seatUrl)]);
    expect(a.pushed + b.pushed).toBe(pending);
    expect(a.pushed * b.pushed).toBe(0);
    const after = await serverCounts(owner);
    expect(after.invoices).toBe(before.invoices + 15);
    expect(after.inbox).toBe(before.inbox + pending);
  });

  it('the same device sequence with different content is refused as a conflict, not applied', async () => {
    await issueInvoices(seat.core, businessId, 1, '4');
    await pushQueue(seat.core.store, seatUrl);
    const before = await serverCounts(owner);
    // Re-queue the last change with altered content under the same sequence number.
    seat.core.store.write((db) => {
      const last = statement(db, "SELECT seq FROM outbox WHERE entity = 'invoice' ORDER BY seq DESC LIMIT 1").get() as { seq: number };
      statement(db, "UPDATE outbox SET synced_at = NULL, payload = json_set(payload, '$.number', 'FORGED/1') WHERE seq = ?").run(last.seq);
    });
    const report = await pushQueue(seat.core.store, seatUrl);
    expect(report).toMatchObject({ pushed: 0, duplicates: 0, rejected: 1 });
    const errors = syncStatus(seat.core.store).errors;
    expect(errors[0]).toMatchObject({ code: 'SEQ_CONFLICT' });
    expect(await serverCounts(owner)).toEqual(before);
  });
});
