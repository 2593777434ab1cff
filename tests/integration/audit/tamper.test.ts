// Tamper evidence for invoices: an attacker with the database file and the sqlite3 shell changes
// an issued invoice's totals, deletes the last invoice and winds the counter back so the number is
// issued again, writes a second invoice with an existing number, or cuts the audit chain short.
// `audit verify` must name each of these; an untouched ledger (and an old, unsealed one) verifies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src-main/cli/main.js';
import { runBatch } from '../../../src-main/engine/pipeline.js';
import { voidInvoice } from '../../../src-main/engine/invoice-actions.js';
import { verifyLedger } from '../../../src-main/audit/verify-ledger.js';
import { auditAnchor, checkAnchor } from '../../../src-main/audit/anchor.js';
import { auditHash } from '../../../src-main/audit/audit.js';
import type { AuditRow } from '../../../src-main/db/types.js';
import { gstFixture, type EngineFixture } from '../engine/setup.js';

let fixture: EngineFixture;
const TODAY = '2026-11-23';

async function issue(count: number, seed: string): Promise<void> {
  const report = await runBatch(fixture.core, { source: 'simulation', businessId: fixture.business.id, count, profile: 'basic', seed, pdf: false, startDate: '2026-06-01', endDate: '2026-06-30' }, { today: TODAY });
  expect(report.failures).toEqual([]);
}

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['--data-dir', fixture.dir, ...argv], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** The attacker: a raw connection with the append-only triggers and unique indexes at hand. */
function tamper(sql: (raw: Database.Database) => void): void {
  const raw = new Database(fixture.core.store.path);
  try {
    sql(raw);
  } finally {
    raw.close();
  }
}

const invoices = () => fixture.core.store.read((db) => db.prepare('SELECT id, number, seq, series_id, fiscal_year FROM invoices WHERE business_id = ? ORDER BY seq').all(fixture.business.id)) as Array<{ id: string; number: string; seq: number; series_id: string; fiscal_year: string }>;
const verify = () => fixture.core.store.read((db) => verifyLedger(db));

beforeEach(async () => {
  fixture = await gstFixture();
  await issue(6, 'tamper');
});
afterEach(async () => {
  await fixture.cleanup();
});

describe('audit verify: tamper evidence for invoices', () => {
  it('verifies an untouched ledger, every issued invoice sealed in its audit entry', async () => {
    const result = verify();
    expect(result.ok).toBe(true);
    expect(result.invoices).toMatchObject({ ok: true, checked: 6, unsealed: 0, problems: [] });
    const entries = fixture.core.store.read((db) => db.prepare("SELECT details FROM audit_log WHERE action = 'invoice.issue'").all()) as Array<{ details: string }>;
    for (const entry of entries) expect(JSON.parse(entry.details).content.sha256).toMatch(/^[0-9a-f]{64}$/);
    const out = await cli('audit', 'verify');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/invoices OK: 6 match/);
  });

  it('names the invoice whose grand total was changed with json_set in tax_result', async () => {
    const target = invoices()[3]!;
    tamper((raw) => raw.prepare("UPDATE invoices SET tax_result = json_set(tax_result, '$.totals.grandTotal', '1.00') WHERE id = ?").run(target.id));
    const result = verify();
    expect(result.ok).toBe(false);
    expect(result.chainOk).toBe(true);
    expect(result.invoices.problems[0]).toMatchObject({ kind: 'altered', invoiceId: target.id, number: target.number });
    const out = await cli('audit', 'verify');
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`invoice ${target.number} (${target.id}) no longer matches`);
  });

  it('names a changed line quantity and a changed customer', () => {
    const [a, b] = invoices();
    tamper((raw) => {
      raw.prepare("UPDATE invoice_lines SET quantity = '99' WHERE invoice_id = ? AND position = 1").run(a!.id);
      raw.prepare("UPDATE invoices SET customer_snapshot = json_set(customer_snapshot, '$.name', 'Someone Else') WHERE id = ?").run(b!.id);
    });
    expect(verify().invoices.problems.map((p) => [p.kind, p.number])).toEqual([['altered', a!.number], ['altered', b!.number]]);
  });

  it('names a deleted last invoice, and the number issued twice after the counter was wound back', async () => {
    const last = invoices().at(-1)!;
    tamper((raw) => {
      raw.prepare('DELETE FROM batch_items WHERE invoice_id = ?').run(last.id);
      raw.prepare('DELETE FROM invoice_lines WHERE invoice_id = ?').run(last.id);
      raw.prepare('DELETE FROM invoices WHERE id = ?').run(last.id);
      raw.prepare('UPDATE series_counters SET last_seq = last_seq - 1 WHERE series_id = ? AND fiscal_year = ?').run(last.series_id, last.fiscal_year);
    });
    // Before anything is re-issued, the counter is behind a number the audit log saw issued.
    const before = verify();
    expect(before.ok).toBe(false);
    expect(before.invoices.problems.map((p) => p.kind).sort()).toEqual(['counter_behind', 'missing']);
    expect(before.invoices.problems.find((p) => p.kind === 'missing')).toMatchObject({ invoiceId: last.id, number: last.number });

    await issue(1, 'again');
    const reissued = invoices().at(-1)!;
    expect(reissued.number).toBe(last.number);
    const after = verify();
    expect(after.ok).toBe(false);
    expect(after.invoices.problems.map((p) => p.kind).sort()).toEqual(['missing', 'number_reissued']);
    const twice = after.invoices.problems.find((p) => p.kind === 'number_reissued')!;
    expect(twice.message).toContain(`number ${last.number} was issued twice: to invoice ${last.id}`);
    expect(twice.message).toContain(`again to invoice ${reissued.id}`);
    const out = await cli('audit', 'verify', '--json');
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout)).toMatchObject({ ok: false, chainOk: true });
  });

  it('names an invoice written outside the app with an existing number (unique index dropped)', () => {
    const victim = invoices()[1]!;
    tamper((raw) => {
      raw.exec('DROP INDEX invoices_unique_number; DROP INDEX invoices_unique_seq;');
      const columns = (raw.prepare('PRAGMA table_info(invoices)').all() as Array<{ name: string }>).map((c) => c.name).filter((c) => c !== 'id');
      raw.prepare(`INSERT INTO invoices (id, ${columns.join(', ')}) SELECT 'forged-1', ${columns.join(', ')} FROM invoices WHERE id = ?`).run(victim.id);
    });
    const problems = verify().invoices.problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'unaudited', invoiceId: 'forged-1', number: victim.number });
  });

  it('names a counter wound back below the highest issued number', () => {
    const last = invoices().at(-1)!;
    tamper((raw) => raw.prepare('UPDATE series_counters SET last_seq = 2 WHERE series_id = ? AND fiscal_year = ?').run(last.series_id, last.fiscal_year));
    const problems = verify().invoices.problems;
    expect(problems.map((p) => p.kind)).toEqual(['counter_behind']);
    expect(problems[0]!.message).toContain(`the counter is at 2 but number ${last.number}`);
  });

  it('a void entry carries the same seal; an edit before the void is named at the void', async () => {
    const target = invoices()[0]!;
    tamper((raw) => raw.prepare('UPDATE invoices SET total_minor = total_minor + 100 WHERE id = ?').run(target.id));
    voidInvoice(fixture.core, { businessId: fixture.business.id, id: target.id, reason: 'typo' });
    const result = verify();
    expect(result.invoices.problems.map((p) => [p.kind, p.auditSeq > 0])).toEqual([['altered', true], ['altered', true]]);
    expect(result.invoices.problems[1]!.message).toMatch(/altered between audit entry \d+ and entry \d+ \(invoice\.void\)/);
  });

  it('reports entries written before seals existed as unsealed, not broken', () => {
    // An old database: issue entries carry only the number. Rewrite them (and re-chain) as an old
    // version of the app wrote them.
    tamper((raw) => {
      raw.exec('DROP TRIGGER audit_log_no_update');
      const rows = raw.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[];
      let prev = rows[0]!.prev_hash;
      for (const row of rows) {
        const details = JSON.parse(row.details) as Record<string, unknown>;
        delete details.content;
        const rewritten = { ...row, details: JSON.stringify(details), prev_hash: prev };
        const hash = auditHash(prev, rewritten);
        raw.prepare('UPDATE audit_log SET details = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(rewritten.details, prev, hash, row.seq);
        prev = hash;
      }
    });
    const result = verify();
    expect(result.ok).toBe(true);
    expect(result.invoices).toMatchObject({ ok: true, checked: 0, unsealed: 6 });
  });
});

describe('audit verify --anchor', () => {
  it('accepts a chain that grew since the anchor, and detects one truncated or recomputed', async () => {
    const anchor = fixture.core.store.read((db) => auditAnchor(db));
    const file = join(fixture.dir, 'anchor.json');
    writeFileSync(file, JSON.stringify(anchor));
    await issue(2, 'more');
    expect((await cli('audit', 'verify', '--anchor', file)).code).toBe(0);

    // Truncated: the tail entries (triggers dropped) are deleted; the rest still chains.
    tamper((raw) => {
      raw.exec('DROP TRIGGER audit_log_no_delete');
      raw.prepare('DELETE FROM audit_log WHERE seq >= ?').run(anchor.headSeq);
    });
    const out = await cli('audit', 'verify', '--anchor', file);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/anchor FAILED: the audit chain was truncated/);
  });

  it('detects a chain rewritten from an edited entry with every hash recomputed', () => {
    const anchor = fixture.core.store.read((db) => auditAnchor(db));
    tamper((raw) => {
      raw.exec('DROP TRIGGER audit_log_no_update');
      const rows = raw.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[];
      let prev = rows[0]!.prev_hash;
      for (const [i, row] of rows.entries()) {
        const rewritten = { ...row, actor: i === 1 ? 'mallory' : row.actor, prev_hash: prev };
        const hash = auditHash(prev, rewritten);
        raw.prepare('UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(rewritten.actor, prev, hash, row.seq);
        prev = hash;
      }
    });
    const result = verify();
    expect(result.chainOk).toBe(true);
    const check = fixture.core.store.read((db) => checkAnchor(db, anchor));
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/rewritten/);
  });

  it('refuses an anchor file that holds no anchor (exit 2)', async () => {
    const file = join(fixture.dir, 'not-anchor.json');
    writeFileSync(file, '{"hello":1}');
    const out = await cli('audit', 'verify', '--anchor', file);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('no audit anchor found');
  });
});
