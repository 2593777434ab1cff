// The one ZIP container writer of the main process: the export ZIP (zip.ts) and the register's
// .xlsx package (xlsx-writer.ts) are both written by it.
//
// `ZipEncoder` is the format and nothing else: each entry becomes its local header followed by its
// data, appended to a list of chunks the caller takes (`take()`) and writes wherever it likes; the
// central directory and end records come out of `finish()`. An entry's CRC-32 and sizes are known
// before its header is written (the callers hold each entry whole: a PDF is read and hashed before
// it goes in, texts are in memory), so the output is strictly sequential: no data descriptor, no
// seeking back, and a hash of the chunks as they are written is the hash of the file.
// `ZipFileWriter` is the encoder over an asynchronous write (a file handle): chunks are written in
// batches of about 1 MiB, large texts are deflated on the thread pool.
//
// Format: STORE or DEFLATE (zlib, raw), CRC-32 from zlib where Node has it (20.15+), UTF-8 names
// (flag bit 11), DOS times from one given date read in UTC (default 1980-01-01 00:00, so equal
// content gives equal bytes), UNIX regular files 0644. ZIP64 (APPNOTE 4.5) is written where a
// value passes its field: a size or offset of 0xFFFFFFFF or more, 0xFFFF or more entries, a central
// directory past 4 GiB; `forceZip64` writes every ZIP64 record regardless (the format allows it;
// the tests use it to check the records with outside readers without writing 4 GiB).
import { constants, crc32 as nativeCrc32, deflateRaw, deflateRawSync } from 'node:zlib';
import { promisify } from 'node:util';

const deflateRawAsync = promisify(deflateRaw);

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 of `data` continuing `previous` (zlib's where Node has it: 20.15+; the same polynomial in JavaScript otherwise). */
export function crc32(data: Uint8Array, previous = 0): number {
  if (typeof nativeCrc32 === 'function') return nativeCrc32(data, previous);
  let c = ~previous;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

export type ZipMethod = 'store' | 'deflate';

export interface ZipEncoderOptions {
  /** Modification time of every entry, as DOS time from its UTC fields (clamped to 1980..2107). Default 1980-01-01 00:00. */
  date?: Date;
  /** DEFLATE level for deflated entries (default 6). */
  level?: number;
  /** Write the ZIP64 records for every entry and the end of the archive, needed or not. */
  forceZip64?: boolean;
}

export interface ZipEntryOptions {
  /** Default 'deflate'. */
  method?: ZipMethod;
  /** DEFLATE level of this entry (default: the encoder's). */
  level?: number;
}

/** Data already compressed with raw DEFLATE, with the CRC-32 and size of the uncompressed bytes. */
export interface DeflatedData {
  data: Uint8Array;
  crc: number;
  size: number;
}

interface CentralRecord {
  name: Buffer;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  directory: boolean;
}

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
const ZIP64_END_SIG = 0x06064b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EXTRA = 0x0001;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;
const FLAG_UTF8 = 0x0800;
const METHOD = { store: 0, deflate: 8 } as const;
/** Version made by: UNIX (3), spec 4.5. */
const MADE_BY = (3 << 8) | 45;
/** External attributes: a regular file, rw-r--r--; a folder, rwxr-xr-x (and MS-DOS's folder bit). */
const UNIX_FILE = (0o100644 << 16) >>> 0;
const UNIX_FOLDER = ((0o040755 << 16) | 0x10) >>> 0;

/** DOS date and time words of `date` (UTC fields); dates outside 1980..2107 are clamped. */
export function dosDateTime(date: Date): { date: number; time: number } {
  const ms = date.getTime();
  if (!Number.isFinite(ms) || date.getUTCFullYear() < 1980) return { date: (1 << 5) | 1, time: 0 };
  if (date.getUTCFullYear() > 2107) return { date: (127 << 9) | (12 << 5) | 31, time: (23 << 11) | (59 << 5) | 29 };
  return {
    date: ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
  };
}

/** Refuses names a reader could resolve outside its folder, and names the format cannot hold. */
function entryName(name: string): Buffer {
  if (name === '' || name.startsWith('/') || name.includes('\\') || name.includes('\0') || name.split('/').some((part) => part === '..')) {
    throw new Error(`ZIP entry name ${JSON.stringify(name)} is not a safe relative path`);
  }
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length > U16_MAX) throw new Error(`ZIP entry name is ${bytes.length} bytes long (at most ${U16_MAX})`);
  return bytes;
}

function zip64Extra(values: number[]): Buffer {
  const extra = Buffer.alloc(4 + 8 * values.length);
  extra.writeUInt16LE(ZIP64_EXTRA, 0);
  extra.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => extra.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return extra;
}

/** A ZIP written as a sequence of chunks: add entries, `finish()`, and `take()` the bytes as they come. */
export class ZipEncoder {
  private readonly records: CentralRecord[] = [];
  private readonly names = new Set<string>();
  private readonly dos: { date: number; time: number };
  private readonly level: number;
  private readonly forceZip64: boolean;
  private chunks: Buffer[] = [];
  private pending = 0;
  private written = 0;
  private finished = false;

  constructor(options: ZipEncoderOptions = {}) {
    this.dos = dosDateTime(options.date ?? new Date(Date.UTC(1980, 0, 1)));
    this.level = options.level ?? 6;
    this.forceZip64 = options.forceZip64 ?? false;
  }

  /** Bytes produced so far (taken or not). */
  get offset(): number {
    return this.written;
  }

  /** Bytes produced and not yet taken. */
  get pendingBytes(): number {
    return this.pending;
  }

  get entryCount(): number {
    return this.records.length;
  }

  /** Adds an entry from its bytes (a string is written as UTF-8), stored or deflated. */
  add(name: string, data: string | Uint8Array, options: ZipEntryOptions = {}): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if ((options.method ?? 'deflate') === 'store') {
      this.addEntry(name, METHOD.store, bytes, crc32(bytes), bytes.length);
    } else {
      this.addEntry(name, METHOD.deflate, deflateRawSync(bytes, { level: options.level ?? this.level }), crc32(bytes), bytes.length);
    }
  }

  /** Adds a folder entry ("invoices/"): unzip creates the folder even when no file follows. */
  addFolder(name: string): void {
    if (!name.endsWith('/')) throw new Error(`ZIP folder name ${JSON.stringify(name)} must end with "/"`);
    this.addEntry(name, METHOD.store, new Uint8Array(0), 0, 0, true);
  }

  /** Adds an entry whose data the caller deflated (raw DEFLATE, ended with Z_FINISH). */
  addDeflated(name: string, deflated: DeflatedData): void {
    this.addEntry(name, METHOD.deflate, deflated.data, deflated.crc >>> 0, deflated.size);
  }

  /** The central directory and end records; no entry can follow. */
  finish(): void {
    this.assertOpen();
    this.finished = true;
    const start = this.written;
    for (const r of this.records) this.writeCentralRecord(r);
    this.writeEnd(start, this.written - start);
  }

  private writeCentralRecord(r: CentralRecord): void {
    const big = (value: number) => this.forceZip64 || value >= U32_MAX;
    const [size64, compressed64, offset64] = [big(r.size), big(r.compressedSize), big(r.offset)];
    // The ZIP64 field holds, in this order, the values whose own field says 0xFFFFFFFF.
    const values = [size64 ? [r.size] : [], compressed64 ? [r.compressedSize] : [], offset64 ? [r.offset] : []].flat();
    const extra = values.length > 0 ? zip64Extra(values) : undefined;
    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_SIG, 0);
    header.writeUInt16LE(MADE_BY, 4);
    // The local header says 45 only when it carries the sizes' ZIP64 field; here any ZIP64 field counts.
    header.writeUInt16LE(extra ? 45 : 20, 6);
    header.writeUInt16LE(FLAG_UTF8, 8);
    header.writeUInt16LE(r.method, 10);
    header.writeUInt16LE(this.dos.time, 12);
    header.writeUInt16LE(this.dos.date, 14);
    header.writeUInt32LE(r.crc, 16);
    header.writeUInt32LE(compressed64 ? U32_MAX : r.compressedSize, 20);
    header.writeUInt32LE(size64 ? U32_MAX : r.size, 24);
    header.writeUInt16LE(r.name.length, 28);
    header.writeUInt16LE(extra?.length ?? 0, 30);
    // comment length, disk number start, internal attributes: 0
    header.writeUInt32LE(r.directory ? UNIX_FOLDER : UNIX_FILE, 38);
    header.writeUInt32LE(offset64 ? U32_MAX : r.offset, 42);
    this.push(header, r.name);
    if (extra) this.push(extra);
  }

  private writeEnd(start: number, centralSize: number): void {
    const count = this.records.length;
    const zip64 = this.forceZip64 || count >= U16_MAX || centralSize >= U32_MAX || start >= U32_MAX;
    if (zip64) {
      const end64At = this.written;
      const end64 = Buffer.alloc(56);
      end64.writeUInt32LE(ZIP64_END_SIG, 0);
      end64.writeBigUInt64LE(44n, 4); // size of the record after this field
      end64.writeUInt16LE(MADE_BY, 12);
      end64.writeUInt16LE(45, 14);
      // this disk, the directory's disk: 0
      end64.writeBigUInt64LE(BigInt(count), 24);
      end64.writeBigUInt64LE(BigInt(count), 32);
      end64.writeBigUInt64LE(BigInt(centralSize), 40);
      end64.writeBigUInt64LE(BigInt(start), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(ZIP64_LOCATOR_SIG, 0);
      locator.writeUInt32LE(0, 4);
      locator.writeBigUInt64LE(BigInt(end64At), 8);
      locator.writeUInt32LE(1, 16); // total disks
      this.push(end64, locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_SIG, 0);
    // With the ZIP64 records present, a field too small for its value says so with its maximum.
    const countField = this.forceZip64 || count >= U16_MAX ? U16_MAX : count;
    end.writeUInt16LE(countField, 8);
    end.writeUInt16LE(countField, 10);
    end.writeUInt32LE(this.forceZip64 || centralSize >= U32_MAX ? U32_MAX : centralSize, 12);
    end.writeUInt32LE(this.forceZip64 || start >= U32_MAX ? U32_MAX : start, 16);
    this.push(end);
  }

  /** The chunks produced since the last call (the caller writes them, in order). */
  take(): Buffer[] {
    const chunks = this.chunks;
    this.chunks = [];
    this.pending = 0;
    return chunks;
  }

  private addEntry(name: string, method: number, data: Uint8Array, crc: number, size: number, directory = false): void {
    this.assertOpen();
    const nameBytes = this.claim(name, directory);
    const offset = this.written;
    const compressedSize = data.length;
    const zip64 = this.forceZip64 || size >= U32_MAX || compressedSize >= U32_MAX;
    // In a local header the ZIP64 field holds both sizes, or is absent.
    const extra = zip64 ? zip64Extra([size, compressedSize]) : undefined;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL_SIG, 0);
    header.writeUInt16LE(zip64 ? 45 : 20, 4);
    header.writeUInt16LE(FLAG_UTF8, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt16LE(this.dos.time, 10);
    header.writeUInt16LE(this.dos.date, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(zip64 ? U32_MAX : compressedSize, 18);
    header.writeUInt32LE(zip64 ? U32_MAX : size, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(extra?.length ?? 0, 28);
    this.push(header, nameBytes);
    if (extra) this.push(extra);
    if (data.length > 0) this.push(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    this.records.push({ name: nameBytes, method, crc, compressedSize, size, offset, directory });
  }

  /** The name's bytes, refused when unsafe, taken, or a folder's name given to a file. */
  private claim(name: string, directory: boolean): Buffer {
    if (!directory && name.endsWith('/')) throw new Error(`ZIP entry name ${JSON.stringify(name)} names a folder`);
    const bytes = entryName(name);
    if (this.names.has(name)) throw new Error(`ZIP entry ${JSON.stringify(name)} is already in the archive`);
    this.names.add(name);
    return bytes;
  }

  private push(...chunks: Buffer[]): void {
    for (const c of chunks) {
      this.chunks.push(c);
      this.pending += c.length;
      this.written += c.length;
    }
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('the ZIP is finished: no entry can be added');
  }
}

/** Writes chunks in order (e.g. to a file handle); resolves when they are all written. */
export type ZipWrite = (chunks: Buffer[]) => Promise<void>;

/** Entries smaller than this are deflated on the calling thread; larger ones on the thread pool. */
const ASYNC_DEFLATE_FROM = 64 * 1024;
/** Chunks are written once this many bytes are waiting. */
const WRITE_BATCH = 1024 * 1024;

/** A ZIP written through `write` as its entries come: at most about 1 MiB (and the entry being added) is held. */
export class ZipFileWriter {
  private readonly encoder: ZipEncoder;
  private readonly level: number;

  constructor(
    private readonly write: ZipWrite,
    options: ZipEncoderOptions = {},
  ) {
    this.encoder = new ZipEncoder(options);
    this.level = options.level ?? 6;
  }

  /** Bytes of the archive so far. */
  get offset(): number {
    return this.encoder.offset;
  }

  async add(name: string, data: string | Uint8Array, options: ZipEntryOptions = {}): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if ((options.method ?? 'deflate') === 'deflate' && bytes.length >= ASYNC_DEFLATE_FROM) {
      const deflated = await deflateRawAsync(bytes, { level: options.level ?? this.level, finishFlush: constants.Z_FINISH });
      this.encoder.addDeflated(name, { data: deflated, crc: crc32(bytes), size: bytes.length });
    } else {
      this.encoder.add(name, bytes, options);
    }
    if (this.encoder.pendingBytes >= WRITE_BATCH) await this.write(this.encoder.take());
  }

  async addFolder(name: string): Promise<void> {
    this.encoder.addFolder(name);
    if (this.encoder.pendingBytes >= WRITE_BATCH) await this.write(this.encoder.take());
  }

  /** The central directory and end records, and every chunk still waiting; resolves with the archive's size. */
  async finish(): Promise<number> {
    this.encoder.finish();
    await this.write(this.encoder.take());
    return this.encoder.offset;
  }
}

/** A whole ZIP in memory (small archives: the register's .xlsx package). */
export function zipBuffer(entries: Array<{ name: string; data: string | Uint8Array; method?: ZipMethod } | { name: string; deflated: DeflatedData }>, options: ZipEncoderOptions = {}): Buffer {
  const encoder = new ZipEncoder(options);
  for (const e of entries) {
    if ('deflated' in e) encoder.addDeflated(e.name, e.deflated);
    else encoder.add(e.name, e.data, { method: e.method ?? 'deflate' });
  }
  encoder.finish();
  return Buffer.concat(encoder.take());
}
