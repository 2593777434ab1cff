// The export ZIP (docs/ARCHITECTURE.md rule 7): invoices/<number>.pdf, manifest.json, SHA256SUMS,
// register.xlsx and optionally data/<number>.json, written entry by entry (zip-writer.ts) into a
// temp file in the destination folder as the invoices come, fsynced and renamed into place only
// when complete. Any failure (a PDF missing or not matching its recorded SHA-256, disk full,
// permissions) removes the temp file and throws AppError('EXPORT_FAILED') saying why; nothing is
// left at the destination.
import { createHash } from 'node:crypto';
import { statSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { currencyScale } from '../../src-shared/money/currencies.js';
import { AppError } from '../../src-shared/errors.js';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import type { AuditAnchor } from '../audit/anchor.js';
import { commitTempFile, tempPathFor } from '../runtime/atomic-file.js';
import { UniqueNames } from './names.js';
import { countedTotals, documentStatus, registerTotalsOf, type RegisterStatus } from './counted.js';
import { RegisterWriter } from './register.js';
import { ZipFileWriter, type ZipWrite } from './zip-writer.js';

export interface ExportManifestHeader {
  appVersion: string;
  business: { id: string; name: string; taxId?: string | null };
  /** The batch exported (absent for a period export). */
  batchId?: string;
  traceId?: string;
  /** A period export: every document dated from `from` to `to`, inclusive. */
  period?: { from: string; to: string };
  /** ISO timestamp. */
  createdAt: string;
  /** When the ZIP holds several batches (the demo): each with its business and trace id. */
  batches?: Array<{ batchId: string; traceId: string; business: { id: string; name: string; taxId?: string | null } }>;
  /** The audit chain's length and head hash when the export was made (`audit verify --anchor manifest.json`). */
  auditAnchor?: AuditAnchor;
}

export interface ExportInvoice {
  document: InvoiceDocument;
  pdfPath: string;
  /** Hex SHA-256 recorded when the PDF was written. */
  sha256: string;
  /** Size recorded when the PDF was written (checked when given). */
  bytes?: number;
}

export interface ExportZipOptions {
  outPath: string;
  manifest: ExportManifestHeader;
  invoices: AsyncIterable<ExportInvoice> | Iterable<ExportInvoice>;
  /** Also write data/<number>.json (the InvoiceDocument) for document-AI users. */
  includeGroundTruth?: boolean;
  /** DEFLATE level for the non-PDF entries (PDFs are stored: they are already compressed). */
  compressionLevel?: number;
  /** Test hook: wraps the function that writes the ZIP's chunks to its file (e.g. to inject a write error). */
  wrapOutput?: (write: ZipWrite) => ZipWrite;
  /** Told the temp file's path before it is created; the returned function runs when it is gone (renamed or removed). */
  announceTemp?: (tempPath: string) => () => void;
}

export interface ManifestInvoice {
  number: string;
  date: string;
  kind: string;
  regime: string;
  customer: { name: string; taxId: string | null };
  currency: string;
  /** issued, void (listed, counted as zero) or credit note (counted negative). */
  status: RegisterStatus;
  /** A credit note: the invoice it corrects. */
  creditNoteFor?: string;
  /** An invoice: its credit notes. */
  creditNotes?: string[];
  /** A debit note: the invoice it adds to (its number is in creditNoteFor's place for credit notes). */
  debitNoteFor?: string;
  /** An invoice: its debit notes. */
  debitNotes?: string[];
  /** A voided invoice: when and why. */
  cancelled?: { date: string; reason: string };
  /** As counted in the register: credit notes negative, a voided invoice zero (its PDF keeps the
   * printed amounts). `nonTaxable`: exempt, nil-rated and non-GST value kept out of `taxable`
   * (present only when there is some). */
  totals: { taxable: string; nonTaxable?: string; tax: string; roundOff: string; grandTotal: string };
  /** Path inside the ZIP. */
  file: string;
  sha256: string;
  bytes: number;
  data?: string;
}

export interface ExportManifest extends ExportManifestHeader {
  format: 'ledgerflow-export';
  formatVersion: 1;
  invoiceCount: number;
  invoices: ManifestInvoice[];
  /** Sums of the counted totals: invoices, less credit notes, voided invoices left out. */
  totalsByCurrency: Record<string, { invoices: number; issued: number; void: number; creditNotes: number; debitNotes: number; taxable: string; tax: string; roundOff: string; grandTotal: string }>;
  files: { manifest: string; checksums: string; register: string };
}

export interface ExportZipResult {
  path: string;
  sha256: string;
  bytes: number;
  invoiceCount: number;
}

const SHA_RE = /^[0-9a-f]{64}$/;

/** PDFs read ahead of the ZIP: when the ZIP reaches a PDF, the next few are already being read. */
const READ_AHEAD = 8;

/**
 * A PDF whose reading has started, waiting for its turn in the ZIP. Read one by one as the ZIP
 * reached them, each PDF cost three round trips to the thread pool (open, read, close) during which
 * nothing else happened: the export waited on the disk for most of its time. So the export keeps
 * up to READ_AHEAD of them being read while it writes the one before.
 */
interface PendingPdf {
  file: string;
  entry: string;
  sha256: string;
  bytes: number;
  read: Promise<Buffer>;
  /** data/<number>.json, written after the PDF. */
  data?: { entry: string; json: string };
}

function startReading(file: string): Promise<Buffer> {
  const read = fs.readFile(file);
  // Its error is reported when the ZIP reaches that file (or never, if the export stops first).
  read.catch(() => undefined);
  return read;
}

/** The PDF's bytes once read, checked against its recorded size and hash. */
async function verifiedPdf(pdf: PendingPdf): Promise<Buffer> {
  const { file, entry } = pdf;
  let bytes: Buffer;
  try {
    bytes = await pdf.read;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AppError('EXPORT_FAILED', `${entry}: cannot read ${file}: ${code === 'ENOENT' ? 'the file is missing' : (e as Error).message}`, { details: { file, entry, errno: code } });
  }
  const got = sha256(bytes);
  if (got !== pdf.sha256) {
    throw new AppError('EXPORT_FAILED', `${entry}: ${file} does not match its recorded SHA-256 (changed after it was written?)`, { details: { file, entry, expected: pdf.sha256, actual: got } });
  }
  if (bytes.length !== pdf.bytes) throw new AppError('EXPORT_FAILED', `${entry}: ${file} has ${bytes.length} bytes, ${pdf.bytes} were recorded`, { details: { file, entry } });
  return bytes;
}

/**
 * Writes every chunk to the file, in order, at the file's current end. A short write (the disk
 * filling up) is continued, so the write after it reports why (ENOSPC).
 */
async function writeAll(handle: fs.FileHandle, chunks: Buffer[]): Promise<void> {
  const rest = chunks.filter((c) => c.length > 0);
  while (rest.length > 0) {
    let { bytesWritten } = await handle.writev(rest);
    if (bytesWritten === 0) throw Object.assign(new Error('the file system accepted no bytes'), { code: 'EIO' });
    while (rest.length > 0 && bytesWritten >= rest[0]!.length) bytesWritten -= rest.shift()!.length;
    if (bytesWritten > 0) rest[0] = rest[0]!.subarray(bytesWritten);
  }
}

/** The entries' time: the export's creation time (so the ZIP does not depend on the clock). */
function entryDate(createdAt: string): Date | undefined {
  const date = new Date(createdAt);
  return Number.isFinite(date.getTime()) ? date : undefined;
}

function describeWriteError(e: unknown, outPath: string): AppError {
  if (e instanceof AppError) return new AppError('EXPORT_FAILED', e.message, { details: { ...e.details, outPath }, cause: e });
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC' ? 'the disk is full' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'the destination folder does not exist' : code === 'EROFS' ? 'the destination is read-only' : (e as Error).message ?? String(e);
  return new AppError('EXPORT_FAILED', `Export to ${outPath} failed: ${why}; nothing was written there`, {
    details: { outPath, errno: code },
    retryable: code === 'EMFILE' || code === 'EBUSY',
    cause: e,
  });
}

/** SHA256SUMS in the format `sha256sum -c` reads: "<hex>  <path>". */
function checksumsFile(entries: Array<{ file: string; sha256: string }>): string {
  return entries.map((e) => `${e.sha256}  ${e.file}\n`).join('');
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * The PDF's size on disk, refused when the recorded SHA-256 is malformed, the file is missing or its
 * size is not the recorded one. A synchronous stat (microseconds: the entry is cached): awaited one
 * by one, 10,000 asynchronous stats were 10,000 round trips to the thread pool.
 */
function recordedPdfSize(inv: ExportInvoice, expected: string): number {
  const d = inv.document;
  if (!SHA_RE.test(expected)) throw new AppError('EXPORT_FAILED', `Invoice ${d.number}: recorded SHA-256 "${inv.sha256}" is not a hex SHA-256`, { details: { number: d.number } });
  let size: number;
  try {
    size = statSync(inv.pdfPath).size;
  } catch (e) {
    throw new AppError('EXPORT_FAILED', `Invoice ${d.number}: PDF ${inv.pdfPath} is missing`, { details: { number: d.number, file: inv.pdfPath, errno: (e as NodeJS.ErrnoException).code } });
  }
  if (inv.bytes !== undefined && size !== inv.bytes) {
    throw new AppError('EXPORT_FAILED', `Invoice ${d.number}: PDF ${inv.pdfPath} has ${size} bytes, ${inv.bytes} were recorded`, { details: { number: d.number, file: inv.pdfPath } });
  }
  return size;
}

type Counted = ReturnType<typeof countedTotals>;

function manifestItem(d: InvoiceDocument, status: ManifestInvoice['status'], counted: Counted, stored: { file: string; sha256: string; bytes: number }): ManifestInvoice {
  return {
    number: d.number,
    date: d.issueDate,
    kind: d.kind,
    regime: d.regime,
    customer: { name: d.customer.name, taxId: d.customer.taxId ?? null },
    currency: d.currency,
    status,
    ...(d.creditNoteFor ? (d.kind === 'debit_note' ? { debitNoteFor: d.creditNoteFor.number } : { creditNoteFor: d.creditNoteFor.number }) : {}),
    ...(d.creditNotes && d.creditNotes.length > 0 ? { creditNotes: d.creditNotes.map((n) => n.number) } : {}),
    ...(d.debitNotes && d.debitNotes.length > 0 ? { debitNotes: d.debitNotes.map((n) => n.number) } : {}),
    ...(d.cancelled ? { cancelled: d.cancelled } : {}),
    totals: counted,
    file: stored.file,
    sha256: stored.sha256,
    bytes: stored.bytes,
  };
}

interface CurrencyTotals { invoices: number; issued: number; void: number; creditNotes: number; debitNotes: number; taxable: Decimal; tax: Decimal; roundOff: Decimal; grandTotal: Decimal }

function addToTotals(totals: Map<string, CurrencyTotals>, currency: string, status: ManifestInvoice['status'], counted: Counted): void {
  const t = totals.get(currency) ?? { invoices: 0, issued: 0, void: 0, creditNotes: 0, debitNotes: 0, taxable: new Decimal(0), tax: new Decimal(0), roundOff: new Decimal(0), grandTotal: new Decimal(0) };
  t.invoices++;
  if (status === 'void') t.void++;
  else if (status === 'credit note') t.creditNotes++;
  else if (status === 'debit note') t.debitNotes++;
  else t.issued++;
  t.taxable = t.taxable.plus(counted.taxable);
  t.tax = t.tax.plus(counted.tax);
  t.roundOff = t.roundOff.plus(counted.roundOff);
  t.grandTotal = t.grandTotal.plus(counted.grandTotal);
  totals.set(currency, t);
}

export async function exportZip(options: ExportZipOptions): Promise<ExportZipResult> {
  const outPath = path.resolve(options.outPath);
  const dir = path.dirname(outPath);
  try {
    const st = await fs.stat(dir);
    if (!st.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (e) {
    throw describeWriteError(e, outPath);
  }

  const names = new UniqueNames();
  const listed: ManifestInvoice[] = [];
  const sums: Array<{ file: string; sha256: string }> = [];
  // Rows are written as each document passes: no document is held for the register.
  const register = new RegisterWriter(options.compressionLevel ?? 6);
  const totals = new Map<string, CurrencyTotals>();
  const level = options.compressionLevel ?? 6;

  // Reading and writing the ZIP fail as EXPORT_FAILED saying why; a failure of the caller's
  // invoices (its iterator, a malformed record) is thrown as it is.
  const io = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } catch (e) {
      throw describeWriteError(e, outPath);
    }
  };

  const tmp = tempPathFor(outPath);
  const zipHash = createHash('sha256');
  let bytes = 0;
  let handle: fs.FileHandle | undefined;
  const withdraw = options.announceTemp?.(tmp);
  try {
    const file = (handle = await io(fs.open(tmp, 'wx', 0o644)));
    const write: ZipWrite = async (chunks) => {
      for (const c of chunks) {
        zipHash.update(c);
        bytes += c.length;
      }
      await writeAll(file, chunks);
    };
    const zip = new ZipFileWriter(options.wrapOutput ? options.wrapOutput(write) : write, { date: entryDate(options.manifest.createdAt), level });
    const pending: PendingPdf[] = [];
    // Each folder has its own entry, before its first file (as the export always had).
    const folders = new Set<string>();
    const addInFolder = async (entry: string, data: string | Buffer, method: 'store' | 'deflate') => {
      const folder = entry.slice(0, entry.lastIndexOf('/') + 1);
      if (!folders.has(folder)) {
        folders.add(folder);
        await zip.addFolder(folder);
      }
      await zip.add(entry, data, { method });
    };
    const writeOldest = async () => {
      const pdf = pending.shift()!;
      await io(verifiedPdf(pdf).then((data) => addInFolder(pdf.entry, data, 'store')));
      if (pdf.data) await io(addInFolder(pdf.data.entry, pdf.data.json, 'deflate'));
    };

    for await (const inv of options.invoices as AsyncIterable<ExportInvoice>) {
      const d = inv.document;
      const expected = inv.sha256.toLowerCase();
      const size = recordedPdfSize(inv, expected);
      const stem = names.take(d.number);
      const entry = `invoices/${stem}.pdf`;
      const pdf: PendingPdf = { file: inv.pdfPath, entry, sha256: expected, bytes: size, read: startReading(inv.pdfPath) };
      sums.push({ file: entry, sha256: expected });
      const status = documentStatus(d);
      const counted = countedTotals(registerTotalsOf(d), status, d.currency);
      const item = manifestItem(d, status, counted, { file: entry, sha256: expected, bytes: size });
      if (options.includeGroundTruth) {
        const dataFile = `data/${stem}.json`;
        const json = JSON.stringify(d, null, 2) + '\n';
        pdf.data = { entry: dataFile, json };
        sums.push({ file: dataFile, sha256: sha256(json) });
        item.data = dataFile;
      }
      listed.push(item);
      register.add(d, entry);
      addToTotals(totals, d.currency, status, counted);
      pending.push(pdf);
      if (pending.length > READ_AHEAD) await writeOldest();
    }
    while (pending.length > 0) await writeOldest();

    const registerXlsx = register.finish();
    await io(zip.add('register.xlsx', registerXlsx, { method: 'store' }));
    sums.push({ file: 'register.xlsx', sha256: sha256(registerXlsx) });

    // Scales only from src-shared/money: a list of its own here printed JOD or TND totals at 2 decimals.
    const scaleOf = (cur: string) => currencyScale(cur.toUpperCase());
    const manifest: ExportManifest = {
      format: 'ledgerflow-export',
      formatVersion: 1,
      ...options.manifest,
      invoiceCount: listed.length,
      invoices: listed,
      totalsByCurrency: Object.fromEntries(
        [...totals.entries()].map(([cur, t]) => [
          cur,
          { invoices: t.invoices, issued: t.issued, void: t.void, creditNotes: t.creditNotes, debitNotes: t.debitNotes, taxable: t.taxable.toFixed(scaleOf(cur)), tax: t.tax.toFixed(scaleOf(cur)), roundOff: t.roundOff.toFixed(scaleOf(cur)), grandTotal: t.grandTotal.toFixed(scaleOf(cur)) },
        ]),
      ),
      files: { manifest: 'manifest.json', checksums: 'SHA256SUMS', register: 'register.xlsx' },
    };
    const manifestJson = JSON.stringify(manifest, null, 2) + '\n';
    await io(zip.add('manifest.json', manifestJson, { method: 'deflate' }));
    sums.push({ file: 'manifest.json', sha256: sha256(manifestJson) });
    await io(zip.add('SHA256SUMS', checksumsFile(sums), { method: 'deflate' }));
    await io(zip.finish());
    handle = undefined;
    await io(file.close());
    await io(commitTempFile(tmp, outPath));
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    withdraw?.();
    throw e;
  }
  withdraw?.();
  return { path: outPath, sha256: zipHash.digest('hex'), bytes, invoiceCount: listed.length };
}
