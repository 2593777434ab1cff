// A PdfWriter that writes nothing and records what it is given: for tests of who opens, shares and
// closes writers and with which options (what a real writer does is tested with the writer).
import type { PdfRenderOptions, PdfWriter } from '../../src-main/pdf/writer.js';

export interface FakeWriterLog {
  rendered: Array<PdfRenderOptions | undefined>;
  closed: boolean;
  /** Read by stats().workersBroken: set it to play a pool that gave up starting workers. */
  broken: boolean;
}

export function fakePdfWriter(size: number, log: FakeWriterLog = { rendered: [], closed: false, broken: false }): PdfWriter {
  return {
    mode: 'inline',
    size,
    render: async (_doc, _out, options) => {
      if (log.closed) throw new Error('render on a closed writer');
      log.rendered.push(options);
      return { sha256: '0'.repeat(64), bytes: 0, pages: 1, attempts: 1 };
    },
    stats: () => ({ rendered: log.rendered.length, failed: 0, retries: 0, workersStarted: 0, workersWarmedUp: 0, breakerOpen: false, workersBroken: log.broken }),
    close: async () => {
      log.closed = true;
    },
  };
}
