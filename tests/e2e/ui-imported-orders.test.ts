// A real business issues its imported orders from the UI, in Debian Chromium over the preview:
// orders imported from a sheet are listed on Generate (source "imported orders"), Start issues
// them, and the list is then empty. In English, then in Arabic after a reload. The form sends
// only what an orders batch takes (not the simulation's count, profile and seed); the PDFs show as their own stage.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { SHOTS, buildForPreview, chromiumMissing, ledgerflow as cli, noViolations, openBrowser, startPreview, stopPreview, type Preview } from './browser-suite.js';

const missingChromium = chromiumMissing('tests/e2e/ui-imported-orders.test.ts', 'the imported-orders end-to-end tests');

describe.skipIf(missingChromium)('invoices from imported orders, from the UI', () => {
  let browser: Browser;
  let preview: Preview | undefined;
  let page: Page;
  let dataDir = '';
  let businessId = '';

  const query = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = new Database(join(dataDir, 'ledgerflow.sqlite'), { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };

  /** Two orders of one product, imported with `import orders` as a shop's sheet would be. */
  const importOrders = (first: string, second: string) => {
    const [y, m, d] = new Date().toISOString().slice(0, 10).split('-');
    const file = join(dataDir, `orders-${first}.csv`);
    writeFileSync(file, [
      'Order No,Order Date,Customer,Customer GSTIN,State,Item,Qty',
      `${first},${d}/${m}/${y},Kaveri Textiles Pvt. Ltd.,29AAACR5055K1Z3,Karnataka,TEA-250,3`,
      `${second},${d}/${m}/${y},Walk-in Buyer,,Maharashtra,TEA-250,1`,
    ].join('\n') + '\n');
    const imported = cli(['--data-dir', dataDir, 'import', 'orders', file, '--business', businessId]);
    expect(imported.status, imported.stderr + imported.stdout).toBe(0);
  };

  beforeAll(async () => {
    buildForPreview();
    dataDir = mkdtempSync(join(tmpdir(), 'lf-ui-orders-'));
    const business = join(dataDir, 'business.json');
    writeFileSync(business, JSON.stringify({ name: 'Sahyadri Tea House', address: 'Shop 3, FC Road, Pune', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', taxId: '27AAPFU0939F1ZV', currency: 'INR' }));
    const added = cli(['--data-dir', dataDir, '--json', 'business', 'add', '--file', business]);
    expect(added.status, added.stderr).toBe(0);
    businessId = (JSON.parse(added.stdout) as { id: string }).id;
    const product = join(dataDir, 'product.json');
    writeFileSync(product, JSON.stringify({ sku: 'TEA-250', name: 'Assam tea 250 g', hsn: '0902', price: '180', taxRate: '5', unit: 'pcs' }));
    expect(cli(['--data-dir', dataDir, 'product', 'add', '--business', businessId, '--file', product]).status).toBe(0);
    preview = await startPreview(dataDir);
    ({ browser, page } = await openBrowser());
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopPreview(preview);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  for (const L of [{ lang: 'en', dir: 'ltr', orders: ['SO-1', 'SO-2'] }, { lang: 'ar', dir: 'rtl', orders: ['SO-3', 'SO-4'] }] as const) {
    it(`lists the imported orders and issues them (${L.lang})`, async () => {
      importOrders(L.orders[0], L.orders[1]);
      const before = query<{ n: number }>(`SELECT COUNT(*) AS n FROM invoices WHERE business_id = ? AND status = 'issued'`, businessId)[0]!.n;
      await page.goto(preview!.url);
      await page.reload();
      await page.getByTestId('business-select').waitFor();
      await page.getByTestId('business-select').selectOption(businessId);
      await page.getByTestId('language-select').selectOption(L.lang);
      await page.waitForFunction((d) => document.documentElement.dir === d, L.dir);
      await page.keyboard.press('Control+g');
      await page.getByTestId('screen-generate').waitFor();
      // A real business: imported orders are the only source, chosen by default or by hand.
      await page.locator('input[name=gen-source][value=orders]').check();
      const pending = page.getByTestId('pending-orders');
      await expect.poll(() => pending.locator('tbody tr').count(), { timeout: 15_000 }).toBe(2);
      expect(await pending.textContent()).toContain(L.orders[0]);
      // The customer's Latin name keeps its full stop at its end in Arabic.
      const dotAtEnd = await pending.locator('td', { hasText: 'Kaveri' }).evaluate((td) => {
        const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = n.textContent ?? '';
          const at = text.indexOf('Kaveri');
          if (at < 0) continue;
          const left = (from: number) => {
            const range = document.createRange();
            range.setStart(n!, from);
            range.setEnd(n!, from + 1);
            return range.getBoundingClientRect().left;
          };
          return left(text.lastIndexOf('.')) > left(at);
        }
        return false;
      });
      expect(dotAtEnd).toBe(true);
      await noViolations(page, `generate from imported orders (${L.lang})`);
      await page.screenshot({ path: join(SHOTS, `orders-pending-${L.lang}.png`), fullPage: true });
      await page.locator('form#batch-form button[type="submit"]').click();
      await expect.poll(() => page.getByTestId('batch-report').isVisible(), { timeout: 120_000 }).toBe(true);
      expect(await page.getByTestId('batch-report').textContent()).not.toMatch(/unknown field|count|profile|seed/i);
      expect(await page.getByTestId('batch-created').textContent()).toMatch(/^(2|٢)$/);
      // The PDFs are a stage of their own with their own bar (issuing is done before they are),
      // left full when the report shows.
      const pdfBar = page.getByTestId('pdf-progress').getByRole('progressbar');
      expect(await pdfBar.getAttribute('aria-valuemax')).toBe('2');
      expect(await pdfBar.getAttribute('aria-valuenow')).toBe('2');
      expect(query(`SELECT COUNT(*) AS n FROM invoices WHERE business_id = ? AND status = 'issued'`, businessId)).toEqual([{ n: before + 2 }]);
      await page.screenshot({ path: join(SHOTS, `orders-issued-${L.lang}.png`), fullPage: true });
    }, 300_000);
  }
});
