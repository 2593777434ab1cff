// Debit and credit notes against one invoice, in random order and shapes: what the register counts
// for the invoice and its notes is always invoice + debit notes − credit notes, every debit note
// adds a positive amount under the invoice's own tax components (its place of supply), and credit
// notes stay capped by the invoice however many debit notes came before them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { runBatch } from '../../../src-main/engine/pipeline.js';
import { issueCreditNote, issueDebitNote } from '../../../src-main/engine/invoice-actions.js';
import { buildInvoiceDocument } from '../../../src-main/engine/document.js';
import { countedTotals, documentStatus, registerTotalsOf } from '../../../src-main/export/counted.js';
import { moneyRow, moneyRows } from '../../../src-main/db/query.js';
import { verifyAudit } from '../../../src-main/audit/audit.js';
import type { InvoiceRow } from '../../../src-main/db/types.js';
import type { TaxResult } from '../../../src-shared/tax/plugin-api.js';
import { gstFixture, type EngineFixture } from './setup.js';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

let orderSeq = 0;
async function invoice(f: EngineFixture, rows: Array<{ product: string; quantity: string; price: string }>, state: string): Promise<InvoiceRow> {
  const orderId = `DNP-${++orderSeq}`;
  const file = join(f.dir, `${orderId}.json`);
  writeFileSync(file, JSON.stringify(rows.map((r) => ({ orderId, date: '2026-11-02', customer: `Buyer ${orderSeq}`, customerState: state, ...r }))));
  const report = await runBatch(f.core, { source: 'orders', businessId: f.business.id, ordersFile: file, pdf: false }, { today: '2026-11-23' });
  expect(report.failures).toEqual([]);
  return f.core.store.read((db) => moneyRow<InvoiceRow>(db.prepare("SELECT * FROM invoices WHERE kind NOT IN ('credit_note', 'debit_note') ORDER BY rowid DESC LIMIT 1")))!;
}

function notesOf(f: EngineFixture, invoiceId: string, kind: 'credit_note' | 'debit_note'): InvoiceRow[] {
  return f.core.store.read((db) => moneyRows<InvoiceRow>(db.prepare("SELECT * FROM invoices WHERE original_invoice_id = ? AND kind = ? AND status = 'issued'"), invoiceId, kind));
}

/** What the register counts for a row: its grand total, signed by its status. */
function registerGrandTotal(f: EngineFixture, row: InvoiceRow): Decimal {
  const document = buildInvoiceDocument(f.business, row);
  return new Decimal(countedTotals(registerTotalsOf(document), documentStatus(document), document.currency).grandTotal);
}

const componentNames = (row: InvoiceRow) => new Set((JSON.parse(row.tax_result) as TaxResult).components.map((c) => c.name));
const minor = (row: InvoiceRow) => new Decimal(row.total_minor.toString()).div(100);

describe('debit notes with credit notes against one invoice', () => {
  it('property: register net = invoice + debit notes − credit notes; debit notes positive, on the invoice\'s components; credits capped', async () => {
    fixture = await gstFixture({ sandbox: false });
    const f = fixture;
    const line = fc.integer({ min: 1, max: 3 });
    const request = fc.oneof(
      fc.record({ note: fc.constant('debit' as const), kind: fc.constant('lines' as const), lines: fc.uniqueArray(fc.record({ line, quantity: fc.constantFrom('1', '2', '0.5') }), { minLength: 1, maxLength: 2, selector: (l) => l.line }) }),
      fc.record({ note: fc.constant('debit' as const), kind: fc.constant('value' as const), value: fc.integer({ min: 1, max: 50_000 }).map((p) => (p / 100).toFixed(2)) }),
      fc.record({ note: fc.constant('credit' as const), kind: fc.constant('value' as const), value: fc.integer({ min: 1, max: 400_000 }).map((p) => (p / 100).toFixed(2)) }),
      fc.record({ note: fc.constant('credit' as const), kind: fc.constant('rest' as const) }),
    );
    const rows = fc.array(fc.record({ product: fc.constantFrom('SH-1', 'TR-1'), quantity: fc.constantFrom('1', '2', '3'), price: fc.integer({ min: 100, max: 99_999 }).map((p) => (p / 100).toFixed(2)) }), { minLength: 1, maxLength: 3 });
    // Karnataka (the seller's state: CGST+SGST) or Maharashtra (IGST).
    const state = fc.constantFrom('29', '27');
    const seen = { debits: 0, credits: 0, interState: 0 };
    await fc.assert(fc.asyncProperty(rows, state, fc.array(request, { minLength: 1, maxLength: 5 }), async (lines, pos, requests) => {
      const inv = await invoice(f, lines, pos);
      for (const r of requests) {
        const base = { businessId: f.business.id, id: inv.id, reason: 'property', date: '2026-11-20' };
        if (r.note === 'debit') {
          const input = r.kind === 'lines' ? { ...base, lines: r.lines.filter((l) => l.line <= lines.length) } : { ...base, value: r.value };
          if ('lines' in input && input.lines.length === 0) continue;
          await issueDebitNote(f.core, input).catch((e: Error) => expect(e.message).toMatch(/nothing to charge|rounds to|no line/));
        } else {
          await issueCreditNote(f.core, r.kind === 'value' ? { ...base, value: r.value } : base).catch((e: Error) => expect(e.message).toMatch(/left to credit|nothing is left/));
        }
      }
      const debits = notesOf(f, inv.id, 'debit_note');
      const credits = notesOf(f, inv.id, 'credit_note');
      for (const d of debits) {
        expect(d.total_minor > 0n, `${d.number} positive`).toBe(true);
        expect([...componentNames(d)].every((c) => componentNames(inv).has(c)), `${d.number} components within the invoice's`).toBe(true);
        expect(d.place_of_supply).toBe(inv.place_of_supply);
      }
      seen.debits += debits.length;
      seen.credits += credits.length;
      if (componentNames(inv).has('IGST')) seen.interState++;
      const credited = credits.reduce((s, n) => s + n.total_minor, 0n);
      expect(credited <= inv.total_minor).toBe(true);
      const expected = minor(inv).plus(debits.reduce((s, n) => s.plus(minor(n)), new Decimal(0))).minus(credits.reduce((s, n) => s.plus(minor(n)), new Decimal(0)));
      const counted = [inv, ...debits, ...credits].reduce((s, row) => s.plus(registerGrandTotal(f, row)), new Decimal(0));
      expect(counted.toFixed(2)).toBe(expected.toFixed(2));
    }), { numRuns: 20, seed: 2612 });
    // The runs exercised both kinds of note and both kinds of supply, not only refusals.
    expect(seen.debits).toBeGreaterThan(5);
    expect(seen.credits).toBeGreaterThan(5);
    expect(seen.interState).toBeGreaterThan(0);
    expect(f.core.store.read((db) => verifyAudit(db)).ok).toBe(true);
  }, 180_000);
});
