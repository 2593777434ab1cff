// A business's own Typst template: checked against sample invoices (errors with line and column),
// confined to its own folder, and used by the writer; the built-in template stays the fallback.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderToFile } from '../../../src-main/pdf/job.js';
import { renderInvoicePdf } from '../../../src-main/pdf/render.js';
import { sampleInvoices } from '../../../src-main/pdf/samples.js';
import { checkTemplate } from '../../../src-main/pdf/template-check.js';
import { makeGstDocument } from '../../fixtures/documents/factory.js';
import { ROOT, pdftotext } from './helpers.js';

let dir: string;
const EXAMPLE = path.join(ROOT, 'resources', 'templates', 'example', 'invoice.typ');

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lf-pdf-custom-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function templateIn(name: string, source: string, extra: Record<string, string> = {}): string {
  const folder = path.join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'invoice.typ'), source);
  for (const [f, content] of Object.entries(extra)) writeFileSync(path.join(folder, f), content);
  return path.join(folder, 'invoice.typ');
}

const MINIMAL = `#let data = json(bytes(sys.inputs.data))
#data.document.number #data.print.totals.grand.amount
`;

describe('business templates', () => {
  it('accepts the documented example template on every sample invoice (GST and Bahrain)', async () => {
    const check = await checkTemplate(EXAMPLE, sampleInvoices('any'));
    expect(check.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.samples.length).toBeGreaterThanOrEqual(10);
  });

  it('reports a compile error with file, line and column and accepts nothing', async () => {
    const file = templateIn('broken', '#let data = json(bytes(sys.inputs.data))\n\nTotal: #data.document.totals.grandTotal.amount\n');
    const check = await checkTemplate(file, sampleInvoices('gst-in'));
    expect(check.ok).toBe(false);
    const err = check.diagnostics.find((d) => d.severity === 'error')!;
    expect(err.file).toBe(file);
    expect(err.line).toBe(3);
    expect(err.column).toBeGreaterThan(1);
    expect(err.message).toMatch(/string|field|amount/);
  });

  it('refuses a template that does not print the invoice number and grand total', async () => {
    const check = await checkTemplate(templateIn('silent', '#let data = json(bytes(sys.inputs.data))\nHello\n'), sampleInvoices('vat-bh'));
    expect(check.ok).toBe(false);
    expect(check.diagnostics[0]!.message).toMatch(/invoice number/);
  });

  it('lets a template read files of its own folder, and nothing outside it', async () => {
    writeFileSync(path.join(dir, 'secret.txt'), 'TOP-SECRET');
    const ok = templateIn('own-folder', MINIMAL + '#read("terms.txt")\n', { 'terms.txt': 'Payment within 30 days' });
    const doc = makeGstDocument({ number: 'OWN/1', lines: 1 });
    const text = pdftotextOf(await renderInvoicePdf(doc, { template: ok }));
    expect(text).toContain('Payment within 30 days');

    for (const attempt of ['#read("../secret.txt")', '#read("/../secret.txt")', `#read("${path.join(dir, 'secret.txt')}")`, '#read("/etc/passwd")']) {
      const file = templateIn(`escape-${attempt.length}`, MINIMAL + attempt + '\n');
      const check = await checkTemplate(file, [doc]);
      expect(check.ok, attempt).toBe(false);
      expect(check.diagnostics.map((d) => d.message).join(' '), attempt).toMatch(/access denied|not found|outside/);
    }
  });

  it('refuses package imports, which would be downloaded', async () => {
    const file = templateIn('package', '#import "@preview/tablex:0.0.8": tablex\n' + MINIMAL);
    const check = await checkTemplate(file, sampleInvoices('gst-in'));
    expect(check.ok).toBe(false);
    expect(check.diagnostics[0]).toMatchObject({ line: 1, column: 1 });
    expect(check.diagnostics[0]!.message).toMatch(/package imports/);
  });

  it('prints with the business template, and falls back to the built-in one when it fails on an invoice', async () => {
    const folder = path.join(dir, 'example-copy');
    mkdirSync(folder, { recursive: true });
    copyFileSync(EXAMPLE, path.join(folder, 'invoice.typ'));
    const doc = makeGstDocument({ number: 'CUSTOM/1', lines: 2 });
    const out = path.join(dir, 'custom.pdf');
    const r = await renderToFile(doc, out, { template: path.join(folder, 'invoice.typ') });
    expect(r.templateFallback).toBeUndefined();
    expect(pdftotext(out)).toContain('CUSTOM/1');

    // A template that breaks only on credit notes: the credit note still gets its PDF (built-in).
    const picky = templateIn('picky', MINIMAL + '#if data.document.kind == "credit_note" { panic("no credit notes here") }\n');
    const cn = { ...makeGstDocument({ number: 'CN/9', lines: 1 }), kind: 'credit_note' as const, creditNoteFor: { number: 'INV/1', date: '2026-01-01' } };
    const out2 = path.join(dir, 'fallback.pdf');
    const r2 = await renderToFile(cn, out2, { template: picky });
    expect(r2.templateFallback).toMatch(/no credit notes here/);
    expect(pdftotext(out2)).toContain('CREDIT NOTE');
    expect(existsSync(out2)).toBe(true);
  });
});

function pdftotextOf(pdf: Buffer): string {
  const f = path.join(dir, `t-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(f, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' });
}
