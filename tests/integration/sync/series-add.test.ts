// A seat that adds a numbering series by hand (series add / Settings) pushes without a sync error:
// a series reaches the server as a lease declared at the next push, not as a queued change the
// server does not take ("insert series … is not a change the server accepts").
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { addSeries } from '../../../src-main/numbering/series.js';
import { addSeat, initServer } from '../../../src-main/sync/server.js';
import { connectSeat, pushNow, syncStatus } from '../../../src-main/sync/service.js';
import { addGstBusiness, openSeatFolder, removeFolder, type SeatFolder } from './setup.js';
import { describeWithPg } from './pg.js';

describeWithPg('a series added on a seat', (cluster) => {
  let owner: string;
  let seat: SeatFolder;
  let businessId: string;
  let role: string;

  beforeAll(async () => {
    owner = await cluster().createDatabase('seriesadd');
    await initServer(owner);
    seat = await openSeatFolder();
    businessId = addGstBusiness(seat.core, 'Series Traders').id;
    const added = await addSeat(owner, { businesses: [businessId], seat: 'Counter 1' });
    role = added.role;
    await connectSeat(seat.ctx, added.url);
    await pushNow(seat.ctx);
  });
  afterAll(async () => {
    await seat?.close();
    if (seat) removeFolder(seat.dir);
  });

  it('is declared to the server as this seat\'s lease, and leaves no sync error', async () => {
    seat.core.store.write((db) => addSeries(db, businessId, seat.core.plugins.get('gst-in')!, { code: 'SHOP1', format: 'S1/{FYS}/{SEQ:5}' }, 'test', new Date().toISOString().slice(0, 10)));
    const report = await pushNow(seat.ctx);
    expect(report.rejected).toBe(0);
    expect(syncStatus(seat.core.store).errors).toEqual([]);
    const client = new pg.Client({ connectionString: owner });
    await client.connect();
    try {
      const lease = await client.query('SELECT document_kind, format, holder_role FROM lf.series_leases WHERE business_id = $1 AND series_code = $2', [businessId, 'SHOP1']);
      expect(lease.rows).toEqual([{ document_kind: 'invoice', format: 'S1/{FYS}/{SEQ:5}', holder_role: role }]);
    } finally {
      await client.end();
    }
  });
});
