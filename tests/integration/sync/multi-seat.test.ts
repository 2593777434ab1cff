// Two seats of one business on one server: the second seat gets the business, catalogue and its
// own series by pull; both issue invoices and edit the same product at once; they converge (higher
// version wins, ties by device id, the losing edit kept and shown); every series on the server is
// gap-free; a number from a series the sender does not hold is refused without blocking the
// changes queued behind it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { statement } from '../../../src-main/db/query.js';
import { addSeat, checkServer, initServer } from '../../../src-main/sync/server.js';
import { connectSeat, pushNow, syncStatus } from '../../../src-main/sync/service.js';
import { newId } from '../../../src-shared/ids.js';
import { addGstBusiness, editProduct, issueInvoices, openSeatFolder, productsOf, removeFolder, serverCounts, type SeatFolder } from './setup.js';
import { describeWithPg } from './pg.js';

describeWithPg('sync between two seats of one business', (cluster) => {
  let owner: string;
  let a: SeatFolder;
  let b: SeatFolder;
  let businessId: string;
  let seatB: Awaited<ReturnType<typeof addSeat>>;

  beforeAll(async () => {
    owner = await cluster().createDatabase('seats');
    await initServer(owner);
    a = await openSeatFolder();
    b = await openSeatFolder();
    businessId = addGstBusiness(a.core, 'Two Counter Traders').id;
    await connectSeat(a.ctx, (await addSeat(owner, { businesses: [businessId], seat: 'Counter 1' })).url);
    await issueInvoices(a.core, businessId, 3, 'a0');
    await pushNow(a.ctx);
    seatB = await addSeat(owner, { businesses: [businessId], seat: 'Counter 2' });
  });
  afterAll(async () => {
    for (const seat of [a, b]) {
      await seat?.close();
      if (seat) removeFolder(seat.dir);
    }
  });

  it('a new seat gets its own series and, on connect, the business and its catalogue', async () => {
    expect(seatB.series.map((s) => [s.code, s.format]).sort()).toEqual([['BOS2', 'BOS2/{FYS}/{SEQ:5}'], ['CN2', 'CN2/{FYS}/{SEQ:5}'], ['INV2', 'INV2/{FYS}/{SEQ:5}']]);
    const connected = await connectSeat(b.ctx, seatB.url);
    expect(connected.pulled).toMatchObject({ businesses: 1, products: 2, series: 3 });
    const series = b.core.store.read((db) => statement(db, 'SELECT code, format, document_kind FROM series WHERE business_id = ? ORDER BY code').all(businessId));
    expect(series).toEqual([{ code: 'BOS2', format: 'BOS2/{FYS}/{SEQ:5}', document_kind: 'invoice' }, { code: 'CN2', format: 'CN2/{FYS}/{SEQ:5}', document_kind: 'credit_note' }, { code: 'INV2', format: 'INV2/{FYS}/{SEQ:5}', document_kind: 'invoice' }]);
    expect(b.core.store.read((db) => statement(db, 'SELECT count(*) AS n FROM customers').get())).toEqual(a.core.store.read((db) => statement(db, 'SELECT count(*) AS n FROM customers').get()));
    expect(productsOf(b.core, businessId)).toEqual(productsOf(a.core, businessId));
  });

  it('both seats issuing and editing the same product at once converge, and the losing edit is kept and shown', async () => {
    const productId = productsOf(a.core, businessId)[0]!.id;
    await Promise.all([
      issueInvoices(a.core, businessId, 25, 'a1'),
      issueInvoices(b.core, businessId, 25, 'b1'),
      Promise.resolve().then(() => editProduct(a.core, businessId, productId, { priceMinor: 100000n, name: 'Shirt (A)' })),
      Promise.resolve().then(() => editProduct(b.core, businessId, productId, { priceMinor: 120000n, name: 'Shirt (B)' })),
    ]);
    await Promise.all([pushNow(a.ctx), pushNow(b.ctx)]);
    await Promise.all([pushNow(a.ctx), pushNow(b.ctx)]);
    const onA = productsOf(a.core, businessId);
    const onB = productsOf(b.core, businessId);
    expect(onA).toEqual(onB);
    const winner = onA.find((p) => p.id === productId)!;
    // Same version (1 edit each from the same base): the higher device id wins.
    const devices = [a, b].map((s) => s.core.store.read((db) => (statement(db, 'SELECT device_id FROM sync_state').get() as { device_id: string }).device_id));
    const winnerName = devices[0]! > devices[1]! ? 'Shirt (A)' : 'Shirt (B)';
    expect(winner.name).toBe(winnerName);
    const loser = devices[0]! > devices[1]! ? b : a;
    const conflicts = syncStatus(loser.core.store).conflicts;
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ entity: 'product', entityId: productId, losingVersion: 2, winningVersion: 2 });
    expect((conflicts[0]!.losingData as { name: string }).name).not.toBe(winnerName);
    // The server's copy is the winner too.
    const client = new pg.Client({ connectionString: owner });
    await client.connect();
    try {
      expect((await client.query('SELECT data->>\'name\' AS name FROM lf.products WHERE id = $1', [productId])).rows[0].name).toBe(winnerName);
    } finally {
      await client.end();
    }
    // Server rows = the union of both seats' invoices, every series gap-free.
    const local = [a, b].map((s) => s.core.store.read((db) => (statement(db, 'SELECT count(*) AS n FROM invoices').get() as { n: number }).n));
    expect((await serverCounts(owner)).invoices).toBe(local[0]! + local[1]!);
    const check = await checkServer(owner);
    expect(check.problems).toEqual([]);
    expect(check.series.map((s) => s.seriesCode).sort()).toEqual(['INV', 'INV2']);
  });

  it('refuses an invoice numbered from a series the seat does not hold, and the changes behind it still go through', async () => {
    // Seat B forges a local series with seat A's code and issues from it, then issues normally.
    b.core.store.write((db) => {
      statement(db, "INSERT INTO series (id, business_id, code, format, document_kind, created_at) VALUES (?, ?, 'INV', 'INV/{FYS}/{SEQ:5}', 'invoice', '0000-01-01T00:00:00.000Z')").run(newId(), businessId);
    });
    await issueInvoices(b.core, businessId, 2, 'forged');
    b.core.store.write((db) => statement(db, "UPDATE series SET created_at = '9999-01-01T00:00:00.000Z' WHERE business_id = ? AND code = 'INV'").run(businessId));
    await issueInvoices(b.core, businessId, 3, 'after');
    const before = await serverCounts(owner);
    const report = await pushNow(b.ctx);
    expect(report.rejected).toBe(2);
    expect(report.pending).toBe(0);
    expect((await serverCounts(owner)).invoices).toBe(before.invoices + 3);
    const status = syncStatus(b.core.store);
    expect(status.errors.filter((e) => e.code === 'SERIES_NOT_HELD')).toHaveLength(2);
    expect(status.errors[0]!.reason).toMatch(/series INV of business .* which this seat does not hold/);
    expect((await checkServer(owner)).ok).toBe(true);
  });
});
