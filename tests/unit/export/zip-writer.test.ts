// The ZIP writer read back by readers the project did not write: python3's zipfile (entries, CRCs,
// sizes, times, ZIP64 fields, testzip) and Info-ZIP's unzip -t / zipinfo.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32, dosDateTime, zipBuffer, ZipEncoder, ZipFileWriter, type ZipMethod } from '../../../src-main/export/zip-writer.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lf-zipwriter-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface PyEntry {
  name: string;
  crc: number;
  method: number;
  size: number;
  compressedSize: number;
  dateTime: number[];
  flags: number;
  extra: string;
  data?: string;
}
interface PyRead {
  entries: PyEntry[];
  count: number;
  testzip: string | null;
}

// Python's zipfile: every entry's metadata and (unless `withData` is false) its bytes as base64;
// testzip() reads every entry and checks its CRC.
// With "serve", it reads one path per line on stdin and answers each with one line of JSON.
const PY_READ = `
import base64, json, sys, zipfile
def read(path, with_data):
    with zipfile.ZipFile(path) as z:
        out = {'entries': [], 'count': len(z.infolist()), 'testzip': z.testzip()}
        for i in z.infolist():
            e = {'name': i.filename, 'crc': i.CRC, 'method': i.compress_type, 'size': i.file_size, 'compressedSize': i.compress_size,
                 'dateTime': list(i.date_time), 'flags': i.flag_bits, 'extra': i.extra.hex()}
            if with_data:
                e['data'] = base64.b64encode(z.read(i)).decode()
            out['entries'].append(e)
        return out
if sys.argv[1] == 'serve':
    for line in sys.stdin:
        print(json.dumps(read(line.rstrip('\\n'), True)), flush=True)
else:
    print(json.dumps(read(sys.argv[1], sys.argv[2] == '1')))
`;

function pyRead(file: string, withData = true): PyRead {
  const r = spawnSync('python3', ['-c', PY_READ, file, withData ? '1' : '0'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PyRead;
}

/** One python process reading many ZIPs (python's start-up is most of a small read on a loaded machine). */
function pyReader(): { read(file: string): Promise<PyRead>; close(): void } {
  const child = spawn('python3', ['-c', PY_READ, 'serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async read(file) {
      child.stdin.write(file + '\n');
      const line = await lines.next();
      if (line.done) throw new Error('python3 zipfile reader stopped (see its stderr)');
      return JSON.parse(line.value) as PyRead;
    },
    close: () => child.stdin.end(),
  };
}

function unzipTest(file: string): { status: number | null; out: string } {
  const r = spawnSync('unzip', ['-t', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** Writes through ZipFileWriter to a real file, as the export does. */
async function writeZipFile(file: string, entries: Array<{ name: string; data: string | Uint8Array; method: ZipMethod }>, options: ConstructorParameters<typeof ZipFileWriter>[1] = {}): Promise<number> {
  const fd = openSync(file, 'wx');
  try {
    const zip = new ZipFileWriter(async (chunks) => {
      for (const c of chunks) writeSync(fd, c);
    }, options);
    for (const e of entries) await zip.add(e.name, e.data, { method: e.method });
    return await zip.finish();
  } finally {
    closeSync(fd);
  }
}

const bytesOf = (data: string | Uint8Array) => (typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data));

/** Deterministic pseudo-random bytes (incompressible). */
function noise(length: number, seed: number): Buffer {
  const b = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

const mixed: Array<{ name: string; data: string | Uint8Array; method: ZipMethod }> = [
  { name: 'invoices/INV-2526-00017.pdf', data: noise(70_000, 7), method: 'store' },
  { name: 'empty.txt', data: '', method: 'deflate' },
  { name: 'empty-stored.bin', data: new Uint8Array(0), method: 'store' },
  { name: 'data/فاتورة-١٢٣.json', data: JSON.stringify({ customer: 'مؤسسة البحرين', total: '1.250' }), method: 'deflate' },
  { name: 'invoices/बीजक-०१.pdf', data: noise(1_000, 3), method: 'store' },
  // Over the size from which ZipFileWriter deflates on the thread pool.
  { name: 'manifest.json', data: JSON.stringify(Array.from({ length: 4_000 }, (_, i) => ({ number: `INV/${i}`, total: `${i}.00` }))), method: 'deflate' },
  { name: 'SHA256SUMS', data: 'a'.repeat(64) + '  manifest.json\n', method: 'deflate' },
];

function expectReadBack(read: PyRead, entries: typeof mixed, dateTime: number[]): void {
  expect(read.testzip).toBeNull();
  expect(read.entries.map((e) => e.name)).toEqual(entries.map((e) => e.name));
  read.entries.forEach((got, i) => {
    const want = bytesOf(entries[i]!.data);
    expect(Buffer.from(got.data!, 'base64').equals(want), got.name).toBe(true);
    expect(got.crc).toBe(zlibCrc32(want));
    expect(got.size).toBe(want.length);
    expect(got.method).toBe(entries[i]!.method === 'store' ? 0 : 8);
    if (entries[i]!.method === 'store') expect(got.compressedSize).toBe(want.length);
    expect(got.flags & 0x0800).toBe(0x0800);
    expect(got.dateTime).toEqual(dateTime);
  });
}

describe('ZIP writer', () => {
  it('computes the CRC-32 zlib computes, in one piece or continued', () => {
    const data = noise(10_000, 11);
    expect(crc32(data)).toBe(zlibCrc32(data));
    expect(crc32(data.subarray(4_000), crc32(data.subarray(0, 4_000)))).toBe(zlibCrc32(data));
    expect(crc32(Buffer.alloc(0))).toBe(0);
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('writes stored, deflated, empty and non-ASCII entries that python zipfile reads back byte for byte, and unzip -t and zipinfo accept', async () => {
    const file = path.join(dir, 'mixed.zip');
    const date = new Date('2026-12-03T09:10:51.000Z');
    const size = await writeZipFile(file, mixed, { date });
    expect(size).toBe(readFileSync(file).length);
    expectReadBack(pyRead(file), mixed, [2026, 12, 3, 9, 10, 50]);
    const t = unzipTest(file);
    expect(t.status, t.out).toBe(0);
    expect(t.out).toMatch(/No errors detected/);
    const info = spawnSync('zipinfo', [file], { encoding: 'utf8' });
    expect(info.status, info.stderr).toBe(0);
    expect(info.stdout).toContain('data/فاتورة-١٢٣.json');
    expect(info.stdout).toMatch(/-rw-r--r--.*invoices\/INV-2526-00017\.pdf/);
    expect(info.stdout).toMatch(/7 files/);
  });

  it('gives equal bytes for equal content (no clock, no randomness)', () => {
    const a = zipBuffer(mixed, { date: new Date('2025-04-01T00:00:00Z') });
    const b = zipBuffer(mixed, { date: new Date('2025-04-01T00:00:00Z') });
    expect(a.equals(b)).toBe(true);
    expect(zipBuffer(mixed).equals(a)).toBe(false);
  });

  it('writes DOS times from the UTC fields, 1980-01-01 by default and for dates before 1980', () => {
    expect(dosDateTime(new Date('2026-12-03T23:59:59Z'))).toEqual({ date: ((2026 - 1980) << 9) | (12 << 5) | 3, time: (23 << 11) | (59 << 5) | 29 });
    expect(dosDateTime(new Date('1970-01-01T00:00:00Z'))).toEqual({ date: 0x21, time: 0 });
    expect(dosDateTime(new Date('not a date'))).toEqual({ date: 0x21, time: 0 });
    const read = pyRead(writeBuffer('default-date.zip', zipBuffer([{ name: 'a.txt', data: 'a' }])));
    expect(read.entries[0]!.dateTime).toEqual([1980, 1, 1, 0, 0, 0]);
  });

  it('writes the ZIP64 records (sizes and offset in the extra field, ZIP64 end records) so that python zipfile and unzip -t read them', async () => {
    const file = path.join(dir, 'forced64.zip');
    await writeZipFile(file, mixed, { forceZip64: true, date: new Date('2026-01-31T12:00:00Z') });
    const read = pyRead(file);
    expectReadBack(read, mixed, [2026, 1, 31, 12, 0, 0]);
    // Each central record's ZIP64 field: id 0x0001, 24 bytes (size, compressed size, offset).
    for (const e of read.entries) expect(e.extra.slice(0, 8)).toBe('01001800');
    const bytes = readFileSync(file);
    // End records: the ZIP64 end record, its locator, then the classic one with its fields at their maximum.
    const end = bytes.length - 22;
    expect(bytes.readUInt32LE(end)).toBe(0x06054b50);
    expect(bytes.readUInt16LE(end + 10)).toBe(0xffff);
    expect(bytes.readUInt32LE(end + 16)).toBe(0xffffffff);
    expect(bytes.readUInt32LE(end - 20)).toBe(0x07064b50);
    expect(bytes.readUInt32LE(Number(bytes.readBigUInt64LE(end - 12)))).toBe(0x06064b50);
    const t = unzipTest(file);
    expect(t.status, t.out).toBe(0);
  });

  it('switches to ZIP64 past 65,535 entries: python zipfile and unzip -t see all of them', async () => {
    const count = 66_000;
    const file = path.join(dir, 'many.zip');
    const encoder = new ZipEncoder({ date: new Date('2026-03-31T18:30:00Z') });
    const fd = openSync(file, 'wx');
    try {
      for (let i = 0; i < count; i++) {
        encoder.add(`invoices/INV-${String(i).padStart(6, '0')}.txt`, `invoice ${i}\n`, { method: i % 2 ? 'store' : 'deflate' });
        if (encoder.pendingBytes > 1 << 20) for (const c of encoder.take()) writeSync(fd, c);
      }
      encoder.finish();
      for (const c of encoder.take()) writeSync(fd, c);
    } finally {
      closeSync(fd);
    }
    const bytes = readFileSync(file);
    expect(bytes.readUInt16LE(bytes.length - 22 + 10)).toBe(0xffff);
    expect(bytes.readUInt32LE(bytes.length - 42)).toBe(0x07064b50);
    const read = pyRead(file, false);
    expect(read.testzip).toBeNull();
    expect(read.count).toBe(count);
    expect(read.entries[count - 1]!.name).toBe(`invoices/INV-${String(count - 1).padStart(6, '0')}.txt`);
    expect(read.entries[count - 1]!.crc).toBe(zlibCrc32(Buffer.from(`invoice ${count - 1}\n`)));
    const t = unzipTest(file);
    expect(t.status, t.out.slice(-2000)).toBe(0);
    expect(t.out).toMatch(/No errors detected in compressed data of .*many\.zip/);
    expect(t.out.match(/ {4}testing: .* OK$/gm)?.length).toBe(count);
  }, 120_000);

  it('writes folder entries that python zipfile sees as folders and unzip creates', () => {
    const encoder = new ZipEncoder();
    encoder.addFolder('invoices/');
    encoder.add('invoices/a.pdf', 'pdf', { method: 'store' });
    encoder.addFolder('empty/');
    encoder.finish();
    const file = writeBuffer('folders.zip', Buffer.concat(encoder.take()));
    const py = spawnSync('python3', ['-c', 'import sys,zipfile\nprint([(i.filename, i.is_dir(), i.external_attr >> 16) for i in zipfile.ZipFile(sys.argv[1]).infolist()])', file], { encoding: 'utf8' });
    expect(py.stdout.trim()).toBe(`[('invoices/', True, ${0o40755}), ('invoices/a.pdf', False, ${0o100644}), ('empty/', True, ${0o40755})]`);
    const out = mkdtempSync(path.join(dir, 'x-'));
    expect(spawnSync('unzip', ['-q', file, '-d', out]).status).toBe(0);
    expect(readFileSync(path.join(out, 'invoices', 'a.pdf'), 'utf8')).toBe('pdf');
    expect(readdirSync(path.join(out, 'empty'))).toEqual([]);
    expect(() => encoder.addFolder('x')).toThrow(/must end with/);
    expect(() => new ZipEncoder().add('x/', 'file')).toThrow(/names a folder/);
  });

  it('refuses a duplicate name, an unsafe name and an entry after the end', () => {
    const encoder = new ZipEncoder();
    encoder.add('a.txt', 'a');
    expect(() => encoder.add('a.txt', 'b')).toThrow(/already in the archive/);
    for (const name of ['', '/etc/passwd', '../x', 'a/../../b', 'a\\b']) expect(() => encoder.add(name, 'x'), name).toThrow(/not a safe relative path/);
    encoder.finish();
    expect(() => encoder.add('b.txt', 'b')).toThrow(/finished/);
  });

  it('reads back equal for random entries (property)', async () => {
    const nameChar = fc.constantFrom(...'abcXYZ019-_. éüßफ़ا١中'.split(''));
    const entry = fc.record({
      name: fc.array(nameChar, { minLength: 1, maxLength: 12 }).map((cs) => cs.join('')),
      data: fc.oneof(fc.uint8Array({ maxLength: 3_000 }), fc.string({ maxLength: 2_000 })),
      method: fc.constantFrom<ZipMethod>('store', 'deflate'),
    });
    let run = 0;
    const python = pyReader();
    try {
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(entry, { minLength: 0, maxLength: 8, selector: (e) => e.name }), fc.boolean(), async (entries, forceZip64) => {
          const named = entries.map((e, i) => ({ ...e, name: `${i}-${e.name}` }));
          const file = path.join(dir, `prop-${run++}.zip`);
          await writeZipFile(file, named, { forceZip64, date: new Date('2025-07-15T06:07:08Z') });
          expectReadBack(await python.read(file), named, [2025, 7, 15, 6, 7, 8]);
        }),
        { numRuns: 40 },
      );
    } finally {
      python.close();
    }
  }, 120_000);
});

function writeBuffer(name: string, data: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return file;
}
