// Credit notes never exceed their invoice: per line (units, taxable value, each tax component),
// and in total, whether asked twice, in parts, by value, or by two requests racing each other.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runBatch } from '../../../src-main/engine/pipeline.js';
import { commitCreditNote, creditLeft, issueCreditNote, prepareCreditNote, voidInvoice } from '../../../src-main/engine/invoice-actions.js';
import { capOfInvoice } from '../../../src-main/engine/credit-cap.js';
import { checkSequence } from '../../../src-main/numbering/numbering.js';
import { verifyAudit } from '../../../src-main/audit/audit.js';
import { moneyRow, moneyRows } from '../../../src-main/db/query.js';
import type { InvoiceRow } from '../../../src-main/db/types.js';
import type { TaxResult } from '../../../src-shared/tax/plugin-api.js';
import { gstFixture, type EngineFixture } from './setup.js';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

let orderSeq = 0;
/** One issued invoice from an orders file: shirts (5%), tailoring (18%), an exempt workshop. */
async function invoice(f: EngineFixture, rows: Array<{ product: string; quantity: string; price?: string }> = [
  { product: 'SH-1', quantity: '3', price: '100.06' }, { product: 'TR-1', quantity: '2' }, { product: 'WS-1', quantity: '1' },
]): Promise<InvoiceRow> {
  const orderId = `CN-${++orderSeq}`;
  const file = join(f.dir, `${orderId}.json`);
  writeFileSync(file, JSON.stringify(rows.map((r) => ({ orderId, date: '2026-11-02', customer: 'Kaveri Textiles Pvt Ltd', ...r }))));
  const report = await runBatch(f.core, { source: 'orders', businessId: f.business.id, ordersFile: file, pdf: false }, { today: '2026-11-23' });
  expect(report.failures).toEqual([]);
  return f.core.store.read((db) => moneyRow<InvoiceRow>(db.prepare("SELECT * FROM invoices WHERE kind != 'credit_note' ORDER BY rowid DESC LIMIT 1")))!;
}

function notesOf(f: EngineFixture, invoiceId: string): InvoiceRow[] {
  return f.core.store.read((db) => moneyRows<InvoiceRow>(db.prepare("SELECT * FROM invoices WHERE original_invoice_id = ? AND status = 'issued'"), invoiceId));
}

/** Sums of the credit notes against an invoice never exceed it: per line, component, and total. */
function expectWithinInvoice(f: EngineFixture, inv: InvoiceRow): void {
  const { left } = f.core.store.read((db) => creditLeft(db, inv));
  expect(left.grandTotal >= 0n).toBe(true);
  for (const line of left.lines.values()) {
    expect(line.quantity.gte(0), `line ${line.line} quantity`).toBe(true);
    expect(line.taxable >= 0n, `line ${line.line} taxable`).toBe(true);
    expect(line.total >= 0n, `line ${line.line} total`).toBe(true);
    for (const [name, amount] of line.components) expect(amount >= 0n, `line ${line.line} ${name}`).toBe(true);
  }
  const notes = notesOf(f, inv.id);
  const credited = notes.reduce((sum, n) => sum + n.total_minor, 0n);
  expect(credited <= inv.total_minor).toBe(true);
  expect(notes.reduce((sum, n) => sum + n.tax_minor, 0n) <= inv.tax_minor).toBe(true);
  // Per component across the whole invoice too.
  const invTax = JSON.parse(inv.tax_result) as TaxResult;
  for (const c of new Set(invTax.components.map((x) => x.name))) {
    const charged = invTax.components.filter((x) => x.name === c).reduce((s, x) => s + BigInt(x.amount.replace('.', '')), 0n);
    const back = notes.reduce((s, n) => s + (JSON.parse(n.tax_result) as TaxResult).components.filter((x) => x.name === c).reduce((t, x) => t + BigInt(x.amount.replace('.', '')), 0n), 0n);
    expect(back <= charged, `component ${c}`).toBe(true);
  }
}

describe('credit notes are capped by their invoice', () => {
  it('refuses to credit the same invoice in full a second time', async () => {
    fixture = await gstFixture({ sandbox: false });
    const inv = await invoice(fixture);
    const first = await issueCreditNote(fixture.core, { businessId: fixture.business.id, id: inv.id, reason: 'Goods returned', date: '2026-11-20' });
    expect(first.total_minor).toBe(inv.total_minor);
    await expect(issueCreditNote(fixture.core, { businessId: fixture.business.id, id: inv.id, reason: 'Again', date: '2026-11-21' })).rejects.toThrow(/nothing of INV\/2627\/00001 is left to credit/);
    expect(notesOf(fixture, inv.id)).toHaveLength(1);
    expectWithinInvoice(fixture, inv);
  });

  it('refuses partial credit notes by value that would add up to more than the invoice, naming what is left', async () => {
    fixture = await gstFixture({ sandbox: false });
    const inv = await invoice(fixture);
    const total = Number(inv.total_minor) / 100; // the test's own arithmetic on a whole-rupee total
    const part = (Math.floor(total * 0.6)).toFixed(2);
    const note = await issueCreditNote(fixture.core, { businessId: fixture.business.id, id: inv.id, reason: 'Rate difference', value: part, date: '2026-11-20' });
    expect(note.total_minor).toBe(BigInt(part.replace('.', '')));
    const left = inv.total_minor - note.total_minor;
    const leftText = `₹${(Number(left) / 100).toLocaleString('en-IN', { minimumFractionDigits: 2 })}`;
    await expect(issueCreditNote(fixture.core, { businessId: fixture.business.id, id: inv.id, reason: 'More', value: part, date: '2026-11-20' }))
      .rejects.toThrow(`only ${leftText} of ${inv.number} is left to credit`);
    // What is left can still be credited, and then nothing more.
    await issueCreditNote(fixture.core, { businessId: fixture.business.id, id: inv.id, reason: 'The rest', date: '2026-11-21' });
    expectWithinInvoice(fixture, inv);
    expect(notesOf(fixture, inv.id).reduce((s, n) => s + n.total_minor, 0n)).toBe(inv.total_minor);
    await expect(issueCreditNote(fixture.core, { businessId: fixture.business.id, id: inv.id, reason: 'x', value: '1', date: '2026-11-21' })).rejects.toThrow(/left to credit/);
  });

  it('caps each line by its units: two credits of 2 of 3 shirts, the second refused', async () => {
    fixture = await gstFixture({ sandbox: false });
    const inv = await invoice(fixture);
    const first = await issueCreditNote(fixture.core, { businessId: fixture.business.id, id: inv.id, reason: 'Two returned', lines: [{ line: 1, quantity: '2' }], date: '2026-11-20' });
    expect((JSON.parse(first.tax_result) as TaxResult).lines).toHaveLength(1);
    await expect(issueCreditNote(fixture.core, { businessId: fixture.business.id, id: inv.id, reason: 'Two more', lines: [{ line: 1, quantity: '2' }], date: '2026-11-20' }))
      .rejects.toThrow(/line 1 \(Cotton shirt\): only 1 of 3 PCS are left to credit, asked 2/);
    await expect(issueCreditNote(fixture.core, { businessId: fixture.business.id, id: inv.id, reason: 'No such line', lines: [{ line: 9, quantity: '1' }] })).rejects.toThrow(/no line 9/);
    expectWithinInvoice(fixture, inv);
  });

  it('credits a line unit by unit to exactly its amounts, though each unit rounds its tax on its own', async () => {
    fixture = await gstFixture({ sandbox: false });
    const inv = await invoice(fixture, [{ product: 'SH-1', quantity: '3', price: '100.06' }, { product: 'TR-1', quantity: '3', price: '0.06' }]);
    for (let k = 0; k < 3; k++) {
      await issueCreditNote(fixture.core, { businessId: fixture.business.id, id: inv.id, reason: `unit ${k + 1}`, lines: [{ line: 1, quantity: '1' }, { line: 2, quantity: '1' }], date: '2026-11-20' });
      expectWithinInvoice(fixture, inv);
    }
    const { left } = fixture.core.store.read((db) => creditLeft(db, inv));
    expect([...left.lines.values()].every((l) => l.quantity.isZero())).toBe(true);
    await expect(issueCreditNote(fixture.core, { businessId: fixture.business.id, id: inv.id, reason: 'x', lines: [{ line: 1, quantity: '1' }] })).rejects.toThrow(/left to credit/);
  });

  it('lets only one of two racing credit notes through: the cap is checked again inside the issuing transaction', async () => {
    fixture = await gstFixture({ sandbox: false });
    const inv = await invoice(fixture);
    const input = { businessId: fixture.business.id, id: inv.id, reason: 'Double click', date: '2026-11-20' };
    // Both priced against the same state (nothing credited yet), then both committed.
    const a = prepareCreditNote(fixture.core, input);
    const b = prepareCreditNote(fixture.core, input);
    commitCreditNote(fixture.core, a);
    expect(() => commitCreditNote(fixture!.core, b)).toThrow(/nothing of INV\/2627\/00001 is left to credit/);
    const settled = await Promise.allSettled([issueCreditNote(fixture.core, input), issueCreditNote(fixture.core, input)]);
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
    expect(notesOf(fixture, inv.id)).toHaveLength(1);
    expect(fixture.core.store.read((db) => checkSequence(db, fixture!.business.id)).ok).toBe(true);
    expect(fixture.core.store.read((db) => verifyAudit(db)).ok).toBe(true);
  });

  it('refuses a credit note of a voided invoice, and voiding an invoice that has credit notes; a reason is required', async () => {
    fixture = await gstFixture({ sandbox: false });
    const voided = await invoice(fixture);
    voidInvoice(fixture.core, { businessId: fixture.business.id, id: voided.id, reason: 'Entered twice' });
    await expect(issueCreditNote(fixture.core, { businessId: fixture.business.id, id: voided.id, reason: 'x' })).rejects.toThrow(/is void.*not credited/);
    const credited = await invoice(fixture);
    await expect(issueCreditNote(fixture.core, { businessId: fixture.business.id, id: credited.id, reason: '  ' })).rejects.toThrow(/reason/);
    await issueCreditNote(fixture.core, { businessId: fixture.business.id, id: credited.id, reason: 'One back', lines: [{ line: 2, quantity: '1' }], date: '2026-11-20' });
    expect(() => voidInvoice(fixture!.core, { businessId: fixture!.business.id, id: credited.id, reason: 'x' })).toThrow(/has credit notes/);
    await expect(issueCreditNote(fixture.core, { businessId: fixture.business.id, id: credited.id, reason: 'both', lines: [{ line: 1, quantity: '1' }], value: '10' })).rejects.toThrow(/not both/);
  });

  it("caps the batch engine's simulated credit notes by what is left of the invoice they correct", async () => {
    fixture = await gstFixture({ sandbox: true });
    const report = await runBatch(fixture.core, { source: 'simulation', businessId: fixture.business.id, count: 120, profile: 'advanced', seed: 'many-credits', creditNoteShare: 0.5, pdf: false, startDate: '2026-10-01', endDate: '2026-10-03' }, { today: '2026-11-23' });
    expect(report.created).toBeGreaterThan(40);
    const invoices = fixture.core.store.read((db) => moneyRows<InvoiceRow>(db.prepare("SELECT * FROM invoices WHERE kind != 'credit_note'")));
    const notes = fixture.core.store.read((db) => moneyRows<InvoiceRow>(db.prepare("SELECT * FROM invoices WHERE kind = 'credit_note'")));
    expect(notes.length).toBeGreaterThan(30);
    // With every other document a credit note, several land on one invoice: together they stay within it.
    const perInvoice = new Map<string, number>();
    for (const n of notes) perInvoice.set(n.original_invoice_id!, (perInvoice.get(n.original_invoice_id!) ?? 0) + 1);
    expect(Math.max(...perInvoice.values())).toBeGreaterThan(1);
    for (const inv of invoices) expectWithinInvoice(fixture, inv);
  });

  it('property: for random sequences of credit-note requests, the issued notes never exceed the invoice', async () => {
    fixture = await gstFixture({ sandbox: false });
    const f = fixture;
    const request = fc.oneof(
      fc.record({ kind: fc.constant('lines' as const), lines: fc.uniqueArray(fc.record({ line: fc.integer({ min: 1, max: 4 }), quantity: fc.constantFrom('1', '2', '0.5', '3') }), { minLength: 1, maxLength: 3, selector: (l) => l.line }) }),
      fc.record({ kind: fc.constant('value' as const), value: fc.integer({ min: 1, max: 400_000 }).map((p) => (p / 100).toFixed(2)) }),
      fc.constant({ kind: 'rest' as const }),
    );
    const rowsArb = fc.array(fc.record({ product: fc.constantFrom('SH-1', 'TR-1', 'WS-1'), quantity: fc.constantFrom('1', '2', '3', '5'), price: fc.integer({ min: 1, max: 99_999 }).map((p) => (p / 100).toFixed(2)) }), { minLength: 1, maxLength: 3 });
    await fc.assert(fc.asyncProperty(rowsArb, fc.array(request, { minLength: 1, maxLength: 6 }), async (rows, requests) => {
      const inv = await invoice(f, rows);
      for (const r of requests) {
        const input = { businessId: f.business.id, id: inv.id, reason: 'property', date: '2026-11-20', ...(r.kind === 'lines' ? { lines: r.lines } : r.kind === 'value' ? { value: r.value } : {}) };
        await issueCreditNote(f.core, input).catch((e: Error) => expect(e.message).toMatch(/left to credit|no line|nothing is left/));
        expectWithinInvoice(f, inv);
      }
      const cap = capOfInvoice(JSON.parse(inv.tax_result) as TaxResult);
      expect(notesOf(f, inv.id).reduce((s, n) => s + n.total_minor, 0n) <= cap.grandTotal).toBe(true);
    }), { numRuns: 25, seed: 1327 });
  }, 120_000);
});

describe('one request, one credit note', () => {
  it('issues one credit note for two requests carrying the same request key (two clicks on the dialog)', async () => {
    fixture = await gstFixture({ sandbox: false });
    const f = fixture;
    const inv = await invoice(f);
    const ask = () => issueCreditNote(f.core, { businessId: f.business.id, id: inv.id, reason: 'Rate difference', value: '100.00', date: '2026-11-20', requestKey: 'dialog-7f3a9c21' });
    const [a, b] = await Promise.all([ask(), ask()]);
    const c = await ask();
    expect(b.id).toBe(a.id);
    expect(c.id).toBe(a.id);
    expect(notesOf(f, inv.id)).toHaveLength(1);
    // A different key is a different request: it is issued (and still capped).
    const other = await issueCreditNote(f.core, { businessId: f.business.id, id: inv.id, reason: 'Rate difference', value: '100.00', date: '2026-11-20', requestKey: 'dialog-0b1c2d3e' });
    expect(other.id).not.toBe(a.id);
    expect(notesOf(f, inv.id)).toHaveLength(2);
    expectWithinInvoice(f, inv);
  });

  it('refuses a request key already used for a different invoice', async () => {
    fixture = await gstFixture({ sandbox: false });
    const f = fixture;
    const one = await invoice(f);
    const two = await invoice(f);
    await issueCreditNote(f.core, { businessId: f.business.id, id: one.id, reason: 'Returned', value: '10.00', date: '2026-11-20', requestKey: 'dialog-aaaa1111' });
    await expect(issueCreditNote(f.core, { businessId: f.business.id, id: two.id, reason: 'Returned', value: '10.00', date: '2026-11-20', requestKey: 'dialog-aaaa1111' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(notesOf(f, two.id)).toHaveLength(0);
  });
});
