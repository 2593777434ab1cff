// The issuing path seals each invoice from the cells it just wrote instead of reading them back:
// the seal must be the one computed from the stored row, for every kind of document a batch
// writes, and a cell that might not read back unchanged must make it read the stored row.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBatch } from '../../../src-main/engine/pipeline.js';
import { sealInvoice, sealWrittenInvoice } from '../../../src-main/audit/invoice-seal.js';
import { SEALED_COLUMNS, SEALED_INVOICE_INTEGERS, SEALED_LINE_INTEGERS, sealedInvoiceCells, sealedLineCells } from '../../../src-main/db/audit-store.js';
import { verifyLedger } from '../../../src-main/audit/verify-ledger.js';
import { gstFixture, type EngineFixture } from '../engine/setup.js';

let fixture: EngineFixture;

beforeEach(async () => {
  fixture = await gstFixture();
});
afterEach(async () => {
  await fixture.cleanup();
});

describe('invoice seals taken from the written cells', () => {
  it('equal the seals of the stored rows for every document of a batch', async () => {
    const report = await runBatch(fixture.core, { source: 'simulation', businessId: fixture.business.id, count: 80, profile: 'advanced', seed: 'seal-written', maxLines: 15, pdf: false, chunkSize: 30 }, { today: '2026-11-23' });
    expect(report.created).toBeGreaterThan(0);
    const entries = fixture.core.store.read((db) => db.prepare("SELECT entity_id, details FROM audit_log WHERE entity = 'invoice' AND action LIKE '%.issue'").all()) as Array<{ entity_id: string; details: string }>;
    expect(entries).toHaveLength(report.created);
    const kinds = new Set<string>();
    fixture.core.store.read((db) => {
      for (const entry of entries) {
        const stored = sealInvoice(db, entry.entity_id)!;
        expect(JSON.parse(entry.details).content).toEqual(stored);
        kinds.add((db.prepare('SELECT kind FROM invoices WHERE id = ?').pluck().get(entry.entity_id)) as string);
      }
    });
    expect(kinds.size).toBeGreaterThan(1);
    expect(fixture.core.store.read((db) => verifyLedger(db)).ok).toBe(true);
  });

  it('read the stored row when a written cell might not read back unchanged', async () => {
    await runBatch(fixture.core, { source: 'simulation', businessId: fixture.business.id, count: 2, profile: 'basic', seed: 'seal-fallback', pdf: false }, { today: '2026-11-23' });
    fixture.core.store.read((db) => {
      const id = db.prepare('SELECT id FROM invoices LIMIT 1').pluck().get() as string;
      const stored = sealInvoice(db, id)!;
      const invoice = sealedInvoiceCells(db, id)!;
      const lines = sealedLineCells(db, id);
      expect(sealWrittenInvoice(db, id, { invoice, lines })).toEqual(stored);
      // Cells that differ from the row but would not read back as written: each one is ignored for the row.
      const lone = [...invoice];
      lone[SEALED_COLUMNS.invoice.indexOf('customer_snapshot')] = '{"name":"\uD800"}';
      expect(sealWrittenInvoice(db, id, { invoice: lone, lines })).toEqual(stored);
      const nul = lines.map((l) => [...l]);
      nul[0]![SEALED_COLUMNS.line.indexOf('description')] = 'a\0b';
      expect(sealWrittenInvoice(db, id, { invoice, lines: nul })).toEqual(stored);
      const numberInText = lines.map((l) => [...l]);
      numberInText[0]![SEALED_COLUMNS.line.indexOf('quantity')] = 2.5;
      expect(sealWrittenInvoice(db, id, { invoice, lines: numberInText })).toEqual(stored);
      const textInInteger = [...invoice];
      textInInteger[SEALED_COLUMNS.invoice.indexOf('total_minor')] = '100';
      expect(sealWrittenInvoice(db, id, { invoice: textInInteger, lines })).toEqual(stored);
      // A plain cell is taken as written (so the issuing path must hand over exactly what it wrote).
      const changed = [...invoice];
      changed[SEALED_COLUMNS.invoice.indexOf('total_minor')] = 1n;
      expect(sealWrittenInvoice(db, id, { invoice: changed, lines })!.sha256).not.toBe(stored.sha256);
    });
  });

  it('know which sealed columns the tables declare INTEGER (the rest TEXT)', () => {
    fixture.core.store.read((db) => {
      for (const [table, columns, integers] of [['invoices', SEALED_COLUMNS.invoice, SEALED_INVOICE_INTEGERS], ['invoice_lines', SEALED_COLUMNS.line, SEALED_LINE_INTEGERS]] as const) {
        const types = new Map((db.prepare(`SELECT name, type FROM pragma_table_info('${table}')`).all() as Array<{ name: string; type: string }>).map((c) => [c.name, c.type]));
        columns.forEach((column, i) => expect(`${column} ${types.get(column)}`).toBe(`${column} ${integers.has(i) ? 'INTEGER' : 'TEXT'}`));
      }
    });
  });
});
