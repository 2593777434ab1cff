// The compiler's root (typst.ts, typst-root.ts): a fresh private folder of ours, so a template reads
// nothing but what is mapped from memory. The root used to be a predictable path in the shared temp
// folder, never created: another local user could create it first and plant files the compiler then
// read from disk (or make it a symbolic link to /).
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderInvoicePdf } from '../../../src-main/pdf/render.js';
import { createPdfWriter } from '../../../src-main/pdf/writer.js';
import { checkTemplate } from '../../../src-main/pdf/template-check.js';
import { TypstEngine, type LoadedTemplate, typstEngine } from '../../../src-main/pdf/typst.js';
import { LOGO_PNG, makeGstDocument } from '../../fixtures/documents/factory.js';
import { buildPdfWorker } from './helpers.js';

const PLANTED = 'PLANTED-BY-ANOTHER-USER';
/** Where the old code put its root, for the first engines of this thread. */
const predictable = Array.from({ length: 20 }, (_, k) => path.join(os.tmpdir(), `ledgerflow-typst-root-${process.pid}-${threadId}-${k + 1}`));
let dir: string;

beforeAll(() => {
  // Planted before any engine of this file exists.
  for (const p of predictable) {
    mkdirSync(p, { recursive: true });
    writeFileSync(path.join(p, 'planted.txt'), PLANTED);
  }
  dir = mkdtempSync(path.join(os.tmpdir(), 'lf-pdf-root-'));
  buildPdfWorker();
});
afterAll(() => {
  for (const p of predictable) rmSync(p, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

const MINIMAL = `#let data = json(bytes(sys.inputs.data))
#data.document.number #data.print.totals.grand.amount
`;

function templateIn(name: string, source: string): string {
  const folder = path.join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'invoice.typ'), source);
  return path.join(folder, 'invoice.typ');
}

function inline(source: string): LoadedTemplate {
  return { key: `test:${source}`, source: 'test template', main: 'invoice.typ', files: [{ rel: 'invoice.typ', bytes: Buffer.from(source) }] };
}

function textOf(pdf: Buffer): string {
  const f = path.join(dir, `t-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(f, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' });
}

describe("the compiler's root", () => {
  it('is not a folder another user can create first: files planted where the root used to be are never read', async () => {
    const doc = makeGstDocument({ number: 'ROOT/1', lines: 1 });
    for (const attempt of ['#read("/planted.txt")', '#read("planted.txt")']) {
      const file = templateIn(`planted-${attempt.length}`, MINIMAL + attempt + '\n');
      const check = await checkTemplate(file, [doc]);
      expect(check.ok, attempt).toBe(false);
      expect(check.diagnostics.map((d) => d.message).join(' '), attempt).toMatch(/not found|access denied/);
      let printed = '';
      try {
        printed = textOf(await renderInvoicePdf(doc, { template: file }));
      } catch (e) {
        expect((e as Error).message, attempt).toMatch(/does not compile/);
      }
      expect(printed, attempt).not.toContain(PLANTED);
    }
    // A new engine of this thread too.
    const engine = new TypstEngine();
    expect(() => engine.compile({ template: inline('#read("/planted.txt")'), data: '{}' })).toThrow(/not found|access denied/);
  });

  it('is a private folder of ours (mode 700, not a link) and stays empty after a render with images', async () => {
    const engine = new TypstEngine();
    const root = engine.root;
    expect(path.dirname(root)).toBe(os.tmpdir());
    expect(path.basename(root)).toMatch(new RegExp(`^ledgerflow-typst-${process.pid}-${threadId}-[A-Za-z0-9]{6}$`));
    const st = lstatSync(root);
    expect(st.isSymbolicLink()).toBe(false);
    expect(st.isDirectory()).toBe(true);
    expect(st.mode & 0o777).toBe(0o700);
    if (process.getuid) expect(st.uid).toBe(process.getuid());
    expect(readdirSync(root)).toEqual([]);

    const logo = Buffer.from(LOGO_PNG.slice(LOGO_PNG.indexOf(',') + 1), 'base64');
    const out = engine.compile({
      template: inline('#image("__ledgerflow/logo.png", width: 1cm)\nhello'),
      data: '{}',
      assets: [{ rel: '__ledgerflow/logo.png', bytes: logo }],
    });
    expect(out.pages).toBe(1);
    expect(readdirSync(root)).toEqual([]);
    // The image was mapped for that render only.
    expect(() => engine.compile({ template: inline('#image("__ledgerflow/logo.png", width: 1cm)'), data: '{}' })).toThrow(/not found/);
    expect(readdirSync(root)).toEqual([]);

    // A render with the invoice's logo and signature (this thread's engine): nothing lands in its root either.
    const pdf = await renderInvoicePdf(makeGstDocument({ number: 'ROOT/2', lines: 1, images: true }));
    expect(textOf(pdf)).toContain('ROOT/2');
    expect(readdirSync(typstEngine().root)).toEqual([]);
    expect(lstatSync(typstEngine().root).mode & 0o777).toBe(0o700);
  });

  it('is replaced when it disappears and someone else creates a folder of that name (a temp cleaner removed the old one)', () => {
    const engine = new TypstEngine();
    const template = inline('#read("planted.txt")');
    expect(() => engine.compile({ template, data: '{}' })).toThrow(/not found/);
    const old = engine.root;
    rmdirSync(old);
    mkdirSync(old, { mode: 0o755 });
    writeFileSync(path.join(old, 'planted.txt'), PLANTED);
    try {
      expect(() => engine.compile({ template, data: '{}' })).toThrow(/not found/);
      expect(engine.root).not.toBe(old);
      expect(readdirSync(engine.root)).toEqual([]);
      expect(engine.compile({ template: inline('fine'), data: '{}' }).pages).toBe(1);
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  });

  it("of a pool's worker is removed when the pool terminates the worker (a terminated thread runs no 'exit' listener)", async () => {
    const mine = () => readdirSync(os.tmpdir()).filter((n) => n.startsWith(`ledgerflow-typst-${process.pid}-`) && !n.startsWith(`ledgerflow-typst-${process.pid}-${threadId}-`));
    const before = new Set(mine());
    const writer = await createPdfWriter({ workers: 1, mode: 'workers' });
    const out = path.join(dir, 'pool.pdf');
    await writer.render(makeGstDocument({ number: 'ROOT/3', lines: 1, images: true }), out);
    const during = mine().filter((n) => !before.has(n));
    expect(during).toHaveLength(1);
    expect(readdirSync(path.join(os.tmpdir(), during[0]!))).toEqual([]);
    await writer.close();
    await expect.poll(() => mine().filter((n) => !before.has(n))).toEqual([]);
  });
});
