// Worker-thread entry of the PDF pool. Runs compiled (dist/src-main/pdf/worker.js); see writer.ts.
// Protocol: {id, doc, outPath, options} in; {id, stage} while it runs (WorkerStage), then
// {id, ok: true, value} or {id, ok: false, error} out.
// The thread's Typst compiler (fonts parsed once) is created before the worker reports ready.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError, toAppError } from '../../src-shared/errors.js';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import { renderToFile, type PdfResult } from './job.js';
import { renderInvoicePdfWithPages, type RenderOptions } from './render.js';
import { sampleInvoices } from './samples.js';
import { builtinTemplate, typstEngine } from './typst.js';

export interface WorkerRequest {
  id: number;
  doc: InvoiceDocument;
  outPath: string;
  options?: { template?: string; pdfA?: boolean; tableTags?: boolean };
}

/** Sent while a task runs: started (its time limit starts), rendering and writing (just before and after the Typst compile, which holds the thread). */
export interface WorkerStage {
  id: number;
  stage: 'started' | 'rendering' | 'writing';
}

/** Sent once the compiler is ready; `warmedUp`: sample invoices compiled first (WorkerData.warmUp). */
export interface WorkerReady {
  ready: true;
  warmedUp: number;
}

export type WorkerReply =
  | { id: number; ok: true; value: PdfResult }
  | { id: number; ok: false; error: { code: string; message: string; retryable: boolean; details: Record<string, unknown> } };

/** What the pool starts a worker with. */
export interface WorkerData {
  fontsDir?: string;
  /** Compile the sample invoices once before reporting ready (PdfWriterOptions.warmUp). */
  warmUp?: boolean;
}

const port = parentPort;
if (!port) throw new Error('pdf worker must run in a worker thread');
const data = (workerData ?? {}) as WorkerData;
const fontsDir = data.fontsDir;
typstEngine(fontsDir);
builtinTemplate();
let warmedUp = 0;
if (data.warmUp) {
  // The template's and the fonts' first use, paid here rather than by the first invoice. A sample
  // that fails is left to the real renders to report.
  for (const regime of ['gst-in', 'vat-bh']) {
    const sample = sampleInvoices(regime)[0];
    if (!sample) continue;
    await renderInvoicePdfWithPages(sample, fontsDir ? { fontsDir } : {}).then(
      () => warmedUp++,
      () => undefined,
    );
  }
}

port.on('message', (msg: WorkerRequest) => {
  port.postMessage({ id: msg.id, stage: 'started' } satisfies WorkerStage);
  const onCompile = (phase: 'start' | 'end') => port.postMessage({ id: msg.id, stage: phase === 'start' ? 'rendering' : 'writing' } satisfies WorkerStage);
  const options: RenderOptions = { ...(fontsDir ? { fontsDir } : {}), ...(msg.options ?? {}), onCompile };
  renderToFile(msg.doc, msg.outPath, options).then(
    (value) => port.postMessage({ id: msg.id, ok: true, value } satisfies WorkerReply),
    (e: unknown) => {
      const err = e instanceof AppError ? e : new AppError('PDF_FAILED', toAppError(e).message, { retryable: true });
      port.postMessage({ id: msg.id, ok: false, error: { code: err.code, message: err.message, retryable: err.retryable, details: err.details } } satisfies WorkerReply);
    },
  );
});
port.postMessage({ ready: true, warmedUp } satisfies WorkerReady);
