// Compiles a business's template against the sample invoices before it is accepted: it must
// compile (errors with file, line and column), and each PDF must read back with the invoice
// number and grand total in its text (the same verification every issued PDF passes).
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import { formatMoney } from './format.js';
import { renderInvoicePdfWithPages } from './render.js';
import { TemplateError, type TemplateDiagnostic } from './typst.js';
import { PdfVerifyError, verifyInvoicePdf } from './verify.js';

export interface TemplateCheck {
  ok: boolean;
  template: string;
  /** Compile errors and warnings, and verification failures (with the sample's number). */
  diagnostics: Array<TemplateDiagnostic & { sample?: string }>;
  samples: Array<{ number: string; kind: string; pages: number; ok: boolean }>;
  /** How many sample invoices the check had: `samples` is shorter when a compile error stopped it. */
  sampleCount: number;
}

export async function checkTemplate(template: string, samples: InvoiceDocument[], options: { pdfA?: boolean; tableTags?: boolean; fontsDir?: string } = {}): Promise<TemplateCheck> {
  const result: TemplateCheck = { ok: true, template, diagnostics: [], samples: [], sampleCount: samples.length };
  for (const doc of samples) {
    try {
      const { pdf, pages } = await renderInvoicePdfWithPages(doc, { template, ...options });
      verifyInvoicePdf(pdf, doc.number, [formatMoney(doc.totals.grandTotal, doc.currency)]);
      result.samples.push({ number: doc.number, kind: doc.kind, pages, ok: true });
    } catch (e) {
      result.ok = false;
      result.samples.push({ number: doc.number, kind: doc.kind, pages: 0, ok: false });
      if (e instanceof TemplateError) {
        for (const d of e.diagnostics) {
          if (!result.diagnostics.some((x) => x.file === d.file && x.line === d.line && x.column === d.column && x.message === d.message)) result.diagnostics.push({ ...d, sample: doc.number });
        }
        // A template that does not load or compile fails the same way on every sample.
        break;
      } else if (e instanceof PdfVerifyError) {
        result.diagnostics.push({ file: template, line: 0, column: 0, severity: 'error', sample: doc.number, message: `sample ${doc.number}: the PDF must print the invoice number and the grand total as given in print.totals.grand.amount (${e.message})` });
      } else {
        result.diagnostics.push({ file: template, line: 0, column: 0, severity: 'error', sample: doc.number, message: `sample ${doc.number}: ${(e as Error).message}` });
      }
    }
  }
  return result;
}
