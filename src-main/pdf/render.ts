// Renders one InvoiceDocument to PDF bytes in the current thread.
//
// Page x of y needs react-pdf's dynamic `render` props, and any dynamic node makes react-pdf lay
// each page out again. Even without dynamic nodes, react-pdf's paginator lays a wrapping page out
// a second time after splitting it. Most invoices fit one page, so a document that may fit is
// first rendered as one non-wrapping page (`<Page wrap={false}>`: a single layout pass) with a
// static "Page 1 of 1" footer. react-pdf hands the layout tree to Document's onRender; if any
// flowing element ends below the page's content area (where the paginator would have split),
// the document is rendered again as a wrapping page whose chrome (watermark, "continued" marks,
// page x of y) is a page `layout`: react-pdf's newer pagination engine measures the content once
// and packs it into pages (about a third less CPU on a 120-line invoice than `fixed` + `render`
// props, pixel-identical output). A wrong guess only costs time.
import { createElement } from 'react';
import { pdf as pdfInstance, type renderToBuffer } from '@react-pdf/renderer';
import { AppError } from '../../src-shared/errors.js';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import { registerFonts } from './fonts.js';
import { InvoicePdf, type LayoutProbe } from './templates/InvoicePdf.js';

type DocumentElement = Parameters<typeof renderToBuffer>[0];

/**
 * Every render gets a new key, so React unmounts the previous document and mounts this one instead
 * of reconciling the two trees. It must: react-pdf's host config implements `insertBefore` and
 * `appendChild` as plain array inserts that never take the moved node out of its old place, so a
 * keyed child that moves (a tax row "CGST @ 9%" that was last and is now first) stayed in the tree
 * twice and was printed twice.
 */
let renderKey = 0;

function element(doc: InvoiceDocument, singlePage: boolean, onLayout?: LayoutProbe): DocumentElement {
  return createElement(InvoicePdf, { key: ++renderKey, doc, singlePage, ...(onLayout ? { onLayout } : {}) }) as unknown as DocumentElement;
}

type PdfInstance = ReturnType<typeof pdfInstance>;

/**
 * react-pdf's renderToBuffer mounts a new React root per call and never unmounts it; React keeps
 * every such root on its list of scheduled roots, with the document tree react-pdf hangs off it:
 * about 0.24 MB retained per render (the reason workers are recycled). Instead a few react-pdf
 * instances are kept and reused: each render replaces an idle instance's document (a synchronous
 * legacy-root update) and renders it. At most one instance per concurrent render exists.
 */
const idle: PdfInstance[] = [];

async function renderToBufferReusing(el: DocumentElement): Promise<Buffer> {
  const instance = idle.pop() ?? pdfInstance();
  let reusable = false;
  try {
    instance.updateContainer(el);
    const stream = await instance.toBuffer();
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    reusable = true;
    return Buffer.concat(chunks);
  } finally {
    // An instance whose render failed is dropped (its tree may be half-updated).
    if (reusable) idle.push(instance);
  }
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

interface LaidOutNode {
  props?: { fixed?: boolean };
  style?: { height?: number; paddingBottom?: number; position?: string };
  box?: { top?: number; height?: number; paddingBottom?: number };
  children?: LaidOutNode[];
}

/** Bottom of a laid-out page's content area (page height minus bottom padding), if sized. */
function contentBottom(page: LaidOutNode): number | undefined {
  const height = page.style?.height;
  return typeof height === 'number' ? height - (page.box?.paddingBottom ?? page.style?.paddingBottom ?? 0) : undefined;
}

/** Fixed and absolutely positioned nodes (the page chrome) are not flowing content. */
function isFlowing(node: LaidOutNode): boolean {
  return node.props?.fixed !== true && node.style?.position !== 'absolute';
}

/**
 * Whether a page laid out without wrapping holds all its flowing content: the same test
 * react-pdf's paginator applies (a flowing child that starts at or ends below page height minus
 * bottom padding would go to, or be split onto, a next page).
 */
export function fitsOnePage(layout: unknown): boolean {
  const pages = (layout as LaidOutNode | undefined)?.children;
  if (!pages || pages.length !== 1) return false;
  const wrapArea = contentBottom(pages[0]!);
  if (wrapArea === undefined) return false;
  for (const child of (pages[0]!.children ?? []).filter(isFlowing)) {
    const top = child.box?.top ?? 0;
    const bottom = top + (child.box?.height ?? 0);
    if (top >= wrapArea || bottom > wrapArea + 0.001) return false;
  }
  return true;
}

/**
 * The first flowing node, at any depth, that ends below its page's content area in a wrapping
 * layout, or undefined. react-pdf's paginator keeps a column in one piece when float rounding
 * makes its children look overlapping (a 1,500-line table, ~41,000 pt, in float32) and then
 * places it on a page as it is: every row below the page bottom is silently cut off.
 */
export function overflowingNode(layout: unknown): { page: number; bottom: number; limit: number } | undefined {
  const pages = (layout as LaidOutNode | undefined)?.children ?? [];
  for (const [index, page] of pages.entries()) {
    const wrapArea = contentBottom(page);
    if (wrapArea === undefined) continue;
    const limit = wrapArea + 0.5;
    const walk = (nodes: LaidOutNode[], origin: number): number | undefined => {
      for (const node of nodes.filter(isFlowing)) {
        const top = origin + (node.box?.top ?? 0);
        const bottom = top + (node.box?.height ?? 0);
        if (bottom > limit) return bottom;
        const inner = walk(node.children ?? [], top);
        if (inner !== undefined) return inner;
      }
      return undefined;
    };
    const bottom = walk(page.children ?? [], 0);
    if (bottom !== undefined) return { page: index + 1, bottom, limit };
  }
  return undefined;
}

/** Per-thread counters: layout passes and one-page guesses that did not fit (tests, profiling). */
export const renderCounters = { documents: 0, passes: 0, onePageMisses: 0 };

export async function renderInvoicePdf(doc: InvoiceDocument, options: { fontsDir?: string } = {}): Promise<Buffer> {
  registerFonts(options.fontsDir);
  renderCounters.documents++;
  if (probablyOnePage(doc)) {
    let fits = false;
    renderCounters.passes++;
    const pdf = await renderToBufferReusing(
      element(doc, true, (params) => {
        fits = fitsOnePage((params as { _INTERNAL__LAYOUT__DATA_?: unknown })._INTERNAL__LAYOUT__DATA_);
      }),
    );
    if (fits) return pdf;
    renderCounters.onePageMisses++;
  }
  renderCounters.passes++;
  let overflow: ReturnType<typeof overflowingNode>;
  const pdf = await renderToBufferReusing(
    element(doc, false, (params) => {
      overflow = overflowingNode((params as { _INTERNAL__LAYOUT__DATA_?: unknown })._INTERNAL__LAYOUT__DATA_);
    }),
  );
  if (overflow) {
    throw new AppError('PDF_FAILED', `Invoice ${doc.number} (${doc.lines.length} lines) cannot be laid out: content on page ${overflow.page} runs ${Math.round(overflow.bottom - overflow.limit)} pt past the page and would be cut off; split it into smaller invoices`, {
      details: { number: doc.number, stage: 'layout', lines: doc.lines.length, page: overflow.page },
      retryable: false,
    });
  }
  return pdf;
}
