// The set-based push decides a whole batch at once (invoices and lines in bulk, the rest one by
// one), so it must leave exactly the server state — and answer exactly the results — that the
// same outbox pushed one row per call would. fast-check draws outboxes mixing valid, repeated,
// contested and refused invoices, voids (also before their invoice), master-data edits of several
// versions, rows for another business and unsupported changes; one server takes them row by row,
// a second in random chunks, and both then receive a resend of earlier rows.
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import pg from 'pg';
import { addSeat, initServer } from '../../../src-main/sync/server.js';
import { describeWithPg } from './pg.js';

interface Item {
  seq: number;
  tx: number;
  entity: string;
  entity_id: string;
  op: string;
  business_id: string | null;
  version?: number;
  payload: unknown;
  invoice?: Record<string, unknown>;
  lines?: Array<Record<string, unknown>>;
}

type Change =
  | { kind: 'invoice'; id: number; variant: number; series: 'INV' | 'CN' | 'OTHER'; k: number; lines: number; broken: boolean }
  | { kind: 'void'; id: number; plain: boolean }
  | { kind: 'master'; entity: 'product' | 'customer' | 'business'; id: number; version: number; name: string }
  | { kind: 'foreign'; id: number }
  | { kind: 'unsupported'; id: number };

const changeArb: fc.Arbitrary<Change> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('invoice' as const), id: fc.integer({ min: 1, max: 6 }), variant: fc.integer({ min: 0, max: 1 }), series: fc.constantFrom<'INV' | 'CN' | 'OTHER'>('INV', 'INV', 'CN', 'OTHER'), k: fc.integer({ min: 1, max: 4 }), lines: fc.integer({ min: 0, max: 3 }), broken: fc.integer({ min: 0, max: 9 }).map((n) => n === 0) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('void' as const), id: fc.integer({ min: 1, max: 6 }), plain: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('master' as const), entity: fc.constantFrom<'product' | 'customer' | 'business'>('product', 'customer', 'business'), id: fc.integer({ min: 1, max: 3 }), version: fc.integer({ min: 1, max: 3 }), name: fc.string({ maxLength: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('foreign' as const), id: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unsupported' as const), id: fc.integer({ min: 1, max: 3 }) }) },
);

/** The wire rows a seat's outbox would send for these changes, seq 1..n. */
function outbox(changes: Change[], business: string): Item[] {
  return changes.map((change, i): Item => {
    const seq = i + 1;
    const base = { seq, tx: seq, business_id: business };
    switch (change.kind) {
      case 'invoice': {
        const id = `inv-${change.id}`;
        const invoice: Record<string, unknown> = {
          id, business_id: business, kind: change.series === 'CN' ? 'credit_note' : 'tax_invoice', series_code: change.series, series_format: `${change.series}/{SEQ:3}`,
          document_kind: change.series === 'CN' ? 'credit_note' : 'invoice', fiscal_year: '2026-27', seq: change.k, number: `${change.series}/${String(change.k).padStart(3, '0')}`,
          issue_date: '2026-05-0' + change.k, currency: 'INR', total_minor: 10_000 * change.k + change.variant, tax_result: JSON.stringify({ variant: change.variant }),
        };
        if (change.broken) delete invoice.fiscal_year;
        const lines = Array.from({ length: change.lines }, (_, p) => ({ id: `${id}-l${p}-v${change.variant}`, business_id: business, invoice_id: id, position: p + 1, quantity: String(p + 1), total_minor: 1_000 * (p + 1) + change.variant }));
        return { ...base, entity: 'invoice', entity_id: id, op: 'insert', payload: { id, number: invoice.number, variant: change.variant }, invoice, lines };
      }
      case 'void':
        return { ...base, entity: 'invoice', entity_id: `inv-${change.id}`, op: 'update', payload: change.plain ? { id: `inv-${change.id}`, status: 'issued' } : { id: `inv-${change.id}`, status: 'void', reason: `wrong ${seq}` } };
      case 'master': {
        const id = change.entity === 'business' ? business : `${change.entity}-${change.id}`;
        return { ...base, entity: change.entity, entity_id: id, op: 'update', version: change.version, payload: { id, business_id: business, name: change.name } };
      }
      case 'foreign':
        return { ...base, business_id: 'not-this-seats-business', entity: 'product', entity_id: `foreign-${change.id}`, op: 'insert', version: 1, payload: { id: `foreign-${change.id}` } };
      case 'unsupported':
        return { ...base, entity: 'series', entity_id: `series-${change.id}`, op: 'insert', payload: { id: `series-${change.id}` } };
    }
  });
}

describeWithPg('chunked set-based push equals row-by-row (property)', (cluster) => {
  const servers: Array<{ owner: string; ownerClient: pg.Client }> = [];
  const seatClients: pg.Client[] = [];
  let run = 0;

  beforeAll(async () => {
    for (const name of ['rowwise', 'chunked']) {
      const owner = await cluster().createDatabase(name);
      await initServer(owner);
      const ownerClient = new pg.Client({ connectionString: owner });
      await ownerClient.connect();
      servers.push({ owner, ownerClient });
    }
  }, 120_000);
  afterAll(async () => {
    for (const client of [...seatClients, ...servers.map((s) => s.ownerClient)]) await client.end();
  });

  /** A fresh business and seat on each server; series OTHER is held by someone else. */
  async function freshSeats(business: string): Promise<pg.Client[]> {
    const clients: pg.Client[] = [];
    for (const server of servers) {
      const seat = await addSeat(server.owner, { businesses: [business], seat: `S${run}` });
      await server.ownerClient.query("INSERT INTO lf.series_leases (tenant, business_id, series_code, document_kind, format, holder_role) VALUES ($1, $2, 'OTHER', 'invoice', 'OTHER/{SEQ:3}', 'lf_someone_else')", [seat.tenant, business]);
      const client = new pg.Client({ connectionString: seat.url });
      await client.connect();
      seatClients.push(client);
      clients.push(client);
    }
    return clients;
  }

  async function push(client: pg.Client, device: string, items: Item[]): Promise<Array<Record<string, unknown>>> {
    await client.query('BEGIN');
    try {
      const reply = (await client.query('SELECT lf.push($1, $2::jsonb, $3::jsonb) AS r', [device, JSON.stringify(items), '[]'])).rows[0].r as { results: Array<Record<string, unknown>> };
      await client.query('COMMIT');
      expect(reply.results).toHaveLength(items.length);
      return reply.results;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  }

  /** Everything the server keeps for one business and device, without the server-chosen tenant, role and serial ids. */
  async function state(owner: pg.Client, business: string, device: string): Promise<unknown> {
    const q = async (sql: string) => (await owner.query(sql, [business])).rows;
    return {
      invoices: await q('SELECT id, device_id, kind, status, series_code, fiscal_year, seq, number, issue_date, currency, total_minor::text, content_hash, data, void_reason FROM lf.invoices WHERE business_id = $1 ORDER BY id'),
      lines: await q('SELECT id, invoice_id, position, data FROM lf.invoice_lines WHERE business_id = $1 ORDER BY id'),
      masters: await q(`SELECT 'b' AS t, id, version::text, device_id, data FROM lf.businesses WHERE business_id = $1 UNION ALL SELECT 'p', id, version::text, device_id, data FROM lf.products WHERE business_id = $1
        UNION ALL SELECT 'c', id, version::text, device_id, data FROM lf.customers WHERE business_id = $1 ORDER BY 1, 2`),
      conflicts: await q('SELECT entity, entity_id, losing_version::text, losing_device, losing_data, winning_version::text, winning_device FROM lf.conflicts WHERE business_id = $1 ORDER BY id'),
      leases: await q("SELECT series_code, document_kind, format, holder_role = 'lf_someone_else' AS others FROM lf.series_leases WHERE business_id = $1 ORDER BY series_code"),
      inbox: (await owner.query("SELECT seq::text, tx::text, entity, entity_id, op, content_hash, result - 'conflict_id' AS result FROM lf.inbox WHERE device_id = $1 ORDER BY seq", [device])).rows,
    };
  }

  const withoutConflictId = (results: Array<Record<string, unknown>>) => results.map(({ conflict_id: _ignored, ...rest }) => rest);

  it('gives the same server state and the same results as pushing one row per call', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(changeArb, { minLength: 1, maxLength: 24 }),
      fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 24 }),
      fc.integer({ min: 0, max: 100 }),
      async (changes, chunkSizes, resendFrom) => {
        run += 1;
        const business = `biz-${run}`;
        const device = `device-${run}`;
        const items = outbox(changes, business);
        const [rowwise, chunked] = await freshSeats(business);
        try {
          const one: Array<Record<string, unknown>> = [];
          for (const item of items) one.push(...(await push(rowwise!, device, [item])));
          const many: Array<Record<string, unknown>> = [];
          for (let at = 0, c = 0; at < items.length; c++) {
            const size = chunkSizes[c % chunkSizes.length]!;
            many.push(...(await push(chunked!, device, items.slice(at, at + size))));
            at += size;
          }
          expect(withoutConflictId(many)).toEqual(withoutConflictId(one));

          // A resend of the tail (its reply lost): duplicates answered with the first results.
          const tail = items.slice(resendFrom % items.length);
          const againOne: Array<Record<string, unknown>> = [];
          for (const item of tail) againOne.push(...(await push(rowwise!, device, [item])));
          const againMany = await push(chunked!, device, tail);
          expect(againMany.every((r) => r.duplicate === true)).toBe(true);
          expect(withoutConflictId(againMany)).toEqual(withoutConflictId(againOne));

          expect(await state(servers[1]!.ownerClient, business, device)).toEqual(await state(servers[0]!.ownerClient, business, device));
        } finally {
          for (const client of [rowwise!, chunked!]) {
            seatClients.splice(seatClients.indexOf(client), 1);
            await client.end();
          }
        }
      },
    ), {
      numRuns: 25,
      examples: [
        // inv-4 refused for its number (INV/003, taken by inv-1) and then issued from a later row
        // of the same batch as INV/001: the refusal is NUMBER_TAKEN, as row by row, not IMMUTABLE.
        [[
          { kind: 'invoice', id: 1, variant: 0, series: 'INV', k: 3, lines: 0, broken: false },
          { kind: 'invoice', id: 4, variant: 0, series: 'INV', k: 3, lines: 0, broken: false },
          { kind: 'invoice', id: 4, variant: 0, series: 'INV', k: 1, lines: 0, broken: false },
          { kind: 'invoice', id: 1, variant: 0, series: 'INV', k: 1, lines: 0, broken: true },
        ], [3], 0],
      ],
    });
  }, 600_000);
});
