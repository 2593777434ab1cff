// What the engine needs from the PDF writer (src-main/pdf): render one invoice to a file,
// atomically, verified, with its SHA-256. Kept as an interface so the engine can be tested with
// a writer that fails on purpose.
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';

export interface WrittenPdf {
  sha256: string;
  bytes: number;
  pages: number;
  /** Attempts the render took, counting the one that succeeded (the pool writer always says; 1 when absent). */
  attempts?: number;
}

/** Who the PDF is for: the renderer applies that business's PDF settings (own template, PDF/A). */
export interface RenderContext {
  businessId?: string;
}

export interface PdfRenderer {
  render(document: InvoiceDocument, outPath: string, context?: RenderContext): Promise<WrittenPdf>;
  close(): Promise<void>;
}
