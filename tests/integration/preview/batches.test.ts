// batches.run / cancel / retry and exports.create through the typed client on a real core:
// progress events on the bus, cancellation after the current chunk, a ZIP in the data folder (or
// at a dialog-chosen path only), the bytes back over the preview transport.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/create-core.js';
import { dispatch } from '../../../src-main/core/dispatch.js';
import { insertProduct } from '../../../src-main/db/repos/catalogue.js';
import { createClient, type IpcClient } from '../../../src-renderer/ipc/client.js';
import type { EventPayload } from '../../../src-shared/ipc/events.js';
import { TempDirs } from '../../helpers/temp.js';
import { validInputs } from '../../unit/ipc/examples.js';
import { directClient, makeCore } from './helpers.js';

const temp = new TempDirs();
let core: Core;
let client: IpcClient;
let businessId = '';

/** A client whose calls look like they came over a given transport, with given dialog grants. */
function clientVia(transport: 'preview' | 'electron', granted: string[] = []): IpcClient {
  return createClient({
    kind: transport,
    call: (method, input) => dispatch(core, method, structuredClone(input), { actor: 'test', transport, canWrite: (p) => granted.includes(p) }, { checkOutput: true }),
    on: () => () => undefined,
  });
}

beforeAll(async () => {
  core = await makeCore(temp.make('ledgerflow-ipc-batches-'));
  client = directClient(core);
  businessId = (await client.call('businesses.create', validInputs['businesses.create'])).id;
  core.store.write((db) => {
    for (let i = 0; i < 12; i++) insertProduct(db, businessId, { sku: `P-${i}`, name: `Product ${i}`, hsn: '8471', priceMinor: BigInt(10_000 + i * 250), currency: 'INR', taxRate: i % 2 ? '18' : '5' });
  });
}, 60_000);
afterAll(async () => {
  await core?.close();
  temp.cleanup();
});

describe('batches over IPC', () => {
  let pdfBatchId = '';

  it('runs a simulated batch, emitting batch.progress, and lists it', async () => {
    const events: Array<EventPayload<'batch.progress'>> = [];
    const off = client.on('batch.progress', (p) => events.push(p));
    const report = await client.call('batches.run', { source: 'simulation', businessId, count: 6, profile: 'basic', seed: '7', pdf: false });
    off();
    expect(report).toMatchObject({ status: 'completed', created: 6, failed: 0 });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.batchId === report.batchId && e.businessId === businessId)).toBe(true);
    expect(events.at(-1)).toMatchObject({ phase: 'done', done: 6, total: 6 });
    expect((await client.call('invoices.list', { businessId, batchId: report.batchId })).total).toBe(6);
    expect((await client.call('batches.list', { businessId })).items[0]).toMatchObject({ id: report.batchId, created: 6, status: 'completed' });
    expect((await client.call('sequence.check', { businessId })).ok).toBe(true);
  });

  it('cancels a running batch after its current chunk', async () => {
    let cancelled: Promise<unknown> | undefined;
    const off = client.on('batch.progress', (p) => {
      cancelled ??= client.call('batches.cancel', { businessId, batchId: p.batchId });
    });
    const report = await client.call('batches.run', { source: 'simulation', businessId, count: 3000, profile: 'basic', seed: '8', pdf: false, chunkSize: 25 });
    off();
    await expect(cancelled).resolves.toEqual({ cancelled: true });
    expect(report.status).toBe('cancelled');
    expect(report.created).toBeLessThan(3000);
    await expect(client.call('batches.cancel', { businessId, batchId: report.batchId })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(client.call('batches.cancel', { businessId, batchId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await client.call('sequence.check', { businessId })).ok).toBe(true);
  });

  it('runs a batch with PDFs, retries it without duplicates, and refuses batches of another business', async () => {
    const events: Array<EventPayload<'batch.progress'>> = [];
    const off = client.on('batch.progress', (p) => events.push(p));
    const report = await client.call('batches.run', { source: 'simulation', businessId, count: 3, profile: 'basic', seed: '9' });
    off();
    expect(report).toMatchObject({ status: 'completed', created: 3 });
    // The PDF stage reaches the UI as its own count (it sat at "3 of 3" while PDFs were written).
    const rendering = events.filter((e) => e.phase === 'rendering');
    expect(rendering[0]).toMatchObject({ done: 3, total: 3, pdfsDone: 0, pdfsTotal: 3 });
    expect(rendering.at(-1)).toMatchObject({ pdfsDone: 3, pdfsTotal: 3 });
    pdfBatchId = report.batchId;
    const retried = await client.call('batches.retry', { businessId, batchId: pdfBatchId });
    expect(retried.batchId).toBe(pdfBatchId);
    expect((await client.call('invoices.list', { businessId, batchId: pdfBatchId })).total).toBe(3);
    const other = await client.call('businesses.create', { name: 'Other', address: 'x', countryCode: 'BH', taxRegime: 'vat-bh', currency: 'BHD', sandbox: true });
    await expect(client.call('batches.retry', { businessId: other.id, batchId: pdfBatchId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(client.call('exports.create', { businessId: other.id, batchId: pdfBatchId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 120_000);

  it("returns an invoice's PDF checked against its recorded SHA-256, and refuses a changed file", async () => {
    const [first] = (await client.call('invoices.list', { businessId, batchId: pdfBatchId, sort: 'number', dir: 'asc' })).items;
    const pdf = await client.call('invoices.pdf', { businessId, id: first!.id });
    const bytes = Buffer.from(pdf.base64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.sha256).toBe(first!.pdfSha256);
    expect(pdf.bytes).toBe(bytes.length);
    const noPdf = (await client.call('invoices.list', { businessId, limit: 500 })).items.find((i) => i.pdfSha256 === null)!;
    await expect(client.call('invoices.pdf', { businessId, id: noPdf.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const file = join(core.dataDir, 'documents', businessId, (await client.call('invoices.get', { businessId, id: first!.id })).fiscalYear!, pdf.fileName);
    const original = readFileSync(file);
    writeFileSync(file, Buffer.concat([original, Buffer.from('%tampered')]));
    await expect(client.call('invoices.pdf', { businessId, id: first!.id })).rejects.toMatchObject({ code: 'PDF_FAILED' });
    writeFileSync(file, original);
  });

  it('exports the ZIP into the data folder, and returns its bytes over the preview', async () => {
    const viaPreview = await clientVia('preview').call('exports.create', { businessId, batchId: pdfBatchId });
    expect(viaPreview.invoices).toBe(3);
    expect(viaPreview.path.startsWith(join(core.dataDir, 'exports'))).toBe(true);
    const bytes = Buffer.from(viaPreview.base64!, 'base64');
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.length).toBe(viaPreview.bytes);
    expect(bytes).toEqual(readFileSync(viaPreview.path));
    const desktop = await clientVia('electron').call('exports.create', { businessId, batchId: pdfBatchId });
    expect(desktop.base64).toBeUndefined();
  }, 120_000);

  it('writes to a caller-named path only when the user chose it in the save dialog', async () => {
    const target = join(temp.make('ledgerflow-chosen-'), 'my-export.zip');
    await expect(clientVia('electron').call('exports.create', { businessId, batchId: pdfBatchId, out: target })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(clientVia('preview').call('exports.create', { businessId, batchId: pdfBatchId, out: target })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(existsSync(target)).toBe(false);
    const chosen = await clientVia('electron', [target]).call('exports.create', { businessId, batchId: pdfBatchId, out: target });
    expect(chosen).toMatchObject({ path: target, fileName: 'my-export.zip', invoices: 3 });
    expect(existsSync(target)).toBe(true);
    expect((await client.call('audit.verify', {})).ok).toBe(true);
  }, 120_000);
  it('voids an invoice and issues a credit note with its PDF, keeping the sequences whole', async () => {
    const [first, second] = (await client.call('invoices.list', { businessId, batchId: pdfBatchId, sort: 'number', dir: 'asc' })).items;
    const voided = await client.call('invoices.void', { businessId, id: first!.id, reason: 'Entered twice' });
    expect(voided).toEqual({ id: first!.id, number: first!.number, status: 'void' });
    await expect(client.call('invoices.void', { businessId, id: first!.id, reason: 'again' })).rejects.toMatchObject({ code: 'CONFLICT' });
    // The voided invoice's PDF was rendered again (the CANCELLED mark): still served, matching its new hash.
    expect(Buffer.from((await client.call('invoices.pdf', { businessId, id: first!.id })).base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const before = await client.call('invoices.creditable', { businessId, id: second!.id });
    expect(before).toMatchObject({ number: second!.number, left: second!.total, creditNotes: [] });
    const note = await client.call('invoices.creditNote', { businessId, id: second!.id, reason: 'Goods returned', lines: [{ line: 1, quantity: before.lines[0]!.quantity }] });
    expect(note.number).toMatch(/^CN\//);
    expect(note.totals.grandTotal).toMatch(/^-/);
    const after = await client.call('invoices.creditable', { businessId, id: second!.id });
    expect(after.lines[0]!.leftQuantity).toBe('0');
    expect(after.creditNotes.map((n) => n.number)).toEqual([note.number]);
    const detail = await client.call('invoices.get', { businessId, id: second!.id });
    expect(detail.creditNotes?.map((n) => n.number)).toEqual([note.number]);
    expect((await client.call('invoices.get', { businessId, id: note.id })).creditNoteFor).toMatchObject({ id: second!.id, number: second!.number });
    await expect(client.call('invoices.creditNote', { businessId, id: second!.id, reason: 'again', lines: [{ line: 1, quantity: '1' }] })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    // The invoice's PDF now lists its credit note and still matches its recorded hash.
    expect((await client.call('invoices.pdf', { businessId, id: second!.id })).bytes).toBeGreaterThan(0);
    const pdf = await client.call('invoices.pdf', { businessId, id: note.id });
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect((await client.call('sequence.check', { businessId })).ok).toBe(true);
  }, 120_000);
  it('issues a debit note over IPC with its PDF, linked both ways, and refuses one against a voided invoice or a credit note', async () => {
    const [first, , third] = (await client.call('invoices.list', { businessId, batchId: pdfBatchId, sort: 'number', dir: 'asc' })).items;
    const note = await client.call('invoices.debitNote', { businessId, id: third!.id, reason: 'One more delivered', lines: [{ line: 1, quantity: '1' }], requestKey: 'dn-request-0001' });
    expect(note.number).toMatch(/^DN\//);
    expect(note.totals.grandTotal).not.toMatch(/^-/);
    // The same request key again (a second click) gets the same note, not a second one.
    expect((await client.call('invoices.debitNote', { businessId, id: third!.id, reason: 'One more delivered', lines: [{ line: 1, quantity: '1' }], requestKey: 'dn-request-0001' })).id).toBe(note.id);
    expect((await client.call('invoices.get', { businessId, id: third!.id })).debitNotes?.map((n) => n.number)).toEqual([note.number]);
    expect((await client.call('invoices.get', { businessId, id: note.id })).debitNoteFor).toMatchObject({ id: third!.id, number: third!.number });
    expect(Buffer.from((await client.call('invoices.pdf', { businessId, id: note.id })).base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    await expect(client.call('invoices.debitNote', { businessId, id: first!.id, reason: 'x', value: '10' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/is void/) });
    const credit = (await client.call('invoices.get', { businessId, id: (await client.call('invoices.list', { businessId, batchId: pdfBatchId, sort: 'number', dir: 'asc' })).items[1]!.id })).creditNotes![0]!;
    await expect(client.call('invoices.debitNote', { businessId, id: credit.id, reason: 'x', value: '10' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/is a credit note/) });
    expect((await client.call('audit.verify', {})).ok).toBe(true);
  }, 120_000);
});
