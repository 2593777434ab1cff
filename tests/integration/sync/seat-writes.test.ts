// A hostile seat of the SAME business, logged in with its own role and writing raw SQL (no lf.push),
// cannot take another seat's numbers, add lines to an issued invoice, or change another seat's
// invoices; a void stays void and an issued invoice only ever changes by being voided, even for its
// own seat. The honest push (invoices with lines, voids, credit notes, resends, the series-lease
// refusals) keeps working.
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { statement } from '../../../src-main/db/query.js';
import { issueCreditNote, voidInvoice } from '../../../src-main/engine/invoice-actions.js';
import { addSeat, checkServer, initServer, type AddSeatResult } from '../../../src-main/sync/server.js';
import { connectSeat, pushNow } from '../../../src-main/sync/service.js';
import { addGstBusiness, issueInvoices, openSeatFolder, removeFolder, serverCounts, type SeatFolder } from './setup.js';
import { describeWithPg } from './pg.js';

interface ServerInvoice { id: string; business_id: string; device_id: string; series_code: string; fiscal_year: string; seq: number; number: string; status: string; void_reason: string | null }

describeWithPg('sync seat writes: a seat writes only what lf.push would accept from it', (cluster) => {
  let owner: string;
  let victim: SeatFolder;
  let businessId: string;
  let victimSeat: AddSeatResult;
  let hostileSeat: AddSeatResult;
  let hostile: pg.Client;
  let victimRaw: pg.Client;
  let ownerClient: pg.Client;

  const serverInvoices = async (): Promise<ServerInvoice[]> => (await ownerClient.query<ServerInvoice>(
    'SELECT id, business_id, device_id, series_code, fiscal_year, seq, number, status, void_reason FROM lf.invoices ORDER BY series_code, seq')).rows;
  const linesOf = async (invoiceId: string): Promise<number> => (await ownerClient.query<{ n: number }>('SELECT count(*)::int AS n FROM lf.invoice_lines WHERE invoice_id = $1', [invoiceId])).rows[0]!.n;
  const localInvoices = () => victim.core.store.read((db) => statement(db, "SELECT id, status FROM invoices WHERE status IN ('issued', 'void') AND kind = 'tax_invoice' ORDER BY number").all()) as Array<{ id: string; status: string }>;

  beforeAll(async () => {
    owner = await cluster().createDatabase('seat_writes');
    await initServer(owner);
    victim = await openSeatFolder();
    businessId = addGstBusiness(victim.core, 'Two Counter Traders').id;
    victimSeat = await addSeat(owner, { businesses: [businessId], seat: 'Counter 1' });
    await connectSeat(victim.ctx, victimSeat.url);
    await issueInvoices(victim.core, businessId, 4, 'v0');
    expect(await pushNow(victim.ctx)).toMatchObject({ rejected: 0, pending: 0 });
    // A second seat of the same business: its own series (INV2, CN2, BOS2), same tenant and business.
    hostileSeat = await addSeat(owner, { businesses: [businessId], seat: 'Counter 2' });
    hostile = new pg.Client({ connectionString: hostileSeat.url });
    await hostile.connect();
    victimRaw = new pg.Client({ connectionString: victimSeat.url });
    await victimRaw.connect();
    ownerClient = new pg.Client({ connectionString: owner });
    await ownerClient.connect();
  });
  afterAll(async () => {
    await hostile?.end();
    await victimRaw?.end();
    await ownerClient?.end();
    await victim?.close();
    if (victim) removeFolder(victim.dir);
  });

  it('the hostile seat is an ordinary seat of the same business: not superuser, no BYPASSRLS, sees the victim seat\'s invoices', async () => {
    expect(hostileSeat.tenant).toBe(victimSeat.tenant);
    const role = (await hostile.query<{ rolsuper: boolean; rolbypassrls: boolean }>('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user')).rows[0];
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    expect((await hostile.query('SELECT count(*)::int AS n FROM lf.invoices WHERE business_id = $1', [businessId])).rows[0].n).toBe(4);
  });

  it("refuses an invoice INSERTed directly with a number from another seat's series; that seat's next push still lands", async () => {
    const last = (await serverInvoices()).filter((i) => i.series_code === 'INV').at(-1)!;
    const nextSeq = last.seq + 1;
    const nextNumber = last.number.replace(/\d+$/, (d) => String(nextSeq).padStart(d.length, '0'));
    await expect(hostile.query(`INSERT INTO lf.invoices (tenant, id, business_id, device_id, kind, status, series_code, fiscal_year, seq, number, issue_date, currency, total_minor, content_hash, data)
      VALUES ($1, 'inv-stolen', $2, 'hostile-device', 'invoice', 'issued', 'INV', $3, $4, $5, '2026-05-31', 'INR', 100, 'x', '{}')`,
    [hostileSeat.tenant, businessId, last.fiscal_year, nextSeq, nextNumber])).rejects.toThrow(/row-level security/);
    expect((await serverInvoices()).some((i) => i.id === 'inv-stolen')).toBe(false);

    await issueInvoices(victim.core, businessId, 1, 'v1');
    expect(await pushNow(victim.ctx)).toMatchObject({ rejected: 0, pending: 0 });
    expect((await serverInvoices()).find((i) => i.number === nextNumber)?.device_id).not.toBe('hostile-device');
  });

  it("refuses an invoice in the seat's own series that claims another seat's device", async () => {
    const victimDevice = (await serverInvoices())[0]!.device_id;
    await expect(hostile.query(`INSERT INTO lf.invoices (tenant, id, business_id, device_id, kind, status, series_code, fiscal_year, seq, number, issue_date, currency, total_minor, content_hash, data)
      VALUES ($1, 'inv-forged-device', $2, $3, 'invoice', 'issued', 'INV2', '2026-27', 1, 'INV2/2026-27/00001', '2026-05-31', 'INR', 100, 'x', '{}')`,
    [hostileSeat.tenant, businessId, victimDevice])).rejects.toThrow(/row-level security/);
  });

  it("refuses an audit entry that claims another seat's device", async () => {
    const victimDevice = (await serverInvoices())[0]!.device_id;
    await expect(hostile.query(`INSERT INTO lf.audit_entries (tenant, id, business_id, device_id, device_seq, at, action, entity, entity_id, data)
      VALUES ($1, 'audit-forged', $2, $3, 1, '2026-05-31T00:00:00Z', 'invoice.void', 'invoice', 'x', '{}')`,
    [hostileSeat.tenant, businessId, victimDevice])).rejects.toThrow(/row-level security/);
    expect((await ownerClient.query("SELECT count(*)::int AS n FROM lf.audit_entries WHERE id = 'audit-forged'")).rows[0].n).toBe(0);
  });

  it("refuses lines INSERTed onto another seat's issued invoice, and lines for an invoice that is not there", async () => {
    const target = (await serverInvoices())[0]!;
    const before = await linesOf(target.id);
    await expect(hostile.query(`INSERT INTO lf.invoice_lines (tenant, id, business_id, invoice_id, position, data) VALUES ($1, 'line-evil', $2, $3, 999, '{"description": "added later"}')`,
      [hostileSeat.tenant, businessId, target.id])).rejects.toThrow(/invoice .* (issued|not)/);
    expect(await linesOf(target.id)).toBe(before);
    // Lines waiting for an invoice id another seat will push later would be kept and the real ones skipped.
    await expect(hostile.query(`INSERT INTO lf.invoice_lines (tenant, id, business_id, invoice_id, position, data) VALUES ($1, 'line-planted', $2, 'inv-not-yet', 1, '{}')`,
      [hostileSeat.tenant, businessId])).rejects.toThrow(/invoice/);
    expect(await linesOf('inv-not-yet')).toBe(0);
  });

  it("cannot void another seat's invoice, nor rewrite a void one's reason or make it issued again", async () => {
    const [first, second] = (await serverInvoices()).filter((i) => i.series_code === 'INV');
    // Directly...
    await hostile.query("UPDATE lf.invoices SET status = 'void', void_reason = 'hostile' WHERE id = $1", [first!.id]).catch((e: Error) => e);
    // ...and through lf.push, from the hostile seat's own device.
    const reply = (await hostile.query('SELECT lf.push($1, $2::jsonb, $3::jsonb) AS r', ['hostile-device',
      JSON.stringify([{ seq: 1, tx: 1, entity: 'invoice', entity_id: first!.id, op: 'update', business_id: businessId, payload: { id: first!.id, status: 'void', reason: 'hostile' } }]), '[]'])).rows[0].r;
    expect(reply.results[0]).toMatchObject({ status: 'rejected' });
    expect((await serverInvoices()).find((i) => i.id === first!.id)).toMatchObject({ status: 'issued', void_reason: null });

    // The victim voids its own second invoice the honest way; the hostile seat tries to undo it or reword it.
    voidInvoice(victim.core, { businessId, id: second!.id, reason: 'Typed the wrong customer' });
    expect(await pushNow(victim.ctx)).toMatchObject({ rejected: 0, pending: 0 });
    await hostile.query("UPDATE lf.invoices SET status = 'issued', void_reason = NULL WHERE id = $1", [second!.id]).catch((e: Error) => e);
    await hostile.query("UPDATE lf.invoices SET void_reason = 'hostile' WHERE id = $1", [second!.id]).catch((e: Error) => e);
    expect((await serverInvoices()).find((i) => i.id === second!.id)).toMatchObject({ status: 'void', void_reason: 'Typed the wrong customer' });
  });

  it('a void invoice cannot be made issued again, and an issued one changes only by being voided, even by its own seat', async () => {
    const voided = (await serverInvoices()).find((i) => i.status === 'void')!;
    await expect(victimRaw.query("UPDATE lf.invoices SET status = 'issued', void_reason = NULL WHERE id = $1", [voided.id])).rejects.toThrow(/void/);
    await victimRaw.query("UPDATE lf.invoices SET void_reason = 'reworded' WHERE id = $1", [voided.id]).catch((e: Error) => e);
    expect((await serverInvoices()).find((i) => i.id === voided.id)).toMatchObject({ status: 'void', void_reason: 'Typed the wrong customer' });
    const issued = (await serverInvoices()).find((i) => i.status === 'issued' && i.series_code === 'INV')!;
    await expect(victimRaw.query("UPDATE lf.invoices SET void_reason = 'not void' WHERE id = $1", [issued.id])).rejects.toThrow(/issued/);
    await expect(victimRaw.query("UPDATE lf.invoices SET status = 'issued' WHERE id = $1", [issued.id])).rejects.toThrow(/issued/);
    await expect(victimRaw.query("UPDATE lf.invoices SET data = '{}' WHERE id = $1", [issued.id])).rejects.toThrow(/permission denied/);
    expect((await serverInvoices()).find((i) => i.id === issued.id)).toMatchObject({ status: 'issued', void_reason: null });
  });

  it("lines cannot be added to an invoice issued in an earlier transaction, even the seat's own, also after touching the invoice in this one", async () => {
    const own = (await serverInvoices()).find((i) => i.status === 'issued' && i.series_code === 'INV')!;
    const before = await linesOf(own.id);
    await expect(victimRaw.query(`INSERT INTO lf.invoice_lines (tenant, id, business_id, invoice_id, position, data) VALUES ($1, 'line-late', $2, $3, 999, '{}')`,
      [victimSeat.tenant, businessId, own.id])).rejects.toThrow(/invoice .* issued/);
    // A new row version of the invoice in this transaction does not make it "issued in this transaction".
    await victimRaw.query('BEGIN');
    try {
      await victimRaw.query("UPDATE lf.invoices SET status = 'void', void_reason = 'x' WHERE id = $1", [own.id]);
      await expect(victimRaw.query(`INSERT INTO lf.invoice_lines (tenant, id, business_id, invoice_id, position, data) VALUES ($1, 'line-late-2', $2, $3, 998, '{}')`,
        [victimSeat.tenant, businessId, own.id])).rejects.toThrow(/invoice .* issued/);
    } finally {
      await victimRaw.query('ROLLBACK');
    }
    expect(await linesOf(own.id)).toBe(before);
    expect((await serverInvoices()).find((i) => i.id === own.id)).toMatchObject({ status: 'issued' });
  });

  it('the honest push keeps working: invoices with lines, voids, credit notes, resends as duplicates, refusals of a series not held', async () => {
    await issueInvoices(victim.core, businessId, 6, 'v2');
    const mine = localInvoices().filter((i) => i.status === 'issued');
    voidInvoice(victim.core, { businessId, id: mine.at(-1)!.id, reason: 'Duplicate' });
    await issueCreditNote(victim.core, { businessId, id: mine.at(-2)!.id, reason: 'Goods returned', date: '2026-06-01' });
    const report = await pushNow(victim.ctx);
    expect(report).toMatchObject({ duplicates: 0, rejected: 0, pending: 0 });
    const local = victim.core.store.read((db) => statement(db, "SELECT (SELECT count(*) FROM invoices WHERE status IN ('issued', 'void')) AS invoices, (SELECT count(*) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.status IN ('issued', 'void')) AS lines").get()) as { invoices: number; lines: number };
    const server = await serverCounts(owner);
    expect({ invoices: server.invoices, lines: server.lines }).toEqual(local);
    expect((await serverInvoices()).filter((i) => i.series_code === 'CN')).toHaveLength(1);
    expect((await serverInvoices()).find((i) => i.id === mine.at(-1)!.id)).toMatchObject({ status: 'void', void_reason: 'Duplicate' });

    // Everything sent again, as after a lost reply: answered with the first results.
    victim.core.store.write((db) => statement(db, 'UPDATE outbox SET synced_at = NULL').run());
    const resend = await pushNow(victim.ctx);
    expect(resend).toMatchObject({ pushed: 0, rejected: 0, pending: 0 });
    expect(resend.duplicates).toBeGreaterThan(0);
    expect(await serverCounts(owner)).toEqual(server);

    // The hostile seat through lf.push: another seat's series is refused with the lease's reason,
    // its own series is accepted with its lines.
    const fy = (await serverInvoices())[0]!.fiscal_year;
    const invoice = (series: string, n: number) => ({ series_code: series, fiscal_year: fy, seq: n, number: `${series}/${fy}/${String(n).padStart(5, '0')}`, kind: 'invoice', issue_date: '2026-05-31', currency: 'INR', total_minor: 100 });
    const lines = (id: string) => [1, 2].map((p) => ({ id: `${id}-l${p}`, business_id: businessId, invoice_id: id, position: p, description: 'x' }));
    const pushed = (await hostile.query('SELECT lf.push($1, $2::jsonb, $3::jsonb) AS r', ['hostile-device', JSON.stringify([
      { seq: 2, tx: 2, entity: 'invoice', entity_id: 'h-stolen', op: 'insert', business_id: businessId, payload: { id: 'h-stolen' }, invoice: invoice('INV', 999), lines: lines('h-stolen') },
      { seq: 3, tx: 3, entity: 'invoice', entity_id: 'h-own', op: 'insert', business_id: businessId, payload: { id: 'h-own' }, invoice: invoice('INV2', 1), lines: lines('h-own') },
      { seq: 4, tx: 4, entity: 'invoice', entity_id: 'h-own', op: 'update', business_id: businessId, payload: { id: 'h-own', status: 'void', reason: 'own void' } },
    ]), '[]'])).rows[0].r;
    expect(pushed.results[0]).toMatchObject({ status: 'rejected', code: 'SERIES_NOT_HELD' });
    expect(pushed.results[0].reason).toMatch(/series INV of business .* which this seat does not hold/);
    expect(pushed.results[1]).toMatchObject({ status: 'applied' });
    expect(pushed.results[2]).toMatchObject({ status: 'applied' });
    expect(await linesOf('h-own')).toBe(2);
    expect(await linesOf('h-stolen')).toBe(0);
    expect((await serverInvoices()).find((i) => i.id === 'h-own')).toMatchObject({ status: 'void', void_reason: 'own void' });
    expect((await checkServer(owner)).problems).toEqual([]);
  });
});
