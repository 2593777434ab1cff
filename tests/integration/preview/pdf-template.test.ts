// A business's own template from the app (pdfSettings.checkTemplate / useTemplate / resetTemplate)
// through the renderer's typed client: the template travels as one .typ file's bytes, is checked
// with the CLI's own functions (errors with file, line and column), installed only when every
// sample invoice passed, and prints the next invoice; reset goes back to the built-in template.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/create-core.js';
import { sampleInvoices } from '../../../src-main/pdf/samples.js';
import { templatesDir } from '../../../src-main/pdf/settings.js';
import { IpcError, type IpcClient } from '../../../src-renderer/ipc/client.js';
import { TempDirs } from '../../helpers/temp.js';
import { validInputs } from '../../unit/ipc/examples.js';
import { directClient, makeCore } from './helpers.js';

const temp = new TempDirs();
let core: Core;
let client: IpcClient;
let businessId = '';
let customerId = '';
let out = '';

const EXAMPLE = readFileSync(new URL('../../../resources/templates/example/invoice.typ', import.meta.url));
const BROKEN = '#let data = json(bytes(sys.inputs.data))\n\nTotal: #data.document.totals.grandTotal.amount\n';
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

async function expectError(promise: Promise<unknown>, code: string): Promise<IpcError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(IpcError);
  expect((error as IpcError).code).toBe(code);
  return error as IpcError;
}

const audits = async (action: string) => (await client.call('audit.list', { action })).items.filter((e) => e.entityId === businessId);

/** Issues a one-line invoice and gives the text of its PDF (pdftotext, as a reader sees it). */
async function nextInvoiceText(): Promise<string> {
  const invoice = { date: new Date().toISOString().slice(0, 10), customerId, lines: [{ description: 'Repair', hsn: '998713', rate: '18', quantity: 1, price: '500' }] };
  const draft = await client.call('invoices.saveDraft', { businessId, invoice });
  const issued = await client.call('invoices.issue', { businessId, id: draft.id });
  expect(issued.pdfError).toBeNull();
  const pdf = await client.call('invoices.pdf', { businessId, id: draft.id });
  const file = join(out, `${draft.id}.pdf`);
  writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

beforeAll(async () => {
  core = await makeCore(temp.make('ledgerflow-ipc-template-'));
  out = temp.make('ledgerflow-ipc-template-out-');
  client = directClient(core);
  businessId = (await client.call('businesses.create', validInputs['businesses.create'])).id;
  customerId = (await client.call('customers.create', { businessId, customer: { name: 'Kaveri Textiles', taxId: '29AAACR5055K1Z3', address: '9 Brigade Road' } })).id;
});
afterAll(async () => {
  await core?.close();
  temp.cleanup();
});

describe("a business's own template over IPC", () => {
  it('refuses a template that does not compile, with its file name, line and column; nothing is installed', async () => {
    const input = { businessId, fileName: 'invoice.typ', content: b64(BROKEN) };
    const check = await client.call('pdfSettings.checkTemplate', input);
    expect(check.ok).toBe(false);
    expect(check.template).toBe('invoice.typ');
    const error = check.diagnostics.find((d) => d.severity === 'error')!;
    expect(error).toMatchObject({ file: 'invoice.typ', line: 3 });
    expect(error.column).toBeGreaterThan(1);
    expect(error.message).toMatch(/string|field|amount/);
    // The private temp folder the file was checked in is neither shown nor kept.
    expect(JSON.stringify(check)).not.toMatch(/ledgerflow-template-/);
    const used = await client.call('pdfSettings.useTemplate', input);
    expect(used.ok).toBe(false);
    expect(used.diagnostics).toEqual(check.diagnostics);
    expect(used.settings).toEqual({ template: null, pdfA: true, tableTags: true });
    expect(await client.call('pdfSettings.get', { businessId })).toEqual({ template: null, pdfA: true, tableTags: true });
    expect(await audits('pdf.template.set')).toEqual([]);
    expect(existsSync(templatesDir(core.dataDir, businessId))).toBe(false);
    expect(await nextInvoiceText()).toContain('BILL TO');
  }, 120_000);

  it('installs the documented example template after every sample passed, prints the next invoice with it, and keeps it when a broken one is tried', async () => {
    const check = await client.call('pdfSettings.checkTemplate', { businessId, fileName: 'invoice.typ', content: b64(EXAMPLE) });
    expect(check).toMatchObject({ ok: true, template: 'invoice.typ', settings: { template: null } });
    const used = await client.call('pdfSettings.useTemplate', { businessId, fileName: 'My Invoice.typ', content: b64(EXAMPLE) });
    expect(used.ok).toBe(true);
    expect(used.samples.map((x) => x.number)).toEqual(sampleInvoices('gst-in').map((d) => d.number));
    expect(used.samples.every((s) => s.ok && s.pages > 0)).toBe(true);
    expect(used.settings.template).toBe('My Invoice.typ');
    expect(await client.call('pdfSettings.get', { businessId })).toEqual({ template: 'My Invoice.typ', pdfA: true, tableTags: true });
    const [set] = await audits('pdf.template.set');
    expect(set).toMatchObject({ actor: 'test', details: { template: 'My Invoice.typ' } });
    // The checked copy is in the data folder, byte for byte the file sent.
    const [copy] = readdirSync(templatesDir(core.dataDir, businessId));
    expect(readFileSync(join(templatesDir(core.dataDir, businessId), copy!, 'My Invoice.typ'))).toEqual(EXAMPLE);
    // Only the example prints "Invoice No.:" and "Bill to" (the built-in template: "Invoice No." and "BILL TO").
    const text = await nextInvoiceText();
    expect(text).toContain('Invoice No.:');
    expect(text).toContain('Bill to');
    expect(text).not.toContain('BILL TO');

    const refused = await client.call('pdfSettings.useTemplate', { businessId, fileName: 'broken.typ', content: b64(BROKEN) });
    expect(refused.ok).toBe(false);
    expect(refused.diagnostics.find((d) => d.severity === 'error')).toMatchObject({ file: 'broken.typ', line: 3 });
    expect(refused.settings.template).toBe('My Invoice.typ');
    expect(await audits('pdf.template.set')).toHaveLength(1);
    expect(readdirSync(templatesDir(core.dataDir, businessId))).toEqual([copy]);
    expect(await nextInvoiceText()).toContain('Bill to');
  }, 180_000);

  it('goes back to the built-in template on reset (audited once) and prints the next invoice with it', async () => {
    expect(await client.call('pdfSettings.resetTemplate', { businessId })).toEqual({ template: null, pdfA: true, tableTags: true });
    expect(await client.call('pdfSettings.resetTemplate', { businessId })).toEqual({ template: null, pdfA: true, tableTags: true });
    expect(await audits('pdf.template.reset')).toHaveLength(1);
    expect(await nextInvoiceText()).toContain('BILL TO');
  }, 120_000);

  it('refuses a template file over 1 MB with both sizes, a file that is not a plain .typ name, and an unknown business, before writing anything', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
    const tooLarge = await expectError(client.call('pdfSettings.useTemplate', { businessId, fileName: 'big.typ', content: b64(big) }), 'BAD_INPUT');
    expect(tooLarge.message).toMatch(/big\.typ is 1\.0 MB; a template file may be at most 1 MB/);
    expect(tooLarge.details).toMatchObject({ field: 'content', bytes: 1024 * 1024 + 1, limit: 1024 * 1024 });
    // Exactly the limit is taken (and refused by the check, not by its size).
    expect((await client.call('pdfSettings.checkTemplate', { businessId, fileName: 'big.typ', content: b64(Buffer.alloc(1024 * 1024, 0x20)) })).ok).toBe(false);
    for (const fileName of ['invoice.pdf', 'invoice.typ.txt', '../invoice.typ', '/tmp/invoice.typ', '.hidden.typ']) {
      const bad = await expectError(client.call('pdfSettings.useTemplate', { businessId, fileName, content: b64(EXAMPLE) }), 'BAD_INPUT');
      expect(bad.message, fileName).toContain('.fileName');
    }
    await expectError(client.call('pdfSettings.checkTemplate', { businessId: 'no-such-business', fileName: 'invoice.typ', content: b64(EXAMPLE) }), 'NOT_FOUND');
    await expectError(client.call('pdfSettings.resetTemplate', { businessId: 'no-such-business' }), 'NOT_FOUND');
    expect(await client.call('pdfSettings.get', { businessId })).toEqual({ template: null, pdfA: true, tableTags: true });
    expect(await audits('pdf.template.set')).toHaveLength(1);
  }, 60_000);
});
