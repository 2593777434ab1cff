// Every IPC method run against a real core on a temp data folder, through the renderer's typed
// client, with each handler's output validated against its contract schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/create-core.js';
import { insertCustomer, insertProduct } from '../../../src-main/db/repos/catalogue.js';
import { getSeries } from '../../../src-main/db/repos/businesses.js';
import { METHOD_NAMES, type MethodName } from '../../../src-shared/ipc/contract.js';
import { IpcError, type IpcClient } from '../../../src-renderer/ipc/client.js';
import { issueInvoicesForBench, voidInvoice } from '../../helpers/issue.js';
import { TempDirs } from '../../helpers/temp.js';
import { validInputs } from '../../unit/ipc/examples.js';
import { directClient, makeCore } from './helpers.js';
import { freePort } from '../../helpers/pg-cluster.js';

const temp = new TempDirs();
let core: Core;
let client: IpcClient;
const called = new Set<MethodName>();

async function expectError(promise: Promise<unknown>, code: string): Promise<IpcError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(IpcError);
  expect((error as IpcError).code).toBe(code);
  expect((error as IpcError).messageKey).toBe(`errors.${code}`);
  return error as IpcError;
}

beforeAll(async () => {
  core = await makeCore(temp.make('ledgerflow-ipc-'));
  const inner = directClient(core);
  client = { ...inner, call: (method, input) => (called.add(method), inner.call(method, input)) };
});
afterAll(async () => {
  await core?.close();
  temp.cleanup();
});

describe('IPC handlers on a real core', () => {
  let gstId = '';
  let bhId = '';
  let invoiceIds: string[] = [];

  it('app.info names the version, the data folder and the installed plugins', async () => {
    const info = await client.call('app.info', {});
    expect(info.name).toBe('LedgerFlow');
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.dataDir).toBe(core.dataDir);
    expect(info.plugins.map((p) => p.id)).toEqual(expect.arrayContaining(['gst-in', 'vat-bh', 'none']));
  });

  it('businesses.create checks the business with its tax plugin and audits it', async () => {
    const before = await client.call('audit.verify', {});
    const gst = await client.call('businesses.create', validInputs['businesses.create']);
    gstId = gst.id;
    expect(gst).toMatchObject({ name: 'Example Traders', taxRegime: 'gst-in', currency: 'INR', taxId: '27AAPFU0939F1ZV', sandbox: true, fiscalYearStartMonth: 4 });
    const bh = await client.call('businesses.create', { name: 'Manama Trading WLL', address: 'Road 1, Manama', countryCode: 'BH', taxRegime: 'vat-bh', currency: 'BHD' });
    bhId = bh.id;
    const after = await client.call('audit.verify', {});
    expect(after.ok).toBe(true);
    expect(after.entries).toBe(before.entries + 2);
    const wrongState = await expectError(client.call('businesses.create', { ...validInputs['businesses.create'], stateCode: '29' }), 'BAD_INPUT');
    expect(wrongState.message).toContain('$.taxId');
    const wrongCurrency = await expectError(client.call('businesses.create', { ...validInputs['businesses.create'], currency: 'BHD' }), 'BAD_INPUT');
    expect(wrongCurrency.message).toContain('$.currency');
    expect((await client.call('audit.verify', {})).entries).toBe(after.entries);
  });

  it('businesses.list and businesses.get return what was created; an unknown id is NOT_FOUND', async () => {
    const list = await client.call('businesses.list', {});
    expect(list.map((b) => b.id)).toEqual([gstId, bhId]);
    expect((await client.call('businesses.get', { id: bhId })).currency).toBe('BHD');
    await expectError(client.call('businesses.get', { id: 'no-such-business' }), 'NOT_FOUND');
  });

  it('refuses unknown keys naming them, and wrong types naming the path', async () => {
    const unknown = await expectError(client.call('businesses.get', { id: gstId, extra: true } as never), 'BAD_INPUT');
    expect(unknown.message).toContain('unknown key "extra"');
    const wrongType = await expectError(client.call('customers.list', { businessId: gstId, limit: 'ten' } as never), 'BAD_INPUT');
    expect(wrongType.message).toContain('$input.limit');
    await expectError(client.call('customers.list', { businessId: gstId, limit: 501 }), 'BAD_INPUT');
  });

  it('settings.get fills defaults; settings.set changes, audits once, and refuses bad values', async () => {
    const defaults = await client.call('settings.get', {});
    expect(defaults).toMatchObject({ language: 'en', theme: 'system', includeGroundTruth: false });
    const auditBefore = (await client.call('audit.list', { action: 'settings.update' })).total;
    const changed = await client.call('settings.set', { theme: 'dark', language: 'ar' });
    expect(changed).toMatchObject({ theme: 'dark', language: 'ar', pdfWorkers: defaults.pdfWorkers });
    await client.call('settings.set', { theme: 'dark' });
    const audits = await client.call('audit.list', { action: 'settings.update' });
    expect(audits.total).toBe(auditBefore + 1);
    expect(audits.items[0]!.details).toEqual({ theme: { from: 'system', to: 'dark' }, language: { from: 'en', to: 'ar' } });
    await expectError(client.call('settings.set', { language: 'fr' } as never), 'BAD_INPUT');
    await expectError(client.call('settings.set', {}), 'BAD_INPUT');
    await expectError(client.call('settings.set', { pdfWorkers: 0 }), 'BAD_INPUT');
    expect(await client.call('settings.get', {})).toEqual(changed);
  });

  it('a stored setting that no longer fits the schema reads as its default', async () => {
    core.store.write((db) => db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('pdfWorkers', '\"many\"', 'x') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run());
    expect((await client.call('settings.get', {})).pdfWorkers).toBe(2);
  });

  it('customers.list and products.list page, sort and search within one business', async () => {
    core.store.write((db) => {
      for (let i = 0; i < 30; i++) insertCustomer(db, gstId, { name: `Customer ${String(i).padStart(2, '0')}`, email: `c${i}@example.in`, stateCode: '27' });
      insertCustomer(db, gstId, { name: 'Acmé Tea Co.', taxId: '29AAGCB7383J1Z4', stateCode: '29' });
      insertCustomer(db, bhId, { name: 'Acme Bahrain', countryCode: 'BH' });
      insertProduct(db, gstId, { sku: 'TEA-1', name: 'Assam Tea 1kg', hsn: '0902', priceMinor: 45000n, currency: 'INR', taxRate: '5' });
      insertProduct(db, gstId, { sku: 'TEA_2', name: 'Darjeeling Tea', hsn: '0902', priceMinor: 99950n, currency: 'INR', taxRate: '5' });
      insertProduct(db, gstId, { sku: 'CUP-1', name: 'Mug', hsn: '6912', priceMinor: 19900n, currency: 'INR', taxRate: '12' });
      insertProduct(db, bhId, { sku: 'BH-1', name: 'Bahrain Tea', priceMinor: 1250n, currency: 'BHD', taxRate: '10' });
    });
    const first = await client.call('customers.list', { businessId: gstId, limit: 10 });
    expect(first.total).toBe(31);
    expect(first.items).toHaveLength(10);
    expect(first.items[0]!.name).toBe('Acmé Tea Co.');
    const last = await client.call('customers.list', { businessId: gstId, offset: 30, limit: 10 });
    expect(last.items.map((c) => c.name)).toEqual(['Customer 29']);
    const acme = await client.call('customers.list', { businessId: gstId, search: 'ACME' });
    expect(acme.items.map((c) => c.name)).toEqual(['Acmé Tea Co.']);
    expect((await client.call('customers.list', { businessId: gstId, search: '29aagcb' })).total).toBe(1);
    expect((await client.call('customers.list', { businessId: gstId, search: '%' })).total).toBe(0);
    const desc = await client.call('customers.list', { businessId: gstId, sort: 'name', dir: 'desc', limit: 1 });
    expect(desc.items[0]!.name).toBe('Customer 29');

    const tea = await client.call('products.list', { businessId: gstId, search: 'tea', sort: 'price', dir: 'desc' });
    expect(tea.items.map((p) => [p.name, p.price])).toEqual([['Darjeeling Tea', '999.50'], ['Assam Tea 1kg', '450.00']]);
    expect((await client.call('products.list', { businessId: gstId, search: '_' })).items.map((p) => p.sku)).toEqual(['TEA_2']);
    const bh = await client.call('products.list', { businessId: bhId });
    expect(bh.items.map((p) => p.price)).toEqual(['1.250']);
  });

  it('invoices.list filters by status, date range, customer, batch and number; invoices.get has the lines', async () => {
    const series = core.store.read((db) => getSeries(db, gstId, 'invoice'));
    const april = issueInvoicesForBench(core.store, { businessId: gstId, series, fiscalYearStartMonth: 4, date: '2025-04-10', count: 3 });
    const may = issueInvoicesForBench(core.store, { businessId: gstId, series, fiscalYearStartMonth: 4, date: '2025-05-20', count: 2 });
    invoiceIds = [...april.ids, ...may.ids];
    voidInvoice(core.store, gstId, april.ids[0]!);
    const all = await client.call('invoices.list', { businessId: gstId });
    expect(all.total).toBe(5);
    expect(all.items[0]!.issueDate).toBe('2025-05-20');
    expect(all.items[0]!.customerName).toBe('Bench Customer Pvt Ltd');
    expect(all.items[0]!.total).toBe('1770.00');
    expect((await client.call('invoices.list', { businessId: gstId, status: 'void' })).items.map((i) => i.id)).toEqual([april.ids[0]]);
    expect((await client.call('invoices.list', { businessId: gstId, from: '2025-05-01', to: '2025-05-31' })).total).toBe(2);
    expect((await client.call('invoices.list', { businessId: gstId, to: '2025-04-10' })).total).toBe(3);
    expect((await client.call('invoices.list', { businessId: gstId, number: april.numbers[1]!.toLowerCase() })).items.map((i) => i.number)).toEqual([april.numbers[1]]);
    expect((await client.call('invoices.list', { businessId: gstId, customerId: 'nobody' })).total).toBe(0);
    expect((await client.call('invoices.list', { businessId: gstId, batchId: 'no-batch' })).total).toBe(0);
    expect((await client.call('invoices.list', { businessId: bhId })).total).toBe(0);
    const asc = await client.call('invoices.list', { businessId: gstId, sort: 'number', dir: 'asc', limit: 2, offset: 1 });
    expect(asc.items.map((i) => i.number)).toEqual([april.numbers[1], april.numbers[2]]);

    const detail = await client.call('invoices.get', { businessId: gstId, id: may.ids[0]! });
    expect(detail.lines).toHaveLength(5);
    expect(detail.lines[0]).toMatchObject({ position: 1, taxable: '100.00', tax: '18.00', total: '118.00', quantity: '1' });
    expect(detail.customer).toMatchObject({ name: 'Bench Customer Pvt Ltd' });
    // Scoped by business: the same id under another business is not found.
    await expectError(client.call('invoices.get', { businessId: bhId, id: may.ids[0]! }), 'NOT_FOUND');
    // Home's figures: the voided April invoice counts nothing (credit notes: invoice-figures.test.ts).
    expect(await client.call('invoices.figures', { businessId: gstId, from: '2025-04-01', to: '2025-05-31' })).toEqual({ invoices: 4, creditNotes: 0, voided: 1, sales: '7080.00', tax: '1080.00' });
  });

  it('sequence.check proves the series; audit.verify and audit.list walk the chain', async () => {
    const report = await client.call('sequence.check', { businessId: gstId });
    expect(report.ok).toBe(true);
    expect(report.series.find((s) => s.seriesCode === 'INV')).toMatchObject({ issued: 4, void: 1, last: 5 });
    await expectError(client.call('sequence.check', { businessId: 'nope' }), 'NOT_FOUND');
    const verify = await client.call('audit.verify', {});
    expect(verify.ok).toBe(true);
    const page1 = await client.call('audit.list', { limit: 3 });
    expect(page1.total).toBe(verify.entries);
    expect(page1.items.map((e) => e.seq)).toEqual([verify.entries, verify.entries - 1, verify.entries - 2]);
    const gstOnly = await client.call('audit.list', { businessId: gstId, limit: 500 });
    expect(gstOnly.items.every((e) => e.businessId === gstId)).toBe(true);
    expect(gstOnly.items.filter((e) => e.action === 'invoice.issue')).toHaveLength(5);
  });

  it('batches.list pages the batches of one business, newest first', async () => {
    const insert = (id: string, startedAt: string, status: string, created: number, failed: number) => core.store.write((db) => db.prepare(
      "INSERT INTO batches (id, business_id, source, status, trace_id, requested, created_count, failed_count, started_at, finished_at, duration_ms) VALUES (?, ?, 'simulation', ?, ?, ?, ?, ?, ?, ?, 1200)",
    ).run(id, gstId, status, `trace-${id}`, created + failed, created, failed, startedAt, startedAt));
    insert('batch-old', '2025-04-01T10:00:00.000Z', 'completed', 10, 0);
    insert('batch-new', '2025-05-01T10:00:00.000Z', 'completed_with_errors', 8, 2);
    const all = await client.call('batches.list', { businessId: gstId });
    expect(all.total).toBe(2);
    expect(all.items.map((b) => b.id)).toEqual(['batch-new', 'batch-old']);
    expect(all.items[0]).toMatchObject({ created: 8, failed: 2, requested: 10, createdAt: '2025-05-01T10:00:00.000Z', durationMs: 1200 });
    expect((await client.call('batches.list', { businessId: gstId, status: 'completed' })).items.map((b) => b.id)).toEqual(['batch-old']);
    expect((await client.call('batches.list', { businessId: bhId })).total).toBe(0);
  });

  it('metrics.text is Prometheus text', async () => {
    const { text } = await client.call('metrics.text', {});
    expect(text).toContain('# TYPE invoices_generated_total counter');
  });

  it('pdfSettings.get gives PDF/A-2b and tables tagged on by default; pdfSettings.set changes one business, audits each change once, and refuses bad input', async () => {
    expect(await client.call('pdfSettings.get', { businessId: gstId })).toEqual({ template: null, pdfA: true, tableTags: true });
    const auditsOf = async (action: string) => (await client.call('audit.list', { action })).items.filter((e) => e.entityId === gstId);
    expect(await client.call('pdfSettings.set', { businessId: gstId, tableTags: false })).toEqual({ template: null, pdfA: true, tableTags: false });
    expect(await client.call('pdfSettings.set', { businessId: gstId, tableTags: false, pdfA: false })).toEqual({ template: null, pdfA: false, tableTags: false });
    expect(await client.call('pdfSettings.get', { businessId: gstId })).toEqual({ template: null, pdfA: false, tableTags: false });
    expect(await client.call('pdfSettings.get', { businessId: bhId })).toEqual({ template: null, pdfA: true, tableTags: true });
    expect((await auditsOf('pdf.tabletags.set')).map((e) => e.details)).toEqual([{ tableTags: false }]);
    expect((await auditsOf('pdf.pdfa.set')).map((e) => e.details)).toEqual([{ pdfA: false }]);
    expect(await client.call('pdfSettings.set', { businessId: gstId, tableTags: true, pdfA: true })).toEqual({ template: null, pdfA: true, tableTags: true });
    await expectError(client.call('pdfSettings.set', { businessId: gstId }), 'BAD_INPUT');
    await expectError(client.call('pdfSettings.set', { businessId: gstId, tableTags: 'yes' } as never), 'BAD_INPUT');
    await expectError(client.call('pdfSettings.get', { businessId: 'no-such-business' }), 'NOT_FOUND');
    await expectError(client.call('pdfSettings.set', { businessId: 'no-such-business', tableTags: true }), 'NOT_FOUND');
    expect((await auditsOf('pdf.tabletags.set')).map((e) => e.details)).toEqual([{ tableTags: true }, { tableTags: false }]);
  });

  it('hand entry: business update, series, products and customers by hand, and one invoice quoted, drafted, issued and shown', async () => {
    const updated = await client.call('businesses.update', { id: gstId, changes: validInputs['businesses.update'].changes });
    expect(updated).toMatchObject({ signatoryName: 'A. Kulkarni', bankDetails: { ifsc: 'SBIN0000123' } });
    const series = await client.call('series.add', { businessId: gstId, code: 'SHOP1', format: 'S1/{FYS}/{SEQ:5}' });
    expect((await client.call('series.list', { businessId: gstId })).map((s) => s.code)).toContain(series.code);
    const product = await client.call('products.create', { businessId: gstId, product: { ...validInputs['products.create'].product, sku: 'HAND-TEA-1' } });
    expect(product).toMatchObject({ sku: 'HAND-TEA-1', price: '180.00', taxRate: '5' });
    expect((await client.call('products.update', { businessId: gstId, product: { id: product.id, price: '190' } })).price).toBe('190.00');
    const customer = await client.call('customers.create', { businessId: gstId, customer: { name: 'Kaveri Textiles', taxId: '29AAACR5055K1Z3' } });
    expect((await client.call('customers.update', { businessId: gstId, customer: { id: customer.id, address: '9 Brigade Road' } })).address).toBe('9 Brigade Road');
    const bad = await expectError(client.call('customers.create', { businessId: gstId, customer: { name: 'X', taxId: '29AAGCB7383J1Z5' } }), 'BAD_INPUT');
    expect((bad.details as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toEqual(['$.taxId']);
    const today = new Date().toISOString().slice(0, 10);
    const invoice = { date: today, customerId: customer.id, series: 'SHOP1', lines: [{ product: 'HAND-TEA-1', quantity: '2' }] };
    const quote = await client.call('invoices.quote', { businessId: gstId, invoice });
    expect(quote).toMatchObject({ placeOfSupply: '29', placeOfSupplyBasis: 'gstin', totals: { taxable: '380.00', tax: '19.00', grandTotal: '399.00' } });
    const draft = await client.call('invoices.saveDraft', { businessId: gstId, invoice });
    expect(draft).toMatchObject({ number: null, status: 'draft', series: 'SHOP1' });
    const other = await client.call('invoices.saveDraft', { businessId: gstId, invoice });
    expect(await client.call('invoices.discardDraft', { businessId: gstId, id: other.id })).toEqual({ id: other.id });
    const issued = await client.call('invoices.issue', { businessId: gstId, id: draft.id });
    expect(issued).toMatchObject({ status: 'issued', number: expect.stringMatching(/^S1\/\d{4}\/00001$/), pdfError: null });
    expect((await client.call('invoices.show', { businessId: gstId, id: draft.id })).totals).toEqual(quote.totals);
    expect((await client.call('audit.verify', {})).ok).toBe(true);
  }, 60_000);

  it('backup.now writes a verified backup that backup.last then names; orders.pending lists none; batches.resume refuses an unknown batch', async () => {
    expect(await client.call('backup.last', {})).toBeNull();
    const made = await client.call('backup.now', {});
    expect(made.bytes).toBeGreaterThan(0);
    expect(await client.call('backup.last', {})).toMatchObject({ path: made.path });
    // backup.list names it; backup.verify (by that name): the checks restore makes first; a
    // damaged copy is refused with the reason; a typed path is refused (no dialog vouched for it).
    const name = made.path.split('/').pop()!;
    expect((await client.call('backup.list', {})).files.map((f) => f.name)).toEqual([name]);
    expect(await client.call('backup.verify', { name })).toMatchObject({ ok: true, problems: [], createdAt: made.at, documents: made.documents });
    writeFileSync(`${made.path}.damaged.tar.gz`, readFileSync(made.path).subarray(0, 2000));
    expect(await client.call('backup.verify', { name: `${name}.damaged.tar.gz` })).toMatchObject({ ok: false, problems: [expect.stringContaining('damaged.tar.gz')] });
    await expectError(client.call('backup.verify', { name: `${name}.missing` }), 'NOT_FOUND');
    await expectError(client.call('backup.verify', { path: made.path }), 'FORBIDDEN');
    // Without a shell around the core (this direct client) a restore is refused, and nothing moves.
    await expectError(client.call('backup.restore', { name }), 'FORBIDDEN');
    expect(await client.call('orders.pending', { businessId: gstId })).toMatchObject({ orders: [] });
    await expectError(client.call('batches.resume', { businessId: gstId, batchId: '01a00000-0000-7000-8000-000000000000' }), 'NOT_FOUND');
  }, 60_000);

  it('gst.workspace sets the GSTR-1 summary beside the register and names what blocks e-invoicing; the files are written; an IRP response is checked before it is attached', async () => {
    // This month: the hand invoice above (its customer's address has no PIN code) and one to a
    // customer with a full address, so one invoice is ready for the IRP and one is blocked.
    const today = new Date().toISOString().slice(0, 10);
    const period = `${today.slice(5, 7)}${today.slice(0, 4)}`;
    const vaigai = await client.call('customers.create', { businessId: gstId, customer: { name: 'Vaigai Silks Private Limited', taxId: '29AAHCS3391E1Z5', address: '44, Commercial Street\nBengaluru 560001' } });
    const draft = await client.call('invoices.saveDraft', { businessId: gstId, invoice: { date: today, customerId: vaigai.id, series: 'SHOP1', lines: [{ product: 'HAND-TEA-1', quantity: '3' }] } });
    const ready = await client.call('invoices.issue', { businessId: gstId, id: draft.id });
    const view = await client.call('gst.workspace', { businessId: gstId, period });
    expect(view).toMatchObject({ gstin: '27AAPFU0939F1ZV', period, totals: { documents: 2, voided: 0 } });
    expect(view.sections.find((s) => s.section === 'b2b')).toMatchObject({ documents: 2 });
    expect(view.register).toMatchObject({ documents: 2, voided: 0, tax: view.totals.tax, invoiceValue: view.totals.invoiceValue });
    expect(view.checks.map((c) => [c.name, c.equal])).toEqual([['documents', true], ['voided', true], ['taxable', true], ['nonTaxable', true], ['tax', true], ['invoiceValue', true]]);
    expect(view.einvoice).toMatchObject({ ready: 1, notApplicable: 0, registered: 0 });
    expect(view.einvoice.blocked).toEqual([expect.objectContaining({ customerName: 'Kaveri Textiles', customerId: expect.any(String), missing: expect.arrayContaining([expect.stringMatching(/^BuyerDtls\.Pin/)]) })]);
    await expectError(client.call('gst.workspace', { businessId: bhId, period }), 'BAD_INPUT');
    await expectError(client.call('gst.workspace', { businessId: gstId, period: '132025' }), 'BAD_INPUT');

    const gstr1 = await client.call('gst.exportGstr1', { businessId: gstId, period });
    expect(gstr1).toMatchObject({ fileName: `GSTR1-27AAPFU0939F1ZV-${period}.json`, documents: 2 });
    expect(JSON.parse(readFileSync(gstr1.path, 'utf8'))).toMatchObject({ gstin: '27AAPFU0939F1ZV', fp: period, b2b: expect.any(Array) });
    // A path the caller typed is refused: files go where the Save dialog chose, or into exports/.
    await expectError(client.call('gst.exportGstr1', { businessId: gstId, period, out: join(core.dataDir, 'typed.json') }), 'FORBIDDEN');
    const einvoice = await client.call('gst.exportEinvoice', { businessId: gstId, period });
    expect(einvoice).toMatchObject({ documents: 1, refused: 1 });
    expect((JSON.parse(readFileSync(einvoice.path, 'utf8')) as Array<{ DocDtls: { No: string } }>).map((d) => d.DocDtls.No)).toEqual([ready.number]);
    // Nothing is ready for the IRP in a month without B2B invoices: refused, not written empty.
    await expectError(client.call('gst.exportEinvoice', { businessId: gstId, period: '012020' }), 'BAD_INPUT');

    // The IRP's answer: the QR code's signed particulars must match the invoice it names.
    const shown = await client.call('invoices.show', { businessId: gstId, id: draft.id });
    const date = `${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}`;
    const response = (value: string, irn: string) => {
      const data = `{"SellerGstin":"27AAPFU0939F1ZV","BuyerGstin":"29AAHCS3391E1Z5","DocNo":"${ready.number!}","DocTyp":"INV","DocDt":"${date}","TotInvVal":${value},"Irn":"${irn}"}`;
      const b64 = (text: string) => Buffer.from(text).toString('base64url');
      return { Irn: irn, AckNo: '112510000000001', AckDt: `${today} 10:00:00`, SignedQRCode: `${b64('{"alg":"RS256"}')}.${b64(JSON.stringify({ data }))}.${b64('signature')}` };
    };
    const file = Buffer.from(JSON.stringify([response('1.00', 'a'.repeat(64)), response(shown.totals.grandTotal, 'b'.repeat(64))])).toString('base64');
    const imported = await client.call('gst.importIrn', { businessId: gstId, fileName: 'irp-response.json', content: file });
    expect(imported.entries).toBe(2);
    expect(imported.refused).toEqual([{ entry: 1, number: ready.number, reason: expect.stringMatching(/value 1\.00 is not the invoice's/) }]);
    expect(imported.attached).toEqual([{ invoiceId: draft.id, number: ready.number, irn: 'b'.repeat(64) }]);
    expect((await client.call('gst.workspace', { businessId: gstId, period })).einvoice.registered).toBe(1);
    const notIrp = await expectError(client.call('gst.importIrn', { businessId: gstId, fileName: 'notes.txt', content: Buffer.from('hello').toString('base64') }), 'BAD_INPUT');
    expect(notIrp.message).toMatch(/notes\.txt: .*no header row with an IRN column/);
  }, 60_000);

  it('sync.status says not connected; sync.test and sync.connect name an unreachable server without its password; push and pull ask to connect first', async () => {
    const status = await client.call('sync.status', {});
    expect(status).toMatchObject({ state: 'disabled', connected: false, seat: null, pending: expect.any(Number), errors: [], conflicts: [], background: false });
    expect(status.credentials).toMatch(/sync-credentials/);
    const port = await freePort();
    const url = `postgresql://lf_counter_2:s3cret-pw@127.0.0.1:${port}/ledger`;
    const tested = await expectError(client.call('sync.test', { url }), 'SYNC_FAILED');
    expect(tested.message).toContain(`lf_counter_2@127.0.0.1:${port}/ledger`);
    expect(tested.message).not.toContain('s3cret-pw');
    expect((await expectError(client.call('sync.connect', { url }), 'SYNC_FAILED')).message).not.toContain('s3cret-pw');
    expect((await client.call('sync.status', {})).connected).toBe(false);
    await expectError(client.call('sync.test', { url: 'http://example.com/' } as never), 'BAD_INPUT');
    expect((await expectError(client.call('sync.push', {}), 'BAD_INPUT')).message).toMatch(/not connected to a sync server/);
    await expectError(client.call('sync.pull', {}), 'BAD_INPUT');
  }, 60_000);

  it('called every method of the contract (imports.* in imports.test.ts; batches.run/cancel/retry, exports.*, invoice actions in batches.test.ts; pdfSettings.*Template in pdf-template.test.ts)', () => {
    expect(invoiceIds).toHaveLength(5);
    const elsewhere = new Set<string>(['imports.preview', 'imports.commit', 'batches.run', 'batches.cancel', 'batches.retry', 'exports.create', 'invoices.pdf', 'invoices.void', 'invoices.creditNote', 'invoices.debitNote', 'invoices.creditable',
      'pdfSettings.checkTemplate', 'pdfSettings.useTemplate', 'pdfSettings.resetTemplate']);
    expect([...called].sort()).toEqual(METHOD_NAMES.filter((m) => !elsewhere.has(m)).sort());
  });
});
