// Renders one InvoiceDocument to PDF bytes in the current thread.
import { createElement } from 'react';
import { renderToBuffer } from '@react-pdf/renderer';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import { registerFonts } from './fonts.js';
import { InvoicePdf } from './templates/InvoicePdf.js';

export async function renderInvoicePdf(doc: InvoiceDocument, options: { fontsDir?: string } = {}): Promise<Buffer> {
  registerFonts(options.fontsDir);
  // renderToBuffer expects a <Document> element; InvoicePdf returns one.
  const element = createElement(InvoicePdf, { doc }) as unknown as Parameters<typeof renderToBuffer>[0];
  return renderToBuffer(element);
}
