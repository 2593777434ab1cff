// Group commit (Store.writeGrouped): concurrent issue requests in one process share one
// transaction, each in its own savepoint. Property: whatever the mix of request sizes, failing
// requests and arrival turns, the numbers handed out are 1..N with no gap and no duplicate, each
// resolved request got consecutive numbers that are in the database, a failed request left no
// trace, and every promise settles only after its group's COMMIT.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openStore, writeTransactionSerial, type Store } from '../../../src-main/db/store.js';
import { checkSequence } from '../../../src-main/numbering/numbering.js';
import { verifyLedger } from '../../../src-main/audit/verify-ledger.js';
import { seedBusiness } from '../../helpers/seed.js';
import { issueInvoicesIn } from '../../helpers/issue.js';
import { TempDirs } from '../../helpers/temp.js';

const temp = new TempDirs();
const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  temp.cleanup();
});

const request = fc.record({ count: fc.integer({ min: 1, max: 4 }), fail: fc.boolean(), turn: fc.integer({ min: 0, max: 3 }) });

describe('group commit numbering', () => {
  it('hands out 1..N with no gap and no duplicate, failures leaving no trace', async () => {
    await fc.assert(fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 40 }), async (requests) => {
      const store = openStore(temp.make());
      stores.push(store);
      const biz = seedBusiness(store);
      const base = { businessId: biz.businessId, series: biz.invoiceSeries, fiscalYearStartMonth: 4, date: '2026-01-15' };
      // Requests arrive over a few turns of the event loop, so several groups form.
      const settled = await Promise.allSettled(requests.map(async (r) => {
        for (let t = 0; t < r.turn; t++) await new Promise((resolve) => setImmediate(resolve));
        const result = await store.writeGrouped((db) => issueInvoicesIn(db, { ...base, count: r.count, failBeforeCommit: r.fail }));
        // Resolved only after COMMIT: a fresh read outside any transaction sees the invoices.
        expect(store.db.inTransaction).toBe(false);
        const found = store.db.prepare(`SELECT COUNT(*) AS n FROM invoices WHERE id IN (${result.ids.map(() => '?').join(',')})`).get(...result.ids) as { n: number };
        expect(found.n).toBe(r.count);
        return result;
      }));
      const issued = settled.flatMap((s, i) => (s.status === 'fulfilled' ? [{ seqs: s.value.seqs, count: requests[i]!.count }] : []));
      settled.forEach((s, i) => expect(s.status === 'rejected').toBe(requests[i]!.fail));
      for (const { seqs, count } of issued) {
        expect(seqs).toHaveLength(count);
        seqs.forEach((seq, k) => k > 0 && expect(seq).toBe(seqs[k - 1]! + 1));
      }
      const all = issued.flatMap((r) => r.seqs).sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
      const rows = store.db.prepare('SELECT COUNT(*) AS n FROM invoices').get() as { n: number };
      expect(rows.n).toBe(all.length);
      const report = checkSequence(store.db, biz.businessId);
      expect(report.problems).toEqual([]);
      expect(verifyLedger(store.db).ok).toBe(true);
      store.close();
    }), { numRuns: 25 });
  });

  it('shares one transaction between requests of the same turn (one commit for many)', async () => {
    const store = openStore(temp.make());
    stores.push(store);
    const biz = seedBusiness(store);
    const base = { businessId: biz.businessId, series: biz.invoiceSeries, fiscalYearStartMonth: 4, date: '2026-01-15', count: 1 };
    const serials = new Set<number | undefined>();
    const results = await Promise.all(Array.from({ length: 20 }, () => store.writeGrouped((db) => {
      serials.add(writeTransactionSerial(db));
      return issueInvoicesIn(db, base);
    })));
    expect(results.map((r) => r.seqs[0])).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(serials.size).toBe(1);
    expect([...serials][0]).toBeDefined();
  });
});
