// The PDF writer: worker threads, recycling, verification, retries, circuit breaker, atomic writes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPdfWriter, resolveWorkerEntry } from '../../../src-main/pdf/writer.js';
import { AppError } from '../../../src-shared/errors.js';
import { makeBahrainDocument, makeGstDocument } from '../../fixtures/documents/factory.js';
import { pathToFileURL } from 'node:url';
import { buildPdfWorker, pdfPages, pdftotext, ROOT, structureTypes } from './helpers.js';

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
        expect(r.attempts).toBe(1);
      }
      expect(results[2]!.pages).toBeGreaterThan(1);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      await writer.close();
    }
  });

  it('carries tableTags to the worker and to the inline mode: tagged tables unless turned off', async () => {
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
        expect(structureTypes(files[2]!).Table, `${mode}: tagged tables by default`).toBe(2);
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

  it('warms its workers up when asked (the samples compiled before ready), not otherwise, and renders the same bytes', async () => {
    const warm = await createPdfWriter({ workers: 2, mode: 'workers', warmUp: true });
    const cold = await createPdfWriter({ workers: 1, mode: 'workers' });
    try {
      expect(warm.stats()).toMatchObject({ workersStarted: 2, workersWarmedUp: 2, rendered: 0 });
      expect(cold.stats()).toMatchObject({ workersStarted: 1, workersWarmedUp: 0 });
      const doc = makeBahrainDocument({ number: 'WARM-1', lines: 3, seed: 7 });
      const a = await warm.render(doc, path.join(dir, 'warm-a.pdf'));
      const b = await cold.render(doc, path.join(dir, 'warm-b.pdf'));
      expect(a.sha256).toBe(b.sha256);
      expect(warm.stats().rendered).toBe(1);
    } finally {
      await warm.close();
      await cold.close();
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

  it('says it is broken once the workers that replace a dead one cannot start', async () => {
    // Starts once (and leaves a mark), dies on its first invoice, and cannot start again.
    const mark = path.join(dir, 'started-once');
    const entry = path.join(dir, 'starts-once-worker.mjs');
    writeFileSync(entry, [
      "import { existsSync, writeFileSync } from 'node:fs';",
      "import { parentPort } from 'node:worker_threads';",
      `const mark = ${JSON.stringify(mark)};`,
      "if (existsSync(mark)) throw new Error('cannot start again');",
      "writeFileSync(mark, '');",
      'parentPort.postMessage({ ready: true, warmedUp: 0 });',
      'parentPort.on(\'message\', () => process.exit(3));',
    ].join('\n'));
    const writer = await createPdfWriter({ mode: 'workers', workers: 1, workerEntry: entry, retry: { attempts: 1 } });
    try {
      expect(writer.stats().workersBroken).toBe(false);
      await expect(writer.render(makeGstDocument({ number: 'B/1', lines: 1 }), path.join(dir, 'dies.pdf'))).rejects.toBeInstanceOf(AppError);
      await vi.waitFor(() => expect(writer.stats().workersBroken).toBe(true), { timeout: 30_000 });
      await expect(writer.render(makeGstDocument({ number: 'B/2', lines: 1 }), path.join(dir, 'refused.pdf'))).rejects.toThrow(/failed to start: .*cannot start again/);
    } finally {
      await writer.close();
    }
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
      expect(r.attempts).toBe(3);
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
 * On one with EXIT it ends its thread (process.exit), on one with THROW it dies of an uncaught error
 * (the pool sees an 'error' event, as for a worker out of memory).
 */
const FAKE_WORKER = `
import { parentPort } from 'node:worker_threads';
const post = (m) => parentPort.postMessage(m);
parentPort.on('message', async (m) => {
  post({ id: m.id, stage: 'started' });
  post({ id: m.id, stage: 'rendering' });
  if (m.doc.number.includes('HANG')) for (;;);
  if (m.doc.number.includes('EXIT')) process.exit(70);
  if (m.doc.number.includes('THROW')) setImmediate(() => { throw new Error('simulated crash'); });
  if (m.doc.number.includes('THROW')) return;
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

  it('settles the invoices in flight when the writer is closed (CANCELLED, not a promise that never ends)', async () => {
    const writer = await createPdfWriter({ mode: 'workers', workers: 1, workerEntry: fakeWorker(), renderTimeoutMs: 60_000, retry: { attempts: 1 } });
    const held = [
      writer.render(makeGstDocument({ number: 'HANG/4', lines: 1 }), path.join(dir, 'h4.pdf')).catch((e: unknown) => e),
      writer.render(makeGstDocument({ number: 'OK/4', lines: 1 }), path.join(dir, 'ok4.pdf')).catch((e: unknown) => e),
      writer.render(makeGstDocument({ number: 'OK/5', lines: 1 }), path.join(dir, 'ok5.pdf')).catch((e: unknown) => e),
    ];
    await new Promise((r) => setTimeout(r, 300));
    await writer.close();
    const settled = await Promise.race([Promise.all(held), new Promise((r) => setTimeout(() => r('still pending'), 2000))]);
    expect(settled).not.toBe('still pending');
    for (const e of settled as AppError[]) expect(e.code).toBe('CANCELLED');
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

/**
 * The real worker (dist/src-main/pdf/worker.js) behind a test-only entry that adds a second message
 * listener (after the worker's, so no message reaches it alone): on an invoice numbered KILL/… it
 * starts that invoice's temp file as the atomic writer names it and ends the thread, the stand-in
 * for a native crash or an out-of-memory death mid-write. Nothing in the app can do this: the entry
 * exists only in the test.
 */
function killingWorker(): string {
  const dist = (...p: string[]) => JSON.stringify(pathToFileURL(path.join(ROOT, 'dist', 'src-main', ...p)).href);
  const file = path.join(dir, 'killing-worker.mjs');
  writeFileSync(file, `import ${dist('pdf', 'worker.js')};
import { writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { tempPathFor } from ${dist('runtime', 'atomic-file.js')};
parentPort.on('message', (m) => {
  if (!m.doc.number.startsWith('KILL/')) return;
  writeFileSync(tempPathFor(m.outPath), '%PDF-1.7 half written');
  process.exit(70);
});
`);
  return file;
}

describe('PDF writer when a worker dies', () => {
  it('requeues what a dead worker held: the innocent invoices are written, only the one that keeps killing workers fails', async () => {
    const attempts = new Map<string, number>();
    const writer = await createPdfWriter({
      mode: 'workers',
      workers: 1,
      workerEntry: killingWorker(),
      retry: { baseDelayMs: 0 },
      beforeAttempt: (doc) => void attempts.set(doc.number, (attempts.get(doc.number) ?? 0) + 1),
    });
    try {
      // KILL/1 and OK/1 are both held by the one worker (two in flight) when it dies.
      const docs = [makeGstDocument({ number: 'KILL/1', lines: 1 }), ...[1, 2, 3].map((i) => makeGstDocument({ number: `OK/${i}`, lines: 2, seed: i }))];
      const outcomes = await Promise.allSettled(docs.map((d, i) => writer.render(d, path.join(dir, `k${i}.pdf`))));
      const killer = outcomes[0]!;
      expect(killer.status).toBe('rejected');
      const err = (killer as PromiseRejectedResult).reason as AppError;
      expect(err.code).toBe('PDF_FAILED');
      expect(err.message).toContain('KILL/1');
      expect(err.details).toMatchObject({ stage: 'worker', attempts: 3 });
      expect(existsSync(path.join(dir, 'k0.pdf'))).toBe(false);
      for (const i of [1, 2, 3]) {
        const outcome = outcomes[i]!;
        expect(outcome.status, `OK/${i}`).toBe('fulfilled');
        const file = path.join(dir, `k${i}.pdf`);
        expect((outcome as PromiseFulfilledResult<{ sha256: string }>).value.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
        expect(pdftotext(file)).toContain(`OK/${i}`);
      }
      // Each invoice held at a death spent an attempt (which one killed the worker cannot be told);
      // after that each ran alone, so OK/1 was not taken down with KILL/1 again.
      expect(attempts.get('KILL/1')).toBe(3);
      expect(attempts.get('OK/1')).toBe(2);
      // The written result says so: OK/1 succeeded on its second attempt, the others on their first.
      expect([1, 2, 3].map((i) => (outcomes[i] as PromiseFulfilledResult<{ attempts: number }>).value.attempts)).toEqual([2, 1, 1]);
      expect(writer.stats()).toMatchObject({ rendered: 3, failed: 1, workersStarted: 4, breakerOpen: false, workersBroken: false });
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      await writer.close();
    }
  }, 120_000);

  it('also when the worker dies of an uncaught error (as out of memory) or exits: only the invoices that kill it fail', async () => {
    const file = path.join(dir, 'fake-worker-2.mjs');
    writeFileSync(file, FAKE_WORKER);
    const writer = await createPdfWriter({ mode: 'workers', workers: 1, workerEntry: file, retry: { baseDelayMs: 0 } });
    try {
      const outcomes = await Promise.allSettled([
        writer.render(makeGstDocument({ number: 'THROW/1', lines: 1 }), path.join(dir, 'x1.pdf')),
        writer.render(makeGstDocument({ number: 'FINE/1', lines: 1 }), path.join(dir, 'x2.pdf')),
        writer.render(makeGstDocument({ number: 'EXIT/1', lines: 1 }), path.join(dir, 'x3.pdf')),
        writer.render(makeGstDocument({ number: 'FINE/2', lines: 1 }), path.join(dir, 'x4.pdf')),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled']);
      expect(((outcomes[0] as PromiseRejectedResult).reason as AppError).details).toMatchObject({ stage: 'worker', attempts: 3 });
      expect(((outcomes[2] as PromiseRejectedResult).reason as AppError).details).toMatchObject({ stage: 'worker', attempts: 3 });
      // Every death costs THROW/1 or EXIT/1 an attempt (both, when they were held together).
      expect(writer.stats()).toMatchObject({ rendered: 2, failed: 2 });
      expect(writer.stats().workersStarted).toBeLessThanOrEqual(1 + 6);
    } finally {
      await writer.close();
    }
  }, 30_000);

  it('a worker that dies on every invoice opens the circuit: the deaths stop, later invoices get CIRCUIT_OPEN at once', async () => {
    const file = path.join(dir, 'fake-worker-3.mjs');
    writeFileSync(file, FAKE_WORKER);
    const writer = await createPdfWriter({ mode: 'workers', workers: 2, workerEntry: file, retry: { baseDelayMs: 0 } });
    try {
      // As the batch pipeline does: 8 invoices in flight, the next one fired when one settles.
      const numbers = Array.from({ length: 40 }, (_, i) => `EXIT/${i}`);
      const codes: string[] = [];
      let next = 0;
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (next < numbers.length) {
          const number = numbers[next++]!;
          const e = (await writer.render(makeGstDocument({ number, lines: 1 }), path.join(dir, 'loop.pdf')).catch((x: unknown) => x)) as AppError;
          codes.push(e.code);
        }
      }));
      expect(codes).toHaveLength(40);
      expect(codes.filter((c) => c === 'CIRCUIT_OPEN').length).toBeGreaterThan(0);
      expect(writer.stats().breakerOpen).toBe(true);
      // The breaker opens once more than half of the calls failed (~9 invoices of 3 deaths each with
      // 8 in flight); after that an invoice in flight stops at the end of its current attempt (one
      // more death at most) instead of spending its other attempts: at most 9 x 3 + 8 deaths
      // (measured: 24; 40 when the invoices in flight went on retrying).
      const started = writer.stats().workersStarted;
      expect(started).toBeLessThanOrEqual(2 + 9 * 3 + 8);
      const late = (await writer.render(makeGstDocument({ number: 'EXIT/late', lines: 1 }), path.join(dir, 'loop.pdf')).catch((x: unknown) => x)) as AppError;
      expect(late.code).toBe('CIRCUIT_OPEN');
      expect(writer.stats().workersStarted).toBe(started);
    } finally {
      await writer.close();
    }
  }, 60_000);
});
