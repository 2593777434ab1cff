// Tenant isolation against a hostile client: logged in as a seat role (asserted not superuser, no
// BYPASSRLS), another tenant's rows — and another business's rows of the same tenant — are
// invisible and unwritable, also after SET / set_config / RESET ROLE / SET ROLE attempts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { addSeat, initServer, type AddSeatResult } from '../../../src-main/sync/server.js';
import { connectSeat, pushNow } from '../../../src-main/sync/service.js';
import { addGstBusiness, issueInvoices, openSeatFolder, removeFolder, type SeatFolder } from './setup.js';
import { describeWithPg } from './pg.js';

describeWithPg('sync tenant isolation', (cluster) => {
  let owner: string;
  let victim: SeatFolder;
  let victimBusiness: string;
  let victimSeat: AddSeatResult;
  let attacker: AddSeatResult;
  let attackerBusiness: string;
  let sameTenantOther: AddSeatResult;
  let hostile: pg.Client;

  beforeAll(async () => {
    owner = await cluster().createDatabase('isolation');
    await initServer(owner);
    victim = await openSeatFolder();
    victimBusiness = addGstBusiness(victim.core, 'Victim Traders').id;
    victimSeat = await addSeat(owner, { businesses: [victimBusiness], seat: 'Victim' });
    await connectSeat(victim.ctx, victimSeat.url);
    await issueInvoices(victim.core, victimBusiness, 5);
    await pushNow(victim.ctx);
    attackerBusiness = 'attacker-business';
    attacker = await addSeat(owner, { businesses: [attackerBusiness], seat: 'Attacker' });
    // A sister business joins the victim's tenant (through a seat bound to both), then gets a seat of its own.
    const both = await addSeat(owner, { businesses: [victimBusiness, 'sister-business'], seat: 'Both' });
    const ownerClient = new pg.Client({ connectionString: owner });
    await ownerClient.connect();
    await ownerClient.query("INSERT INTO lf.series_leases (tenant, business_id, series_code, document_kind, format, holder_role) VALUES ($1, 'sister-business', 'INV', 'invoice', 'INV/{FYS}/{SEQ:5}', $2)", [both.tenant, both.role]);
    await ownerClient.end();
    sameTenantOther = await addSeat(owner, { businesses: ['sister-business'], seat: 'Sister' });
    hostile = new pg.Client({ connectionString: attacker.url });
    await hostile.connect();
  });
  afterAll(async () => {
    await hostile?.end();
    await victim?.close();
    if (victim) removeFolder(victim.dir);
  });

  const visibleVictimRows = async (client: pg.Client) => {
    const result = await client.query<{ n: number }>(`SELECT (
      (SELECT count(*) FROM lf.invoices WHERE business_id = $1) + (SELECT count(*) FROM lf.invoice_lines WHERE business_id = $1) +
      (SELECT count(*) FROM lf.products WHERE business_id = $1) + (SELECT count(*) FROM lf.customers WHERE business_id = $1) +
      (SELECT count(*) FROM lf.businesses WHERE business_id = $1) + (SELECT count(*) FROM lf.audit_entries WHERE business_id = $1) +
      (SELECT count(*) FROM lf.invoices) + (SELECT count(*) FROM lf.inbox) + (SELECT count(*) FROM lf.series_leases WHERE business_id = $1))::int AS n`, [victimBusiness]);
    return result.rows[0]!.n;
  };

  it('the seat role is not superuser, cannot bypass RLS and owns nothing', async () => {
    const row = (await hostile.query<{ rolsuper: boolean; rolbypassrls: boolean; owns: number }>(
      'SELECT rolsuper, rolbypassrls, (SELECT count(*) FROM pg_class WHERE relowner = r.oid)::int AS owns FROM pg_roles r WHERE rolname = current_user')).rows[0]!;
    expect(row).toEqual({ rolsuper: false, rolbypassrls: false, owns: 0 });
    // The owner does see the victim's rows: the data is there to be stolen.
    const ownerClient = new pg.Client({ connectionString: owner });
    await ownerClient.connect();
    try {
      expect((await ownerClient.query('SELECT count(*)::int AS n FROM lf.invoices WHERE business_id = $1', [victimBusiness])).rows[0].n).toBe(5);
    } finally {
      await ownerClient.end();
    }
  });

  it("sees none of another tenant's rows, also after SET, set_config and RESET ROLE", async () => {
    expect(await visibleVictimRows(hostile)).toBe(0);
    await hostile.query(`SET app.tenant = '${victimSeat.tenant}'`);
    await hostile.query('SELECT set_config($1, $2, false)', ['app.tenant', victimSeat.tenant]);
    await hostile.query('SELECT set_config($1, $2, false)', ['app.business', victimBusiness]);
    await hostile.query('RESET ROLE');
    expect(await visibleVictimRows(hostile)).toBe(0);
    await expect(hostile.query(`SET ROLE ${pg.escapeIdentifier(victimSeat.role)}`)).rejects.toThrow(/permission denied/);
    await expect(hostile.query('SET SESSION AUTHORIZATION postgres')).rejects.toThrow(/permission denied/);
    // Its own group role has even less: no seat mapping at all.
    const group = (await hostile.query<{ g: string }>('SELECT seat_group AS g FROM lf.meta')).rows[0]!.g;
    await hostile.query(`SET ROLE ${pg.escapeIdentifier(group)}`);
    expect(await visibleVictimRows(hostile)).toBe(0);
    await hostile.query('RESET ROLE');
    await expect(hostile.query('SELECT * FROM lf.business_tenants')).rejects.toThrow(/permission denied/);
    expect((await hostile.query('SELECT role_name FROM lf.seats')).rows).toEqual([{ role_name: attacker.role }]);
  });

  it("cannot write another tenant's rows: inserts fail the policy check, updates touch nothing, pushes are refused", async () => {
    await hostile.query(`SET app.tenant = '${victimSeat.tenant}'`);
    await expect(hostile.query(`INSERT INTO lf.products (tenant, id, business_id, version, device_id, data, changed_xid) VALUES ($1, 'p-evil', $2, 99, 'evil', '{}', 0)`, [victimSeat.tenant, victimBusiness]))
      .rejects.toThrow(/row-level security/);
    await expect(hostile.query(`INSERT INTO lf.products (tenant, id, business_id, version, device_id, data, changed_xid) VALUES ($1, 'p-evil', $2, 99, 'evil', '{}', 0)`, [victimSeat.tenant, attackerBusiness]))
      .rejects.toThrow(/row-level security/);
    const updated = await hostile.query("UPDATE lf.products SET data = '{\"name\": \"pwned\"}' WHERE business_id = $1", [victimBusiness]);
    expect(updated.rowCount).toBe(0);
    await expect(hostile.query('DELETE FROM lf.invoices')).rejects.toThrow(/permission denied/);
    await expect(hostile.query('TRUNCATE lf.invoices')).rejects.toThrow(/permission denied|must be owner/);
    await expect(hostile.query('ALTER TABLE lf.invoices DISABLE ROW LEVEL SECURITY')).rejects.toThrow(/must be owner/);
    const reply = (await hostile.query('SELECT lf.push($1, $2::jsonb, $3::jsonb) AS r', ['evil-device',
      JSON.stringify([{ seq: 1, tx: 1, entity: 'product', entity_id: 'p-evil', op: 'insert', business_id: victimBusiness, version: 100, payload: { name: 'pwned' } }]), '[]'])).rows[0].r;
    expect(reply.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    const ownerClient = new pg.Client({ connectionString: owner });
    await ownerClient.connect();
    try {
      expect((await ownerClient.query("SELECT count(*)::int AS n FROM lf.products WHERE id = 'p-evil' OR data->>'name' = 'pwned'")).rows[0].n).toBe(0);
    } finally {
      await ownerClient.end();
    }
  });

  it("a seat of the same tenant bound to another business sees nothing of the victim's business", async () => {
    expect(sameTenantOther.tenant).toBe(victimSeat.tenant);
    const client = new pg.Client({ connectionString: sameTenantOther.url });
    await client.connect();
    try {
      expect(await visibleVictimRows(client)).toBe(0);
      await client.query('RESET ROLE');
      expect(await visibleVictimRows(client)).toBe(0);
    } finally {
      await client.end();
    }
  });
});
