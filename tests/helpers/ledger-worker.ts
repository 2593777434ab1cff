// A separate OS process that issues and voids invoices in one data folder, for the multi-process
// property test and the crash test. Run it transpiled (startLedgerWorker in ledger-process.ts):
//   node ledger-worker.js '<json WorkerScript>'
// It prints one JSON line per committed operation ({"op":i,"kind":...,"seqs":[...]}) and a final
// {"done":true,...} line, so a parent can tell what was committed before it killed the process.
import { readSync } from 'node:fs';
import { openStore } from '../../src-main/db/store.js';
import { sleepSync } from '../../src-main/db/write-lock.js';
import { loadSeeded } from './seed.js';
import { issueInvoicesForBench, voidInvoice } from './issue.js';

export type WorkerOp =
  /** Issue `count` invoices in one transaction; `fail` rolls it back on purpose after writing. */
  | { kind: 'issue'; series: 'invoice' | 'credit_note'; date: string; count: number; fail?: boolean }
  /** Void the `pick`-th (modulo) invoice this business has issued so far, if any is still issued. */
  | { kind: 'void'; pick: number }
  /** Sleep this many milliseconds (lets other processes interleave). */
  | { kind: 'pause'; ms: number };

export interface WorkerScript {
  dataDir: string;
  businessId: string;
  ops: WorkerOp[];
  /** Repeat the ops until killed (crash test). */
  forever?: boolean;
  /** Print {"ready":true} once the store is open, then wait for a line on stdin before starting. */
  waitForGo?: boolean;
}

export interface WorkerLine {
  op: number;
  kind: WorkerOp['kind'];
  seqs?: number[];
  fiscalYear?: string;
  voided?: boolean;
  rolledBack?: boolean;
}

function main(script: WorkerScript): void {
  const store = openStore(script.dataDir);
  const seeded = loadSeeded(store.db, script.businessId);
  const issuedIds = store.db.prepare("SELECT id FROM invoices WHERE business_id = ? AND status = 'issued' ORDER BY id LIMIT 1 OFFSET ?");
  const out = (line: WorkerLine) => process.stdout.write(JSON.stringify(line) + '\n');
  if (script.waitForGo) {
    process.stdout.write(JSON.stringify({ ready: true }) + '\n');
    readSync(0, Buffer.alloc(16)); // blocks until the parent says go (or closes stdin)
  }
  let round = 0;
  do {
    script.ops.forEach((op, index) => {
      const opIndex = round * script.ops.length + index;
      if (op.kind === 'pause') {
        sleepSync(op.ms);
        return;
      }
      if (op.kind === 'void') {
        const count = (store.db.prepare("SELECT COUNT(*) AS n FROM invoices WHERE business_id = ? AND status = 'issued'").get(seeded.businessId) as { n: number }).n;
        if (count === 0) return out({ op: opIndex, kind: 'void', voided: false });
        const row = issuedIds.get(seeded.businessId, op.pick % count) as { id: string } | undefined;
        return out({ op: opIndex, kind: 'void', voided: row ? voidInvoice(store, seeded.businessId, row.id, 'property test', 'worker') : false });
      }
      const series = op.series === 'invoice' ? seeded.invoiceSeries : seeded.creditSeries;
      try {
        const issued = issueInvoicesForBench(store, {
          businessId: seeded.businessId, series, fiscalYearStartMonth: seeded.fiscalYearStartMonth, date: op.date, count: op.count,
          currency: seeded.currency, actor: 'worker', failBeforeCommit: op.fail === true,
        });
        out({ op: opIndex, kind: 'issue', seqs: issued.seqs, fiscalYear: issued.fiscalYear });
      } catch (error) {
        if (!op.fail) throw error;
        out({ op: opIndex, kind: 'issue', rolledBack: true });
      }
    });
    round += 1;
  } while (script.forever);
  store.close();
  process.stdout.write(JSON.stringify({ done: true }) + '\n');
}

main(JSON.parse(process.argv[2]!) as WorkerScript);
