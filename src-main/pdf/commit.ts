// The second half of writing a PDF (job.ts has the first): the verified temp file made durable
// and put in place. Kept apart from job.ts so the main thread, which commits the workers' files,
// does not load the Typst compiler with it.
import { AppError } from '../../src-shared/errors.js';
import { commitTempFile } from '../runtime/atomic-file.js';

export interface PdfResult {
  /** Hex SHA-256 of the file as written (read back from disk). */
  sha256: string;
  bytes: number;
  pages: number;
  /** Set when the business's own template failed and the built-in template printed the invoice. */
  templateFallback?: string;
}

/** A verified PDF in its temp file beside the destination: neither durable nor in place until commitPdf. */
export interface WrittenTemp extends PdfResult {
  tempPath: string;
}

/** File-system errors that trying again may fix. Disk full and permissions are not among them. */
const TRANSIENT_FS = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY', 'EINTR', 'ETIMEDOUT']);

/** A failed write as PDF_FAILED, saying why in words (retryable only for transient errors). */
export function writeError(e: unknown, outPath: string, number: string): AppError {
  const code = (e as NodeJS.ErrnoException).code ?? 'UNKNOWN';
  const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'the folder does not exist' : (e as Error).message;
  return new AppError('PDF_FAILED', `Writing ${outPath} failed: ${why}`, {
    details: { number, path: outPath, stage: 'write', errno: code },
    retryable: TRANSIENT_FS.has(code),
    cause: e,
  });
}

/**
 * Makes a verified temp file durable and puts it in place (fsync, rename over `outPath`, fsync
 * the folder). A failure removes the temp file and is a PDF_FAILED write error; so is `signal`
 * aborting before the rename (the caller gave up: the file is not put in place late).
 */
export async function commitPdf(written: WrittenTemp, outPath: string, number: string, signal?: AbortSignal): Promise<PdfResult> {
  try {
    await commitTempFile(written.tempPath, outPath, signal);
  } catch (e) {
    throw writeError(e, outPath, number);
  }
  const { tempPath: _tempPath, ...result } = written;
  void _tempPath;
  return result;
}

