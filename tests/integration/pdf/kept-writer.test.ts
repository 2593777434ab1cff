// The app keeps one PDF writer for the life of its core (core/services.ts keepPdfWriterWarm): the
// workers start with the app, every request reuses them, and they stop with the core. Without it
// (the CLI) each caller opens and closes its own. The writer is replaced by one that records its
// life (what a real writer does is tested with the writer).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InvoiceDocument } from '../../../src-shared/schemas/invoice-document.js';
import type * as Writer from '../../../src-main/pdf/writer.js';
import type { PdfWriter, PdfWriterOptions } from '../../../src-main/pdf/writer.js';
import type { FakeWriterLog } from '../../helpers/fake-pdf-writer.js';

interface Made extends FakeWriterLog {
  workers: number | undefined;
  warmUp: boolean | undefined;
}
const made: Made[] = [];
vi.mock('../../../src-main/pdf/writer.js', async (importOriginal) => {
  const { fakePdfWriter } = await import('../../helpers/fake-pdf-writer.js');
  return {
    ...(await importOriginal<typeof Writer>()),
    createPdfWriter: async (options: PdfWriterOptions = {}): Promise<PdfWriter> => {
      const me: Made = { workers: options.workers, warmUp: options.warmUp, closed: false, broken: false, rendered: [] };
      made.push(me);
      return fakePdfWriter(options.workers ?? 1, me);
    },
  };
});

const { keepPdfWriterWarm, openPdfRenderer } = await import('../../../src-main/core/services.js');
const { storeSettings } = await import('../../../src-main/db/repos/settings.js');
const { setPdfA } = await import('../../../src-main/pdf/settings.js');
const { gstFixture } = await import('../engine/setup.js');
type Fixture = Awaited<ReturnType<typeof gstFixture>>;

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
  made.length = 0;
});

const doc = {} as InvoiceDocument;

describe('the kept PDF writer', () => {
  it('starts with the core, serves every request without being closed, and closes with the core', async () => {
    fixture = await gstFixture();
    const { core, business } = fixture;
    keepPdfWriterWarm(core);
    keepPdfWriterWarm(core);
    expect(made).toHaveLength(1); // started before any request, once
    expect(made[0]!.warmUp).toBe(true); // its workers compile the samples before the first request
    for (const name of ['a', 'b', 'c']) {
      const pdf = await openPdfRenderer(core);
      await pdf.render(doc, `${name}.pdf`, { businessId: business.id });
      await pdf.close();
    }
    // A business's settings changed between requests still apply to the next one.
    setPdfA(core.store, business.id, false, 'test');
    const later = await openPdfRenderer(core);
    await later.render(doc, 'd.pdf', { businessId: business.id });
    await later.close();
    expect(made).toHaveLength(1);
    expect(made[0]!.closed).toBe(false);
    expect(made[0]!.rendered.map((o) => o?.pdfA)).toEqual([true, true, true, false]);
    await core.close();
    expect(made[0]!.closed).toBe(true);
  });

  it('is started again with the new size when pdfWorkers changes, the old one closed once its last user is done', async () => {
    fixture = await gstFixture();
    const { core } = fixture;
    keepPdfWriterWarm(core);
    const holding = await openPdfRenderer(core);
    core.store.write((db) => storeSettings(db, { pdfWorkers: 3 }, new Date().toISOString()));
    const next = await openPdfRenderer(core);
    expect(made.map((m) => m.workers)).toEqual([2, 3]);
    expect(made[0]!.closed).toBe(false); // still held by the first request
    await holding.render(doc, 'a.pdf');
    await holding.close();
    await holding.close(); // a second close releases nothing more
    expect(made[0]!.closed).toBe(true);
    await next.render(doc, 'b.pdf');
    await next.close();
    expect(made[1]!.closed).toBe(false);
    await core.close();
    expect(made[1]!.closed).toBe(true);
  });

  it('is started again when its pool gave up starting workers, the broken one closed', async () => {
    fixture = await gstFixture();
    const { core } = fixture;
    keepPdfWriterWarm(core);
    const first = await openPdfRenderer(core);
    await first.render(doc, 'a.pdf');
    await first.close();
    made[0]!.broken = true;
    const next = await openPdfRenderer(core);
    await next.render(doc, 'b.pdf');
    expect(made).toHaveLength(2);
    expect(made[1]!.rendered).toHaveLength(1);
    await vi.waitFor(() => expect(made[0]!.closed).toBe(true));
    await next.close();
    expect(made[1]!.closed).toBe(false);
    await core.close();
    expect(made[1]!.closed).toBe(true);
  });

  it('is not kept by a core that did not ask for it (the CLI): each caller opens and closes its own', async () => {
    fixture = await gstFixture();
    const { core } = fixture;
    for (const name of ['a', 'b']) {
      const pdf = await openPdfRenderer(core);
      await pdf.render(doc, `${name}.pdf`);
      await pdf.close();
    }
    expect(made).toHaveLength(2);
    expect(made.every((m) => m.closed && m.rendered.length === 1 && !m.warmUp)).toBe(true);
  });
});
