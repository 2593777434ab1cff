// imports.preview / imports.commit through the typed client: the file travels as base64 bytes,
// the preview writes nothing, the commit writes the rows and audits, progress events go out,
// notes travel as codes with parameters, and the importMaxBytes setting is enforced before
// anything is parsed.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/create-core.js';
import type { IpcClient } from '../../../src-renderer/ipc/client.js';
import type { EventPayload } from '../../../src-shared/ipc/events.js';
import { TempDirs } from '../../helpers/temp.js';
import { validInputs } from '../../unit/ipc/examples.js';
import { directClient, makeCore, tableCounts } from './helpers.js';

const temp = new TempDirs();
let core: Core;
let client: IpcClient;
let businessId = '';
const csv = readFileSync(new URL('../../fixtures/import/products-clean.csv', import.meta.url));

beforeAll(async () => {
  core = await makeCore(temp.make('ledgerflow-ipc-import-'));
  client = directClient(core);
  businessId = (await client.call('businesses.create', validInputs['businesses.create'])).id;
});
afterAll(async () => {
  await core?.close();
  temp.cleanup();
});

describe('imports over IPC', () => {
  it('previews a spreadsheet sent as bytes without writing, then commits it', async () => {
    const progress: Array<EventPayload<'import.progress'>> = [];
    const off = client.on('import.progress', (p) => progress.push(p));
    const input = { businessId, kind: 'products' as const, fileName: 'products-clean.csv', content: csv.toString('base64') };
    const before = core.store.read((db) => tableCounts(db));
    const preview = await client.call('imports.preview', input);
    expect(preview).toMatchObject({ committed: false, valid: 4, invalid: 0, fileName: 'products-clean.csv', format: 'csv' });
    expect(preview.mapping.map((m) => m.field)).toEqual(expect.arrayContaining(['sku', 'name', 'hsn']));
    expect(core.store.read((db) => tableCounts(db))).toEqual(before);

    const committed = await client.call('imports.commit', input);
    expect(committed).toMatchObject({ committed: true, created: 4 });
    const products = await client.call('products.list', { businessId, sort: 'price' });
    expect(products.items.map((p) => [p.sku, p.price])).toContainEqual(['MLK-1', '56.00']);
    expect((await client.call('audit.verify', {})).ok).toBe(true);
    off();
    expect(progress.map((p) => p.phase)).toEqual(['reading', 'done', 'reading', 'done']);
    expect(progress[3]).toMatchObject({ businessId, kind: 'products', rowsDone: 4, importId: committed.importId });
  });

  it('carries the notes as codes with parameters, checked against the contract (the wizard translates them)', async () => {
    const content = Buffer.from('Product Name,Base Price,GST %\nMasala tea,12.50,5\nFilter coffee,call us,5\n').toString('base64');
    const refused = await client.call('imports.commit', { businessId, kind: 'products', fileName: 'one-bad-row.csv', content });
    expect(refused).toMatchObject({ committed: false, invalid: 1 });
    expect(refused.notes).toEqual([
      { code: 'percentReading', params: { field: 'taxRate', column: 'C', reading: 'percent', mixed: false } },
      { code: 'nothingWrittenErrors', params: { count: 1 } },
    ]);
  });

  it('refuses a file over the importMaxBytes setting before parsing it', async () => {
    await client.call('settings.set', { importMaxBytes: 2048 });
    const big = Buffer.alloc(4096, 'a,b\n').toString('base64');
    await expect(client.call('imports.preview', { businessId, kind: 'products', fileName: 'big.csv', content: big })).rejects.toMatchObject({ code: 'IMPORT_TOO_LARGE' });
    await client.call('settings.set', { importMaxBytes: 5 * 1024 * 1024 });
  });

  it('refuses an unknown business, a path-like file name and content that is not base64', async () => {
    const content = csv.toString('base64');
    await expect(client.call('imports.preview', { businessId: 'nope', kind: 'products', fileName: 'p.csv', content })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(client.call('imports.preview', { businessId, kind: 'products', fileName: '../../etc/passwd', content })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(client.call('imports.preview', { businessId, kind: 'products', fileName: 'p.csv', content: 'not base64!' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
