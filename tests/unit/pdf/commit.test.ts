// The second half of a PDF write (src-main/pdf/commit.ts): the worker's verified temp file made
// durable and put in place by the pool's thread, or removed; never renamed once given up on.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { commitPdf } from '../../../src-main/pdf/commit.js';
import { writeTempFileSync } from '../../../src-main/runtime/atomic-file.js';
import { AppError } from '../../../src-shared/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lf-pdf-commit-'));
});

const written = (tempPath: string) => ({ sha256: 'abc', bytes: 4, pages: 1, tempPath });

describe('committing a written PDF', () => {
  it('puts the temp file in place and returns the result without the temp path', async () => {
    const dest = join(dir, 'INV-1.pdf');
    const tmp = writeTempFileSync(dest, '%PDF');
    expect(readdirSync(dir)).toEqual([tmp.slice(dir.length + 1)]);
    const result = await commitPdf(written(tmp), dest, 'INV/1');
    expect(result).toEqual({ sha256: 'abc', bytes: 4, pages: 1 });
    expect(readFileSync(dest, 'utf8')).toBe('%PDF');
    expect(readdirSync(dir)).toEqual(['INV-1.pdf']);
  });

  it('does not put the file in place once given up on (the pool timed the write out): the temp file is removed', async () => {
    const dest = join(dir, 'INV-2.pdf');
    const tmp = writeTempFileSync(dest, '%PDF');
    const abort = new AbortController();
    abort.abort();
    const err = await commitPdf(written(tmp), dest, 'INV/2', abort.signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('PDF_FAILED');
    expect((err as AppError).details).toMatchObject({ number: 'INV/2', stage: 'write' });
    expect(existsSync(dest)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports a temp file that is gone as a write error naming the invoice, and leaves nothing', async () => {
    const dest = join(dir, 'INV-3.pdf');
    const err = await commitPdf(written(join(dir, '.INV-3.pdf.1-x.tmp')), dest, 'INV/3').catch((e: unknown) => e);
    expect((err as AppError).code).toBe('PDF_FAILED');
    expect((err as AppError).retryable).toBe(false);
    expect((err as AppError).message).toContain(dest);
    expect(readdirSync(dir)).toEqual([]);
  });
});
