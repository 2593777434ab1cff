// The PDF renderer the transports share (core/services.ts openPdfRenderer) renders each invoice with
// its business's PDF settings: PDF/A-2b and tables tagged for screen readers, as stored. The writer
// is replaced by one that records the options it is given (what it does with them is tested with
// the writer and the template).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InvoiceDocument } from '../../../src-shared/schemas/invoice-document.js';
import type * as Writer from '../../../src-main/pdf/writer.js';
import type { PdfRenderOptions, PdfWriter } from '../../../src-main/pdf/writer.js';

const seen: Array<PdfRenderOptions | undefined> = [];
vi.mock('../../../src-main/pdf/writer.js', async (importOriginal) => {
  const { fakePdfWriter } = await import('../../helpers/fake-pdf-writer.js');
  return {
    ...(await importOriginal<typeof Writer>()),
    createPdfWriter: async (): Promise<PdfWriter> => fakePdfWriter(1, { rendered: seen, closed: false, broken: false }),
  };
});

const { openPdfRenderer } = await import('../../../src-main/core/services.js');
const { setPdfA, setTableTags } = await import('../../../src-main/pdf/settings.js');
const { gstFixture } = await import('../engine/setup.js');
type Fixture = Awaited<ReturnType<typeof gstFixture>>;

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
  seen.length = 0;
});

const doc = {} as InvoiceDocument;

describe('openPdfRenderer', () => {
  it('renders with tagged tables and PDF/A-2b by default, and with what a business chose', async () => {
    fixture = await gstFixture();
    const f = fixture;
    const defaults = await openPdfRenderer(f.core);
    await defaults.render(doc, 'a.pdf', { businessId: f.business.id });
    await defaults.render(doc, 'b.pdf');
    await defaults.close();
    expect(seen).toEqual([{ pdfA: true, tableTags: true }, { pdfA: true, tableTags: true }]);

    seen.length = 0;
    setTableTags(f.core.store, f.business.id, false, 'test');
    const blocks = await openPdfRenderer(f.core);
    await blocks.render(doc, 'c.pdf', { businessId: f.business.id });
    await blocks.close();
    setPdfA(f.core.store, f.business.id, false, 'test');
    setTableTags(f.core.store, f.business.id, true, 'test');
    const plain = await openPdfRenderer(f.core);
    await plain.render(doc, 'd.pdf', { businessId: f.business.id });
    await plain.close();
    expect(seen).toEqual([{ pdfA: true, tableTags: false }, { pdfA: false, tableTags: true }]);
  });
});
