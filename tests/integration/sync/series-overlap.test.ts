// Two seats of one business: a series a seat adds locally whose numbers can coincide with a
// series another seat holds is not leased to it; its invoices stay off the server as sync errors
// naming both series and a number, and the changes behind them still go. A series that cannot
// coincide is leased as before. Two seats declaring overlapping series at once: one gets its lease.
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { statement } from '../../../src-main/db/query.js';
import { addSeries } from '../../../src-main/numbering/series.js';
import { addSeat, checkServer, inTransaction, initServer } from '../../../src-main/sync/server.js';
import { declareSeries, lockBusinessSeries } from '../../../src-main/sync/server-repo.js';
import { declareCheckedSeries } from '../../../src-main/sync/series-overlap.js';
import { connectSeat, pushNow, syncStatus } from '../../../src-main/sync/service.js';
import { addGstBusiness, editProduct, issueInvoices, openSeatFolder, productsOf, removeFolder, serverCounts, type SeatFolder } from './setup.js';
import { describeWithPg } from './pg.js';

const today = () => new Date().toISOString().slice(0, 10);

describeWithPg('series of two seats whose numbers can coincide', (cluster) => {
  let owner: string;
  let a: SeatFolder;
  let b: SeatFolder;
  let businessId: string;
  let urlA: string;
  let urlB: string;
  let roleA: string;

  async function asOwner<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: owner });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }
  const leases = () => asOwner(async (c) => (await c.query('SELECT series_code, holder_role FROM lf.series_leases WHERE business_id = $1 ORDER BY series_code', [businessId])).rows as Array<{ series_code: string; holder_role: string }>);
  const addLocal = (seat: SeatFolder, code: string, format: string) => seat.core.store.write((db) => addSeries(db, businessId, seat.core.plugins.get('gst-in')!, { code, format }, 'test', today()));
  /** Issues simulated invoices from one series (the simulation numbers from the oldest invoice series: this one, for a moment). */
  async function issueFrom(seat: SeatFolder, code: string, count: number, seed: string, chunkSize = 50): Promise<void> {
    const setCreated = (at: string) => seat.core.store.write((db) => statement(db, 'UPDATE series SET created_at = ? WHERE business_id = ? AND code = ?').run(at, businessId, code));
    const was = seat.core.store.read((db) => (statement(db, 'SELECT created_at FROM series WHERE business_id = ? AND code = ?').get(businessId, code) as { created_at: string }).created_at);
    setCreated('0000-01-01T00:00:00.000Z');
    try {
      await issueInvoices(seat.core, businessId, count, seed, chunkSize);
    } finally {
      setCreated(was);
    }
  }

  beforeAll(async () => {
    owner = await cluster().createDatabase('overlap');
    await initServer(owner);
    a = await openSeatFolder();
    b = await openSeatFolder();
    businessId = addGstBusiness(a.core, 'Overlap Traders').id;
    const seatA = await addSeat(owner, { businesses: [businessId], seat: 'Counter 1' });
    urlA = seatA.url;
    roleA = seatA.role;
    await connectSeat(a.ctx, urlA);
    await issueInvoices(a.core, businessId, 3, 'a0');
    await pushNow(a.ctx);
    urlB = (await addSeat(owner, { businesses: [businessId], seat: 'Counter 2' })).url;
    await connectSeat(b.ctx, urlB);
  });
  afterAll(async () => {
    for (const seat of [a, b]) {
      await seat?.close();
      if (seat) removeFolder(seat.dir);
    }
  });

  it('does not lease a series that can give another seat\'s numbers; its invoices become sync errors and the rest still push', async () => {
    // Seat A holds INV (INV/{FYS}/{SEQ:5}); seat B knows only its own series, so X is accepted locally.
    addLocal(b, 'X', 'INV/{FYS}/{SEQ:3}');
    await issueFrom(b, 'X', 2, 'x');
    await issueFrom(b, 'INV2', 3, 'after');
    const productId = productsOf(b.core, businessId)[0]!.id;
    editProduct(b.core, businessId, productId, { priceMinor: 99900n, name: 'Shirt (B)' });
    const before = await serverCounts(owner);

    const report = await pushNow(b.ctx);

    expect(report.rejected).toBe(2);
    expect(report.pending).toBe(0);
    expect((await leases()).map((l) => l.series_code)).not.toContain('X');
    const errors = syncStatus(b.core.store).errors.filter((e) => e.code === 'SERIES_OVERLAP');
    expect(errors).toHaveLength(2);
    expect(errors[0]!.reason).toMatch(/^series X \(INV\/\{FYS\}\/\{SEQ:3\}\) can give INV\/\d{4}\/\d{5} in fiscal year \S+, as series INV \(INV\/\{FYS\}\/\{SEQ:5\}\) held by seat \S+ does; numbers must be unique in a fiscal year/);
    expect(errors[0]!.reason).toContain(roleA);
    // The invoices behind them and the product edit reached the server.
    expect((await serverCounts(owner)).invoices).toBe(before.invoices + 3);
    expect(await asOwner(async (c) => (await c.query('SELECT data->>\'name\' AS name FROM lf.products WHERE id = $1', [productId])).rows[0].name)).toBe('Shirt (B)');
    const check = await checkServer(owner);
    expect(check.problems).toEqual([]);
    expect(check.series.map((s) => s.seriesCode).sort()).toEqual(['INV', 'INV2']);
    const duplicates = await asOwner(async (c) => (await c.query('SELECT upper(number) AS number, fiscal_year FROM lf.invoices WHERE business_id = $1 GROUP BY 1, 2 HAVING count(*) > 1', [businessId])).rows);
    expect(duplicates).toEqual([]);

    // The next push refuses it again: new invoices from X do not slip through.
    await issueFrom(b, 'X', 1, 'x2');
    expect((await pushNow(b.ctx)).rejected).toBe(1);
    expect((await leases()).map((l) => l.series_code)).not.toContain('X');
  });

  it('still leases a series of the seat that cannot give another\'s numbers', async () => {
    addLocal(b, 'Y', 'B2Y/{FYS}/{SEQ:5}');
    await issueFrom(b, 'Y', 2, 'y');
    const report = await pushNow(b.ctx);
    expect(report.rejected).toBe(0);
    expect((await leases()).filter((l) => l.series_code === 'Y')).toHaveLength(1);
    expect((await checkServer(owner)).ok).toBe(true);
  });

  it('of two seats declaring overlapping series at once, at most one gets it (pushes racing)', async () => {
    addLocal(a, 'PA', 'PQ/{SEQ:4}');
    addLocal(b, 'PB', 'PQ/{SEQ:5}');
    const productId = productsOf(a.core, businessId)[1]!.id;
    editProduct(a.core, businessId, productId, { priceMinor: 1000n, name: 'A race' });
    editProduct(b.core, businessId, productId, { priceMinor: 2000n, name: 'B race' });
    await Promise.all([pushNow(a.ctx), pushNow(b.ctx)]);
    expect((await leases()).filter((l) => l.series_code === 'PA' || l.series_code === 'PB')).toHaveLength(1);
  });

  it('a declaration waits for one in progress in the same business, then sees its lease', async () => {
    const first = new pg.Client({ connectionString: urlA });
    const second = new pg.Client({ connectionString: urlB });
    await first.connect();
    await second.connect();
    try {
      const startMonths = new Map([[businessId, 4]]);
      let refused: Awaited<ReturnType<typeof declareCheckedSeries>> | undefined;
      await inTransaction(first, async () => {
        await lockBusinessSeries(first, [businessId]);
        // Seat B starts declaring while seat A is between its lock and its commit.
        const pending = declareCheckedSeries(second, [{ business_id: businessId, code: 'RB', document_kind: 'invoice', format: 'R/{SEQ:2}' }], startMonths, today());
        void pending.then((r) => { refused = r; }, () => undefined);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(refused).toBeUndefined();
        await declareSeries(first, JSON.stringify([{ business_id: businessId, code: 'RA', document_kind: 'invoice', format: 'R/{SEQ}' }]));
        refusedPromise = pending;
      });
      const result = await refusedPromise!;
      expect(result.map((r) => r.code)).toEqual(['RB']);
      expect(result[0]!.reason).toMatch(/^series RB \(R\/\{SEQ:2\}\) can give R\/10 in fiscal year \S+, as series RA \(R\/\{SEQ\}\) held by seat/);
      expect((await leases()).filter((l) => l.series_code.startsWith('R'))).toEqual([{ series_code: 'RA', holder_role: roleA }]);
    } finally {
      await first.end();
      await second.end();
    }
  });
  it('checks a series added while a push runs before its invoices are sent', async () => {
    await issueFrom(b, 'INV2', 4, 'before-mid', 1);
    let added = false;
    const report = await pushNow(b.ctx, {
      batchRows: 1,
      afterServerCommit: async (batches) => {
        if (batches !== 1 || added) return;
        added = true;
        // Seat A holds CN (CN/{FYS}/{SEQ:5}); this seat's own series do not clash with Z.
        addLocal(b, 'Z', 'CN/{FYS}/{SEQ:4}');
        await issueFrom(b, 'Z', 1, 'mid');
      },
    });
    expect(added).toBe(true);
    expect(report.rejected).toBe(1);
    expect(report.pending).toBe(0);
    expect((await leases()).map((l) => l.series_code)).not.toContain('Z');
    expect(syncStatus(b.core.store).errors.filter((e) => e.code === 'SERIES_OVERLAP' && e.reason.startsWith('series Z (CN/{FYS}/{SEQ:4})'))).toHaveLength(1);
    expect((await checkServer(owner)).ok).toBe(true);
  });
  let refusedPromise: ReturnType<typeof declareCheckedSeries> | undefined;
});
