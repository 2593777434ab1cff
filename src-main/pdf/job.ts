// One unit of PDF work, the same in a worker thread and in-process: render the document, write
// it atomically, read it back from disk, verify it and hash it.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { AppError } from '../../src-shared/errors.js';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import { writeFileAtomicSync } from '../runtime/atomic-file.js';
import { formatMoney } from './format.js';
import { renderInvoicePdfWithPages, type RenderOptions } from './render.js';
import { TemplateError } from './typst.js';
import { PdfVerifyError, verifyInvoicePdf } from './verify.js';

export interface PdfResult {
  /** Hex SHA-256 of the file as written (read back from disk). */
  sha256: string;
  bytes: number;
  pages: number;
  /** Set when the business's own template failed and the built-in template printed the invoice. */
  templateFallback?: string;
}

/** File-system errors that trying again may fix. Disk full and permissions are not among them. */
const TRANSIENT_FS = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY', 'EINTR', 'ETIMEDOUT']);

/** A failed write as PDF_FAILED, saying why in words (retryable only for transient errors). */
function writeError(e: unknown, outPath: string, number: string): AppError {
  const code = (e as NodeJS.ErrnoException).code ?? 'UNKNOWN';
  const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'the folder does not exist' : (e as Error).message;
  return new AppError('PDF_FAILED', `Writing ${outPath} failed: ${why}`, {
    details: { number, path: outPath, stage: 'write', errno: code },
    retryable: TRANSIENT_FS.has(code),
    cause: e,
  });
}

export async function renderToFile(doc: InvoiceDocument, outPath: string, options: RenderOptions = {}): Promise<PdfResult> {
  let pdf: Buffer;
  let pages: number;
  let templateFallback: string | undefined;
  try {
    try {
      ({ pdf, pages } = await renderInvoicePdfWithPages(doc, options));
    } catch (e) {
      // A business template that fails on this invoice: the built-in template prints it (the
      // invoice is issued and must have its PDF); the caller is told why.
      if (!(e instanceof TemplateError) || !options.template) throw e;
      templateFallback = e.message;
      const { template: _template, ...builtin } = options;
      void _template;
      ({ pdf, pages } = await renderInvoicePdfWithPages(doc, builtin));
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('PDF_FAILED', `Rendering invoice ${doc.number} failed: ${(e as Error).message}`, {
      details: { number: doc.number, stage: 'render' },
      retryable: true,
      cause: e,
    });
  }
  // Synchronous on purpose: in a worker the event loop only turns between two compiles, so each
  // step of an asynchronous write (open, write, fsync, close, rename, fsync folder, read back) waited
  // for the next compile to end and the worker sat idle while the chains drained.
  let written: Buffer;
  try {
    writeFileAtomicSync(outPath, pdf);
    written = readFileSync(outPath);
  } catch (e) {
    throw writeError(e, outPath, doc.number);
  }
  // One turn of the event loop: the native memory of the previous render is freed by finalizers
  // that run there (typst.ts), and a worker that never yields would keep all of it.
  await new Promise<void>((resolve) => setImmediate(resolve));
  try {
    const check = verifyInvoicePdf(written, doc.number, [formatMoney(doc.totals.grandTotal, doc.currency)]);
    if (check.pages !== pages) throw new PdfVerifyError(`the file has ${check.pages} pages, the compiler laid out ${pages}`);
    return { sha256: createHash('sha256').update(written).digest('hex'), bytes: written.length, pages, ...(templateFallback ? { templateFallback } : {}) };
  } catch (e) {
    rmSync(outPath, { force: true });
    const message = e instanceof PdfVerifyError ? e.message : String(e);
    throw new AppError('PDF_FAILED', `The PDF written for invoice ${doc.number} does not verify: ${message}`, {
      details: { number: doc.number, path: outPath, stage: 'verify' },
      retryable: true,
      cause: e,
    });
  }
}
