// Two drafts issued at the same moment from two OS processes (the built CLI, `invoice issue`)
// get two consecutive numbers of the same series: each number is taken inside its process's
// issuing transaction, so neither waits for nor repeats the other's.
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createCore } from '../../../src-main/core/create-core.js';
import { dispatch } from '../../../src-main/core/dispatch.js';
import { requireBuiltCli, runCli } from '../../helpers/cli-process.js';
import { TempDirs } from '../../helpers/temp.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

describe('issuing drafts from two processes at once', () => {
  it('gives two consecutive numbers, no gap, no duplicate', async () => {
    requireBuiltCli();
    const dataDir = join(temp.make(), 'data');
    const core = await createCore({ dataDir });
    const drafts: string[] = [];
    let businessId = '';
    try {
      const call = async <T>(method: string, input: unknown): Promise<T> => {
        const reply = await dispatch(core, method, input, { actor: 'test' });
        if (!reply.ok) throw new Error(reply.error.message);
        return reply.value as T;
      };
      businessId = (await call<{ id: string }>('businesses.create', { name: 'Counter Shop', address: 'Pune', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', currency: 'INR' })).id;
      const today = new Date().toISOString().slice(0, 10);
      for (const who of ['First customer', 'Second customer']) {
        drafts.push((await call<{ id: string }>('invoices.saveDraft', { businessId, invoice: { date: today, customer: who, lines: [{ description: 'Repair', hsn: '998713', rate: '18', quantity: '1', price: '100' }] } })).id);
      }
    } finally {
      await core.close();
    }
    const runs = await Promise.all(drafts.map((id) => runCli(['--data-dir', dataDir, '--json', 'invoice', 'issue', id])));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const numbers = runs.map((run) => (JSON.parse(run.stdout) as { number: string }).number).sort();
    expect(numbers).toEqual([expect.stringMatching(/^INV\/\d{4}\/00001$/), expect.stringMatching(/^INV\/\d{4}\/00002$/)]);
    const check = await runCli(['--data-dir', dataDir, 'check', 'sequence', '--business', businessId]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  }, 120_000);
});
