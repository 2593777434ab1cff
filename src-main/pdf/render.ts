// Renders one InvoiceDocument to PDF bytes in the current thread with Typst: the document and its
// print view (view.ts: every amount formatted, every label chosen) go to the template as JSON
// through sys.inputs.data; images are mapped into the template's root from memory.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import QRCode from 'qrcode';
import { AppError } from '../../src-shared/errors.js';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import { ASSET_DIR, builtinTemplate, loadTemplateFile, type LoadedTemplate, typstEngine } from './typst.js';
import { latinMetrics } from './font-metrics.js';
import { buildView, type PrintView } from './view.js';

export interface RenderOptions {
  fontsDir?: string;
  /** A business's own template (.typ file); the built-in template when absent. */
  template?: string;
  /** Write PDF/A-2b (archival) instead of plain PDF 1.7. */
  pdfA?: boolean;
  /** Tables tagged as tables for screen readers (Typst's `table`; ~1% more CPU than the blocks since the fixed row heights, README) instead of rows of blocks. */
  tableTags?: boolean;
  /** Told just before and after the Typst compile, which holds the thread (the worker pool's timeouts). */
  onCompile?: (phase: 'start' | 'end') => void;
}

export interface RenderedPdf {
  pdf: Buffer;
  pages: number;
}

/** The PDF standard passed to Typst for the archival option. */
export const PDF_A_STANDARD = 'a-2b';

const DATA_URI_RE = /^data:image\/(png|jpe?g|gif|svg\+xml|webp);base64,(.*)$/s;

interface Asset {
  rel: string;
  bytes: Buffer;
}

/** A data: URI image as a file in the template's root (named by its content). */
function imageAsset(uri: string | undefined, what: string, doc: InvoiceDocument): Asset | undefined {
  if (!uri) return undefined;
  const m = DATA_URI_RE.exec(uri);
  if (!m) {
    throw new AppError('BAD_INPUT', `Invoice ${doc.number}: the ${what} image is not a base64 PNG, JPEG, GIF, SVG or WebP data: URI`, { details: { number: doc.number, field: `supplier.${what}` }, retryable: false });
  }
  const ext = m[1] === 'svg+xml' ? 'svg' : m[1] === 'jpeg' ? 'jpg' : m[1]!;
  const bytes = Buffer.from(m[2]!, 'base64');
  const name = createHash('sha1').update(bytes).digest('hex').slice(0, 16);
  return { rel: `${ASSET_DIR}/${what}-${name}.${ext}`, bytes };
}

/** The e-invoice QR code (the IRP's signed QR string) as an SVG document. */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/**
 * The JSON a template receives as sys.inputs.data: { document, print }. `fontsDir`: the folder
 * of the fonts it will be printed with (the tables' row heights are measured with them).
 */
export async function templateData(doc: InvoiceDocument, options: { tableTags?: boolean; fontsDir?: string } = {}): Promise<{ json: string; assets: Asset[]; view: PrintView }> {
  const logo = imageAsset(doc.supplier.logo, 'logo', doc);
  const signature = imageAsset(doc.supplier.signature, 'signature', doc);
  const view = buildView(doc, {
    ...(logo ? { logo: `/${logo.rel}` } : {}),
    ...(signature ? { signature: `/${signature.rel}` } : {}),
    ...(doc.irn ? { qrSvg: await qrSvg(doc.irn.signedQrCode) } : {}),
  }, { tableTags: options.tableTags !== false, metrics: latinMetrics(options.fontsDir) });
  // The images travel as files; the document keeps their paths instead of the base64 text.
  const { logo: _logo, signature: _signature, ...supplier } = doc.supplier;
  void _logo;
  void _signature;
  const document = { ...doc, supplier: { ...supplier, ...(view.logo ? { logo: view.logo } : {}), ...(view.signature ? { signature: view.signature } : {}) } };
  return { json: JSON.stringify({ document, print: view }), assets: [logo, signature].filter((a): a is Asset => a !== undefined), view };
}

/** Per-thread counters (tests, profiling). */
export const renderCounters = { documents: 0 };

/** Loaded business templates of this thread, by file (reloaded when the file changes). */
const templates = new Map<string, { mtimeMs: number; template: LoadedTemplate }>();

function templateFor(file: string | undefined): LoadedTemplate {
  if (!file) return builtinTemplate();
  let mtimeMs = -1;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    // loadTemplateFile names the missing file.
  }
  const cached = templates.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.template;
  const template = loadTemplateFile(file);
  if (templates.size >= 16) templates.clear();
  templates.set(file, { mtimeMs, template });
  return template;
}

export async function renderInvoicePdfWithPages(doc: InvoiceDocument, options: RenderOptions = {}): Promise<RenderedPdf> {
  const template = templateFor(options.template);
  const engine = typstEngine(options.fontsDir);
  // The view measures its rows with the fonts this compiler prints with.
  const { json, assets } = await templateData(doc, { tableTags: options.tableTags !== false, fontsDir: engine.fontsDir });
  renderCounters.documents++;
  options.onCompile?.('start');
  try {
    const out = engine.compile({
      template,
      data: json,
      assets,
      ...(options.pdfA ? { pdfStandard: PDF_A_STANDARD } : {}),
      timestamp: issueTimestamp(doc),
    });
    return { pdf: out.pdf, pages: out.pages };
  } finally {
    options.onCompile?.('end');
  }
}

export async function renderInvoicePdf(doc: InvoiceDocument, options: RenderOptions = {}): Promise<Buffer> {
  return (await renderInvoicePdfWithPages(doc, options)).pdf;
}

/** The document date written into the PDF: the issue date (the same invoice gives the same bytes). */
function issueTimestamp(doc: InvoiceDocument): number {
  const t = Date.parse(`${doc.issueDate}T00:00:00Z`);
  return Number.isFinite(t) ? Math.floor(t / 1000) : 0;
}
