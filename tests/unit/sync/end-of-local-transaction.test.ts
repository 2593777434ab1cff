// A push that cuts its batch inside a local transaction completes it with endOfLocalTransaction.
// Its statement must read that transaction's pending rows through outbox_pending_by_tx, not walk
// every pending row after the cut (the whole queue behind the batch) or scan the table.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertOutboxRow, openOutboxTransaction } from '../../../src-main/db/outbox-rows.js';
import { END_OF_LOCAL_TRANSACTION_SQL, endOfLocalTransaction } from '../../../src-main/db/repos/sync.js';
import { openStore, type Store } from '../../../src-main/db/store.js';
import { TempDirs } from '../../helpers/temp.js';

const temp = new TempDirs();
let store: Store;
let counter = 0;

/** One local transaction of `size` outbox rows, as the outbox writes them; returns their seqs. */
function transaction(size: number): number[] {
  return store.write((db) => {
    const seqs: number[] = [];
    for (let i = 0; i < size; i++) {
      const n = ++counter;
      const seq = insertOutboxRow(db, { id: `o${n}`, businessId: null, entity: 'customers', entityId: `c${n}`, op: 'insert', payload: '{}', createdAt: '2026-06-01T00:00:00.000Z' }, seqs[0] ?? null);
      if (i === 0) openOutboxTransaction(db, seq);
      seqs.push(seq);
    }
    return seqs;
  });
}

function plan(): string {
  return store.read((db) => (db.prepare(`EXPLAIN QUERY PLAN ${END_OF_LOCAL_TRANSACTION_SQL}`).all(1, 1) as Array<{ detail: string }>).map((row) => row.detail).join('\n'));
}

beforeEach(() => {
  store = openStore(temp.make('lf-outbox-tx-'));
});
afterEach(() => {
  store.close();
  temp.cleanup();
});

describe('endOfLocalTransaction', () => {
  it('finds the last pending row of the transaction after the cut, and null at its end', () => {
    const first = transaction(3);
    const second = transaction(4);
    const third = transaction(1);
    store.write((db) => db.prepare("UPDATE outbox SET synced_at = 'then' WHERE seq = ?").run(second[3]));
    store.read((db) => {
      expect(endOfLocalTransaction(db, first[0]!)).toBe(first[2]);
      expect(endOfLocalTransaction(db, first[2]!)).toBeNull();
      // The acknowledged last row no longer counts: the pending end is the row before it.
      expect(endOfLocalTransaction(db, second[1]!)).toBe(second[2]);
      expect(endOfLocalTransaction(db, third[0]!)).toBeNull();
    });
  });

  it('reads the transaction through outbox_pending_by_tx (equality on tx, range on seq), never a SCAN of outbox', () => {
    expect(plan()).toMatch(/^SEARCH outbox USING INDEX outbox_pending_by_tx \(<expr>=\? AND seq>\?\)$/);
  });

  it('keeps that plan on a long queue once the table has statistics', () => {
    for (let i = 0; i < 300; i++) transaction(10);
    store.write((db) => db.exec('ANALYZE'));
    const detail = plan();
    expect(detail).toMatch(/USING INDEX outbox_pending_by_tx \(<expr>=\? AND seq>\?\)/);
    expect(detail).not.toMatch(/SCAN outbox/);
  });
});
