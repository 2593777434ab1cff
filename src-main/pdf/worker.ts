// Worker-thread entry of the PDF pool. Runs compiled (dist/src-main/pdf/worker.js); see writer.ts.
// Protocol: {id, doc, outPath, options} in; {id, stage} while it runs (WorkerStage), then
// {id, ok: true, value} or {id, ok: false, error} out.
// The thread's Typst compiler (fonts parsed once) is created before the worker reports ready.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError, toAppError } from '../../src-shared/errors.js';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import { renderToFile, type PdfResult } from './job.js';
import type { RenderOptions } from './render.js';
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

export type WorkerReply =
  | { id: number; ok: true; value: PdfResult }
  | { id: number; ok: false; error: { code: string; message: string; retryable: boolean; details: Record<string, unknown> } };

const port = parentPort;
if (!port) throw new Error('pdf worker must run in a worker thread');
const fontsDir = (workerData as { fontsDir?: string } | null)?.fontsDir;
typstEngine(fontsDir);
builtinTemplate();

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
port.postMessage({ ready: true });
