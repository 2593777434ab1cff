// What a file really is, from its bytes (never its extension), and the guards that run before any
// parser touches it: the size limit and the zip-bomb check on the ZIP central directory.
import { AppError } from '../../src-shared/errors.js';

export type SheetFormat = 'xlsx' | 'xls' | 'ods' | 'csv';

export interface ImportLimits {
  /** Largest file accepted, in bytes (5 MB by default; a setting). */
  maxBytes: number;
  /** Largest total uncompressed size of an .xlsx/.ods's ZIP entries (zip-bomb guard). */
  maxUncompressedBytes: number;
  /** Highest ratio of unpacked to packed size of one ZIP entry above 10 MB (zip-bomb guard). */
  maxCompressionRatio: number;
  /** Most columns a row may have: a catalogue or orders sheet needs a few dozen. */
  maxColumns: number;
}

// A 5 MB workbook of ordinary rows unpacks to some 50-60 MB (ratios of 5-20 are usual for sheet
// XML); a few hundred to one is a bomb, however small the file.
export const DEFAULT_LIMITS: ImportLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxUncompressedBytes: 100 * 1024 * 1024,
  maxCompressionRatio: 100,
  maxColumns: 1024,
};

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  encrypted: boolean;
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function checkSize(size: number, limits: ImportLimits): void {
  if (size > limits.maxBytes) {
    throw new AppError('IMPORT_TOO_LARGE', `The file is ${mb(size)}; the import limit is ${mb(limits.maxBytes)} (a setting). Split the sheet or raise the limit.`, {
      details: { bytes: size, limit: limits.maxBytes },
    });
  }
  if (size === 0) throw new AppError('IMPORT_UNREADABLE', 'The file is empty (0 bytes).', { details: { bytes: 0 } });
}

const u16 = (b: Uint8Array, o: number): number => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number): number => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;

/**
 * Lists the entries of a ZIP from its central directory (no decompression). Throws
 * IMPORT_UNREADABLE when there is no end-of-central-directory record (a truncated download).
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const minEocd = 22;
  let eocd = -1;
  for (let i = bytes.length - minEocd; i >= Math.max(0, bytes.length - minEocd - 0xffff); i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new AppError('IMPORT_UNREADABLE', 'The file starts like an .xlsx/.ods (a ZIP archive) but its end is missing: it is truncated or damaged. Download or save it again.', {
      details: { reason: 'zip-no-eocd', bytes: bytes.length },
    });
  }
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) {
    throw new AppError('IMPORT_UNREADABLE', 'The archive uses ZIP64, which a spreadsheet of at most a few MB never needs; refusing it.', { details: { reason: 'zip64' } });
  }
  if (cdOffset + cdSize > eocd) {
    throw new AppError('IMPORT_UNREADABLE', 'The file is an .xlsx/.ods (ZIP) whose directory points past its end: it is truncated or damaged.', { details: { reason: 'zip-bad-directory' } });
  }
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) {
      throw new AppError('IMPORT_UNREADABLE', 'The .xlsx/.ods (ZIP) directory is damaged.', { details: { reason: 'zip-bad-entry', entry: i } });
    }
    const flags = u16(bytes, p + 8);
    const compressedSize = u32(bytes, p + 20);
    const uncompressedSize = u32(bytes, p + 24);
    const nameLength = u16(bytes, p + 28);
    const extraLength = u16(bytes, p + 30);
    const commentLength = u16(bytes, p + 32);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    entries.push({ name, compressedSize, uncompressedSize, encrypted: (flags & 1) === 1 });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Refuses an archive whose declared uncompressed content is over the limit (zip bomb). */
export function checkZipBomb(entries: ZipEntry[], limits: ImportLimits): void {
  let total = 0;
  for (const entry of entries) {
    if (entry.uncompressedSize === 0xffffffff) total = Number.POSITIVE_INFINITY;
    else total += entry.uncompressedSize;
  }
  const ratioLimit = limits.maxCompressionRatio ?? DEFAULT_LIMITS.maxCompressionRatio;
  const packed = entries.find((e) => e.uncompressedSize > 10 * 1024 * 1024 && e.uncompressedSize > e.compressedSize * ratioLimit);
  if (packed && total <= limits.maxUncompressedBytes) {
    const ratio = Math.round(packed.uncompressedSize / Math.max(1, packed.compressedSize));
    throw new AppError('IMPORT_TOO_LARGE', `The spreadsheet's part ${packed.name} would expand ${ratio} times (${mb(packed.compressedSize)} to ${mb(packed.uncompressedSize)}) when unpacked (limit ${ratioLimit} times); refusing it as a possible zip bomb.`, {
      details: { entry: packed.name, ratio, limit: ratioLimit, reason: 'zip-bomb' },
    });
  }
  if (total > limits.maxUncompressedBytes) {
    throw new AppError('IMPORT_TOO_LARGE', `The spreadsheet would expand to ${Number.isFinite(total) ? mb(total) : 'over 4 GB'} when unpacked (limit ${mb(limits.maxUncompressedBytes)}); refusing it as a possible zip bomb.`, {
      details: { uncompressedBytes: total, limit: limits.maxUncompressedBytes, reason: 'zip-bomb' },
    });
  }
}

const startsWith = (b: Uint8Array, sig: number[], at = 0): boolean => sig.every((x, i) => b[at + i] === x);

/** A human name for bytes that are not a spreadsheet, for the error message. */
export function describeNonSpreadsheet(bytes: Uint8Array): string {
  if (startsWith(bytes, [0x4d, 0x5a])) return 'a Windows program (.exe/.dll)';
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'a Linux program (ELF)';
  if (startsWith(bytes, [0xcf, 0xfa, 0xed, 0xfe]) || startsWith(bytes, [0xfe, 0xed, 0xfa, 0xcf]) || startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe])) return 'a macOS program (Mach-O)';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'a PDF document';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'a PNG image';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'a JPEG image';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'a GIF image';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'a gzip archive';
  if (startsWith(bytes, [0x52, 0x61, 0x72, 0x21])) return 'a RAR archive';
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf])) return 'a 7-Zip archive';
  if (startsWith(bytes, [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65])) return 'an SQLite database';
  return 'binary data, not a spreadsheet';
}

export interface Sniffed {
  format: SheetFormat;
  /** For CSV: the decoded text (BOM removed). */
  text?: string;
  zipEntries?: ZipEntry[];
}

function unreadable(message: string, details: Record<string, unknown>): AppError {
  return new AppError('IMPORT_UNREADABLE', message, { details });
}

/** Names of the streams in a Compound File (OLE2) directory, enough to tell xls from others. */
function cfbStreamNames(bytes: Uint8Array): string[] {
  // Header: sector shift at 0x1E, first directory sector at 0x30. Directory entries are 128 bytes
  // with a UTF-16LE name of up to 64 bytes. We read only the first directory sector chain start,
  // which holds the root entries in every file an office suite writes.
  if (bytes.length < 512) return [];
  const sectorSize = 1 << u16(bytes, 0x1e);
  const dirSector = u32(bytes, 0x30);
  const start = (dirSector + 1) * sectorSize;
  const names: string[] = [];
  for (let off = start; off + 128 <= bytes.length && off < start + sectorSize * 4; off += 128) {
    const len = u16(bytes, off + 0x40);
    if (len < 2 || len > 64) continue;
    let name = '';
    for (let i = 0; i < len - 2; i += 2) name += String.fromCharCode(u16(bytes, off + i));
    names.push(name);
  }
  return names;
}

/** A ZIP container: .xlsx or .ods, or a refusal naming what else it is. */
function sniffZip(bytes: Uint8Array, limits: ImportLimits): Sniffed {
  const entries = readZipDirectory(bytes);
  checkZipBomb(entries, limits);
  const names = new Set(entries.map((e) => e.name));
  if (entries.some((e) => e.encrypted)) {
    throw unreadable('The spreadsheet is password-protected (encrypted ZIP entries). Remove the password in your office suite and try again.', { reason: 'encrypted' });
  }
  if (names.has('xl/workbook.xml') || names.has('xl/workbook.bin') || [...names].some((n) => /^xl\/workbook\d*\.xml$/.test(n))) {
    if (names.has('xl/workbook.bin')) throw unreadable('This is an Excel binary workbook (.xlsb), which LedgerFlow does not import; save it as .xlsx.', { reason: 'xlsb' });
    return { format: 'xlsx', zipEntries: entries };
  }
  if (names.has('content.xml') && names.has('mimetype')) {
    // The mimetype entry is stored uncompressed right after the first local header.
    const head = new TextDecoder().decode(bytes.subarray(30, 30 + 120));
    if (head.includes('opendocument.text')) throw unreadable('This is an OpenDocument text document (.odt), not a spreadsheet.', { reason: 'odt' });
    if (head.includes('opendocument.presentation')) throw unreadable('This is an OpenDocument presentation (.odp), not a spreadsheet.', { reason: 'odp' });
    return { format: 'ods', zipEntries: entries };
  }
  if (names.has('word/document.xml')) throw unreadable('This is a Word document (.docx), not a spreadsheet.', { reason: 'docx' });
  if (names.has('ppt/presentation.xml')) throw unreadable('This is a PowerPoint presentation (.pptx), not a spreadsheet.', { reason: 'pptx' });
  throw unreadable('This is a ZIP archive but not an .xlsx or .ods spreadsheet (no workbook inside).', { reason: 'zip-not-spreadsheet' });
}

/** An OLE compound file: .xls, or a refusal for encrypted Office files and .doc. */
function sniffCompoundFile(bytes: Uint8Array): Sniffed {
  const streams = cfbStreamNames(bytes);
  if (streams.includes('EncryptedPackage') || streams.includes('EncryptionInfo')) {
    throw unreadable('The spreadsheet is password-protected (an encrypted Office file). Remove the password in your office suite and try again.', { reason: 'encrypted' });
  }
  if (streams.includes('WordDocument')) throw unreadable('This is a Word document (.doc), not a spreadsheet.', { reason: 'doc' });
  return { format: 'xls' };
}

/** Text: UTF-8 with or without BOM; UTF-16 with a BOM is decoded too (Excel's "Unicode text"). */
function decodeText(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const what = describeNonSpreadsheet(bytes);
    if (what.startsWith('binary')) {
      // Plausibly text in a legacy code page: say so instead of guessing.
      const sample = bytes.subarray(0, 4096);
      const controls = sample.filter((b) => b < 9 || (b > 13 && b < 32)).length;
      if (controls === 0) throw unreadable('The file looks like text but is not UTF-8 (perhaps Windows-1252 or ISO-8859). Save it as "CSV UTF-8" and try again.', { reason: 'not-utf8' });
    }
    throw unreadable(`The file is not a spreadsheet: it looks like ${what}. Expected .xlsx, .xls, .ods or .csv.`, { reason: 'not-spreadsheet', looksLike: what });
  }
}

/** Text that is CSV, or a refusal for binary content and markup. */
function sniffText(bytes: Uint8Array): Sniffed {
  const text = decodeText(bytes);
  const sample = text.slice(0, 4096);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001f]/.test(sample)) {
    const what = describeNonSpreadsheet(bytes);
    throw unreadable(`The file is not a spreadsheet: it looks like ${what}. Expected .xlsx, .xls, .ods or .csv.`, { reason: 'not-spreadsheet', looksLike: what });
  }
  if (/^\s*<(\?xml|html|!doctype)/i.test(sample)) {
    throw unreadable('The file is XML/HTML, not a spreadsheet LedgerFlow imports (.xlsx, .xls, .ods, .csv).', { reason: 'markup' });
  }
  return { format: 'csv', text };
}

/** Decides the format from the bytes; throws IMPORT_UNREADABLE saying what the file looks like. */
export function sniff(bytes: Uint8Array, limits: ImportLimits = DEFAULT_LIMITS): Sniffed {
  checkSize(bytes.length, limits);
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return sniffZip(bytes, limits);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return sniffCompoundFile(bytes);
  return sniffText(bytes);
}
