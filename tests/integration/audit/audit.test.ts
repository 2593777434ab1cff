// The append-only, hash-chained audit log and the outbox on a real file: rows are written in the
// transaction of the change (and vanish with it), the triggers refuse UPDATE and DELETE, and
// verifyAudit names the first entry an attacker with raw SQL (triggers dropped) has touched.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openStore, type Store } from '../../../src-main/db/store.js';
import { appendAudit, auditHash, GENESIS_HASH, verifyAudit } from '../../../src-main/audit/audit.js';
import { appendOutbox } from '../../../src-main/sync/outbox.js';
import type { AuditRow, OutboxRow } from '../../../src-main/db/types.js';
import { seedBusiness, type SeededBusiness } from '../../helpers/seed.js';
import { issueInvoicesForBench } from '../../helpers/issue.js';
import { TempDirs } from '../../helpers/temp.js';

const temp = new TempDirs();
let store: Store;
let biz: SeededBusiness;

beforeEach(() => {
  store = openStore(temp.make());
  biz = seedBusiness(store);
  issueInvoicesForBench(store, { businessId: biz.businessId, series: biz.invoiceSeries, fiscalYearStartMonth: 4, date: '2026-01-15', count: 9 });
});
afterEach(() => {
  store.close();
  temp.cleanup();
});

const auditRows = () => store.db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[];
/** What an attacker with the file and the sqlite3 shell does first. */
const dropTriggers = (db: Database.Database) => db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');

describe('audit log', () => {
  it('chains every entry to the one before from the genesis hash, and verifies', () => {
    const rows = auditRows();
    expect(rows).toHaveLength(10); // business.create + 9 × invoice.issue
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    for (const row of rows) expect(row.hash).toBe(auditHash(row.prev_hash, row));
    expect(rows.map((r) => r.action)).toEqual(['business.create', ...Array(9).fill('invoice.issue')]);
    expect(verifyAudit(store.db)).toEqual({ ok: true, entries: 10, lastHash: rows[9]!.hash });
  });

  it('verifies an empty log', () => {
    const empty = openStore(temp.make());
    expect(verifyAudit(empty.db)).toEqual({ ok: true, entries: 0, lastHash: GENESIS_HASH });
    empty.close();
  });

  it('refuses UPDATE and DELETE through its triggers, even in a raw connection', () => {
    const raw = new Database(store.path);
    try {
      expect(() => raw.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3").run()).toThrow('audit_log is append-only: UPDATE refused');
      expect(() => raw.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow('audit_log is append-only: DELETE refused');
      expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    } finally {
      raw.close();
    }
    expect(verifyAudit(store.db).ok).toBe(true);
  });

  it('names the first broken entry when a row is edited with the triggers dropped', () => {
    const raw = new Database(store.path);
    dropTriggers(raw);
    const target = auditRows()[4]!;
    raw.prepare("UPDATE audit_log SET details = json_set(details, '$.totalMinor', 1) WHERE seq = ?").run(target.seq);
    raw.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = ?").run(auditRows()[7]!.seq);
    raw.close();
    const result = verifyAudit(store.db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq: target.seq, id: target.id });
    expect(result.firstBroken!.reason).toMatch(/contents changed/);
    expect(result.entries).toBe(5);
  });

  it('detects an edit whose hash was recomputed, at the next entry (its prev_hash no longer matches)', () => {
    const raw = new Database(store.path);
    dropTriggers(raw);
    const rows = auditRows();
    const target = { ...rows[2]!, actor: 'mallory' };
    raw.prepare('UPDATE audit_log SET actor = ?, hash = ? WHERE seq = ?').run(target.actor, auditHash(target.prev_hash, target), target.seq);
    raw.close();
    const result = verifyAudit(store.db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq: rows[3]!.seq, id: rows[3]!.id });
    expect(result.firstBroken!.reason).toMatch(/prev_hash/);
  });

  it('detects a deleted entry in the middle, and names where', () => {
    const raw = new Database(store.path);
    dropTriggers(raw);
    const rows = auditRows();
    raw.prepare('DELETE FROM audit_log WHERE seq = ?').run(rows[5]!.seq);
    raw.close();
    const result = verifyAudit(store.db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq: rows[6]!.seq });
    expect(result.firstBroken!.reason).toBe(`entry ${rows[5]!.seq} is missing (next is ${rows[6]!.seq})`);
  });

  it('detects a deleted first entry (the chain must start at the genesis hash)', () => {
    const raw = new Database(store.path);
    dropTriggers(raw);
    raw.prepare('DELETE FROM audit_log WHERE seq = 1').run();
    raw.close();
    const result = verifyAudit(store.db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken!.seq).toBe(2);
  });

  it('detects entries cut off at the end only against a known head hash (the chain itself still verifies)', () => {
    const head = verifyAudit(store.db).lastHash;
    const raw = new Database(store.path);
    dropTriggers(raw);
    raw.prepare('DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)').run();
    raw.close();
    const result = verifyAudit(store.db);
    expect(result.ok).toBe(true);
    expect(result.lastHash).not.toBe(head);
  });

  it('refuses to append outside a transaction', () => {
    expect(() => appendAudit(store.db, { businessId: null, actor: 'test', action: 'x', entity: 'y', entityId: null })).toThrow(/inside the write transaction/);
    expect(() => appendOutbox(store.db, { businessId: null, entity: 'y', entityId: 'z', op: 'insert', payload: {} })).toThrow(/inside the write transaction/);
  });
});

describe('audit and outbox rows share the transaction of the change', () => {
  it('are written with it and rolled back with it', () => {
    const counts = () => store.db.prepare('SELECT (SELECT COUNT(*) FROM audit_log) AS audit, (SELECT COUNT(*) FROM outbox) AS outbox, (SELECT COUNT(*) FROM settings) AS settings').get();
    const before = counts();
    expect(() => store.write((db) => {
      db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('locale', '\"hi\"', 'now')").run();
      appendAudit(db, { businessId: null, actor: 'test', action: 'settings.update', entity: 'settings', entityId: 'locale', details: { value: 'hi' } });
      appendOutbox(db, { businessId: null, entity: 'settings', entityId: 'locale', op: 'update', payload: { value: 'hi' } });
      throw new Error('the change fails after its audit and outbox rows');
    })).toThrow(/change fails/);
    expect(counts()).toEqual(before);
    expect(verifyAudit(store.db).ok).toBe(true);

    store.write((db) => {
      db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('locale', '\"hi\"', 'now')").run();
      appendAudit(db, { businessId: null, actor: 'test', action: 'settings.update', entity: 'settings', entityId: 'locale', details: { value: 'hi' } });
      appendOutbox(db, { businessId: null, entity: 'settings', entityId: 'locale', op: 'update', payload: { value: 'hi' } });
    });
    const after = counts() as { audit: number; outbox: number; settings: number };
    expect(after).toEqual({ audit: (before as typeof after).audit + 1, outbox: (before as typeof after).outbox + 1, settings: 1 });
    expect(verifyAudit(store.db).ok).toBe(true);
  });

  it('an issued invoice has exactly one audit entry and one outbox row carrying its number and totals', () => {
    const issued = issueInvoicesForBench(store, { businessId: biz.businessId, series: biz.invoiceSeries, fiscalYearStartMonth: 4, date: '2026-01-15', count: 1 });
    const id = issued.ids[0]!;
    const audit = store.db.prepare('SELECT * FROM audit_log WHERE entity_id = ?').all(id) as AuditRow[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ number: 'INV/2526/00010', seq: 10 });
    const outbox = store.db.prepare('SELECT * FROM outbox WHERE entity_id = ?').all(id) as OutboxRow[];
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ entity: 'invoice', op: 'insert', business_id: biz.businessId, synced_at: null, attempts: 0 });
    expect(JSON.parse(outbox[0]!.payload)).toMatchObject({ id, number: 'INV/2526/00010', date: '2026-01-15', currency: 'INR', totals: { grandTotal: '1770.00' } });
    // Outbox rows are in commit order: their seq follows the audit order of the same changes.
    const seqs = (store.db.prepare("SELECT seq FROM outbox WHERE entity = 'invoice' ORDER BY seq").all() as Array<{ seq: number }>).map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });
});
