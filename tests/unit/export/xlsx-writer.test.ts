// The register's own .xlsx writer: sheets deflated in sync-flushed segments must inflate as one
// stream and read back (SheetJS) cell for cell, including text XML cannot carry as is; the package
// itself is read by Info-ZIP's unzip.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { Workbook, columnName, xmlText } from '../../../src-main/export/xlsx-writer.js';

describe('xlsx writer', () => {
  it('names columns A..Z, AA..', () => {
    expect([0, 25, 26, 29, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AD', 'ZZ', 'AAA']);
  });

  it('writes a many-segment sheet that reads back cell for cell, with number formats and an autofilter', () => {
    const book = new Workbook();
    const sheet = book.addSheet('Sales register', 4, [10, 12, 10, 10]);
    const texts = ['plain', '', ' padded ', 'a & b < c > "d"', 'bell\u0007tab\tvt\u000b', 'literal _x0041_ stays', 'मूल्य', 'ضريبة'];
    sheet.addRow([{ t: 's', v: 'Text' }, { t: 's', v: 'Amount' }, { t: 's', v: 'Count' }, { t: 's', v: 'Fils' }]);
    const rows = 20_000; // ~3 MB of XML: several 256 KB segments
    for (let i = 0; i < rows; i++) {
      sheet.addRow([{ t: 's', v: texts[i % texts.length]! }, { t: 'n', v: Number(`${i}.${String(i % 100).padStart(2, '0')}`), z: '#,##0.00' }, { t: 'n', v: i }, { t: 'n', v: -(i + 1) / 1000, z: '#,##0.000' }]);
    }
    book.addSheet('Totals', 1).addRow([{ t: 'n', v: rows }]);
    const file = book.write('Sales register');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lf-xlsx-'));
    let xml: string;
    try {
      const xlsx = path.join(dir, 'register.xlsx');
      writeFileSync(xlsx, file);
      const test = spawnSync('unzip', ['-t', xlsx], { encoding: 'utf8' });
      expect(test.status, test.stdout + test.stderr).toBe(0);
      xml = execFileSync('unzip', ['-p', xlsx, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(xml.endsWith('</worksheet>')).toBe(true);
    expect(xml).toContain(`<autoFilter ref="A1:D${rows + 1}"/>`);
    const read = XLSX.read(file, { cellNF: true });
    expect(read.SheetNames).toEqual(['Sales register', 'Totals']);
    const grid = XLSX.utils.sheet_to_json<unknown[]>(read.Sheets['Sales register']!, { header: 1, raw: true, defval: null });
    expect(grid).toHaveLength(rows + 1);
    for (const i of [0, 1, 7, 4096, rows - 1]) {
      expect(grid[i + 1]).toEqual([texts[i % texts.length], Number(`${i}.${String(i % 100).padStart(2, '0')}`), i, -(i + 1) / 1000]);
    }
    expect(read.Sheets['Sales register']!.B2!.z).toBe('#,##0.00');
    expect(read.Sheets['Sales register']!.D3!.z).toBe('#,##0.000');
    expect(read.Sheets.Totals!.A1!.v).toBe(rows);
  });

  it('escapes what XML 1.0 cannot carry', () => {
    expect(xmlText('a\u0001b_x0041_<')).toBe('a_x0001_b_x005F_x0041_&lt;');
  });
});
