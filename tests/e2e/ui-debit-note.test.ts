// The debit-note dialog of an issued GST invoice in Debian Chromium over the preview bridge: extra
// quantities on chosen lines, reason required, a confirmation step; a double click issues one debit
// note; the invoice then lists it and the note links back. Errors in English and Arabic; axe-core
// finds no WCAG A/AA violation; screenshots go to test-results/screenshots/ (debit-*.png).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { buildForPreview, chromiumMissing, ledgerflow as cli, startPreview, stopPreview, type Preview, noViolations, SHOTS, openBrowser } from './browser-suite.js';

const missingChromium = chromiumMissing('tests/e2e/ui-debit-note.test.ts', 'the debit-note dialog end-to-end tests');


async function shot(page: Page, name: string) {
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(SHOTS, `debit-${name}.png`), fullPage: true });
}

describe.skipIf(missingChromium)('a debit note from the UI', () => {
  let browser: Browser;
  let preview: Preview | undefined;
  let page: Page;
  let dataDir = '';
  let businessId = '';
  const numbers: string[] = [];

  const run = (args: string[]) => {
    const r = cli(['--data-dir', dataDir, ...args]);
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };
  const json = (name: string, value: unknown) => {
    const file = join(dataDir, '..', `${name}.json`);
    writeFileSync(file, JSON.stringify(value));
    return file;
  };
  const query = <T,>(sql: string, ...params: unknown[]): T[] => {
    const db = new Database(join(dataDir, 'ledgerflow.sqlite'), { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };
  const notesOf = (number: string) =>
    query<{ number: string; total_minor: number }>("SELECT c.number, c.total_minor FROM invoices c JOIN invoices i ON c.original_invoice_id = i.id WHERE i.number = ? AND c.kind = 'debit_note' ORDER BY c.seq", number);

  beforeAll(async () => {
    buildForPreview();
    const base = mkdtempSync(join(tmpdir(), 'lf-ui-debit-'));
    dataDir = join(base, 'data');
    mkdirSync(dataDir);
    const added = run(['--json', 'business', 'add', '--file', json('business', {
      name: 'Sahyadri Handloom Traders', address: 'Shop 14, Laxmi Road\nPune 411030', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: false,
    })]);
    businessId = (JSON.parse(added) as { id: string }).id;
    run(['product', 'add', '--business', businessId, '--file', json('saree', { sku: 'SAR-1', name: 'Cotton saree', hsn: '5208', price: '1200', taxRate: '5', unit: 'pcs' })]);
    run(['product', 'add', '--business', businessId, '--file', json('stole', { sku: 'STL-1', name: 'Silk stole', hsn: '6214', price: '800', taxRate: '18', unit: 'pcs' })]);
    const today = new Date().toISOString().slice(0, 10);
    for (const [i, customer] of ['Kaveri Textiles', 'Walk-in'].entries()) {
      const out = run(['--json', 'invoice', 'create', '--business', businessId, '--issue', '--file', json(`invoice-${i}`, { date: today, customer, customerState: '27', lines: [{ product: 'SAR-1', quantity: 3 }, { product: 'STL-1', quantity: 2 }] })]);
      numbers.push((JSON.parse(out) as { number: string }).number);
    }
    preview = await startPreview(dataDir);
    ({ browser, page } = await openBrowser());
    await page.goto(preview.url);
    await page.getByTestId('business-select').waitFor();
    await page.getByTestId('business-select').selectOption(businessId);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopPreview(preview);
    if (dataDir) rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  async function language(lang: 'en' | 'ar' | 'hi') {
    await page.getByTestId('language-select').selectOption(lang);
    await page.waitForFunction((d) => document.documentElement.lang === d, lang);
  }

  async function openInvoice(number: string) {
    await page.keyboard.press('Escape');
    await page.getByRole('navigation').getByRole('button').nth(7).click(); // Invoices (the eighth screen in every language)
    await page.getByRole('grid').getByRole('row').filter({ hasText: number }).first().click();
    await page.getByTestId('invoice-detail').waitFor();
    await expect.poll(() => page.getByTestId('invoice-detail').getByRole('heading', { level: 2 }).textContent()).toContain(number);
  }

  it('charges extra quantities after a confirmation; a double click issues one debit note, linked both ways', async () => {
    await language('en');
    const number = numbers[0]!;
    await openInvoice(number);
    await page.getByTestId('open-debit-dialog').click();
    const dialog = page.getByTestId('debit-dialog');
    await dialog.getByTestId('debit-line-1').waitFor();
    await shot(page, 'dialog-en');
    await noViolations(page, 'debit dialog');
    await dialog.getByRole('button', { name: 'Review' }).click();
    await expect.poll(() => dialog.getByRole('alert').allTextContents()).toEqual(expect.arrayContaining(['Say why the debit note is issued.', 'Type the extra quantity on at least one line.']));
    await noViolations(page, 'debit dialog with errors');
    expect(notesOf(number)).toEqual([]);
    await dialog.getByLabel('Extra quantity of Cotton saree').fill('2');
    await dialog.getByLabel('Reason (required)').fill('Two more sarees delivered');
    await dialog.getByRole('button', { name: 'Review' }).click();
    const confirm = dialog.getByTestId('debit-confirm');
    await confirm.waitFor();
    await expect.poll(() => confirm.textContent()).toMatch(/Line 1, Cotton saree: 2/);
    await noViolations(page, 'debit confirmation');
    await dialog.getByTestId('debit-issue').dblclick();
    await expect.poll(() => dialog.isVisible(), { timeout: 60_000 }).toBe(false);
    await page.waitForTimeout(1500);
    const notes = notesOf(number);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.number).toMatch(/^DN\//);
    expect(notes[0]!.total_minor).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('debit-notes').textContent(), { timeout: 30_000 }).toContain(notes[0]!.number);
    await shot(page, 'linked-en');
    await noViolations(page, 'invoice with its debit note');
  }, 240_000);

  it('says its errors in Arabic', async () => {
    await language('ar');
    await openInvoice(numbers[1]!);
    await page.getByTestId('open-debit-dialog').click();
    const dialog = page.getByTestId('debit-dialog');
    await dialog.getByTestId('debit-line-1').waitFor();
    await dialog.locator('input[type=submit], button[type=submit]').click();
    await expect.poll(() => dialog.getByRole('alert').allTextContents()).toEqual(expect.arrayContaining(['اذكر سبب إصدار الإشعار المدين.']));
    await shot(page, 'errors-ar');
    await noViolations(page, 'debit dialog in Arabic');
    await page.keyboard.press('Escape');
    await language('en');
  }, 240_000);
});
