// `sync init` upgrades a server that already holds pushed rows: the later migrations apply, a
// resend of what was pushed before the upgrade is answered with its first results (the content
// hashes are computed as before), and new pushes land whole.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { statement } from '../../../src-main/db/query.js';
import { addSeat, initServer, loadServerMigrations } from '../../../src-main/sync/server.js';
import { connectSeat, pushNow } from '../../../src-main/sync/service.js';
import { addGstBusiness, issueInvoices, openSeatFolder, removeFolder, serverCounts, type SeatFolder } from './setup.js';
import { describeWithPg } from './pg.js';

/** The last migration before the push read each invoice's lines by its position in the batch. */
const BEFORE = 8;

describeWithPg('sync server upgrade', (cluster) => {
  let owner: string;
  let seat: SeatFolder;
  let businessId: string;

  beforeAll(async () => {
    owner = await cluster().createDatabase('upgrade');
    await initServer(owner, loadServerMigrations().slice(0, BEFORE));
    seat = await openSeatFolder();
    businessId = addGstBusiness(seat.core).id;
    await connectSeat(seat.ctx, (await addSeat(owner, { businesses: [businessId], seat: 'Counter 1' })).url);
  });
  afterAll(async () => {
    await seat?.close();
    if (seat) removeFolder(seat.dir);
  });

  const localCounts = () => seat.core.store.read((db) => statement(db, 'SELECT (SELECT count(*) FROM invoices) AS invoices, (SELECT count(*) FROM invoice_lines) AS lines').get()) as { invoices: number; lines: number };

  it('applies the later migrations over pushed rows; a resend is answered as duplicates and new invoices land whole', async () => {
    expect(loadServerMigrations().length).toBeGreaterThan(BEFORE);
    await issueInvoices(seat.core, businessId, 12);
    const first = await pushNow(seat.ctx);
    expect(first).toMatchObject({ duplicates: 0, rejected: 0, pending: 0 });
    expect(first.pushed).toBeGreaterThan(12);

    const upgrade = await initServer(owner);
    expect(upgrade.applied).toEqual(loadServerMigrations().slice(BEFORE).map((m) => m.version));

    // Every row pushed before the upgrade, sent again as after a lost reply.
    seat.core.store.write((db) => statement(db, 'UPDATE outbox SET synced_at = NULL').run());
    const resend = await pushNow(seat.ctx);
    expect(resend).toMatchObject({ pushed: 0, duplicates: first.pushed, rejected: 0, pending: 0 });

    await issueInvoices(seat.core, businessId, 12, '2');
    const after = await pushNow(seat.ctx);
    expect(after).toMatchObject({ duplicates: 0, rejected: 0, pending: 0 });
    const server = await serverCounts(owner);
    expect({ invoices: server.invoices, lines: server.lines }).toEqual(localCounts());
    expect(server.invoices).toBe(24);
  });
});
