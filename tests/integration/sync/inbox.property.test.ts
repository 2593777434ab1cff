// Properties of the server's write path, searched by fast-check against the real server:
// 1. the winner of concurrent master-data edits is decided by (version, device id) alone — the
//    same whatever the order the seats' pushes arrive in;
// 2. a key (device, sequence) sent again is a no-op answered with the first result, whatever
//    happened in between; with other content it is a conflict and changes nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import pg from 'pg';
import { addSeat, initServer } from '../../../src-main/sync/server.js';
import { describeWithPg } from './pg.js';

interface Edit {
  seat: 0 | 1;
  version: number;
  name: string;
}

describeWithPg('sync inbox and conflict resolution (property)', (cluster) => {
  let owner: string;
  const clients: pg.Client[] = [];
  const devices = ['dev-a-0001', 'dev-b-0002'];
  const nextSeq = [0, 0];

  beforeAll(async () => {
    owner = await cluster().createDatabase('prop');
    await initServer(owner);
    const first = await addSeat(owner, { businesses: ['biz'], seat: 'A' });
    const ownerClient = new pg.Client({ connectionString: owner });
    await ownerClient.connect();
    await ownerClient.query("INSERT INTO lf.series_leases (tenant, business_id, series_code, document_kind, format, holder_role) VALUES ($1, 'biz', 'INV', 'invoice', 'INV/{FYS}/{SEQ:5}', $2)", [first.tenant, first.role]);
    await ownerClient.end();
    const second = await addSeat(owner, { businesses: ['biz'], seat: 'B' });
    for (const url of [first.url, second.url]) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      clients.push(client);
    }
  });
  afterAll(async () => {
    for (const client of clients) await client.end();
  });

  async function push(seat: 0 | 1, seq: number, entityId: string, edit: { version: number; name: string }): Promise<Record<string, unknown>> {
    const items = [{ seq, tx: seq, entity: 'product', entity_id: entityId, op: 'update', business_id: 'biz', version: edit.version, payload: { id: entityId, business_id: 'biz', name: edit.name } }];
    const reply = (await clients[seat]!.query('SELECT lf.push($1, $2::jsonb, $3::jsonb) AS r', [devices[seat], JSON.stringify(items), '[]'])).rows[0].r as { results: Array<Record<string, unknown>> };
    return reply.results[0]!;
  }

  async function serverName(entityId: string): Promise<string | undefined> {
    return (await clients[0]!.query("SELECT data->>'name' AS name FROM lf.products WHERE id = $1", [entityId])).rows[0]?.name as string | undefined;
  }

  /** The rule, stated plainly: an edit replaces the current one only when its (version, device) is greater. */
  function expectedWinner(edits: Edit[]): string | undefined {
    let current: { version: number; device: string; name: string } | undefined;
    for (const edit of edits) {
      const device = devices[edit.seat]!;
      if (!current || edit.version > current.version || (edit.version === current.version && device > current.device)) current = { version: edit.version, device, name: edit.name };
    }
    return current?.name;
  }

  let run = 0;
  const editArb = fc.record({ seat: fc.constantFrom<0 | 1>(0, 1), version: fc.integer({ min: 1, max: 4 }), name: fc.string({ minLength: 1, maxLength: 8 }) });

  it('the winner depends only on (version, device id), and every arrival order gives the same server row', async () => {
    await fc.assert(fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 6 }).chain((edits) => fc.tuple(fc.constant(edits), fc.shuffledSubarray(edits, { minLength: edits.length, maxLength: edits.length }))), async ([edits, reordered]) => {
      const results: Array<string | undefined> = [];
      for (const order of [edits, reordered]) {
        const entityId = `p-${++run}`;
        for (const edit of order) await push(edit.seat, ++nextSeq[edit.seat]!, entityId, edit);
        results.push(await serverName(entityId));
        expect(results.at(-1)).toBe(expectedWinner(order));
      }
      // Distinct (version, device) pairs: the arrival order cannot matter at all.
      const keys = new Set(edits.map((e) => `${e.version}|${e.seat}`));
      if (keys.size === edits.length) expect(results[1]).toBe(results[0]);
    }), { numRuns: 25 });
  });

  it('a key sent again returns its first result and changes nothing; with other content it is a conflict', async () => {
    await fc.assert(fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), async (edits, resendPicks) => {
      const entityId = `p-${++run}`;
      const sent: Array<{ seat: 0 | 1; seq: number; edit: Edit; first: Record<string, unknown> }> = [];
      for (const edit of edits) {
        const seq = ++nextSeq[edit.seat]!;
        sent.push({ seat: edit.seat, seq, edit, first: await push(edit.seat, seq, entityId, edit) });
      }
      const settled = await serverName(entityId);
      for (const pick of resendPicks) {
        const earlier = sent[pick % sent.length]!;
        const again = await push(earlier.seat, earlier.seq, entityId, earlier.edit);
        expect(again).toEqual({ ...earlier.first, duplicate: true });
        const forged = await push(earlier.seat, earlier.seq, entityId, { version: earlier.edit.version + 10, name: earlier.edit.name + '!' });
        expect(forged).toMatchObject({ status: 'rejected', code: 'SEQ_CONFLICT' });
        expect(await serverName(entityId)).toBe(settled);
      }
    }), { numRuns: 25 });
  });
});
