// A minimal streaming POSIX tar (ustar), optionally gzipped, for backups: files are streamed one
// by one from disk into the archive and out of it, so memory stays flat however large the
// documents folder is, and anyone can inspect a backup with `tar tf` / `tar xzf`.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fstatSync, fsyncSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { AppError } from '../../src-shared/errors.js';
import { plural } from '../../src-shared/plural.js';

const BLOCK = 512;

export type TarSource = { name: string; path: string } | { name: string; data: Buffer };

export interface TarEntryWritten {
  name: string;
  bytes: number;
  sha256: string;
}

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

function header(name: string, size: number, mtimeS: number): Buffer {
  const block = Buffer.alloc(BLOCK, 0);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    // ustar splits a long path at a slash: prefix (155 bytes) / name (100 bytes).
    const cut = name.lastIndexOf('/', name.length - 1);
    prefix = cut > 0 ? name.slice(0, cut) : '';
    base = cut > 0 ? name.slice(cut + 1) : name;
    if (Buffer.byteLength(base) > 100 || Buffer.byteLength(prefix) > 155) throw new AppError('INTERNAL', `backup: the path ${name} is too long for the archive`);
  }
  block.write(base, 0, 100, 'utf8');
  block.write(octal(0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(Math.floor(mtimeS), 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + ' ', 148, 'ascii');
  return block;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK, 0);

/**
 * Writes the entries, in order, to `outPath` (gzipped when `gzip`); `sources` may be produced lazily
 * (e.g. the manifest last, from the hashes of what came before). Each file is read through one
 * descriptor: a file replaced meanwhile (atomic rename) is archived as it was when opened.
 */
export async function writeTar(outPath: string, sources: AsyncIterable<TarSource> | Iterable<TarSource>, options: { gzip: boolean; onEntry?: (entry: TarEntryWritten) => void }): Promise<void> {
  async function* blocks(): AsyncGenerator<Buffer> {
    const now = Date.now() / 1000;
    for await (const source of sources) {
      const hash = createHash('sha256');
      if ('data' in source) {
        yield header(source.name, source.data.length, now);
        hash.update(source.data);
        yield source.data;
        yield padding(source.data.length);
        options.onEntry?.({ name: source.name, bytes: source.data.length, sha256: hash.digest('hex') });
        continue;
      }
      const fd = openSync(source.path, 'r');
      let size: number;
      let mtime: number;
      try {
        const stat = fstatSync(fd);
        size = stat.size;
        mtime = stat.mtimeMs / 1000;
      } catch (error) {
        closeSync(fd);
        throw error;
      }
      yield header(source.name, size, mtime);
      let written = 0;
      if (size > 0) {
        for await (const chunk of createReadStream('', { fd, start: 0, end: size - 1, autoClose: true }) as AsyncIterable<Buffer>) {
          hash.update(chunk);
          written += chunk.length;
          yield chunk;
        }
      } else closeSync(fd);
      if (written !== size) throw new AppError('INTERNAL', `backup: ${source.path} changed size while it was archived (${size} → ${written} bytes)`);
      yield padding(size);
      options.onEntry?.({ name: source.name, bytes: size, sha256: hash.digest('hex') });
    }
    yield Buffer.alloc(BLOCK * 2, 0);
  }
  const out = createWriteStream(outPath, { flags: 'wx' });
  const stages: Array<NodeJS.ReadableStream | Transform | NodeJS.WritableStream> = [Readable.from(blocks(), { objectMode: false })];
  if (options.gzip) stages.push(createGzip({ level: 6 }));
  stages.push(out);
  // Not fsynced here: the caller commits the temp file (runtime/atomic-file.ts commitTempFile).
  await pipeline(stages as unknown as [NodeJS.ReadableStream, NodeJS.WritableStream]);
}

function parseOctal(block: Buffer, offset: number, length: number): number {
  const text = block.toString('ascii', offset, offset + length).replace(/\0.*$/, '').trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function entryName(block: Buffer): string {
  const name = block.toString('utf8', 0, 100).replace(/\0.*$/s, '');
  const prefix = block.toString('utf8', 345, 500).replace(/\0.*$/s, '');
  return prefix ? `${prefix}/${name}` : name;
}

/** Refuses absolute paths and `..`: an archive must not write outside the folder it is unpacked in. */
function safeRelative(name: string, archive: string): string {
  const normalized = normalize(name);
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name) || normalized.split(sep).includes('..') || normalized.split('/').includes('..')) {
    throw new AppError('BAD_INPUT', `${archive}: the archive entry "${name}" points outside the folder; not a LedgerFlow backup`, { details: { file: archive, entry: name } });
  }
  return normalized;
}

/** An entry being unpacked: its data still to come, its padding, and where it goes (null: a folder entry, nothing written). */
interface Entry {
  name: string;
  remaining: number;
  pad: number;
  fd: number | null;
  hash: ReturnType<typeof createHash>;
  size: number;
}

interface Unpacking {
  archivePath: string;
  destDir: string;
  entries: TarEntryWritten[];
  current: Entry | undefined;
  /** The end-of-archive block was read. */
  ended: boolean;
}

/** Input not yet consumed: `buf` from `offset` on. */
interface Cursor {
  buf: Buffer;
  offset: number;
}

const available = (cursor: Cursor) => cursor.buf.length - cursor.offset;

/** The archive's bytes, gunzipped when it starts with gzip's magic number. */
function openArchive(archivePath: string): AsyncIterable<Buffer> {
  const head = Buffer.alloc(2);
  const probe = openSync(archivePath, 'r');
  try {
    const bytesRead = readSync(probe, head, 0, 2, 0);
    if (bytesRead < 2) throw new AppError('BAD_INPUT', `${archivePath}: the file is empty; not a LedgerFlow backup`, { details: { file: archivePath } });
  } finally {
    closeSync(probe);
  }
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  return gz ? createReadStream(archivePath).pipe(createGunzip()) : createReadStream(archivePath);
}

function checkHeaderSum(block: Buffer, u: Unpacking): void {
  const stored = parseOctal(block, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  if (stored !== sum) throw new AppError('BAD_INPUT', `${u.archivePath}: damaged archive (a header checksum does not match after ${plural(u.entries.length, 'file')}); not a readable LedgerFlow backup`, { details: { file: u.archivePath } });
}

/** Per header type: a regular file ('0') is created (never over an existing one), a folder ('5') needs nothing, anything else is refused. */
function openEntryTarget(u: Unpacking, name: string, type: string): number | null {
  if (type === '5') return null;
  if (type !== '0') throw new AppError('BAD_INPUT', `${u.archivePath}: entry "${name}" is not a regular file (type ${type}); not a LedgerFlow backup`, { details: { file: u.archivePath, entry: name } });
  const target = join(u.destDir, safeRelative(name, u.archivePath));
  mkdirSync(dirname(target), { recursive: true });
  return openSync(target, 'wx');
}

/** Reads the next header and starts its entry; false when more input is needed or the archive ended. */
function consumeHeader(u: Unpacking, cursor: Cursor): boolean {
  if (available(cursor) < BLOCK) return false;
  const block = cursor.buf.subarray(cursor.offset, cursor.offset + BLOCK);
  cursor.offset += BLOCK;
  if (block.every((b) => b === 0)) {
    u.ended = true;
    return false;
  }
  checkHeaderSum(block, u);
  const name = entryName(block);
  const size = parseOctal(block, 124, 12);
  const fd = openEntryTarget(u, name, String.fromCharCode(block[156] || 48));
  u.current = { name, remaining: size, pad: (BLOCK - (size % BLOCK)) % BLOCK, fd, hash: createHash('sha256'), size };
  return true;
}

/** The current entry is complete: its file synced and closed, its size and hash recorded. */
function finishEntry(u: Unpacking): void {
  const entry = u.current!;
  if (entry.fd !== null) {
    fsyncSync(entry.fd);
    closeSync(entry.fd);
    u.entries.push({ name: entry.name, bytes: entry.size, sha256: entry.hash.digest('hex') });
  }
  u.current = undefined;
}

/** Writes what is available of the current entry's data; true once its data and padding are consumed. */
function consumeBody(u: Unpacking, cursor: Cursor): boolean {
  const entry = u.current!;
  const take = Math.min(entry.remaining, available(cursor));
  if (take > 0) {
    const piece = cursor.buf.subarray(cursor.offset, cursor.offset + take);
    if (entry.fd !== null) {
      writeSync(entry.fd, piece);
      entry.hash.update(piece);
    }
    entry.remaining -= take;
    cursor.offset += take;
  }
  if (entry.remaining > 0 || available(cursor) < entry.pad) return false;
  cursor.offset += entry.pad;
  finishEntry(u);
  return true;
}

function closeCurrent(u: Unpacking): void {
  if (u.current?.fd != null) closeSync(u.current.fd);
}

/**
 * Unpacks regular files of `archivePath` (tar or tar.gz, detected by content) into `destDir`,
 * returning each entry's size and SHA-256 computed while writing it.
 */
export async function extractTar(archivePath: string, destDir: string): Promise<TarEntryWritten[]> {
  const input = openArchive(archivePath);
  const u: Unpacking = { archivePath, destDir, entries: [], current: undefined, ended: false };
  let pending: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of input) {
      const cursor: Cursor = { buf: pending.length ? Buffer.concat([pending, chunk]) : chunk, offset: 0 };
      let progressed = true;
      while (progressed && !u.ended) progressed = u.current ? consumeBody(u, cursor) : consumeHeader(u, cursor);
      pending = cursor.buf.subarray(cursor.offset);
      if (u.ended) break;
    }
  } catch (error) {
    closeCurrent(u);
    if (error instanceof AppError) throw error;
    throw new AppError('BAD_INPUT', `${archivePath}: cannot read the backup (${(error as Error).message})`, { details: { file: archivePath }, cause: error });
  }
  if (u.current || !u.ended) {
    closeCurrent(u);
    throw new AppError('BAD_INPUT', `${archivePath}: the backup is truncated (it ends inside ${u.current ? `"${u.current.name}"` : 'the archive'}); not a complete LedgerFlow backup`, { details: { file: archivePath } });
  }
  return u.entries;
}
