// Restore from the UI, through the handlers the preview bridge and the Electron IPC reach (a
// CoreHost, as `ledgerflow preview` and the desktop app hold): a backup is named by its file name
// in the backup folder or by a path the native dialog vouched for (a typed path is refused); a
// restore is refused while a batch runs in this app or another process holds the folder, and a
// damaged backup is refused with the data and the open core untouched; a good one closes the
// core, restores, reopens, and issuing continues after the highest number ever taken, with no PDF
// name reused. Other calls meanwhile get RESTORING.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createCore } from '../../../src-main/core/create-core.js';
import { createCoreHost, type CoreHost } from '../../../src-main/core/core-host.js';
import { insertProduct } from '../../../src-main/db/repos/catalogue.js';
import { silentLogger } from '../../../src-main/log/logger.js';
import { createClient, type IpcClient } from '../../../src-renderer/ipc/client.js';
import { TempDirs } from '../../helpers/temp.js';
import { validInputs } from '../../unit/ipc/examples.js';
import { prepareLedgerWorkers, type LedgerWorkers } from '../../helpers/ledger-process.js';

const temp = new TempDirs();
const hosts: CoreHost[] = [];
let workers: LedgerWorkers;
beforeAll(() => {
  workers = prepareLedgerWorkers();
});
afterAll(() => {
  workers.dispose();
  temp.cleanup();
});
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

/** A host as the shells make it (reopening through createCore on the same bus), and a client over it. */
async function hostOn(dataDir: string, granted: string[] = []): Promise<{ host: CoreHost; client: IpcClient }> {
  const open = (events?: Parameters<typeof createCore>[0]['events']) => createCore({ dataDir, logger: silentLogger, events });
  const host = createCoreHost(await open(), open);
  hosts.push(host);
  const client = createClient({
    kind: 'preview',
    call: (method, input) => host.dispatch(method, structuredClone(input), { actor: 'test', transport: 'preview', canRead: (p) => granted.includes(p) }, { checkOutput: true }),
    on: (event, handler) => host.events.on((name, payload) => name === event && handler(payload)),
  });
  return { host, client };
}

async function business(host: CoreHost, client: IpcClient): Promise<string> {
  const id = (await client.call('businesses.create', validInputs['businesses.create'])).id;
  host.current().store.write((db) => {
    for (let i = 0; i < 4; i++) insertProduct(db, id, { sku: `P-${i}`, name: `Product ${i}`, hsn: '8471', priceMinor: BigInt(10_000 + i * 250), currency: 'INR', taxRate: '18' });
  });
  return id;
}

const run = (client: IpcClient, businessId: string, count: number, seed: string, pdf = true) =>
  client.call('batches.run', { source: 'simulation', businessId, count, profile: 'basic', seed, pdf });

const numbers = async (client: IpcClient, businessId: string) =>
  (await client.call('invoices.list', { businessId, limit: 500 })).items.map((i) => i.number).filter((n): n is string => Boolean(n)).sort();

/** Every file under documents/ (relative names). */
function pdfs(dataDir: string): string[] {
  const root = join(dataDir, 'documents');
  if (!existsSync(root)) return [];
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as Array<{ name: string; isFile(): boolean }>).filter((e) => e.isFile()).map((e) => e.name).sort();
}

const expectCode = async (promise: Promise<unknown>, code: string) => expect(promise).rejects.toMatchObject({ code });

describe('backup.restore through the IPC handlers', () => {
  it('restores a verified backup, reopens the core, and issuing continues with no number and no PDF reused', async () => {
    const dataDir = temp.make('lf-ui-restore-');
    const { host, client } = await hostOn(dataDir);
    const businessId = await business(host, client);
    await run(client, businessId, 4, 'a');
    const made = await client.call('backup.now', {});
    const listed = await client.call('backup.list', {});
    expect(listed.files.map((f) => f.name)).toEqual([basename(made.path)]);
    const checked = await client.call('backup.verify', { name: basename(made.path) });
    expect(checked).toMatchObject({ ok: true, invoices: 4, file: made.path, dataDir });
    expect(checked.series).toEqual([expect.objectContaining({ lastSeq: 4, lastNumber: expect.stringMatching(/4$/) })]);
    // Issued after the backup: 5–7 with their PDFs, then lost by restoring the backup.
    await run(client, businessId, 3, 'b');
    const before = await numbers(client, businessId);
    expect(before).toHaveLength(7);
    const pdfsBefore = pdfs(dataDir);
    expect(pdfsBefore).toHaveLength(7);
    const oldCore = host.current();

    const restoring = client.call('backup.restore', { name: basename(made.path) });
    // While the restore runs, other calls are refused with RESTORING (not a crash).
    await expectCode(client.call('businesses.list', {}), 'RESTORING');
    const restored = await restoring;
    expect(restored).toMatchObject({ invoices: 4, aside: expect.stringContaining(join(dataDir, 'replaced-')) });
    expect(restored.skipped).toEqual([expect.objectContaining({ from: 5, to: 7 })]);
    expect(host.current()).not.toBe(oldCore);
    // The replaced data is kept aside, whole.
    expect(readdirSync(join(restored.aside!, 'documents'), { recursive: true }).filter((n) => String(n).endsWith('.pdf'))).toHaveLength(7);
    expect(await numbers(client, businessId)).toEqual(before.slice(0, 4));
    expect(pdfs(dataDir)).toEqual(pdfsBefore.slice(0, 4));

    await run(client, businessId, 2, 'c');
    const after = await numbers(client, businessId);
    const fresh = after.filter((n) => !before.includes(n));
    expect(fresh).toHaveLength(2);
    // Continues after 7 (the highest ever taken here), not after the backup's 4.
    expect(fresh.map((n) => Number(/(\d+)$/.exec(n)![1]))).toEqual([8, 9]);
    const pdfsAfter = pdfs(dataDir);
    expect(pdfsAfter).toHaveLength(6);
    for (const name of pdfsAfter.filter((n) => !pdfsBefore.slice(0, 4).includes(n))) expect(pdfsBefore).not.toContain(name);
    expect((await client.call('sequence.check', { businessId })).problems).toEqual([]);
    expect((await client.call('audit.verify', {})).ok).toBe(true);
  }, 180_000);

  it('refuses a damaged backup with its problems: the data and the open core are untouched', async () => {
    const dataDir = temp.make('lf-ui-restore-bad-');
    const { host, client } = await hostOn(dataDir);
    const businessId = await business(host, client);
    await run(client, businessId, 3, 'a', false);
    const made = await client.call('backup.now', {});
    const bytes = readFileSync(made.path);
    writeFileSync(join(dataDir, 'backups', 'cut-short.tar.gz'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    const core = host.current();
    const listing = readdirSync(dataDir).sort();
    const error = await client.call('backup.restore', { name: 'cut-short.tar.gz' }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('nothing was changed'), details: { problems: [expect.stringContaining('cut-short.tar.gz')] } });
    expect(host.current()).toBe(core);
    expect(readdirSync(dataDir).sort()).toEqual(listing);
    expect(await numbers(client, businessId)).toHaveLength(3);
  }, 120_000);

  it('refuses while a batch runs in this app, and while another process holds the data folder', async () => {
    const dataDir = temp.make('lf-ui-restore-busy-');
    const { host, client } = await hostOn(dataDir);
    const businessId = await business(host, client);
    const made = await client.call('backup.now', {});
    const batch = run(client, businessId, 400, 'busy', false);
    await expect(client.call('backup.restore', { name: basename(made.path) })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('batches.run is running in this app') });
    await batch;

    const holder = workers.start({ dataDir, businessId, ops: [], waitForGo: true });
    await holder.ready;
    try {
      const core = host.current();
      await expect(client.call('backup.restore', { name: basename(made.path) })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`process ${holder.child.pid}`) });
      expect(host.current()).toBe(core);
      expect(readdirSync(dataDir).filter((n) => n.startsWith('replaced-'))).toEqual([]);
      expect(await numbers(client, businessId)).toHaveLength(400);
    } finally {
      holder.child.stdin!.end('go\n');
      await holder.exited;
    }
  }, 180_000);

  it('reads a backup only by its name in the backup folder or a dialog-chosen path; a typed path is refused', async () => {
    const dataDir = temp.make('lf-ui-restore-paths-');
    const { client } = await hostOn(dataDir);
    const made = await client.call('backup.now', {});
    await expectCode(client.call('backup.verify', { path: made.path }), 'FORBIDDEN');
    await expectCode(client.call('backup.restore', { path: made.path }), 'FORBIDDEN');
    await expectCode(client.call('backup.verify', { name: 'no-such.tar.gz' }), 'NOT_FOUND');
    await expectCode(client.call('backup.verify', { name: '..' }), 'BAD_INPUT');
    await expectCode(client.call('backup.verify', {}), 'BAD_INPUT');
    const { client: desktop } = await hostOn(temp.make('lf-ui-restore-desktop-'), [made.path]);
    await expect(desktop.call('backup.verify', { path: made.path })).resolves.toMatchObject({ ok: true, file: made.path });
  }, 60_000);
});
