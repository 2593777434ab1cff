// The PDF writer: worker threads, recycling, verification, retries, circuit breaker, atomic writes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPdfWriter, resolveWorkerEntry } from '../../../src-main/pdf/writer.js';
import { AppError } from '../../../src-shared/errors.js';
import { makeBahrainDocument, makeGstDocument } from '../../fixtures/documents/factory.js';
import { buildPdfWorker, pdfPages, pdftotext, structureTypes } from './helpers.js';

let dir: string;

beforeAll(() => {
  buildPdfWorker();
  dir = mkdtempSync(path.join(os.tmpdir(), 'lf-pdf-writer-'));
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const transient = () => new AppError('PDF_FAILED', 'simulated transient failure', { retryable: true });

describe('PDF writer with worker threads', () => {
  it('finds the compiled worker when running from TypeScript sources', () => {
    expect(resolveWorkerEntry()).toMatch(/dist[\\/]src-main[\\/]pdf[\\/]worker\.js$/);
  });

  it('renders in worker threads, writes each PDF whole and records its SHA-256, bytes and pages', async () => {
    const writer = await createPdfWriter({ workers: 2, mode: 'workers' });
    try {
      expect(writer.mode).toBe('workers');
      expect(writer.size).toBe(2);
      const docs = [makeGstDocument({ number: 'W/1', lines: 3 }), makeBahrainDocument({ number: 'W-BH-2', lines: 2 }), makeGstDocument({ number: 'W/3', lines: 40 })];
      const results = await Promise.all(docs.map((d, i) => writer.render(d, path.join(dir, `w${i}.pdf`))));
      for (const [i, r] of results.entries()) {
        const file = path.join(dir, `w${i}.pdf`);
        const bytes = readFileSync(file);
        expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
        expect(r.bytes).toBe(bytes.length);
        expect(r.pages).toBe(pdfPages(file));
        expect(pdftotext(file)).toContain(docs[i]!.number);
      }
      expect(results[2]!.pages).toBeGreaterThan(1);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      await writer.close();
    }
  });

  it('carries tableTags to the worker and to the inline mode: tagged tables only when asked', async () => {
    for (const mode of ['workers', 'inline'] as const) {
      const writer = await createPdfWriter({ workers: 1, mode });
      try {
        expect(writer.mode).toBe(mode);
        const doc = makeGstDocument({ number: `TT/${mode}`, lines: 3 });
        const files = [false, true, undefined].map((tableTags) => path.join(dir, `tt-${mode}-${String(tableTags)}.pdf`));
        await writer.render(doc, files[0]!, { tableTags: false });
        await writer.render(doc, files[1]!, { tableTags: true });
        await writer.render(doc, files[2]!);
        // The line table and the HSN/SAC summary.
        expect(structureTypes(files[1]!).Table, mode).toBe(2);
        expect(structureTypes(files[0]!).Table, mode).toBeUndefined();
        expect(structureTypes(files[2]!).Table, `${mode}: rows of blocks by default`).toBeUndefined();
      } finally {
        await writer.close();
      }
    }
  });

  it('replaces each worker after its quota of renders', async () => {
    const writer = await createPdfWriter({ workers: 1, mode: 'workers', maxRendersPerWorker: 2 });
    try {
      for (let i = 0; i < 5; i++) await writer.render(makeGstDocument({ number: `R/${i}`, lines: 1 }), path.join(dir, `r${i}.pdf`));
      // 1 initial + a replacement after renders 2 and 4.
      expect(writer.stats().workersStarted).toBe(3);
      expect(writer.stats().rendered).toBe(5);
    } finally {
      await writer.close();
    }
  });

  it('keeps two invoices in flight on one worker and returns each its own verified file', async () => {
    const writer = await createPdfWriter({ workers: 1, mode: 'workers' });
    try {
      const docs = Array.from({ length: 6 }, (_, i) => makeGstDocument({ number: `P/${i}`, lines: 1 + i, seed: i }));
      const results = await Promise.all(docs.map((d, i) => writer.render(d, path.join(dir, `p${i}.pdf`))));
      for (const [i, r] of results.entries()) {
        const bytes = readFileSync(path.join(dir, `p${i}.pdf`));
        expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
        expect(r.bytes).toBe(bytes.length);
      }
      expect(new Set(results.map((r) => r.sha256)).size).toBe(6);
      expect(writer.stats()).toMatchObject({ rendered: 6, workersStarted: 1 });
    } finally {
      await writer.close();
    }
  });

  it('reports a write into a missing folder as a non-retryable PDF_FAILED and leaves nothing behind', async () => {
    const writer = await createPdfWriter({ workers: 1, mode: 'workers' });
    try {
      const target = path.join(dir, 'no-such-folder', 'x.pdf');
      const err = await writer.render(makeGstDocument({ number: 'M/1', lines: 1 }), target).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('PDF_FAILED');
      expect((err as AppError).retryable).toBe(false);
      expect((err as AppError).message).toMatch(/folder does not exist/);
      expect(writer.stats().retries).toBe(0);
      expect(existsSync(target)).toBe(false);
    } finally {
      await writer.close();
    }
  });
});

describe('PDF writer start-up and shutdown', () => {
  it('fails fast, without respawning forever, when a worker cannot start', async () => {
    const broken = path.join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('cannot load fonts');\n");
    const started = Date.now();
    const err = (await createPdfWriter({ mode: 'workers', workers: 2, workerEntry: broken }).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('PDF_FAILED');
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/failed to start: .*cannot load fonts/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('refuses work after close with a non-retryable error', async () => {
    const writer = await createPdfWriter({ mode: 'inline' });
    await writer.close();
    const err = (await writer.render(makeGstDocument({ number: 'C/1', lines: 1 }), path.join(dir, 'c1.pdf')).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('PDF_FAILED');
    expect(err.retryable).toBe(false);
  });
});

describe('PDF writer retries and circuit breaker', () => {
  it('retries a transient failure with backoff and then succeeds', async () => {
    const seen: number[] = [];
    const writer = await createPdfWriter({
      mode: 'inline',
      retry: { baseDelayMs: 5 },
      beforeAttempt: (_d, attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw transient();
      },
    });
    try {
      const r = await writer.render(makeGstDocument({ number: 'T/1', lines: 1 }), path.join(dir, 't1.pdf'));
      expect(r.pages).toBe(1);
      expect(seen).toEqual([1, 2, 3]);
      expect(writer.stats().retries).toBe(2);
    } finally {
      await writer.close();
    }
  });

  it('gives up after three attempts and says how many it made', async () => {
    let calls = 0;
    const writer = await createPdfWriter({
      mode: 'inline',
      retry: { baseDelayMs: 1 },
      beforeAttempt: () => {
        calls++;
        throw transient();
      },
    });
    try {
      const err = (await writer.render(makeGstDocument({ number: 'T/2', lines: 1 }), path.join(dir, 't2.pdf')).catch((e: unknown) => e)) as AppError;
      expect(err.code).toBe('PDF_FAILED');
      expect(err.details.attempts).toBe(3);
      expect(calls).toBe(3);
      expect(existsSync(path.join(dir, 't2.pdf'))).toBe(false);
    } finally {
      await writer.close();
    }
  });

  it('does not try again after a failure that says retrying cannot help, and reports one attempt', async () => {
    let calls = 0;
    const writer = await createPdfWriter({
      mode: 'inline',
      retry: { baseDelayMs: 1 },
      beforeAttempt: () => {
        calls++;
        throw new AppError('PDF_FAILED', 'simulated layout refusal', { retryable: false });
      },
    });
    try {
      const err = (await writer.render(makeGstDocument({ number: 'T/3', lines: 1 }), path.join(dir, 't3.pdf')).catch((e: unknown) => e)) as AppError;
      expect(err.retryable).toBe(false);
      expect(err.details.attempts).toBe(1);
      expect(calls).toBe(1);
    } finally {
      await writer.close();
    }
  });

  it('opens the circuit after repeated failures and rejects with CIRCUIT_OPEN without trying', async () => {
    let calls = 0;
    const writer = await createPdfWriter({
      mode: 'inline',
      retry: { attempts: 1 },
      breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 },
      beforeAttempt: () => {
        calls++;
        throw transient();
      },
    });
    try {
      for (let i = 0; i < 3; i++) {
        const e = (await writer.render(makeGstDocument({ number: `B/${i}`, lines: 1 }), path.join(dir, `b${i}.pdf`)).catch((x: unknown) => x)) as AppError;
        expect(e.code).toBe('PDF_FAILED');
      }
      const open = (await writer.render(makeGstDocument({ number: 'B/9', lines: 1 }), path.join(dir, 'b9.pdf')).catch((x: unknown) => x)) as AppError;
      expect(open.code).toBe('CIRCUIT_OPEN');
      expect(open.message).toContain('B/9');
      expect(calls).toBe(3);
      expect(writer.stats().breakerOpen).toBe(true);
    } finally {
      await writer.close();
    }
  });
});

/**
 * A stand-in worker speaking the pool's protocol, so that time is under the test's control: it
 * "compiles" for `lines` ms (holding its thread, as Typst does), hangs for good on a number with
 * HANG, and on one with SLOWDISK waits 100 ms after its compile (its thread free, as during a write).
 */
const FAKE_WORKER = `
import { parentPort } from 'node:worker_threads';
const post = (m) => parentPort.postMessage(m);
parentPort.on('message', async (m) => {
  post({ id: m.id, stage: 'started' });
  post({ id: m.id, stage: 'rendering' });
  if (m.doc.number.includes('HANG')) for (;;);
  const end = Date.now() + m.doc.lines.length;
  while (Date.now() < end);
  post({ id: m.id, stage: 'writing' });
  if (m.doc.number.includes('SLOWDISK')) await new Promise((r) => setTimeout(r, 100));
  post({ id: m.id, ok: true, value: { sha256: m.doc.number, bytes: 1, pages: 1 } });
});
post({ ready: true });
`;

describe('PDF writer time limits', () => {
  it('stops a real worker whose Typst compile does not end, at the limit counted from its start', async () => {
    const folder = path.join(dir, 'endless');
    mkdirSync(folder, { recursive: true });
    const template = path.join(folder, 'invoice.typ');
    writeFileSync(template, '#let n = 0\n#for i in range(100000000000) { n = n + 1 }\n#n\n');
    const writer = await createPdfWriter({ mode: 'workers', workers: 1, renderTimeoutMs: 1500, renderTimeoutPerLineMs: 0, retry: { attempts: 1 } });
    try {
      const started = Date.now();
      const err = (await writer.render(makeGstDocument({ number: 'E/1', lines: 1 }), path.join(dir, 'e1.pdf'), { template }).catch((e: unknown) => e)) as AppError;
      expect(err.code).toBe('PDF_FAILED');
      expect(err.details).toMatchObject({ stage: 'timeout', limitMs: 1500 });
      expect(Date.now() - started).toBeLessThan(15_000);
      // The replacement worker renders the next invoice.
      const ok = await writer.render(makeGstDocument({ number: 'E/2', lines: 1 }), path.join(dir, 'e2.pdf'));
      expect(ok.pages).toBe(1);
      expect(writer.stats().workersStarted).toBe(2);
    } finally {
      await writer.close();
    }
  }, 60_000);

  const fakeWorker = () => {
    const file = path.join(dir, 'fake-worker.mjs');
    writeFileSync(file, FAKE_WORKER);
    return file;
  };

  it('gives a long invoice time by its line count and still stops a hung small render at the base limit', async () => {
    const writer = await createPdfWriter({ mode: 'workers', workers: 1, workerEntry: fakeWorker(), renderTimeoutMs: 400, renderTimeoutPerLineMs: 3, retry: { attempts: 1 } });
    try {
      // 1,000 lines take ~1 s here: over the 400 ms base, within 400 + 3 x 1,000.
      const long = await writer.render(makeGstDocument({ number: 'L/1000', lines: 1000 }), path.join(dir, 'l.pdf'));
      expect(long.sha256).toBe('L/1000');
      const started = Date.now();
      const err = (await writer.render(makeGstDocument({ number: 'HANG/1', lines: 1 }), path.join(dir, 'h.pdf')).catch((e: unknown) => e)) as AppError;
      expect(err.code).toBe('PDF_FAILED');
      expect(err.details).toMatchObject({ stage: 'timeout', limitMs: 403 });
      expect(Date.now() - started).toBeLessThan(2500);
      expect(writer.stats().workersStarted).toBe(2);
    } finally {
      await writer.close();
    }
  }, 30_000);

  it('caps the limit of a very long invoice at the ceiling', async () => {
    const writer = await createPdfWriter({ mode: 'workers', workers: 1, workerEntry: fakeWorker(), renderTimeoutMs: 100, renderTimeoutPerLineMs: 10, renderTimeoutMaxMs: 500, retry: { attempts: 1 } });
    try {
      const err = (await writer.render(makeGstDocument({ number: 'L/2000', lines: 2000 }), path.join(dir, 'c.pdf')).catch((e: unknown) => e)) as AppError;
      expect(err.details).toMatchObject({ stage: 'timeout', limitMs: 500 });
    } finally {
      await writer.close();
    }
  }, 30_000);

  it('retries the other invoice of a worker killed for a hung render without spending its attempts', async () => {
    const attempts = new Map<string, number>();
    const writer = await createPdfWriter({
      mode: 'workers',
      workers: 1,
      workerEntry: fakeWorker(),
      renderTimeoutMs: 400,
      retry: { attempts: 1 },
      beforeAttempt: (doc) => void attempts.set(doc.number, (attempts.get(doc.number) ?? 0) + 1),
    });
    try {
      // Both go to the one worker; the hung render holds its thread, so the other never starts.
      const [hung, innocent] = await Promise.allSettled([
        writer.render(makeGstDocument({ number: 'HANG/2', lines: 1 }), path.join(dir, 'h2.pdf')),
        writer.render(makeGstDocument({ number: 'OK/2', lines: 1 }), path.join(dir, 'ok2.pdf')),
      ]);
      expect(hung.status).toBe('rejected');
      expect(((hung as PromiseRejectedResult).reason as AppError).details).toMatchObject({ stage: 'timeout' });
      expect(innocent).toMatchObject({ status: 'fulfilled', value: { sha256: 'OK/2' } });
      expect(attempts.get('OK/2')).toBe(1);
      expect(writer.stats()).toMatchObject({ rendered: 1, failed: 1, retries: 0 });
    } finally {
      await writer.close();
    }
  }, 30_000);

  it('does not blame an invoice waiting on its write while another render hangs the thread', async () => {
    const writer = await createPdfWriter({ mode: 'workers', workers: 1, workerEntry: fakeWorker(), renderTimeoutMs: 400, retry: { attempts: 1 } });
    try {
      // SLOWDISK starts first and is in its write when HANG takes the thread: SLOWDISK's limit
      // runs out first, but it is HANG that is stopped; SLOWDISK is done again on a new worker.
      const slow = writer.render(makeGstDocument({ number: 'SLOWDISK/3', lines: 1 }), path.join(dir, 's3.pdf'));
      const hang = writer.render(makeGstDocument({ number: 'HANG/3', lines: 1 }), path.join(dir, 'h3.pdf'));
      const [s, h] = await Promise.allSettled([slow, hang]);
      expect(s).toMatchObject({ status: 'fulfilled', value: { sha256: 'SLOWDISK/3' } });
      expect(h.status).toBe('rejected');
      expect(((h as PromiseRejectedResult).reason as AppError).message).toContain('HANG/3');
    } finally {
      await writer.close();
    }
  }, 30_000);
});
