// One unit of PDF work, the same in a worker thread and in-process: render the document, write
// it to a temp file beside its place, read it back from disk, verify it and hash it
// (renderToTemp); then fsync it, rename it into place and fsync the folder (commitPdf). In the
// pool the worker does the first half and the main thread's I/O pool the second, so the worker
// takes its next invoice instead of waiting in fsync (1.5-5 ms a PDF, its core idle meanwhile).
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { AppError } from '../../src-shared/errors.js';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import { writeTempFileSync } from '../runtime/atomic-file.js';
import { commitPdf, writeError, type PdfResult, type WrittenTemp } from './commit.js';
import { formatMoney } from './format.js';
import { renderInvoicePdfWithPages, type RenderOptions } from './render.js';
import { TemplateError } from './typst.js';
import { PdfVerifyError, verifyInvoicePdf } from './verify.js';

export type { PdfResult, WrittenTemp } from './commit.js';

/** Renders, writes, verifies and puts the PDF in place: renderToTemp then commitPdf. */
export async function renderToFile(doc: InvoiceDocument, outPath: string, options: RenderOptions = {}): Promise<PdfResult> {
  return commitPdf(await renderToTemp(doc, outPath, options), outPath, doc.number);
}

/** Renders the PDF into a temp file beside `outPath`, read back from disk, verified and hashed. */
export async function renderToTemp(doc: InvoiceDocument, outPath: string, options: RenderOptions = {}): Promise<WrittenTemp> {
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
  // step of an asynchronous write (open, write, close, read back) waited for the next compile to
  // end and the worker sat idle while the chains drained. The fsyncs are commitPdf's, elsewhere.
  let written: Buffer;
  let tempPath: string;
  try {
    tempPath = writeTempFileSync(outPath, pdf);
  } catch (e) {
    throw writeError(e, outPath, doc.number);
  }
  try {
    written = readFileSync(tempPath);
  } catch (e) {
    rmSync(tempPath, { force: true });
    throw writeError(e, outPath, doc.number);
  }
  // One turn of the event loop: the native memory of the previous render is freed by finalizers
  // that run there (typst.ts), and a worker that never yields would keep all of it.
  await new Promise<void>((resolve) => setImmediate(resolve));
  try {
    const check = verifyInvoicePdf(written, doc.number, [formatMoney(doc.totals.grandTotal, doc.currency)]);
    if (check.pages !== pages) throw new PdfVerifyError(`the file has ${check.pages} pages, the compiler laid out ${pages}`);
    return { sha256: createHash('sha256').update(written).digest('hex'), bytes: written.length, pages, tempPath, ...(templateFallback ? { templateFallback } : {}) };
  } catch (e) {
    rmSync(tempPath, { force: true });
    const message = e instanceof PdfVerifyError ? e.message : String(e);
    throw new AppError('PDF_FAILED', `The PDF written for invoice ${doc.number} does not verify: ${message}`, {
      details: { number: doc.number, path: outPath, stage: 'verify' },
      retryable: true,
      cause: e,
    });
  }
}
