// `ledgerflow import products|customers|orders` through the CLI entry (main), with --json output
// in the documented shape and exit codes 0 / 2.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { main } from '../../../src-main/cli/main.js';
import { fixture, makeDataDir, query, type TestData } from './helpers.js';

let data: TestData;
beforeEach(() => {
  data = makeDataDir('INR');
});
afterEach(() => data.cleanup());

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['--data-dir', data.dataDir, ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const count = (table: string): number => query<{ n: number }>(data.dataDir, `SELECT count(*) AS n FROM ${table}`)[0]!.n;

describe('ledgerflow import', () => {
  test('--json --dry-run prints the documented report and writes nothing', async () => {
    const { code, stdout } = await cli('import', 'products', fixture('products-messy.xlsx'), '--business', data.businessId, '--dry-run', '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ headerRow: 4, valid: 4, invalid: 2, committed: false });
    for (const key of ['headerRow', 'mapping', 'valid', 'invalid', 'errors', 'preview']) expect(doc).toHaveProperty(key);
    expect(Object.keys(doc.mapping[0]).sort()).toEqual(['column', 'confidence', 'field', 'header']);
    expect(doc.errors).toEqual([
      { row: 10, column: 'D', field: 'price', message: 'Base Price: "call us" is not a number', code: 'notNumber', params: { value: 'call us' } },
      { row: 11, column: 'B', field: 'name', message: 'Product Name: is empty', code: 'empty', params: {} },
    ]);
    expect(doc.preview[0]).toMatchObject({ row: 5, sku: 'MLK-1', price: '56.00', hsn: '0401' });
    expect(count('products')).toBe(0);
  });

  test('a commit prints created/updated and a re-import duplicates nothing', async () => {
    const first = await cli('--json', 'import', 'products', fixture('products-clean.xlsx'), '--business', data.businessId);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ committed: true, created: 4, updated: 0 });
    const again = await cli('import', 'products', fixture('products-clean.xls'), '--business', data.businessId);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/committed: 0 created, 0 updated, 4 unchanged/);
    expect(count('products')).toBe(4);
  });

  test('rows with errors and no --dry-run: nothing written, exit 2, each error with row and column', async () => {
    const { code, stdout } = await cli('import', 'products', fixture('products-messy.ods'), '--business', data.businessId);
    expect(code).toBe(2);
    expect(stdout).toMatch(/row 10, column D: Base Price: "call us" is not a number/);
    expect(stdout).toMatch(/nothing written/);
    expect(count('products')).toBe(0);
  });

  test('says how many rows have errors in real English ("1 row has", "2 rows have"), and --json keeps the notes as sentences beside their codes', async () => {
    const two = await cli('import', 'products', fixture('products-messy.ods'), '--business', data.businessId);
    expect(two.code).toBe(2);
    expect(two.stdout).toMatch(/note: Nothing was written: 2 rows have errors \(the import is all or nothing\)\./);
    expect(two.stdout).toMatch(/note: Hidden column G "Old Price" not imported\./);
    const file = join(data.dataDir, 'one-bad-row.csv');
    writeFileSync(file, 'Product Name,Base Price\nMasala tea,12.50\nFilter coffee,call us\n');
    const one = await cli('import', 'products', file, '--business', data.businessId);
    expect(one.code).toBe(2);
    expect(one.stdout).toMatch(/note: Nothing was written: 1 row has errors \(the import is all or nothing\)\./);
    expect(`${one.stdout}${two.stdout}`).not.toMatch(/\w\((s|es)\)/);
    const doc = JSON.parse((await cli('--json', 'import', 'products', file, '--business', data.businessId)).stdout);
    expect(doc.notes).toContain('Nothing was written: 1 row has errors (the import is all or nothing).');
    expect(doc.noteCodes).toContainEqual({ code: 'nothingWrittenErrors', params: { count: 1 } });
    expect(count('products')).toBe(0);
  });

  test.each([
    ['truncated.xlsx', /truncated/],
    ['program.xlsx', /not a spreadsheet: it looks like a Linux program/],
    ['customers.csv', /no Base Price column/],
  ])('%s exits 2 with a message saying why', async (file, why) => {
    const { code, stderr } = await cli('import', 'products', fixture(file), '--business', data.businessId);
    expect(code).toBe(2);
    expect(stderr).toMatch(why);
  });

  test('--map and --sheet are honoured; a bad --map is bad input', async () => {
    const ok = await cli('--json', 'import', 'products', fixture('products-messy.xlsx'), '--business', data.businessId, '--dry-run', '--sheet', 'Price List', '--map', 'Base Price=G');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).mapping).toContainEqual({ field: 'price', column: 'G', header: 'Old Price', confidence: 1 });
    const bad = await cli('import', 'products', fixture('products-clean.csv'), '--business', data.businessId, '--map', 'Colour=A');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown field "Colour"/);
  });

  test('customers and orders commands exist with the same report', async () => {
    const customers = await cli('--json', 'import', 'customers', fixture('customers.xlsx'), '--business', data.businessId, '--dry-run');
    expect(customers.code).toBe(0);
    expect(JSON.parse(customers.stdout)).toMatchObject({ valid: 3, invalid: 2 });
    await cli('import', 'products', fixture('products-clean.csv'), '--business', data.businessId);
    const orders = await cli('--json', 'import', 'orders', fixture('orders.xlsx'), '--business', data.businessId, '--dry-run');
    expect(JSON.parse(orders.stdout)).toMatchObject({ valid: 4, invalid: 3 });
  });

  test('an unknown business exits 2', async () => {
    const { code, stderr } = await cli('import', 'products', fixture('products-clean.csv'), '--business', 'nope');
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown business ID/);
  });
});
