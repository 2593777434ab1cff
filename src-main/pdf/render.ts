// Renders one InvoiceDocument to PDF bytes in the current thread.
//
// Page x of y needs react-pdf's dynamic `render` props, and any dynamic node makes react-pdf lay
// each page out again (about a third of the render time). Most invoices fit one page, so a
// document that probably fits is first rendered with a static "Page 1 of 1" footer; if the
// result has more than one page it is rendered again with the dynamic footer, "continued" marks
// and page x of y. The output is the same either way; a wrong guess only costs time.
import { createElement } from 'react';
import { renderToBuffer } from '@react-pdf/renderer';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import { registerFonts } from './fonts.js';
import { InvoicePdf } from './templates/InvoicePdf.js';

type DocumentElement = Parameters<typeof renderToBuffer>[0];

function element(doc: InvoiceDocument, singlePage: boolean): DocumentElement {
  return createElement(InvoicePdf, { doc, singlePage }) as unknown as DocumentElement;
}

/** Page count from the page tree pdfkit writes ("/Type /Pages ... /Count N"). */
export function countPages(pdf: Buffer): number {
  const m = /\/Type \/Pages\s*\/Count (\d+)/.exec(pdf.toString('latin1', Math.max(0, pdf.length - 4096)));
  if (m) return Number(m[1]);
  const all = /\/Type \/Pages\s*\/Count (\d+)/.exec(pdf.toString('latin1'));
  return all ? Number(all[1]) : 0;
}

/** A rough height estimate in points: does the document probably fit one A4 page? */
export function probablyOnePage(doc: InvoiceDocument): boolean {
  const lineHeight = doc.lines.reduce((h, l) => h + (l.description.length > 34 || l.components.length > 0 ? 22 : 14), 0);
  const summary = doc.summaryTables.reduce((h, t) => h + 40 + 14 * (t.rows.length + (t.totals ? 1 : 0)), 0);
  const notes = doc.notes.length * (doc.secondaryLanguage ? 24 : 12);
  // Calibrated on the fixtures and bench invoices (GST rows carry two-line tax cells).
  const fixed = (doc.regime === 'vat-bh' ? 400 : 440) + (doc.supplier.logo ? 50 : 0) + (doc.creditNoteFor ? 10 : 0);
  return fixed + lineHeight + summary + notes < 740;
}

export async function renderInvoicePdf(doc: InvoiceDocument, options: { fontsDir?: string } = {}): Promise<Buffer> {
  registerFonts(options.fontsDir);
  if (probablyOnePage(doc)) {
    const pdf = await renderToBuffer(element(doc, true));
    if (countPages(pdf) === 1) return pdf;
  }
  return renderToBuffer(element(doc, false));
}
