// SIGKILL of the pushing process at 20 random moments, two seats of one business pushing at once:
// after each kill (and a clean push), the server's invoices are exactly the union of the seats'
// local invoices, nothing twice, and every series on the server is gap-free.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { statement } from '../../../src-main/db/query.js';
import { pushQueue } from '../../../src-main/sync/client.js';
import { addSeat, checkServer, initServer } from '../../../src-main/sync/server.js';
import { connectSeat, pushNow } from '../../../src-main/sync/service.js';
import { RUN_NODE_ARGS, makeRunDir, removeRunDir, transpileGraph } from '../../helpers/transpile.mjs';
import { addGstBusiness, editProduct, issueInvoices, openSeatFolder, productsOf, removeFolder, type SeatFolder } from './setup.js';
import { describeWithPg } from './pg.js';

const KILLS = Number(process.env.LEDGERFLOW_KILLS ?? 20);

/** A small seeded generator, so a failing run can be replayed (the seed is printed). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describeWithPg('sync push killed at random moments', (cluster) => {
  let owner: string;
  const seats: Array<{ folder: SeatFolder; url: string }> = [];
  let businessId: string;
  let runDir: string;
  let worker: string;

  beforeAll(async () => {
    runDir = makeRunDir('sync-push-worker');
    [worker] = transpileGraph([join(dirname(fileURLToPath(import.meta.url)), 'push-worker.ts')], runDir) as [string];
    owner = await cluster().createDatabase('kills');
    await initServer(owner);
    const a = await openSeatFolder();
    businessId = addGstBusiness(a.core, 'Killed Push Traders').id;
    const urlA = (await addSeat(owner, { businesses: [businessId], seat: 'A' })).url;
    await connectSeat(a.ctx, urlA);
    await pushNow(a.ctx);
    const b = await openSeatFolder();
    const urlB = (await addSeat(owner, { businesses: [businessId], seat: 'B' })).url;
    await connectSeat(b.ctx, urlB);
    seats.push({ folder: a, url: urlA }, { folder: b, url: urlB });
  });
  afterAll(async () => {
    for (const { folder } of seats) {
      await folder.close();
      removeFolder(folder.dir);
    }
    if (runDir) removeRunDir(runDir);
  });

  /** Runs the pusher and SIGKILLs it `killAfterMs` after it opened its store (or lets it finish first). */
  function pushInChild(dataDir: string, url: string, killAfterMs: number): Promise<{ batches: number; killed: boolean; done: boolean; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [...RUN_NODE_ARGS, worker, JSON.stringify({ dataDir, url, batchRows: 7 })], { stdio: ['ignore', 'pipe', 'pipe'] });
      let batches = 0;
      let done = false;
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        for (const line of text.split('\n').filter(Boolean)) {
          const parsed = JSON.parse(line) as { batch?: number; done?: boolean; ready?: boolean };
          if ('ready' in parsed) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
          if (parsed.batch) batches = parsed.batch;
          if (parsed.done) done = true;
        }
      });
      child.stderr.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
      let timer: NodeJS.Timeout | undefined;
      child.once('close', (_code, signal) => {
        if (timer) clearTimeout(timer);
        resolve({ batches, killed: signal === 'SIGKILL', done, stderr });
      });
    });
  }

  it(`after each of ${KILLS} kills, server rows = the union of the seats' local rows and every series is gap-free`, async () => {
    const seed = Number(process.env.LEDGERFLOW_KILL_SEED ?? Date.now() % 1_000_000);
    const random = mulberry32(seed);
    let killedMidPush = 0;
    let killedAfterACommit = 0;
    for (let round = 0; round < KILLS; round++) {
      const productId = productsOf(seats[0]!.folder.core, businessId)[0]!.id;
      for (const [i, { folder }] of seats.entries()) {
        await issueInvoices(folder.core, businessId, 8 + Math.floor(random() * 12), `r${round}s${i}`, 3);
        editProduct(folder.core, businessId, productId, { priceMinor: BigInt(1000 + round * 10 + i), name: `Shirt r${round} s${i}` });
      }
      const runs = await Promise.all(seats.map(({ folder, url }) => pushInChild(folder.dir, url, Math.floor(random() * 1200))));
      for (const run of runs) {
        if (run.killed && !run.done) killedMidPush += 1;
        if (run.killed && run.batches > 0 && !run.done) killedAfterACommit += 1;
      }
      for (const run of runs) expect(run.stderr, `seed ${seed}`).toBe('');
      // A clean push from each seat, then the invariant.
      for (const { folder, url } of seats) expect((await pushQueue(folder.core.store, url)).pending).toBe(0);
      const local = new Map<string, string>();
      for (const { folder } of seats) {
        for (const row of folder.core.store.read((db) => statement(db, 'SELECT id, number FROM invoices').all() as Array<{ id: string; number: string }>)) local.set(row.id, row.number);
      }
      const client = new pg.Client({ connectionString: owner });
      await client.connect();
      try {
        const server = (await client.query<{ id: string; number: string }>('SELECT id, number FROM lf.invoices')).rows;
        expect(server.length, `round ${round}, seed ${seed}`).toBe(local.size);
        expect(new Map(server.map((r) => [r.id, r.number])), `round ${round}, seed ${seed}`).toEqual(local);
        const lines = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM lf.invoice_lines')).rows[0]!.n;
        const localLines = seats.reduce((sum, { folder }) => sum + (folder.core.store.read((db) => statement(db, 'SELECT count(*) AS n FROM invoice_lines').get()) as { n: number }).n, 0);
        expect(lines, `round ${round}, seed ${seed}`).toBe(localLines);
      } finally {
        await client.end();
      }
      const check = await checkServer(owner);
      expect(check.problems, `round ${round}, seed ${seed}`).toEqual([]);
    }
    console.log(`sync kill test: seed ${seed}, ${KILLS} rounds x ${seats.length} seats, killed mid-push ${killedMidPush} time(s), ${killedAfterACommit} of them after the server had committed a batch`);
    expect(killedMidPush).toBeGreaterThan(0);
  }, 600_000);
});
