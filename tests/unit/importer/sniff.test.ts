import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import * as XLSX from 'xlsx';
import { AppError } from '../../../src-shared/errors.js';
import { DEFAULT_LIMITS, readZipDirectory, sniff } from '../../../src-main/importer/sniff.js';

const fixture = (name: string): Uint8Array => readFileSync(fileURLToPath(new URL(`../../fixtures/import/${name}`, import.meta.url)));

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

/** Offsets of the central-directory entries of a ZIP (to tamper with them). */
function centralEntries(bytes: Uint8Array): number[] {
  const view = Buffer.from(bytes);
  const eocd = view.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = view.readUInt32LE(eocd + 16);
  const out: number[] = [];
  for (let i = 0; i < view.readUInt16LE(eocd + 10); i++) {
    out.push(p);
    p += 46 + view.readUInt16LE(p + 28) + view.readUInt16LE(p + 30) + view.readUInt16LE(p + 32);
  }
  return out;
}

describe('the type comes from the bytes, not the extension', () => {
  test('LibreOffice .xlsx, .xls and .ods files are recognised', () => {
    expect(sniff(fixture('products-messy.xlsx')).format).toBe('xlsx');
    expect(sniff(fixture('products-messy.xls')).format).toBe('xls');
    expect(sniff(fixture('products-messy.ods')).format).toBe('ods');
  });
  test('CSV with a BOM and without is text', () => {
    expect(sniff(fixture('customers.csv')).format).toBe('csv');
    expect(sniff(fixture('products-clean.csv')).format).toBe('csv');
  });
  test('a program renamed to .xlsx is refused, saying what it looks like', () => {
    const error = thrown(() => sniff(fixture('program.xlsx')));
    expect(error.code).toBe('IMPORT_UNREADABLE');
    expect(error.message).toMatch(/Linux program/);
  });
  test('a Windows .exe renamed is named as one', () => {
    const exe = new Uint8Array(4096);
    exe.set([0x4d, 0x5a, 0x90, 0x00, 0x03, 0xff, 0xfe]);
    expect(thrown(() => sniff(exe)).message).toMatch(/Windows program/);
  });
  test('a truncated .xlsx says it is truncated', () => {
    const error = thrown(() => sniff(fixture('truncated.xlsx')));
    expect(error.code).toBe('IMPORT_UNREADABLE');
    expect(error.message).toMatch(/truncated/);
  });
  test('an empty file is unreadable', () => {
    expect(thrown(() => sniff(new Uint8Array(0))).message).toMatch(/empty/);
  });
});

describe('guards before any parser runs', () => {
  test('a file over the size limit is refused with both sizes', () => {
    const error = thrown(() => sniff(new Uint8Array(2 * 1024 * 1024), { ...DEFAULT_LIMITS, maxBytes: 1024 * 1024 }));
    expect(error.code).toBe('IMPORT_TOO_LARGE');
    expect(error.message).toMatch(/2\.0 MB.*1\.0 MB/);
  });
  test('the zip-bomb guard adds the uncompressed sizes of the central directory', () => {
    const bytes = fixture('products-clean.xlsx');
    const declared = readZipDirectory(bytes).reduce((sum, e) => sum + e.uncompressedSize, 0);
    expect(declared).toBeGreaterThan(bytes.length);
    expect(sniff(bytes, { ...DEFAULT_LIMITS, maxUncompressedBytes: declared }).format).toBe('xlsx');
    const error = thrown(() => sniff(bytes, { ...DEFAULT_LIMITS, maxUncompressedBytes: declared - 1 }));
    expect(error.code).toBe('IMPORT_TOO_LARGE');
    expect(error.message).toMatch(/zip bomb/);
  });
  test('an entry declaring 4 GB uncompressed is refused at the default limit', () => {
    const bytes = new Uint8Array(fixture('products-clean.xlsx'));
    const entry = centralEntries(bytes)[0]!;
    Buffer.from(bytes.buffer).writeUInt32LE(0xfffffff0, entry + 24);
    expect(thrown(() => sniff(bytes)).code).toBe('IMPORT_TOO_LARGE');
  });
  test('encrypted ZIP entries mean password-protected', () => {
    const bytes = new Uint8Array(fixture('products-clean.xlsx'));
    const entry = centralEntries(bytes)[0]!;
    bytes[entry + 8] = bytes[entry + 8]! | 1;
    expect(thrown(() => sniff(bytes)).message).toMatch(/password-protected/);
  });
  test('an Office file encrypted with a password (EncryptedPackage stream) is named as such', () => {
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', new Uint8Array(64));
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', new Uint8Array(4096));
    const bytes = XLSX.CFB.write(cfb, { type: 'buffer', fileType: 'cfb' }) as Uint8Array;
    const error = thrown(() => sniff(new Uint8Array(bytes)));
    expect(error.code).toBe('IMPORT_UNREADABLE');
    expect(error.message).toMatch(/password-protected/);
  });
  test('a .docx is not taken for a spreadsheet', () => {
    const zip = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(zip, '/word/document.xml', Buffer.from('<w:document/>'));
    const bytes = XLSX.CFB.write(zip, { type: 'buffer', fileType: 'zip' }) as Uint8Array;
    expect(thrown(() => sniff(new Uint8Array(bytes))).message).toMatch(/Word document/);
  });
});
