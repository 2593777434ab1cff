// The command palette (Ctrl+K), keyboard only, in Debian Chromium over the preview bridge, in
// English and Arabic (right to left): it finds an invoice by its number and by its customer's
// name, a customer, a product and a screen, starts "new customer" and "import", moves with the
// arrows, opens with Enter and closes with Esc. axe-core finds no WCAG A/AA violation with the
// palette open; each state is photographed to test-results/screenshots/ (palette-*.png).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { buildForPreview, chromiumMissing, ledgerflow, startPreview, stopPreview, type Preview, SHOTS, openBrowser } from './browser-suite.js';

const missingChromium = chromiumMissing('tests/e2e/ui-palette.test.ts', 'the command palette end-to-end tests');

describe.skipIf(missingChromium)('the command palette (Ctrl+K)', () => {
  let browser: Browser;
  let preview: Preview | undefined;
  let page: Page;
  let base = '';
  let businessId = '';
  const numbers: string[] = [];

  const run = (args: string[]) => {
    const r = ledgerflow(['--data-dir', join(base, 'data'), ...args]);
    if (r.status !== 0) throw new Error(`ledgerflow ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return r.stdout;
  };
  const json = (name: string, value: unknown) => {
    const file = join(base, `${name}.json`);
    writeFileSync(file, JSON.stringify(value));
    return file;
  };

  beforeAll(async () => {
    buildForPreview();
    base = mkdtempSync(join(tmpdir(), 'lf-ui-palette-'));
    mkdirSync(join(base, 'data'));
    const added = run(['--json', 'business', 'add', '--file', json('business', {
      name: 'Sahyadri Handloom Traders', address: 'Shop 14, Laxmi Road, Pune 411030', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: false,
    })]);
    businessId = (JSON.parse(added) as { id: string }).id;
    run(['product', 'add', '--business', businessId, '--file', json('saree', { sku: 'SAR-1', name: 'Cotton saree', hsn: '5208', price: '1200', taxRate: '5', unit: 'pcs' })]);
    run(['customer', 'add', '--business', businessId, '--file', json('kaveri', { name: 'Kaveri Textiles', taxId: '29AAACR5055K1Z3', address: '4 Residency Road, Bengaluru' })]);
    const today = new Date().toISOString().slice(0, 10);
    for (const [i, customer] of ['Kaveri Textiles', 'Walk-in'].entries()) {
      const out = run(['--json', 'invoice', 'create', '--business', businessId, '--issue', '--file', json(`invoice-${i}`, { date: today, customer, customerState: i === 0 ? '29' : '27', lines: [{ product: 'SAR-1', quantity: 2 }] })]);
      numbers.push((JSON.parse(out) as { number: string }).number);
    }
    preview = await startPreview(join(base, 'data'));
    ({ browser, page } = await openBrowser());
    await page.goto(preview.url);
    await page.getByTestId('business-select').waitFor();
    await page.getByTestId('business-select').selectOption(businessId);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopPreview(preview);
    if (base) rmSync(base, { recursive: true, force: true });
  });

  const input = () => page.getByTestId('palette-input');
  const options = () => page.getByTestId('palette').getByRole('option');
  const active = () => page.getByTestId('palette').locator('[role=option][aria-selected=true]');

  async function openPalette(query: string) {
    await page.keyboard.press('Control+k');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role')), { timeout: 5_000 }).toBe('combobox');
    await page.keyboard.type(query);
  }

  for (const L of [{ lang: 'en', dir: 'ltr', customer: 'Customer', newCustomer: 'New customer' }, { lang: 'ar', dir: 'rtl', customer: 'عميل', newCustomer: 'عميل جديد' }] as const) {
    it(`finds invoices, customers, products and screens and starts tasks by keyboard (${L.lang})`, async () => {
      await page.getByTestId('language-select').selectOption(L.lang);
      await page.waitForFunction((d) => document.documentElement.dir === d, L.dir);
      await page.keyboard.press('Alt+1');

      // An invoice by its number: Enter opens its detail.
      await openPalette(numbers[1]!);
      await expect.poll(() => options().filter({ hasText: numbers[1]! }).count(), { timeout: 15_000 }).toBe(1);
      expect(await input().getAttribute('aria-activedescendant')).toBe(await active().getAttribute('id'));
      while (!((await active().textContent()) ?? '').includes(numbers[1]!)) await page.keyboard.press('ArrowDown');
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(results.violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(SHOTS, `palette-number-${L.lang}.png`) });
      await page.keyboard.press('Enter');
      await page.getByTestId('invoice-detail').waitFor();
      expect(await page.getByTestId('invoice-detail').textContent()).toContain(numbers[1]!);
      await expect.poll(() => page.getByTestId('palette').isVisible()).toBe(false);

      // A customer's name finds the customer and the invoices written to them (and only theirs).
      await openPalette('kaveri');
      await expect.poll(() => options().filter({ hasText: numbers[0]! }).count(), { timeout: 15_000 }).toBe(1);
      expect(await options().filter({ hasText: numbers[1]! }).count()).toBe(0);
      expect(await options().filter({ hasText: L.customer }).filter({ hasText: 'Kaveri Textiles' }).count()).toBe(1);
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(SHOTS, `palette-customer-${L.lang}.png`) });
      // The arrows wrap: Up from the first option goes to the last.
      const count = await options().count();
      await page.keyboard.press('ArrowUp');
      expect(await active().getAttribute('id')).toBe(await options().nth(count - 1).getAttribute('id'));
      while (!((await active().textContent()) ?? '').includes(L.customer)) await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Enter');
      await page.getByTestId('screen-customers').waitFor();
      await expect.poll(() => page.locator('#customer-search').inputValue()).toBe('Kaveri Textiles');

      // A product by its SKU opens Products searching for it.
      await openPalette('SAR-1');
      await expect.poll(() => options().filter({ hasText: 'Cotton saree' }).count(), { timeout: 15_000 }).toBe(1);
      while (!((await active().textContent()) ?? '').includes('Cotton saree')) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByTestId('screen-products').waitFor();
      await expect.poll(() => page.locator('#product-search').inputValue()).toBe('SAR-1');

      // "New customer" (typed in the UI's language) opens the customer form.
      await openPalette(L.newCustomer);
      await expect.poll(() => active().textContent()).toContain(L.newCustomer);
      await page.keyboard.press('Enter');
      await page.getByTestId('form-customer').waitFor();

      // Esc closes without going anywhere; "import" (English words work in every language) opens Import.
      await openPalette('zzzz-nothing');
      await expect.poll(() => page.getByTestId('palette').getByRole('status').textContent()).not.toBe('');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('palette').isVisible()).toBe(false);
      expect(await page.getByTestId('form-customer').count()).toBe(1);
      await openPalette('import');
      await page.keyboard.press('Enter');
      await page.getByTestId('screen-import').waitFor();
    }, 180_000);
  }

  // The dialog's close event comes in a task after the dialog closes, and Chromium runs input
  // before it: Esc then a quick Ctrl+K used to be swallowed (the palette still thought itself open,
  // then the late close event shut it), and a late close event must not shut a palette opened since.
  it('opens on Ctrl+K pressed before the close event of the last Esc arrives, with an empty field', async () => {
    await page.keyboard.press('Alt+1');
    await openPalette('zzzz-nothing');
    await page.evaluate(() => {
      (document.querySelector('[data-testid=palette]') as HTMLDialogElement).close();
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', code: 'KeyK', ctrlKey: true, bubbles: true }));
    });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role')), { timeout: 5_000 }).toBe('combobox');
    await page.waitForTimeout(300);
    expect(await page.getByTestId('palette').isVisible()).toBe(true);
    expect(await input().inputValue()).toBe('');
    // What is typed now is the whole query: it finds Import (not "zzzz-nothingimport", nothing).
    await page.keyboard.type('import');
    await expect.poll(() => active().count(), { timeout: 15_000 }).toBe(1);
    await page.keyboard.press('Enter');
    await page.getByTestId('screen-import').waitFor();
    await expect.poll(() => page.getByTestId('palette').isVisible()).toBe(false);
  }, 60_000);
});
