// `npm run bench -- _typst-variants [--docs 60] [--rounds 3] [--only a,b] [--gst-only] [--evict N] [--dump DIR] [--list]`
// `npm run bench -- _typst-variants --base OLD.typ --cur NEW.typ`: two template files against each other.
// `--blocks`: before/after with the print view's tableTags off (rows of blocks); the `blocks-*`
// variants always run with it off, the others with the default view (Typst's `table`).
// `--set look`: instead of the 40-60 mixed invoices, the documents a visual comparison covers (the
// named fixtures with their images, GST 1-25 lines with Hindi, Bahrain full/simplified/credit
// notes 1-20 lines, long wrapping descriptions, crore/million amounts); with `--dump DIR` and
// `--rounds 0` it only writes the PDFs (compare them with pdftoppm + cmp).
// Variants measured on 3 December against the template before its blocks layout (tables, the
// line table removed, rows measured, ...; src-main/pdf/README.md) were dropped when their patches
// stopped applying (`grids-as-stacks` too, once the template took it); `table-tags` is the print
// view's tableTags (Typst's `table`, the view's default again since 3 December: `base` runs with
// it too), and the variants patching the `table` branch run with it.
// A probe (not listed by `npm run bench`): compiles the same fixture documents with
// variants of the built-in template, interleaved in one process (each document goes through
// every variant in a rotating order before the next document), and reports CPU ms per invoice
// (process.cpuUsage: user + system of every thread, Typst's native ones too) split into compile
// (layout) and PDF export. Each variant is the template with text patches applied; a patch that
// does not apply aborts the run. Same compiler set-up as typst.ts (fonts as blobs, evictCache(0)
// and a minor GC after each document; --evict N keeps results up to N documents old). --dump DIR
// writes each variant's PDFs (first round) for a pixel comparison (pdftoppm + cmp). The `look`
// column says whether a variant prints the same page as the base: `same`, `changes` (a visual or
// page-break change), `drops` (content removed: a bound on what that part costs).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { FONT_FILES, resolveFontsDir } from '../../src-main/pdf/fonts.js';
import { templateData } from '../../src-main/pdf/render.js';
import { fixtureSet, makeBahrainDocument, makeCroreGstDocument, makeGstDocument, makeMillionBahrainDocument } from '../fixtures/documents/factory.js';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const DOCS = Number(arg('docs', '60'));
const ROUNDS = Number(arg('rounds', '3'));
const ONLY = arg('only', '');
const BASE = arg('base', '');
const CUR = arg('cur', '');
const DUMP = arg('dump', '');
const GST_ONLY = args.includes('--gst-only');
const EVICT = Number(arg('evict', '0'));
const SET = arg('set', 'mixed');
const BLOCKS = args.includes('--blocks');

type Patch = [from: string | RegExp, to: string];
interface Variant {
  name: string;
  patches: Patch[];
  /** PDF export options. */
  pdfTags?: boolean;
  /** The print view's tableTags: false for rows of blocks (default: the view's default, Typst's `table`). */
  tableTags?: boolean;
  /** Indexes into FONT_FILES given to the compiler (default: all). */
  fonts?: number[];
  /** Template source instead of the built-in one (after patches). */
  file?: string;
  look?: 'same' | 'changes' | 'drops';
}

const TEMPLATE = path.join(process.cwd(), 'src-main', 'pdf', 'templates', 'invoice.typ');

const VARIANTS: Variant[] = [
  { name: 'base', look: 'same', patches: [] },
  { name: 'table-tags', look: 'same', patches: [], tableTags: true },
  // What `template tabletags off` gives as shipped: rows of blocks, same look, no table tags.
  { name: 'blocks', look: 'same', patches: [], tableTags: false },
  { name: 'untagged', look: 'same', patches: [], pdfTags: false },
  // What the blocks layout's repeated column header costs (each one breaks a long invoice's pages).
  { name: 'blocks-no-lift', look: 'changes', tableTags: false, patches: [['let lift(b) = after-lines(copy, b)', 'let lift(b) = b']] },
  { name: 'blocks-no-repeat', look: 'changes', tableTags: false, patches: [['let ends = query(<lines-end>)', 'let ends = ()']] },
  { name: 'blocks-no-outset', look: 'changes', tableTags: false, patches: [[/, outset: \(top: if y == 0 \{ -0\.375pt \} else \{ -0\.25pt \}\)/, '']] },
  { name: 'blocks-no-margin-context', look: 'changes', tableTags: false, patches: [[/#show: body => if pv\.tableTags \{ body \} else \{[\s\S]*?\n\}\n/, '']] },
  { name: 'blocks-no-first-v', look: 'changes', tableTags: false, patches: [['  if not pv.tableTags { context v(-lines-head()) }\n', '']] },
  {
    name: 'blocks-none',
    look: 'changes',
    tableTags: false,
    patches: [
      ['let lift(b) = after-lines(copy, b)', 'let lift(b) = b'],
      ['let ends = query(<lines-end>)', 'let ends = ()'],
      ['  if not pv.tableTags { context v(-lines-head()) }\n', ''],
      [/#show: body => if pv\.tableTags \{ body \} else \{[\s\S]*?\n\}\n/, ''],
      ['#metadata(copy)<lines-start>', ''],
      ['#metadata(copy)<lines-end>', ''],
    ],
  },
  {
    name: 'no-fill-stroke-fn',
    tableTags: true,
    look: 'changes',
    patches: [
      [
        /stroke: \(_, y\) => if y == 0 \{ \(bottom: 0\.75pt \+ rule\) \} else if y < n \{ \(bottom: 0\.5pt \+ row-rule\) \} else \{ none \},\n\s*fill: \(_, y\) => if y == 0 \{ head-bg \} else if calc\.even\(y\) \{ zebra \} else \{ white \},/,
        'stroke: none,',
      ],
    ],
  },
  { name: 'align-array', look: 'same', tableTags: true, patches: [['align: (x, _) => aligns.at(x),', 'align: aligns,']] },
  { name: 'cell-breakable', look: 'changes', patches: [['#set table.cell(breakable: false)\n', '']] },
  { name: 'font-latin-only', look: 'changes', patches: [['#set text(font: (latin, arabic, devanagari),', '#set text(font: latin,']] },
  { name: 'edges-default', look: 'changes', patches: [[', top-edge: "ascender", bottom-edge: "descender")', ')']] },
  {
    name: 'no-chrome',
    look: 'drops',
    patches: [
      ['  header: page-header,\n', ''],
      ['  footer: page-footer,\n', ''],
    ],
  },
  { name: 'fonts-latin-blobs', look: 'changes', patches: [], fonts: [0, 1] },
  {
    name: 'chrome-static',
    look: 'changes',
    patches: [
      [/#let page-header = context \{[\s\S]*?\n\}\n#let page-footer = context \{\n {2}let p = counter\(page\)\.get\(\)\.first\(\)\n {2}let n = counter\(page\)\.final\(\)\.first\(\)/, '#let page-header = none\n#let page-footer = {\n  let p = 1\n  let n = 1'],
    ],
  },
  { name: 'no-header', look: 'drops', patches: [['  header: page-header,\n', '']] },
  { name: 'no-footer', look: 'drops', patches: [['  footer: page-footer,\n', '']] },
  { name: 'no-small', look: 'drops', patches: [['if small != none { text(6.5pt, fill: muted, small); linebreak() }', '']] },
  { name: 'no-header-grid', look: 'drops', patches: [['  block(below: 10pt, header(copy-label))\n', '']] },
  { name: 'no-parties', look: 'drops', patches: [['  block(below: 10pt, parties)\n', '']] },
  { name: 'data-only', look: 'drops', patches: [[/\/\/ ---------- page chrome ----------[\s\S]*$/, 'x']] },
  // Every row 17pt high, the header too (the template's rows of the view's heights replaced).
  { name: 'rows-fixed-bound', look: 'changes', tableTags: true, patches: [[/ {6}rows: \(auto,\) \+ range\(n\)[^\n]*\n/, '      rows: 17pt,\n']] },
  // Every row measured again (`auto`), as before the view gave one-line rows their height.
  { name: 'rows-auto', look: 'same', patches: [[/ {6}rows: \(auto,\) \+ range\(n\)[^\n]*\n/, '']] },
  { name: 'no-table-fill', look: 'changes', tableTags: true, patches: [[/fill: \(_, y\) => if y == 0 \{ head-bg \} else if calc\.even\(y\) \{ zebra \} else \{ white \},/, 'fill: none,']] },
  { name: 'no-table-stroke', look: 'changes', tableTags: true, patches: [[/stroke: \(_, y\) => if y == 0 \{ \(bottom: 0\.75pt \+ rule\) \} else if y < n \{ \(bottom: 0\.5pt \+ row-rule\) \} else \{ none \},/, 'stroke: none,']] },
  { name: 'no-table-border', look: 'changes', tableTags: true, patches: [['block(width: 100%, stroke: 0.75pt + rule, table(', 'block(width: 100%, table(']] },
  // Odd rows without their white fill: the rows' fills no longer hide the inner half of the
  // table's border (a last odd row shows it 0.375pt thicker), and text antialiasing differs by 1-2/255.
  { name: 'table-odd-fill-none', look: 'changes', tableTags: true, patches: [['else if calc.even(y) { zebra } else { white },', 'else if calc.even(y) { zebra } else { none },']] },
  // The rules as a static stroke, the header's rule as an hline and the last row's cells without a
  // bottom rule (an hline at the end would also remove the rule at each page break): same pixels.
  {
    name: 'table-stroke-static',
    look: 'same',
    tableTags: true,
    patches: [
      ['for c in row { cells.push(cell-body(c, y == t.boldRow)) }', 'for c in row { cells.push(if y + 1 < n { cell-body(c, y == t.boldRow) } else { table.cell(stroke: (bottom: none), cell-body(c, y == t.boldRow)) }) }'],
      [/stroke: \(_, y\) => if y == 0 \{ \(bottom: 0\.75pt \+ rule\) \} else if y < n \{ \(bottom: 0\.5pt \+ row-rule\) \} else \{ none \},/, 'stroke: (x: none, y: 0.5pt + row-rule),'],
      ['table.header(..t.columns.map(head-label)),', 'table.header(table.hline(stroke: none), ..t.columns.map(head-label), table.hline(stroke: 0.75pt + rule)),'],
    ],
  },
  { name: 'no-meta-rows', look: 'drops', patches: [['    for m in pv.meta { meta-row(m) }\n', '']] },
  { name: 'no-totals-rows', look: 'drops', patches: [['  for r in pv.totals.rows { total-row(r) }\n', '']] },
];

function applyPatches(src: string, v: Variant): string {
  let out = src;
  for (const [from, to] of v.patches) {
    const next = out.replace(from, to);
    if (next === out) throw new Error(`variant ${v.name}: patch did not apply: ${String(from).slice(0, 80)}`);
    out = next;
  }
  return out;
}

function docs(count: number): InvoiceDocument[] {
  return Array.from({ length: count }, (_, i) => {
    const lines = 1 + (i % 15);
    if (i % 2 === 0 || GST_ONLY) {
      return makeGstDocument({ number: `INV/2526/${String(i).padStart(5, '0')}`, lines, seed: i, interState: i % 4 === 0, hindi: !GST_ONLY && i % 10 === 4 });
    }
    const kind = i % 6 === 1 ? 'simplified_tax_invoice' : i % 6 === 3 ? 'credit_note' : 'tax_invoice';
    return makeBahrainDocument({ number: `BH-2025-${String(i).padStart(5, '0')}`, lines, seed: i, kind });
  });
}

/** The documents of a visual comparison: every fixture and the factory's edge cases. */
function lookDocs(): InvoiceDocument[] {
  const out: InvoiceDocument[] = Object.values(fixtureSet());
  for (let n = 1; n <= 25; n++) out.push(makeGstDocument({ number: `GST/2526/${n}`, lines: n, seed: n, interState: n % 3 === 0, hindi: n % 4 === 1, reverseCharge: n % 7 === 0 }));
  for (let n = 1; n <= 20; n++) {
    const kind = n % 3 === 0 ? 'credit_note' : n % 3 === 1 ? 'tax_invoice' : 'simplified_tax_invoice';
    out.push(makeBahrainDocument({ number: `BH-2025-${n}`, lines: n, seed: n, kind }));
  }
  for (const kind of ['bill_of_supply', 'cash_memo', 'credit_note'] as const) out.push(makeGstDocument({ number: `K/${kind}`, kind, lines: 5, seed: 2 }));
  // Descriptions that wrap (some rows keep a one-line description).
  for (const [i, base] of [makeGstDocument({ number: 'LONG/1', lines: 9, seed: 2 }), makeBahrainDocument({ number: 'LONG-2', lines: 7, seed: 4 })].entries()) {
    out.push({ ...base, lines: base.lines.map((l, j) => ({ ...l, description: j % 2 === i ? `${l.description} `.repeat(1 + (j % 5) * 3).trim() : l.description })) });
  }
  // Crore rupee and million dinar amounts (the columns widen for them).
  out.push(makeCroreGstDocument(), makeMillionBahrainDocument());
  return out;
}

type MinorGc = (options: { type: 'minor' }) => void;
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as MinorGc;

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main() {
  const baseSrc = readFileSync(BASE || TEMPLATE, 'utf8');
  let variants: Variant[];
  if (CUR) {
    // Two template files against each other (before/after a change).
    variants = [
      { name: 'before', patches: [], file: BASE || TEMPLATE, ...(BLOCKS ? { tableTags: false } : {}) },
      { name: 'after', patches: [], file: CUR, ...(BLOCKS ? { tableTags: false } : {}) },
    ];
  } else {
    variants = VARIANTS.filter((v) => v.name === 'base' || !ONLY || ONLY.split(',').includes(v.name));
  }
  if (args.includes('--list')) {
    for (const v of VARIANTS) console.log(v.name);
    return;
  }
  const fontsDir = resolveFontsDir();
  const blobs = FONT_FILES.map((f) => readFileSync(path.join(fontsDir, f)));
  const root = path.join(tmpdir(), `lf-typst-variants-${process.pid}`);
  const compilers = new Map<string, NodeCompiler>();
  const compilerFor = (v: Variant) => {
    const key = (v.fonts ?? FONT_FILES.map((_, i) => i)).join(',');
    let c = compilers.get(key);
    if (!c) {
      c = NodeCompiler.create({ workspace: root, fontArgs: [{ fontBlobs: key.split(',').map((i) => blobs[Number(i)]!) }] });
      compilers.set(key, c);
    }
    return c;
  };
  const sources = variants.map((v) => applyPatches(v.file ? readFileSync(v.file, 'utf8') : baseSrc, v));
  for (const [i, v] of variants.entries()) {
    const c = compilerFor(v);
    c.mapShadow(path.join(root, `v${i}.typ`), Buffer.from(sources[i]!));
  }
  const set = SET === 'look' ? lookDocs() : docs(DOCS);
  const data = await Promise.all(set.map((d) => templateData(d)));
  const dataBlocks = await Promise.all(set.map((d) => templateData(d, { tableTags: false })));
  // Images (logo, signature) go into the root as the renderer maps them; named by their content.
  for (const a of data.flatMap((d) => d.assets)) for (const c of new Set(variants.map(compilerFor))) c.mapShadow(path.join(root, a.rel), a.bytes);
  // Rows the print view gives a fixed height (one line certain), of all table rows.
  const heights = data.flatMap((d) => [d.view.lines, ...d.view.summaryTables.map((s) => s.table)].flatMap((t) => t.rowHeights));
  console.log(`rows with a fixed height: ${heights.filter((h) => h !== null).length} of ${heights.length}`);
  const totals = variants.map(() => ({ compile: 0, pdf: 0, n: 0, pages: 0, bytes: 0 }));
  const pagesOf: number[][] = variants.map(() => []);
  const loads: number[] = [];
  if (DUMP) mkdirSync(DUMP, { recursive: true });
  const run = (vi: number, di: number, measure: boolean) => {
    const v = variants[vi]!;
    const c = compilerFor(v);
    gc({ type: 'minor' });
    const t0 = cpu();
    const result = c.compile({ mainFilePath: path.join(root, `v${vi}.typ`), inputs: { data: (v.tableTags === false ? dataBlocks : data)[di]!.json } });
    const err = result.takeError();
    const doc = result.result;
    if (err || !doc) throw new Error(`variant ${v.name} does not compile: ${JSON.stringify(c.fetchDiagnostics(err!)).slice(0, 600)}`);
    const t1 = cpu();
    const pdf = c.pdf(doc, v.pdfTags === false ? { pdfTags: false } : {});
    const t2 = cpu();
    c.evictCache(EVICT);
    if (measure) {
      const t = totals[vi]!;
      t.compile += t1 - t0;
      t.pdf += t2 - t1;
      t.n++;
      t.pages += doc.numOfPages;
      t.bytes += pdf.length;
    } else {
      pagesOf[vi]![di] = doc.numOfPages;
      if (DUMP) writeFileSync(path.join(DUMP, `${v.name}-${String(di).padStart(3, '0')}.pdf`), pdf);
    }
  };
  // Warm-up round (also records page counts, which must agree across variants).
  for (let di = 0; di < set.length; di++) for (let vi = 0; vi < variants.length; vi++) run(vi, di, false);
  for (let di = 0; di < set.length; di++) {
    const differ = variants.filter((_, vi) => pagesOf[vi]![di] !== pagesOf[0]![di]).map((v) => v.name);
    if (differ.length) console.log(`doc ${di} (${set[di]!.lines.length} lines): page count differs in ${differ.join(', ')}`);
  }
  if (ROUNDS === 0) return;
  loads.push(loadavg()[0]!);
  for (let r = 0; r < ROUNDS; r++) {
    for (let di = 0; di < set.length; di++) {
      const k = variants.length;
      for (let j = 0; j < k; j++) run((j + di + r) % k, di, true);
    }
    loads.push(loadavg()[0]!);
  }
  const b = totals[0]!;
  const bAll = (b.compile + b.pdf) / b.n;
  console.log(`evictCache(${EVICT}) after each; ${set.length} documents (${SET === 'look' ? 'fixtures and edge cases' : 'GST/Bahrain 1-15 lines'}) x ${ROUNDS} rounds, interleaved; load ${loads.map((l) => l.toFixed(1)).join(' -> ')}`);
  console.log('variant'.padEnd(22), 'compile'.padStart(8), 'export'.padStart(8), 'total'.padStart(8), 'vs base'.padStart(8), 'pages'.padStart(6), 'KB'.padStart(6), ' look');
  for (const [vi, v] of variants.entries()) {
    const t = totals[vi]!;
    const all = (t.compile + t.pdf) / t.n;
    console.log(
      v.name.padEnd(22),
      (t.compile / t.n).toFixed(2).padStart(8),
      (t.pdf / t.n).toFixed(2).padStart(8),
      all.toFixed(2).padStart(8),
      `${(((all - bAll) / bAll) * 100).toFixed(1)}%`.padStart(8),
      (t.pages / t.n).toFixed(2).padStart(6),
      (t.bytes / t.n / 1024).toFixed(1).padStart(6),
      ` ${v.look ?? ''}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
