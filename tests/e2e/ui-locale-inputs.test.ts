// How the screens read and print dates, shares and amounts in each UI language, in Debian
// Chromium over the preview bridge with the CLI's demo data: dates are typed day-month-year
// whatever the browser's own locale, unreadable dates are said so in place, and what is stored is
// ISO. Screens are photographed to test-results/screenshots/ (locale-*.png).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { buildForPreview, chromiumMissing, ledgerflow as cli, startPreview, stopPreview, type Preview, SHOTS, openBrowser } from './browser-suite.js';


const missingChromium = chromiumMissing('tests/e2e/ui-locale-inputs.test.ts', 'the UI end-to-end tests');

async function shot(page: Page, name: string) {
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(SHOTS, `locale-${name}.png`) });
}

const LANGS = [
  { lang: 'en', dir: 'ltr', placeholder: 'dd-mm-yyyy', dateError: /dd-mm-yyyy/, percentSign: /^%$/, percentLimit: /100%/ },
  { lang: 'ar', dir: 'rtl', placeholder: 'يوم-شهر-سنة', dateError: /يوم-شهر-سنة/, percentSign: /٪/, percentLimit: /١٠٠٪/ },
  { lang: 'hi', dir: 'ltr', placeholder: 'दिन-माह-वर्ष', dateError: /दिन-माह-वर्ष/, percentSign: /^%$/, percentLimit: /100%/ },
] as const;

describe.skipIf(missingChromium)('dates, shares and amounts in each UI language', () => {
  let browser: Browser;
  let preview: Preview | undefined;
  let page: Page;
  let dataDir = '';

  beforeAll(async () => {
    buildForPreview();
    dataDir = mkdtempSync(join(tmpdir(), 'lf-ui-locale-'));
    const demo = cli(['demo', '--data-dir', dataDir, '--json']);
    if (demo.status !== 0) throw new Error(`ledgerflow demo failed: ${demo.stderr}`);
    preview = await startPreview(dataDir);
    // An American browser locale on purpose: native date inputs would say mm/dd/yyyy here.
    ({ browser, page } = await openBrowser({ locale: 'en-US' }));
    await page.goto(preview.url);
    await page.getByTestId('home-audit').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await stopPreview(preview);
    // The demo may have failed before the preview started.
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Opens, on Invoices, the first invoice (by number) of the selected business matching `where`. */
  const openInvoiceWhere = async (where: string) => {
    const businessId = await page.getByTestId('business-select').inputValue();
    const db = new Database(join(dataDir, 'ledgerflow.sqlite'), { readonly: true });
    const inv = db.prepare(`SELECT number FROM invoices WHERE business_id = ? AND ${where} ORDER BY number LIMIT 1`).get(businessId) as { number: string };
    db.close();
    await page.keyboard.press('Alt+7');
    await page.locator('#invoice-number').fill(inv.number);
    const grid = page.getByRole('grid');
    await expect.poll(() => grid.getAttribute('aria-rowcount'), { timeout: 10_000 }).toBe('2');
    await grid.getByRole('row').nth(1).click();
  };

  const useLanguage = async (lang: string, dir: string) => {
    await page.getByTestId('language-select').selectOption(lang);
    await page.waitForFunction((d) => document.documentElement.dir === d, dir);
  };

  for (const L of LANGS) {
    it(`shows and takes the batch shares as percentages and says limits in percent (${L.lang})`, async () => {
      await useLanguage(L.lang, L.dir);
      await page.keyboard.press('Control+g');
      await expect.poll(() => page.getByTestId('screen-generate').isVisible()).toBe(true);
      const b2b = page.locator('#batch_b2bShare');
      // The schema's defaults (0.4, 0.3, 0.03) as percentages.
      expect(await b2b.inputValue()).toBe('40');
      expect(await page.locator('#batch_interStateShare').inputValue()).toBe('30');
      expect(await page.locator('#batch_creditNoteShare').inputValue()).toBe('3');
      expect(await page.locator('#batch_b2bShare__sign').textContent()).toMatch(L.percentSign);
      await b2b.fill('140');
      await page.locator('form#batch-form button[type="submit"]').click();
      const summary = page.locator('form#batch-form [role="alert"]');
      await expect.poll(() => summary.textContent()).toMatch(L.percentLimit);
      await shot(page, `${L.lang}-generate-percent-error`);
      await b2b.fill('40');
    });

    it(`asks for dates day-month-year on Generate and says so for a day that does not exist (${L.lang})`, async () => {
      await useLanguage(L.lang, L.dir);
      await page.keyboard.press('Control+g');
      await expect.poll(() => page.getByTestId('screen-generate').isVisible()).toBe(true);
      const start = page.locator('#batch_startDate');
      expect(await start.getAttribute('type')).toBe('text');
      expect(await start.getAttribute('placeholder')).toBe(L.placeholder);
      await start.fill('31-02-2026');
      await page.locator('form#batch-form button[type="submit"]').click();
      const summary = page.locator('form#batch-form [role="alert"]');
      await expect.poll(() => summary.textContent()).toMatch(L.dateError);
      expect(await start.getAttribute('aria-invalid')).toBe('true');
      await shot(page, `${L.lang}-generate-date-error`);
      await start.fill('');
    });

    it(`filters invoices by a day-month-year range and flags unreadable text (${L.lang})`, async () => {
      await useLanguage(L.lang, L.dir);
      await page.keyboard.press('Alt+7');
      const grid = page.getByRole('grid');
      await expect.poll(() => grid.getByRole('row').count()).toBeGreaterThan(5);
      const all = Number(await grid.getAttribute('aria-rowcount'));
      const from = page.locator('#invoice-from');
      const to = page.locator('#invoice-to');
      expect(await from.getAttribute('placeholder')).toBe(L.placeholder);
      // The busiest issue day of the selected business, typed day-month-year (unpadded, with / in 'from').
      const businessId = await page.getByTestId('business-select').inputValue();
      const db = new Database(join(dataDir, 'ledgerflow.sqlite'), { readonly: true });
      const day = db.prepare('SELECT issue_date AS d, COUNT(*) AS n FROM invoices WHERE business_id = ? GROUP BY issue_date ORDER BY n DESC, d LIMIT 1').get(businessId) as { d: string; n: number };
      db.close();
      const [y, m, d] = day.d.split('-');
      await from.fill(`${Number(d)}/${Number(m)}/${y}`);
      await to.fill(`${d}-${m}-${y}`);
      await to.press('Tab');
      await expect.poll(async () => Number(await grid.getAttribute('aria-rowcount'))).toBe(day.n + 1);
      expect(await from.inputValue()).toBe(`${d}-${m}-${y}`);
      await to.fill(`31-02-${y}`);
      await to.press('Tab');
      await expect.poll(() => page.locator('#invoice-to__error').textContent()).toMatch(L.dateError);
      expect(await to.getAttribute('aria-invalid')).toBe('true');
      await shot(page, `${L.lang}-invoices-date-filter`);
      await from.fill('');
      await to.fill('');
      await to.press('Tab');
      await expect.poll(async () => Number(await grid.getAttribute('aria-rowcount'))).toBe(all);
    });
  }

  for (const L of [{ lang: 'ar', dir: 'rtl', roundOff: 'التقريب', order: 'currency digits minus' }, { lang: 'en', dir: 'ltr', roundOff: 'Round off', order: 'minus currency digits' }] as const) {
    it(`prints a negative round-off with its minus at the reading start of the number, in any surroundings (${L.lang})`, async () => {
      await useLanguage(L.lang, L.dir);
      await openInvoiceWhere('round_off_minor < 0');
      await expect.poll(() => page.getByTestId('invoice-detail').isVisible()).toBe(true);
      const dd = page.locator('dl.facts dt', { hasText: L.roundOff }).locator('xpath=following-sibling::dd[1]');
      await dd.waitFor();
      // Left-to-right order of the minus, the currency and the digits as drawn: in the detail and
      // again inside a left-to-right and a right-to-left span with words on both sides. Arabic:
      // '₹ ٠٫٢٦-' (the minus read first); English: '-₹0.26'.
      const sides = await dd.evaluate((el) => {
        const side = (host: Element) => {
          const node = [...host.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && /-/.test(n.textContent ?? '')) ?? host.firstChild;
          const text = node?.textContent ?? '';
          const rect = (i: number) => {
            const range = document.createRange();
            range.setStart(node as Node, i);
            range.setEnd(node as Node, i + 1);
            return range.getBoundingClientRect();
          };
          const marks = { minus: rect(text.indexOf('-')).left, currency: rect(text.indexOf('₹')).left, digits: rect(text.search(/[0-9\u0660-\u0669]/)).left };
          return Object.entries(marks).sort((a, b) => a[1] - b[1]).map(([name]) => name).join(' ');
        };
        const amount = el.textContent ?? '';
        const probes = ['ltr', 'rtl'].map((dir) => {
          const span = document.createElement('span');
          span.dir = dir;
          span.append('Round-off التقريب ', amount, ' INR 12');
          document.body.append(span);
          return span;
        });
        const result = [side(el), ...probes.map((span) => {
          const holder = document.createElement('span');
          holder.textContent = amount;
          span.replaceChild(holder, span.childNodes[1] as ChildNode);
          return side(holder);
        })];
        probes.forEach((span) => span.remove());
        return result;
      });
      expect(sides).toEqual([L.order, L.order, L.order]);
      await shot(page, `${L.lang}-invoice-negative-round-off`);
      await page.getByRole('button', { name: L.lang === 'ar' ? /العودة إلى القائمة/ : /Back to the list/ }).click();
      await page.locator('#invoice-number').fill('');
    });
  }

  it('names the place of supply in Devanagari in Hindi', async () => {
    await useLanguage('hi', 'ltr');
    await openInvoiceWhere("place_of_supply = '27' AND number IS NOT NULL");
    await expect.poll(() => page.getByTestId('place-of-supply-name').textContent()).toBe('महाराष्ट्र');
    await shot(page, 'hi-invoice-place-of-supply');
    await page.getByRole('button', { name: /सूची पर वापस/ }).click();
    await page.locator('#invoice-number').fill('');
  });

  it('sends ISO dates and 0..1 shares from the Generate form: a one-invoice batch dated 01-10-2026 lists under that day', async () => {
    await useLanguage('en', 'ltr');
    await page.keyboard.press('Control+g');
    await page.locator('#batch_count').fill('1');
    await page.locator('#batch_startDate').fill('1-10-2026');
    await page.locator('#batch_endDate').fill('01.10.2026');
    await page.locator('#batch_b2bShare').fill('25');
    await page.locator('#batch_interStateShare').fill('2.5');
    await page.locator('form#batch-form button[type="submit"]').click();
    await expect.poll(() => page.getByTestId('batch-report').isVisible(), { timeout: 120_000 }).toBe(true);
    expect(await page.getByTestId('batch-created').textContent()).toBe('1');
    // The engine got ISO dates: the new invoice is dated 2026-10-01.
    const businessId = await page.getByTestId('business-select').inputValue();
    const db = new Database(join(dataDir, 'ledgerflow.sqlite'), { readonly: true });
    const newest = db.prepare('SELECT issue_date AS d, generation_metadata AS meta FROM invoices WHERE business_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').get(businessId) as { d: string; meta: string };
    const sameDay = (db.prepare("SELECT COUNT(*) AS n FROM invoices WHERE business_id = ? AND issue_date = '2026-10-01'").get(businessId) as { n: number }).n;
    db.close();
    expect(newest.d).toBe('2026-10-01');
    // ... and the shares as the schema's 0..1 numbers, as the CLI writes them.
    const config = (JSON.parse(newest.meta) as { config: Record<string, unknown> }).config;
    expect(config).toMatchObject({ startDate: '2026-10-01', endDate: '2026-10-01', b2bShare: 0.25, interStateShare: 0.025, creditNoteShare: 0.03 });
    await page.keyboard.press('Alt+7');
    await page.locator('#invoice-from').fill('01-10-2026');
    await page.locator('#invoice-to').fill('01-10-2026');
    const grid = page.getByRole('grid');
    await expect.poll(() => grid.getAttribute('aria-rowcount'), { timeout: 10_000 }).toBe(String(sameDay + 1));
    expect(await grid.getByRole('row').nth(1).textContent()).toContain('1 Oct 2026');
    await page.locator('#invoice-from').fill('');
    await page.locator('#invoice-to').fill('');
  });
});
