// Long-lived services the transports share, built on the core: the PDF writer, ZIP export of
// batches and reading orders spreadsheets. One place decides how each is constructed.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../src-shared/errors.js';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import type { Core } from './create-core.js';
import type { PdfRenderer, WrittenPdf } from '../engine/pdf-renderer.js';
import type { OrderLineSource } from '../engine/orders.js';
import { renderInvoicePdf } from '../pdf/render.js';

/** Writes bytes atomically: temp file in the same folder, fsync, rename. */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temp, path);
}

/** In-process renderer (one thread): used until the worker-pool writer is wired. */
export async function openPdfRenderer(_core: Core): Promise<PdfRenderer> {
  return {
    async render(document: InvoiceDocument, outPath: string): Promise<WrittenPdf> {
      const bytes = await renderInvoicePdf(document);
      const pages = (bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      if (pages < 1) throw new AppError('PDF_FAILED', `${document.number}: rendered PDF has no pages`, { retryable: true });
      writeFileAtomic(outPath, bytes);
      return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, pages };
    },
    async close() {},
  };
}

export interface ExportResult {
  path: string;
  sha256: string;
  bytes: number;
  invoiceCount: number;
}

export async function exportBatches(_core: Core, _batchIds: string[], _outPath: string): Promise<ExportResult> {
  throw new AppError('EXPORT_FAILED', 'ZIP export is not wired yet');
}

export async function readOrdersSpreadsheet(_core: Core, file: string, _businessId: string): Promise<OrderLineSource[]> {
  throw new AppError('BAD_INPUT', `${file}: spreadsheets of orders are imported with \`ledgerflow import orders\` first`);
}
