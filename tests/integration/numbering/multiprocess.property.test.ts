// Property: any interleaving of issue (single and chunked, two series, two fiscal years, some
// rolled back on purpose) and void across several OS processes on one database file leaves every
// (series, fiscal year) numbered 1..N with no gap and no duplicate, every committed number
// accounted for exactly once, and the audit chain and outbox complete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openStore } from '../../../src-main/db/store.js';
import { checkSequence } from '../../../src-main/numbering/numbering.js';
import { verifyAudit } from '../../../src-main/audit/audit.js';
import { seedBusiness } from '../../helpers/seed.js';
import { prepareLedgerWorkers, type LedgerWorkers, type WorkerOp } from '../../helpers/ledger-process.js';
import { TempDirs } from '../../helpers/temp.js';

const temp = new TempDirs();
let workers: LedgerWorkers;
beforeAll(() => {
  workers = prepareLedgerWorkers();
});
afterAll(() => {
  workers.dispose();
  temp.cleanup();
});

const opArb: fc.Arbitrary<WorkerOp> = fc.oneof(
  { weight: 5, arbitrary: fc.record({
    kind: fc.constant('issue' as const),
    series: fc.constantFrom('invoice' as const, 'credit_note' as const),
    date: fc.constantFrom('2026-03-31', '2026-04-01', '2025-12-01'),
    count: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 40 })),
    fail: fc.oneof({ weight: 7, arbitrary: fc.constant(false) }, { weight: 3, arbitrary: fc.constant(true) }),
  }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 3 }) }) },
);

describe('numbering across processes (fast-check)', () => {
  it('random interleavings of issue and void in 2–4 processes keep each (series, year) consecutive from 1, without duplicates', async () => {
    let runs = 0;
    let interleaved = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(opArb, { minLength: 3, maxLength: 14 }), { minLength: 2, maxLength: 4 }), async (scripts) => {
        runs += 1;
        const dataDir = temp.make();
        const store = openStore(dataDir);
        try {
          const biz = seedBusiness(store);
          const results = await workers.runTogether(scripts.map((ops) => ({ dataDir, businessId: biz.businessId, ops })));

          // What the processes say they committed...
          const committed = new Map<string, number[]>();
          let voids = 0;
          let issuedInvoices = 0;
          for (const line of results.flat()) {
            if (line.kind === 'void' && line.voided) voids += 1;
            if (line.kind === 'issue' && line.seqs) {
              const scriptOp = line; // seqs are consecutive within one transaction
              expect(scriptOp.seqs!.every((seq, i) => i === 0 || seq === scriptOp.seqs![i - 1]! + 1)).toBe(true);
              issuedInvoices += line.seqs.length;
            }
          }
          for (const [p, lines] of results.entries()) {
            const lastSeqOf = new Map<string, number>();
            for (const line of lines) {
              if (line.kind !== 'issue' || !line.seqs) continue;
              const op = scripts[p]![line.op] as Extract<WorkerOp, { kind: 'issue' }>;
              const key = `${op.series} ${line.fiscalYear}`;
              committed.set(key, [...(committed.get(key) ?? []), ...line.seqs]);
              // Another process took numbers between two of this process's transactions.
              if (lastSeqOf.has(key) && line.seqs[0]! > lastSeqOf.get(key)! + 1) interleaved += 1;
              lastSeqOf.set(key, line.seqs[line.seqs.length - 1]!);
            }
          }
          // ...is exactly 1..N per (series, year): no duplicate, no gap.
          for (const [key, seqs] of committed) {
            const sorted = [...seqs].sort((a, b) => a - b);
            expect(sorted, key).toEqual(Array.from({ length: sorted.length }, (_, i) => i + 1));
          }

          // ...and the file proves the same on its own.
          const report = checkSequence(store.db, biz.businessId);
          expect(report.problems).toEqual([]);
          expect(report.ok).toBe(true);
          const totals = store.db.prepare(`SELECT COUNT(*) AS invoices, SUM(status = 'void') AS voided,
            (SELECT COUNT(*) FROM invoice_lines) AS lines, (SELECT COUNT(*) FROM audit_log) AS audit, (SELECT COUNT(*) FROM outbox) AS outbox FROM invoices`).get() as Record<string, number>;
          expect(totals).toEqual({ invoices: issuedInvoices, voided: issuedInvoices === 0 ? null : voids, lines: issuedInvoices * 5, audit: 1 + issuedInvoices + voids, outbox: 1 + issuedInvoices + voids });
          expect(report.series.reduce((sum, s) => sum + s.issued + s.void, 0)).toBe(issuedInvoices);
          expect(verifyAudit(store.db).ok).toBe(true);
          expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
        } finally {
          store.close();
        }
      }),
      { numRuns: 12, endOnFailure: true },
    );
    expect(runs).toBeGreaterThanOrEqual(12);
    // The processes really ran at the same time: numbers of one process were interleaved with another's.
    expect(interleaved).toBeGreaterThan(0);
  }, 120_000);
});
