// In-process check of a PDF we produced: the structure parses (header, objects, xref, trailer),
// the page tree counts at least one page, and the visible text (decoded through each font's
// ToUnicode CMap, the same way a PDF reader extracts text) contains the invoice number and total.
// It reads the uncompressed-object layout Typst writes (no object streams); anything else is
// reported as unreadable rather than guessed at. Fast: no subprocess, a few ms per invoice.
import { inflateSync } from 'node:zlib';

export interface PdfCheck {
  pages: number;
  /** Extracted text, text objects joined by newlines. */
  text: string;
}

export class PdfVerifyError extends Error {
  override name = 'PdfVerifyError';
}

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function parseObjects(pdf: Buffer): Map<number, PdfObject> {
  const src = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src)) !== null) {
    const id = Number(m[1]);
    const start = re.lastIndex;
    const end = src.indexOf('endobj', start);
    if (end < 0) throw new PdfVerifyError(`object ${id} has no endobj`);
    const body = src.slice(start, end);
    const streamAt = body.indexOf('stream');
    if (streamAt >= 0 && body.startsWith('<<')) {
      const dict = body.slice(0, streamAt);
      let dataStart = start + streamAt + 'stream'.length;
      if (src[dataStart] === '\r') dataStart++;
      if (src[dataStart] === '\n') dataStart++;
      const lenMatch = /\/Length (\d+)(?! \d+ R)/.exec(dict);
      const dataEnd = lenMatch ? dataStart + Number(lenMatch[1]) : src.lastIndexOf('endstream', end);
      let data = pdf.subarray(dataStart, dataEnd);
      if (/\/Filter\s*\/FlateDecode/.test(dict)) {
        try {
          data = inflateSync(data);
        } catch (e) {
          throw new PdfVerifyError(`object ${id}: stream does not inflate (${(e as Error).message})`);
        }
      }
      objects.set(id, { dict, stream: data });
    } else {
      objects.set(id, { dict: body });
    }
    re.lastIndex = end + 6;
  }
  return objects;
}

/** bfchar / bfrange entries of a ToUnicode CMap (2-byte codes, as Typst writes them). */
function parseCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  // A ligature's entry lists its code units separated by spaces (<0066 0066 0069> for "ffi").
  const hexToStr = (spaced: string) => {
    const hex = spaced.replace(/\s+/g, '');
    let s = '';
    for (let i = 0; i + 4 <= hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
    return s;
  };
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const body = block[1] ?? '';
    for (const e of body.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/g)) {
      const lo = parseInt(e[1]!, 16);
      const hi = parseInt(e[2]!, 16);
      const dst = e[3]!;
      if (dst.startsWith('[')) {
        const items = [...dst.matchAll(/<([0-9a-fA-F\s]*)>/g)].map((x) => hexToStr(x[1]!));
        for (let c = lo; c <= hi; c++) map.set(c, items[c - lo] ?? '');
      } else {
        const base = parseInt(dst.slice(1, -1).replace(/\s+/g, ''), 16);
        for (let c = lo; c <= hi; c++) map.set(c, String.fromCharCode(base + (c - lo)));
      }
    }
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const e of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g)) map.set(parseInt(e[1]!, 16), hexToStr(e[2]!));
  }
  return map;
}

function ref(dict: string, key: string): number | undefined {
  const m = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : undefined;
}

/** Resolves a dictionary value that is either inline (<< ... >>) or an indirect reference. */
function subDict(objects: Map<number, PdfObject>, dict: string, key: string): string {
  const at = dict.indexOf(`/${key}`);
  if (at < 0) return '';
  const rest = dict.slice(at + key.length + 1).trimStart();
  const r = /^(\d+) 0 R/.exec(rest);
  if (r) return objects.get(Number(r[1]))?.dict ?? '';
  if (!rest.startsWith('<<')) return '';
  let depth = 0;
  for (let i = 0; i < rest.length - 1; i++) {
    if (rest[i] === '<' && rest[i + 1] === '<') {
      depth++;
      i++;
    } else if (rest[i] === '>' && rest[i + 1] === '>') {
      depth--;
      i++;
      if (depth === 0) return rest.slice(0, i + 1);
    }
  }
  return rest;
}

/** UTF-16BE hex (with or without a byte-order mark) as a string. */
function utf16be(hex: string): string {
  let out = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out.replace(/^\uFEFF/, '');
}

/**
 * The literal string starting at `start` (its "("): bytes with escapes resolved, and the offset
 * after its closing ")". Balanced parentheses may appear unescaped inside (the PDF rule Typst uses).
 */
function literalString(src: string, start: number): { bytes: string; end: number } {
  let depth = 0;
  for (let i = start; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 0x5c) i++; // backslash: the next character is escaped
    else if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return { bytes: unescapeLiteral(src.slice(start + 1, i)), end: i + 1 };
  }
  throw new PdfVerifyError('unterminated string in a content stream');
}

/** A single-character escape of a PDF literal string and what it stands for. */
const ESCAPED: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/**
 * The bytes of a PDF literal string's body (escapes resolved), as a latin1 string. A loop rather
 * than a regular expression with a callback: Typst escapes many glyph codes, and the callback was
 * a third of a check's time.
 */
export function unescapeLiteral(body: string): string {
  let out = '';
  let from = 0;
  for (let i = body.indexOf('\\'); i >= 0 && i + 1 < body.length; i = body.indexOf('\\', from)) {
    out += body.slice(from, i);
    const next = body.charCodeAt(i + 1);
    if (next >= 0x30 && next <= 0x37) {
      // \ddd: one to three octal digits
      let value = 0;
      let j = i + 1;
      for (; j < i + 4 && j < body.length && body.charCodeAt(j) >= 0x30 && body.charCodeAt(j) <= 0x37; j++) value = value * 8 + body.charCodeAt(j) - 0x30;
      out += String.fromCharCode(value & 0xff);
      from = j;
    } else if (next === 0x0d) {
      // A backslash before an end of line continues the string on the next line.
      from = body.charCodeAt(i + 2) === 0x0a ? i + 3 : i + 2;
    } else if (next === 0x0a) {
      from = i + 2;
    } else {
      const ch = body[i + 1]!;
      out += ESCAPED[ch] ?? ch;
      from = i + 2;
    }
  }
  return out + body.slice(from);
}

/** Header, %%EOF, startxref pointing at an xref table; returns the file's last KB (the trailer). */
function checkFileStructure(pdf: Buffer): string {
  if (pdf.length < 64 || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new PdfVerifyError('no %PDF- header');
  const tail = pdf.subarray(Math.max(0, pdf.length - 1024)).toString('latin1');
  if (!/%%EOF\s*$/.test(tail)) throw new PdfVerifyError('no %%EOF at the end (truncated?)');
  const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!sx) throw new PdfVerifyError('no startxref');
  const xrefAt = Number(sx[1]);
  if (pdf.subarray(xrefAt, xrefAt + 4).toString('latin1') !== 'xref') throw new PdfVerifyError(`startxref ${xrefAt} does not point at an xref table`);
  return tail;
}

/** The catalog's page tree: its /Count and the page objects it lists, which must agree. */
function pageTree(objects: Map<number, PdfObject>, tail: string): { pages: number; pageIds: number[] } {
  const trailer = /trailer\s*<<([\s\S]*?)>>\s*startxref/.exec(tail);
  const rootId = trailer ? ref(trailer[1] ?? '', 'Root') : undefined;
  const root = rootId !== undefined ? objects.get(rootId) : undefined;
  if (!root || !/\/Type\s*\/Catalog/.test(root.dict)) throw new PdfVerifyError('trailer /Root is not a catalog');
  const pagesId = ref(root.dict, 'Pages');
  const pagesObj = pagesId !== undefined ? objects.get(pagesId) : undefined;
  if (!pagesObj) throw new PdfVerifyError('page tree has no pages');
  const count = /\/Count (\d+)/.exec(pagesObj.dict);
  const pages = count ? Number(count[1]) : 0;
  if (pages < 1) throw new PdfVerifyError('page tree has no pages');
  const kids = /\/Kids\s*\[([^\]]*)\]/.exec(pagesObj.dict);
  const pageIds = kids ? [...(kids[1] ?? '').matchAll(/(\d+) 0 R/g)].map((k) => Number(k[1])) : [];
  if (pageIds.length !== pages) throw new PdfVerifyError(`page tree counts ${pages} pages but lists ${pageIds.length}`);
  return { pages, pageIds };
}

/** A page's fonts by resource name, each as its ToUnicode map (maps cached per font object). */
function pageFonts(objects: Map<number, PdfObject>, pageDict: string, cmapCache: Map<number, Map<number, string>>): Map<string, Map<number, string>> {
  const fontDict = subDict(objects, subDict(objects, pageDict, 'Resources'), 'Font');
  const fonts = new Map<string, Map<number, string>>();
  for (const f of fontDict.matchAll(/\/([A-Za-z0-9_.-]+)\s+(\d+) 0 R/g)) {
    const fontId = Number(f[2]);
    let cmap = cmapCache.get(fontId);
    if (!cmap) {
      const font = objects.get(fontId);
      const tu = font ? ref(font.dict, 'ToUnicode') : undefined;
      const stream = tu !== undefined ? objects.get(tu)?.stream : undefined;
      cmap = stream ? parseCMap(stream.toString('latin1')) : new Map();
      cmapCache.set(fontId, cmap);
    }
    fonts.set(f[1]!, cmap);
  }
  return fonts;
}

// Font selections, hex and literal strings, marked content and text-object ends, in stream order.
// /ActualText spans (Devanagari clusters) give the text of their glyphs. "/ReversedChars BMC" is an
// alternative of its own rather than an optional prefix of the operators: with the prefix optional
// no alternative starts with a known character (measured on two invoices' content streams: 0.29 ms
// a PDF with the prefix optional, 0.19 without; the whole check ~5% less, same text on 60 PDFs).
const CONTENT_TOKEN_RE = /\/([A-Za-z0-9_.-]+)\s+[\d.]+\s+Tf|<<(?:(?!>>)[^])*?\/ActualText\s*<([0-9a-fA-F]*)>(?:(?!>>)[^])*>>\s*BDC|<([0-9a-fA-F]*)>|(\()|\/ReversedChars\s+(BMC)\b|\b(BMC|BDC|EMC|ET)\b/g;

/**
 * The text of one content stream, one entry per text object. Marked-content sections: Typst wraps
 * right-to-left runs, written in visual order, in /ReversedChars BMC ... EMC (their text is reversed
 * back into logical order), and Devanagari clusters in /ActualText spans (their text replaces the glyphs').
 */
class ContentText {
  private current: Map<number, string> | undefined;
  private line = '';
  private readonly marks: Array<{ reversed: boolean; start: number; actual?: string }> = [];
  readonly parts: string[] = [];

  constructor(private readonly fonts: Map<string, Map<number, string>>) {}

  read(ops: string): string[] {
    const re = new RegExp(CONTENT_TOKEN_RE.source, 'g');
    let t: RegExpExecArray | null;
    while ((t = re.exec(ops)) !== null) {
      if (t[4] !== undefined) {
        const { bytes, end } = literalString(ops, t.index);
        this.decode(bytes);
        re.lastIndex = end;
      } else this.token(t);
    }
    if (this.line) this.parts.push(this.line);
    return this.parts;
  }

  private token(t: RegExpExecArray): void {
    if (t[1] !== undefined) this.current = this.fonts.get(t[1]);
    else if (t[2] !== undefined) this.marks.push({ reversed: false, start: this.line.length, actual: utf16be(t[2]) });
    else if (t[3] !== undefined) this.decode(Buffer.from(t[3], 'hex').toString('latin1'));
    else if (t[5] !== undefined) this.marks.push({ reversed: true, start: this.line.length });
    else if (t[6] === 'BMC' || t[6] === 'BDC') this.marks.push({ reversed: false, start: this.line.length });
    else if (t[6] === 'EMC') this.endMark();
    else this.endText();
  }

  private decode(bytes: string): void {
    const cmap = this.current;
    if (!cmap) return;
    for (let i = 0; i + 2 <= bytes.length; i += 2) this.line += cmap.get((bytes.charCodeAt(i) << 8) | bytes.charCodeAt(i + 1)) ?? '';
  }

  private endMark(): void {
    const mark = this.marks.pop();
    if (mark?.actual !== undefined) this.line = this.line.slice(0, mark.start) + mark.actual;
    else if (mark?.reversed) this.line = this.line.slice(0, mark.start) + [...this.line.slice(mark.start)].reverse().join('');
  }

  private endText(): void {
    this.parts.push(this.line);
    this.line = '';
    for (const m of this.marks) m.start = 0;
  }
}

/** The text of one page's content streams, in order. */
function pageText(objects: Map<number, PdfObject>, pid: number, cmapCache: Map<number, Map<number, string>>): string[] {
  const page = objects.get(pid);
  if (!page || !/\/Type\s*\/Page\b/.test(page.dict)) throw new PdfVerifyError(`page object ${pid} missing`);
  const fonts = pageFonts(objects, page.dict, cmapCache);
  const contentRefs = /\/Contents\s*\[([^\]]*)\]/.exec(page.dict)?.[1] ?? /\/Contents\s+(\d+ 0 R)/.exec(page.dict)?.[1] ?? '';
  const parts: string[] = [];
  for (const c of contentRefs.matchAll(/(\d+) 0 R/g)) {
    const content = objects.get(Number(c[1]))?.stream;
    if (!content) throw new PdfVerifyError(`page ${pid}: content stream ${c[1]} missing`);
    parts.push(...new ContentText(fonts).read(content.toString('latin1')));
  }
  return parts;
}

/** Parses a PDF produced by the writer and extracts page count and text. Throws PdfVerifyError. */
export function inspectPdf(pdf: Buffer): PdfCheck {
  const tail = checkFileStructure(pdf);
  const objects = parseObjects(pdf);
  const { pages, pageIds } = pageTree(objects, tail);
  // Text: the page objects in page-tree order.
  const cmapCache = new Map<number, Map<number, string>>();
  const parts = pageIds.flatMap((pid) => pageText(objects, pid, cmapCache));
  return { pages, text: parts.join('\n') };
}

/**
 * Verifies a rendered invoice: structure, pages >= 1, its number and each of `mustContain` (the
 * grand total as printed) in the text.
 */
export function verifyInvoicePdf(pdf: Buffer, invoiceNumber: string, mustContain: string[] = []): { pages: number } {
  const check = inspectPdf(pdf);
  const squash = (s: string) => s.replace(/\s+/g, '');
  const squashed = squash(check.text);
  if (!check.text.includes(invoiceNumber) && !squashed.includes(squash(invoiceNumber))) {
    throw new PdfVerifyError(`invoice number ${invoiceNumber} not found in the PDF text`);
  }
  for (const needle of mustContain) {
    if (!check.text.includes(needle) && !squashed.includes(squash(needle))) throw new PdfVerifyError(`"${needle}" (grand total) not found in the PDF text`);
  }
  return { pages: check.pages };
}
