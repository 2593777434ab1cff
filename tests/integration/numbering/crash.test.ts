// A process killed with SIGKILL in the middle of issuing (single invoices and chunks of 200) leaves
// a database that passes PRAGMA integrity_check, checkSequence and verifyAudit, holds every
// transaction the process reported as committed, and continues the sequence after a reopen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openStore } from '../../../src-main/db/store.js';
import { checkSequence } from '../../../src-main/numbering/numbering.js';
import { verifyAudit } from '../../../src-main/audit/audit.js';
import { seedBusiness } from '../../helpers/seed.js';
import { issueInvoicesForBench } from '../../helpers/issue.js';
import { prepareLedgerWorkers, type LedgerWorkers } from '../../helpers/ledger-process.js';
import { TempDirs, databaseFile } from '../../helpers/temp.js';

const temp = new TempDirs();
let workers: LedgerWorkers;
beforeAll(() => {
  workers = prepareLedgerWorkers();
});
afterAll(() => {
  workers.dispose();
  temp.cleanup();
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the worker');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('crash safety', () => {
  // Kill at different moments: early, and after more work (chunks straddling the kill).
  it.each([
    { killAfterLines: 3, extraDelayMs: 1 },
    { killAfterLines: 20, extraDelayMs: 7 },
    { killAfterLines: 60, extraDelayMs: 13 },
  ])('SIGKILL after $killAfterLines committed operations and a further $extraDelayMs ms leaves a consistent, continuable ledger', async ({ killAfterLines, extraDelayMs }) => {
    const dataDir = temp.make();
    const setup = openStore(dataDir);
    const biz = seedBusiness(setup);
    setup.close();

    const worker = workers.start({
      dataDir, businessId: biz.businessId, forever: true,
      ops: [
        { kind: 'issue', series: 'invoice', date: '2026-01-15', count: 1 },
        { kind: 'issue', series: 'invoice', date: '2026-01-15', count: 200 },
        { kind: 'void', pick: 7 },
        { kind: 'issue', series: 'credit_note', date: '2026-01-15', count: 3 },
        { kind: 'issue', series: 'invoice', date: '2026-01-15', count: 1 },
      ],
    });
    await until(() => worker.lines.length >= killAfterLines, 60_000);
    if (extraDelayMs) await new Promise((resolve) => setTimeout(resolve, extraDelayMs));
    worker.child.kill('SIGKILL');
    const { signal } = await worker.exited;
    expect(signal).toBe('SIGKILL');
    const reported = worker.lines.filter((l) => l.kind === 'issue' && l.seqs).reduce((sum, l) => sum + l.seqs!.length, 0);

    // Inspect the file as left by the crash (its WAL included) before the store touches it.
    const raw = new Database(databaseFile(dataDir), { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    const issuedBefore = (raw.prepare('SELECT COUNT(*) AS n FROM invoices').get() as { n: number }).n;
    raw.close();
    // Every transaction the worker reported as committed survived; at most the one in flight is missing.
    expect(issuedBefore).toBeGreaterThanOrEqual(reported);
    expect(issuedBefore).toBeLessThanOrEqual(reported + 200);

    const store = openStore(dataDir);
    try {
      const report = checkSequence(store.db, biz.businessId);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      const audit = verifyAudit(store.db);
      expect(audit.ok).toBe(true);
      const counts = store.db.prepare(`SELECT (SELECT COUNT(*) FROM invoices) AS invoices, (SELECT COUNT(*) FROM invoice_lines) AS lines,
        (SELECT COUNT(*) FROM invoices WHERE status = 'void') AS voids, (SELECT COUNT(*) FROM audit_log) AS audit, (SELECT COUNT(*) FROM outbox) AS outbox`).get() as Record<string, number>;
      expect(counts.lines).toBe(counts.invoices! * 5);
      expect(counts.audit).toBe(1 + counts.invoices! + counts.voids!);
      expect(counts.outbox).toBe(counts.audit);

      // The reopened ledger continues where the crash left it.
      const last = report.series.find((s) => s.seriesCode === 'INV')!.last;
      const next = issueInvoicesForBench(store, { businessId: biz.businessId, series: biz.invoiceSeries, fiscalYearStartMonth: 4, date: '2026-01-15', count: 2 });
      expect(next.seqs).toEqual([last + 1, last + 2]);
      expect(checkSequence(store.db, biz.businessId).ok).toBe(true);
      expect(verifyAudit(store.db).ok).toBe(true);
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      store.close();
    }
  });
});
