// Home's figures (invoices.figures): a credit note takes its value off the sales of its date and a
// voided invoice counts nothing. Home used to add every "issued" document of the day, credit notes
// included, so two credit notes alone showed as sales.
import { afterEach, describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBatch } from '../../../src-main/engine/pipeline.js';
import { issueCreditNote, voidInvoice } from '../../../src-main/engine/invoice-actions.js';
import { gstFixture, type EngineFixture } from '../engine/setup.js';
import { directClient } from './helpers.js';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const TODAY = new Date().toISOString().slice(0, 10);

describe('invoices.figures: what Home shows for a period', () => {
  it('nets credit notes off the sales and leaves voided invoices out; only the period and the business count', async () => {
    fixture = await gstFixture({ sandbox: false });
    const { core, business, dir } = fixture;
    const file = join(dir, 'orders.json');
    writeFileSync(file, JSON.stringify([1, 2, 3, 4].map((n) => ({ orderId: `F-${n}`, date: TODAY, customer: 'Kaveri Textiles Pvt Ltd', product: 'SH-1', quantity: n }))));
    const report = await runBatch(core, { source: 'orders', businessId: business.id, ordersFile: file, pdf: false });
    expect(report.created).toBe(4);
    const client = directClient(core);
    const list = await client.call('invoices.list', { businessId: business.id, sort: 'number', dir: 'asc' });
    const [first, second, third, fourth] = list.items;
    const sum = (values: string[]) => values.reduce((a, v) => a.plus(v), new Decimal(0));
    const before = await client.call('invoices.figures', { businessId: business.id, from: TODAY, to: TODAY });
    expect(before).toEqual({ invoices: 4, creditNotes: 0, voided: 0, sales: sum(list.items.map((i) => i.total)).toFixed(2), tax: sum(list.items.map((i) => i.tax)).toFixed(2) });

    // All of the first invoice credited, a value of the second, the third voided.
    const full = await issueCreditNote(core, { businessId: business.id, id: first!.id, reason: 'returned', date: TODAY });
    const part = await issueCreditNote(core, { businessId: business.id, id: second!.id, reason: 'discount', value: '100.00', date: TODAY });
    voidInvoice(core, { businessId: business.id, id: third!.id, reason: 'keyed twice' });
    const after = await client.call('invoices.figures', { businessId: business.id, from: TODAY, to: TODAY });
    const creditTotals = [full, part].map((cn) => ({ total: new Decimal(cn.total_minor.toString()).div(100), tax: new Decimal(cn.tax_minor.toString()).div(100) }));
    expect(after.invoices).toBe(3);
    expect(after.creditNotes).toBe(2);
    expect(after.voided).toBe(1);
    // What is left: the second less its credit, and the fourth; the first is fully credited.
    expect(after.sales).toBe(sum([second!.total, fourth!.total]).minus(creditTotals[1]!.total).toFixed(2));
    expect(after.sales).toBe(sum([first!.total, second!.total, fourth!.total]).minus(creditTotals[0]!.total).minus(creditTotals[1]!.total).toFixed(2));
    expect(after.tax).toBe(sum([first!.tax, second!.tax, fourth!.tax]).minus(creditTotals[0]!.tax).minus(creditTotals[1]!.tax).toFixed(2));
    // The credit notes are listed as issued documents: summing those (as Home did) counts them as sales.
    const issued = await client.call('invoices.list', { businessId: business.id, status: 'issued', from: TODAY, to: TODAY });
    expect(sum(issued.items.map((i) => i.total)).toFixed(2)).not.toBe(after.sales);

    // Another period, and an unknown business.
    expect(await client.call('invoices.figures', { businessId: business.id, from: '2000-01-01', to: '2000-01-31' })).toEqual({ invoices: 0, creditNotes: 0, voided: 0, sales: '0.00', tax: '0.00' });
    await expect(client.call('invoices.figures', { businessId: 'nope', from: TODAY, to: TODAY })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
