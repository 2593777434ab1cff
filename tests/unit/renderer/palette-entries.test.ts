// The command palette's found invoices: a number issued in two fiscal years (a series that starts
// again at 1, SHOP1-{SEQ}) gives two entries that open different invoices, told apart by their date.
import { describe, expect, it } from 'vitest';
import { foundEntries } from '../../../src-renderer/features/palette/entries.js';
import type { InvoiceSummary } from '../../../src-shared/ipc/models.js';

function invoice(id: string, number: string | null, issueDate: string): InvoiceSummary {
  return {
    id, businessId: 'b1', kind: 'tax_invoice', status: number ? 'issued' : 'draft', number, issueDate, customerId: null, customerName: 'Kaveri Textiles', currency: 'INR',
    taxable: '100.00', tax: '5.00', total: '105.00', batchId: null, traceId: null, pdfSha256: null, createdAt: issueDate, issuedAt: issueDate,
  };
}

const money = (amount: string, currency: string) => `${currency} ${amount}`;
const date = (iso: string) => iso.split('-').reverse().join('/');

describe('palette invoice entries', () => {
  it('shows the date of each invoice whose number recurs in another fiscal year; others stay as they were', () => {
    const entries = foundEntries({ invoices: [invoice('a', 'SHOP1-1', '2026-04-01'), invoice('b', 'shop1-1', '2026-03-30'), invoice('c', 'SHOP1-2', '2026-03-31'), invoice('a', 'SHOP1-1', '2026-04-01')], customers: [], products: [] }, money, 'Draft', date);
    expect(entries.map((e) => [e.label, e.detail, e.params])).toEqual([
      ['SHOP1-1', '01/04/2026 · Kaveri Textiles · INR 105.00', { id: 'a' }],
      ['shop1-1', '30/03/2026 · Kaveri Textiles · INR 105.00', { id: 'b' }],
      ['SHOP1-2', 'Kaveri Textiles · INR 105.00', { id: 'c' }],
    ]);
  });

  it('drafts (no number) never count as a repeated number', () => {
    const entries = foundEntries({ invoices: [invoice('d1', null, '2026-04-01'), invoice('d2', null, '2026-04-02')], customers: [], products: [] }, money, 'Draft', date);
    expect(entries.map((e) => e.detail)).toEqual(['Kaveri Textiles · INR 105.00', 'Kaveri Textiles · INR 105.00']);
  });
});
