// Bills of supply are numbered in a series of their own (docs/TAX-RULES.md, section E). A later
// seat of a GST business gets its own bills-of-supply series lease (BOS2) beside INV2 and CN2: its
// bills of supply are numbered BOS2/…, gap-free, never from its invoice series, and `sync check`
// reports that series on the server.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { statement } from '../../../src-main/db/query.js';
import { insertProduct } from '../../../src-main/db/repos/catalogue.js';
import { runBatch } from '../../../src-main/engine/pipeline.js';
import { addSeat, checkServer, initServer } from '../../../src-main/sync/server.js';
import { connectSeat, pushNow } from '../../../src-main/sync/service.js';
import { addGstBusiness, openSeatFolder, removeFolder, type SeatFolder } from './setup.js';
import { describeWithPg } from './pg.js';

/** Issues one invoice per order: `exempt` bills of supply (the exempt workshop) and `taxable` tax invoices. */
async function issueOrders(seat: SeatFolder, businessId: string, tag: string, exempt: number, taxable: number): Promise<void> {
  const orders = [
    ...Array.from({ length: exempt }, (_, i) => ({ orderId: `${tag}-E${i}`, date: '2026-05-10', customer: 'Rohan Deshpande', customerState: '27', product: 'WS-1', quantity: 1 })),
    ...Array.from({ length: taxable }, (_, i) => ({ orderId: `${tag}-T${i}`, date: '2026-05-11', customer: 'Kaveri Textiles Pvt Ltd', product: 'SH-1', quantity: 2 })),
  ];
  const file = join(seat.dir, `orders-${tag}.json`);
  writeFileSync(file, JSON.stringify(orders));
  const report = await runBatch(seat.core, { source: 'orders', businessId, ordersFile: file, pdf: false }, { today: '2026-06-01' });
  expect(report.failures).toEqual([]);
  expect(report.created).toBe(exempt + taxable);
}

const numbers = (seat: SeatFolder, kind: string) =>
  seat.core.store.read((db) => (statement(db, 'SELECT number FROM invoices WHERE kind = ? ORDER BY number').all(kind) as Array<{ number: string }>).map((r) => r.number));

describeWithPg('a later seat issuing bills of supply', (cluster) => {
  let owner: string;
  let a: SeatFolder;
  let b: SeatFolder;
  let businessId: string;

  beforeAll(async () => {
    owner = await cluster().createDatabase('bos');
    await initServer(owner);
    a = await openSeatFolder();
    b = await openSeatFolder();
    businessId = addGstBusiness(a.core, 'Exempt Workshop Traders').id;
    a.core.store.write((db) => insertProduct(db, businessId, { sku: 'WS-1', name: 'Workshop', hsn: '999293', unit: 'NOS', kind: 'services', priceMinor: 250000n, currency: 'INR', taxRate: '0', taxCategory: 'exempt' }));
    await connectSeat(a.ctx, (await addSeat(owner, { businesses: [businessId], seat: 'Counter 1' })).url);
    await issueOrders(a, businessId, 'a0', 2, 1);
    await pushNow(a.ctx);
  });
  afterAll(async () => {
    for (const seat of [a, b]) {
      await seat?.close();
      if (seat) removeFolder(seat.dir);
    }
  });

  it('gets its own BOS2 series, numbers its bills of supply from it gap-free, and sync check reports it', async () => {
    const seat = await addSeat(owner, { businesses: [businessId], seat: 'Counter 2' });
    expect(seat.series.map((s) => [s.code, s.documentKind]).sort()).toEqual([['BOS2', 'bill_of_supply'], ['CN2', 'credit_note'], ['INV2', 'invoice']]);
    const connected = await connectSeat(b.ctx, seat.url);
    expect(connected.pulled.series).toBe(3);
    const own = b.core.store.read((db) => statement(db, `SELECT s.code, s.document_kind AS kind FROM businesses b JOIN series s ON s.id = b.bill_of_supply_series_id WHERE b.id = ?`).get(businessId));
    expect(own).toEqual({ code: 'BOS2', kind: 'invoice' });

    await Promise.all([issueOrders(b, businessId, 'b0', 3, 1), issueOrders(a, businessId, 'a1', 1, 0)]);
    await issueOrders(b, businessId, 'b1', 1, 0);
    expect(numbers(b, 'bill_of_supply')).toEqual(['BOS2/2627/00001', 'BOS2/2627/00002', 'BOS2/2627/00003', 'BOS2/2627/00004']);
    expect(numbers(b, 'tax_invoice')).toEqual(['INV2/2627/00001']);
    expect(numbers(a, 'bill_of_supply')).toEqual(['BOS/2627/00001', 'BOS/2627/00002', 'BOS/2627/00003']);

    const [ra, rb] = await Promise.all([pushNow(a.ctx), pushNow(b.ctx)]);
    expect(ra.rejected + rb.rejected).toBe(0);
    const check = await checkServer(owner);
    expect(check.problems).toEqual([]);
    const bySeries = Object.fromEntries(check.series.map((s) => [s.seriesCode, { count: s.count, last: s.last, ok: s.ok, holder: s.holder }]));
    expect(bySeries.BOS2).toEqual({ count: 4, last: 4, ok: true, holder: seat.role });
    expect(bySeries.BOS).toMatchObject({ count: 3, last: 3, ok: true });
    expect(bySeries.INV2).toMatchObject({ count: 1, last: 1, ok: true });
    expect(bySeries.INV).toMatchObject({ count: 1, last: 1, ok: true });
  });
});
