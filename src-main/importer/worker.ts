// Worker-thread entry of the importer: receives one ImportJob, runs it, posts the report or the
// error back, and exits. Loaded by run.ts from the compiled dist/ (or next to run.js).
import { parentPort, workerData } from 'node:worker_threads';
import { toAppError } from '../../src-shared/errors.js';
import { runImportJob, type ImportJob } from './pipeline.js';

if (parentPort) {
  const port = parentPort;
  port.postMessage({ type: 'ready' });
  try {
    const job = workerData as ImportJob;
    const report = runImportJob({ ...job, progress: (p) => port.postMessage({ type: 'progress', progress: p }) });
    port.postMessage({ type: 'result', report });
  } catch (error) {
    port.postMessage({ type: 'error', error: toAppError(error).toJSON() });
  }
}
