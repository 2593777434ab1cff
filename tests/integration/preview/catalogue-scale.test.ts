// customers.list / products.list / invoices.list stay fast on a 100,000-row business: SQL does
// the filtering, sorting and paging (LIMIT/OFFSET + COUNT), never JavaScript over all rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/create-core.js';
import { nameKey } from '../../../src-main/db/repos/catalogue.js';
import { newId } from '../../../src-shared/ids.js';
import type { IpcClient } from '../../../src-renderer/ipc/client.js';
import { seedBusiness } from '../../helpers/seed.js';
import { TempDirs } from '../../helpers/temp.js';
import { directClient, makeCore } from './helpers.js';

const ROWS = 100_000;
/** Per call, generous for a loaded 2-core CI box; typical runs are a few tens of ms. */
const BUDGET_MS = 400;

const temp = new TempDirs();
let core: Core;
let client: IpcClient;
let businessId = '';

beforeAll(async () => {
  core = await makeCore(temp.make('ledgerflow-scale-'));
  client = directClient(core);
  businessId = seedBusiness(core.store).businessId;
  const other = seedBusiness(core.store, { name: 'Other' }).businessId;
  const now = new Date().toISOString();
  core.store.write((db) => {
    const customer = db.prepare('INSERT INTO customers (id, business_id, name, name_key, tax_id, address, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const product = db.prepare("INSERT INTO products (id, business_id, sku, name, name_key, hsn, price_minor, currency, tax_rate, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'INR', '18', ?, ?)");
    for (let i = 0; i < ROWS; i++) {
      const name = `Customer ${i} ${i % 97 === 0 ? 'Zenith' : 'Traders'}`;
      customer.run(newId(), businessId, name, nameKey(name), null, `${i} Road`, `c${i}@example.in`, now, now);
      const pname = `Product ${i} ${i % 101 === 0 ? 'Saffron' : 'Item'}`;
      product.run(newId(), businessId, `SKU-${i}`, pname, nameKey(pname), '0910', 100 + (i % 5000), now, now);
    }
    customer.run(newId(), other, 'Zenith Elsewhere', nameKey('Zenith Elsewhere'), null, '', null, now, now);
  });
}, 120_000);
afterAll(async () => {
  await core?.close();
  temp.cleanup();
});

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  await fn(); // warm the statement cache
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

describe(`catalogue lists at ${ROWS.toLocaleString('en')} rows`, () => {
  it('pages, sorts and searches customers within the budget', async () => {
    const firstPage = await timed(() => client.call('customers.list', { businessId, limit: 50 }));
    expect(firstPage.value.total).toBe(ROWS);
    expect(firstPage.value.items).toHaveLength(50);
    const deep = await timed(() => client.call('customers.list', { businessId, offset: 99_990, limit: 50 }));
    expect(deep.value.items).toHaveLength(10);
    const search = await timed(() => client.call('customers.list', { businessId, search: 'zenith', limit: 50 }));
    expect(search.value.total).toBe(Math.ceil(ROWS / 97));
    const byDate = await timed(() => client.call('customers.list', { businessId, sort: 'createdAt', dir: 'desc', limit: 50 }));
    expect(byDate.value.items).toHaveLength(50);
    console.log(`customers.list at ${ROWS} rows: first page ${firstPage.ms.toFixed(1)} ms, offset 99,990 ${deep.ms.toFixed(1)} ms, search ${search.ms.toFixed(1)} ms, sort by date ${byDate.ms.toFixed(1)} ms`);
    for (const t of [firstPage, deep, search, byDate]) expect(t.ms).toBeLessThan(BUDGET_MS);
  });

  it('pages, sorts and searches products within the budget', async () => {
    const byPrice = await timed(() => client.call('products.list', { businessId, sort: 'price', dir: 'desc', limit: 100 }));
    expect(byPrice.value.items[0]!.price).toBe('50.99');
    const search = await timed(() => client.call('products.list', { businessId, search: 'SKU-9999', limit: 50 }));
    expect(search.value.total).toBe(11); // SKU-9999 and SKU-99990..99999
    const saffron = await timed(() => client.call('products.list', { businessId, search: 'saffron', offset: 900, limit: 50 }));
    expect(saffron.value.total).toBe(Math.ceil(ROWS / 101));
    console.log(`products.list at ${ROWS} rows: sort by price ${byPrice.ms.toFixed(1)} ms, sku search ${search.ms.toFixed(1)} ms, name search at offset 900 ${saffron.ms.toFixed(1)} ms`);
    for (const t of [byPrice, search, saffron]) expect(t.ms).toBeLessThan(BUDGET_MS);
  });
});
