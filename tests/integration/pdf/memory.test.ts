// The Typst compiler of a thread renders invoice after invoice without its process growing: the
// native memory behind each render (N-API objects, the memo cache) is released, not only the JS
// heap (which never showed the growth).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderToFile } from '../../../src-main/pdf/job.js';
import { renderInvoicePdf } from '../../../src-main/pdf/render.js';
import { makeBahrainDocument, makeGstDocument } from '../../fixtures/documents/factory.js';

const rssMb = () => process.memoryUsage().rss / 2 ** 20;
const next = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Typst renders and memory', () => {
  it('keeps the resident memory flat over 150 different invoices on one compiler', async () => {
    const doc = (i: number) => (i % 2 ? makeGstDocument({ number: `MEM/${i}`, lines: 3 + (i % 12), seed: i }) : makeBahrainDocument({ number: `MEM-${i}`, lines: 2 + (i % 9), seed: i }));
    for (let i = 0; i < 20; i++) {
      await renderInvoicePdf(doc(i));
      await next();
    }
    const before = rssMb();
    for (let i = 20; i < 170; i++) {
      await renderInvoicePdf(doc(i));
      await next();
    }
    // Before the fix the process grew 1-2 MB per invoice (150-300 MB here).
    expect(rssMb() - before).toBeLessThan(40);
  }, 300_000);

  it('keeps it flat when jobs run back to back with no other turn of the event loop (a busy worker)', async () => {
    // The job writes synchronously; it must still let the previous render's finalizers run.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lf-pdf-mem-'));
    const doc = (i: number) => (i % 2 ? makeGstDocument({ number: `JOB/${i}`, lines: 3 + (i % 12), seed: i }) : makeBahrainDocument({ number: `JOB-${i}`, lines: 2 + (i % 9), seed: i }));
    try {
      for (let i = 0; i < 20; i++) await renderToFile(doc(i), path.join(dir, `${i}.pdf`));
      const before = rssMb();
      for (let i = 20; i < 170; i++) await renderToFile(doc(i), path.join(dir, `${i}.pdf`));
      expect(rssMb() - before).toBeLessThan(40);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
