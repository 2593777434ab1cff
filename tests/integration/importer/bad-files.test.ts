// Bad files get a quick, clear answer through the CLI: a zip bomb is refused before parsing,
// thousands of row errors are summarised (all of them with --json or in a file), a file without
// data rows and a sheet absurdly wide exit 2, and sheet rows go through the shared field rules.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as XLSX from 'xlsx';
import { main } from '../../../src-main/cli/main.js';
import { writeXlsxBomb } from '../../helpers/xlsx-bomb.js';
import { makeDataDir, query, type TestData } from './helpers.js';

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

const file = (name: string, content: string): string => {
  const path = join(data.dataDir, name);
  writeFileSync(path, content);
  return path;
};
const count = (table: string): number => query<{ n: number }>(data.dataDir, `SELECT count(*) AS n FROM ${table}`)[0]!.n;

describe('bad files', () => {
  test('a 1 MB workbook that unpacks to 240 MB (2,000,000 rows) is refused before parsing, in under 2 s, naming the limit', async () => {
    const path = join(data.dataDir, 'bomb.xlsx');
    const { bytes, unpacked } = writeXlsxBomb(path);
    expect(bytes).toBeLessThan(1.2 * 1024 * 1024);
    expect(unpacked).toBeGreaterThan(230 * 1024 * 1024);
    for (const args of [['import', 'products', path, '--business', data.businessId, '--dry-run'], ['batch', '--business', data.businessId, '--from', path, '--no-pdf']]) {
      const started = performance.now();
      const { code, stderr, stdout } = await cli(...args);
      const ms = performance.now() - started;
      expect(code).toBe(2);
      expect(stderr).toMatch(/would expand to 2\d\d\.\d MB when unpacked \(limit 100\.0 MB\); refusing it as a possible zip bomb/);
      expect(stdout).toBe('');
      expect(ms).toBeLessThan(2_000);
    }
    expect(count('products')).toBe(0);
  });

  test('thousands of row errors: the first 100 and the count on screen, all of them with --json or in a file', async () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => `P-${i + 1},Product ${i + 1},call us`);
    const path = file('many-errors.csv', ['SKU,Product Name,Base Price', ...rows].join('\n') + '\n');
    const human = await cli('import', 'products', path, '--business', data.businessId);
    expect(human.code).toBe(2);
    const errorLines = human.stdout.split('\n').filter((l) => /^\s+row \d+, column/.test(l));
    expect(errorLines).toHaveLength(100);
    expect(human.stdout).toMatch(/\.\.\. and 4,900 more row errors \(5,000 in all\); see them all with --json or --errors FILE/);
    const json = await cli('import', 'products', path, '--business', data.businessId, '--json');
    expect(json.code).toBe(2);
    expect((JSON.parse(json.stdout) as { errors: unknown[] }).errors).toHaveLength(5_000);
    const out = join(data.dataDir, 'errors.csv');
    const toFile = await cli('import', 'products', path, '--business', data.businessId, '--errors', out);
    expect(toFile.code).toBe(2);
    const written = readFileSync(out, 'utf8').trim().split('\n');
    expect(written[0]).toBe('row,column,field,message');
    expect(written).toHaveLength(5_001);
    expect(written[1]).toBe('2,C,price,"Base Price: ""call us"" is not a number"');
    expect(count('products')).toBe(0);
  });

  test.each([
    ['products', 'SKU,Product Name,Base Price\n'],
    ['products', 'SKU,Product Name,Base Price\n,,\n , , \n'],
    ['customers', 'Customer Name,GSTIN\n'],
    ['orders', 'Order No,Date,Customer,Item,Qty\n'],
  ])('a %s file with a header and no data rows exits 2', async (kind, content) => {
    const path = file(`header-only-${kind}.csv`, content);
    for (const extra of [[], ['--dry-run']]) {
      const { code, stderr } = await cli('import', kind, path, '--business', data.businessId, ...extra);
      expect(code).toBe(2);
      expect(stderr).toMatch(/has a header row but no data rows/);
    }
  });

  test('an orders sheet with no data rows exits 2 from batch --from as well', async () => {
    const path = file('orders-empty.csv', 'Order No,Date,Customer,Item,Qty\n');
    const { code, stderr } = await cli('batch', '--business', data.businessId, '--from', path, '--no-pdf');
    expect(code).toBe(2);
    expect(stderr).toMatch(/no data rows/);
  });

  test('a 200,000-column CSV is refused by the column limit', async () => {
    const header = ['SKU', 'Product Name', 'Base Price', ...Array.from({ length: 199_997 }, (_, i) => `X${i}`)].join(',');
    const path = file('wide.csv', `${header}\nA-1,Thing,10${',1'.repeat(199_997)}\n`);
    const started = performance.now();
    const { code, stderr } = await cli('import', 'products', path, '--business', data.businessId, '--dry-run');
    expect(code).toBe(2);
    expect(stderr).toMatch(/row 1 has 200,000 columns; the import limit is 1,024 columns/);
    expect(performance.now() - started).toBeLessThan(5_000); // 71 s before the limit
  });
});

describe('sheet rows go through the shared field rules', () => {
  test('customers: a TCS registration, NUL and a right-to-left override are refused; a UIN and a lower-case GSTIN are taken', async () => {
    // A workbook (a CSV holding NUL is refused as binary before any row is read).
    const sheet = XLSX.utils.aoa_to_sheet([
      ['Customer Name', 'GSTIN', 'State', 'Address'],
      ['Cart Market', '07AAACF1234A1CS', 'Delhi', 'Okhla'],
      ['Shirt \u202Efdp.exe', '', 'Maharashtra', 'Pune'],
      ['Null\u0000 Traders', '', 'Maharashtra', 'Pune'],
      ['UN Office', '0717UNO00157UNO', 'Delhi', 'Lodhi Estate'],
      ['Pune Buyers', ' 27aapfu0939f1zv ', 'Maharashtra', 'Pune'],
      ['Wrong State Co', '27AAACM1234A1Z8', 'Karnataka', 'Pune'],
    ]);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'Customers');
    const path = join(data.dataDir, 'customers.xlsx');
    writeFileSync(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const { code, stdout } = await cli('import', 'customers', path, '--business', data.businessId, '--json');
    expect(code).toBe(2);
    const errors = (JSON.parse(stdout) as { errors: Array<{ row: number; message: string }> }).errors;
    expect(errors.find((e) => e.row === 2)?.message).toMatch(/"07AAACF1234A1CS" is a TCS collector's registration/);
    expect(errors.find((e) => e.row === 3)?.message).toMatch(/Customer Name: contains the bidirectional control U\+202E/);
    expect(errors.find((e) => e.row === 4)?.message).toMatch(/Customer Name: contains the control character U\+0000 \(NUL\)/);
    expect(errors.find((e) => e.row === 7)?.message).toMatch(/State: state 29 \(Karnataka\) contradicts GSTIN 27AAACM1234A1Z8, which is registered in state 27 \(Maharashtra\)/);
    expect(errors.filter((e) => e.row === 5 || e.row === 6)).toEqual([]);
  });

  test('products: a 1,100-word name and a 3-decimal rupee price are refused', async () => {
    const long = Array.from({ length: 1100 }, () => 'word').join(' ');
    const path = file('products.csv', `SKU,Product Name,Base Price\nA-1,${long},10\nA-2,Shirt,10.005\n`);
    const { code, stdout } = await cli('import', 'products', path, '--business', data.businessId, '--json');
    expect(code).toBe(2);
    const errors = (JSON.parse(stdout) as { errors: Array<{ row: number; message: string }> }).errors;
    expect(errors.find((e) => e.row === 2)?.message).toMatch(/Product Name: has 5,499 characters; at most 200 are allowed/);
    expect(errors.find((e) => e.row === 3)?.message).toMatch(/Base Price: 10\.005 has 3 decimals; INR has 2/);
  });
});
