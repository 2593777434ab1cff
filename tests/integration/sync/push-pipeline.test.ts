// The push reads its next batch while the server applies the current one. A master-data edit in
// that next batch is numbered from the versions the current batch sent; when the reply says
// otherwise (an edit lost to another seat's higher version), the next batch must be read again,
// so the seat's later edit goes out above the winner instead of losing to it as well. The reply
// of a committed batch is recorded while the server applies the next one.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import pg from 'pg';
import { statement } from '../../../src-main/db/query.js';
import { pushQueue } from '../../../src-main/sync/client.js';
import { addSeat, initServer } from '../../../src-main/sync/server.js';
import { connectSeat, pushNow, syncStatus } from '../../../src-main/sync/service.js';
import { addGstBusiness, editProduct, issueInvoices, openSeatFolder, productsOf, removeFolder, serverCounts, type SeatFolder } from './setup.js';
import { describeWithPg } from './pg.js';

describeWithPg('sync push reading ahead', (cluster) => {
  let owner: string;
  let seat: SeatFolder;
  let businessId: string;

  beforeAll(async () => {
    owner = await cluster().createDatabase('ahead');
    await initServer(owner);
    seat = await openSeatFolder();
    businessId = addGstBusiness(seat.core).id;
    await connectSeat(seat.ctx, (await addSeat(owner, { businesses: [businessId], seat: 'Counter 1' })).url);
    await pushNow(seat.ctx);
  });
  afterAll(async () => {
    await seat?.close();
    if (seat) removeFolder(seat.dir);
  });

  /** The server's row, read as the owner (its admin policy reads every tenant). */
  async function serverProduct(id: string): Promise<{ name: string; version: string; device_id: string }> {
    const client = new pg.Client({ connectionString: owner });
    await client.connect();
    try {
      return (await client.query("SELECT data->>'name' AS name, version::text, device_id FROM lf.products WHERE id = $1", [id])).rows[0];
    } finally {
      await client.end();
    }
  }

  it('edits spread over one-row batches reach the server with consecutive versions', async () => {
    const productId = productsOf(seat.core, businessId)[0]!.id;
    for (const [i, name] of ['Shirt v2', 'Shirt v3', 'Shirt v4'].entries()) editProduct(seat.core, businessId, productId, { priceMinor: 90_000n + BigInt(i), name });
    const report = await pushQueue(seat.core.store, syncUrl(), { batchRows: 1 });
    expect(report).toMatchObject({ rejected: 0, superseded: 0, pending: 0 });
    expect(report.batches).toBeGreaterThanOrEqual(3);
    expect(await serverProduct(productId)).toMatchObject({ name: 'Shirt v4', version: '4' });
  });

  it("an edit lost to another seat's higher version is followed by the next edit numbered above the winner", async () => {
    const productId = productsOf(seat.core, businessId)[1]!.id;
    // Another seat of the business has this product at version 10.
    const other = new pg.Client({ connectionString: (await addSeat(owner, { businesses: [businessId], seat: 'Counter 2' })).url });
    await other.connect();
    try {
      const item = { seq: 1, tx: 1, entity: 'product', entity_id: productId, op: 'update', business_id: businessId, version: 10, payload: { id: productId, business_id: businessId, name: 'Theirs v10' } };
      const reply = (await other.query('SELECT lf.push($1, $2::jsonb, $3::jsonb) AS r', ['zzzz-other-device', JSON.stringify([item]), '[]'])).rows[0].r as { results: Array<{ status: string }> };
      expect(reply.results[0]!.status).toBe('applied');
    } finally {
      await other.end();
    }
    editProduct(seat.core, businessId, productId, { priceMinor: 50_000n, name: 'Mine first' });
    editProduct(seat.core, businessId, productId, { priceMinor: 51_000n, name: 'Mine second' });
    const report = await pushQueue(seat.core.store, syncUrl(), { batchRows: 1 });
    expect(report).toMatchObject({ rejected: 0, superseded: 1, pending: 0 });
    // The first edit lost (kept and shown); the second went out as version 11 and won.
    expect(await serverProduct(productId)).toMatchObject({ name: 'Mine second', version: '11' });
    expect(syncStatus(seat.core.store).conflicts.filter((c) => c.entityId === productId)).toHaveLength(1);
    const known = seat.core.store.read((db) => statement(db, "SELECT version FROM sync_versions WHERE entity = 'product' AND entity_id = ?").get(productId)) as { version: number };
    expect(known.version).toBe(11);
  });

  it('sends the next batch before recording the reply of the batch the server committed last', async () => {
    await issueInvoices(seat.core, businessId, 5, 'pipelined', 1);
    const queries = vi.spyOn(pg.Client.prototype, 'query');
    const writes = vi.spyOn(seat.core.store, 'write');
    try {
      const report = await pushQueue(seat.core.store, syncUrl(), { batchRows: 1 });
      expect(report).toMatchObject({ rejected: 0, duplicates: 0, pending: 0 });
      expect(report.batches).toBeGreaterThanOrEqual(5);
      const sent = queries.mock.calls.flatMap((call, i) => (typeof call[0] === 'string' && call[0].includes('lf.push(') ? [queries.mock.invocationCallOrder[i]!] : []));
      const recorded = writes.mock.invocationCallOrder;
      expect(sent).toHaveLength(report.batches);
      expect(recorded.length).toBeGreaterThanOrEqual(report.batches);
      // Batch k's reply is recorded after batch k+1 went out, and before batch k+2 did.
      for (let k = 0; k + 1 < sent.length; k++) {
        expect(recorded[k]).toBeGreaterThan(sent[k + 1]!);
        if (k + 2 < sent.length) expect(recorded[k]).toBeLessThan(sent[k + 2]!);
      }
    } finally {
      queries.mockRestore();
      writes.mockRestore();
    }
    // Everything issued is on the server once.
    const local = seat.core.store.read((db) => statement(db, 'SELECT (SELECT count(*) FROM invoices) AS invoices, (SELECT count(*) FROM invoice_lines) AS lines').get()) as { invoices: number; lines: number };
    expect(await serverCounts(owner)).toMatchObject(local);
  });

  function syncUrl(): string {
    return seat.ctx.secrets.read()!;
  }
});
