import { afterEach, describe, expect, it } from 'vitest';
import { runBatch } from '../../../src-main/engine/pipeline.js';
import { issueCreditNote, voidInvoice } from '../../../src-main/engine/invoice-actions.js';
import { checkSequence } from '../../../src-main/numbering/numbering.js';
import { verifyAudit } from '../../../src-main/audit/audit.js';
import { gstFixture, type EngineFixture } from './setup.js';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

async function issuedInvoices(f: EngineFixture) {
  await runBatch(f.core, { source: 'simulation', businessId: f.business.id, count: 3, profile: 'basic', seed: 'a', pdf: false, startDate: '2026-10-01', endDate: '2026-10-05' }, { today: '2026-11-23' });
  return f.core.store.read((db) => db.prepare('SELECT id, number, total_minor, tax_minor FROM invoices ORDER BY seq').all()) as Array<{ id: string; number: string; total_minor: number; tax_minor: number }>;
}

describe('invoice actions', () => {
  it('voids an issued invoice, keeping its number used and the sequence whole', async () => {
    fixture = await gstFixture();
    const [first] = await issuedInvoices(fixture);
    const voided = voidInvoice(fixture.core, { businessId: fixture.business.id, id: first!.id, reason: 'Entered twice' });
    expect(voided).toMatchObject({ status: 'void', number: first!.number, void_reason: 'Entered twice' });
    const report = fixture.core.store.read((db) => checkSequence(db, fixture!.business.id));
    expect(report.ok).toBe(true);
    expect(report.series.find((s) => s.seriesCode === 'INV')).toMatchObject({ issued: 2, void: 1, last: 3 });
    expect(() => voidInvoice(fixture!.core, { businessId: fixture!.business.id, id: first!.id, reason: 'again' })).toThrow(/only issued invoices/);
    expect(() => voidInvoice(fixture!.core, { businessId: 'other', id: first!.id, reason: 'x' })).toThrow(/no invoice/);
    expect(fixture.core.store.read((db) => verifyAudit(db)).ok).toBe(true);
  });

  it('issues a credit note reversing an invoice in full, numbered from the credit-note series', async () => {
    fixture = await gstFixture();
    const [, second] = await issuedInvoices(fixture);
    const note = await issueCreditNote(fixture.core, { businessId: fixture.business.id, id: second!.id, reason: 'Goods returned', date: '2026-11-20' });
    expect(note).toMatchObject({ kind: 'credit_note', status: 'issued', number: 'CN/2627/00001', original_invoice_id: second!.id, total_minor: BigInt(second!.total_minor), tax_minor: BigInt(second!.tax_minor) });
    await expect(issueCreditNote(fixture.core, { businessId: fixture.business.id, id: note.id, reason: 'x' })).rejects.toThrow(/itself a credit note/);
    await expect(issueCreditNote(fixture.core, { businessId: fixture.business.id, id: second!.id, reason: 'x', date: '2026-01-01' })).rejects.toThrow(/before the invoice/);
    expect(fixture.core.store.read((db) => checkSequence(db, fixture!.business.id)).ok).toBe(true);
  });
});
