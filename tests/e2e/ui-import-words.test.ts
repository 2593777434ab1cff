// Import in a shop owner's words, in Debian Chromium over the preview bridge, in English and
// Arabic: a dropped sheet without a required column says which field it lacks in the UI's language
// (no command-line flag such as --map) and offers to pick the column that holds it; after the pick
// the preview shows that column's values (not "—"), a one-row sheet offers "Import 1 row" (not
// "1 rows"), and the importer's notes are in the UI's language too. axe-core finds no WCAG A/AA
// violation; photographed to test-results/screenshots/import-words-*.png.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { buildForPreview, chromiumMissing, ledgerflow, startPreview, stopPreview, type Preview, SHOTS, openBrowser } from './browser-suite.js';

const missingChromium = chromiumMissing('tests/e2e/ui-import-words.test.ts', 'the import wording end-to-end tests');

async function dropText(page: Page, name: string, text: string) {
  const dataTransfer = await page.evaluateHandle(({ name, text }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], name, { type: 'text/csv' }));
    return dt;
  }, { name, text });
  const target = page.locator('main');
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}

describe.skipIf(missingChromium)('import in a shop owner\'s words', () => {
  let browser: Browser;
  let preview: Preview | undefined;
  let page: Page;
  let base = '';

  beforeAll(async () => {
    buildForPreview();
    base = mkdtempSync(join(tmpdir(), 'lf-ui-import-words-'));
    mkdirSync(join(base, 'data'));
    const file = join(base, 'business.json');
    writeFileSync(file, JSON.stringify({ name: 'Sahyadri Handloom Traders', address: 'Shop 14, Laxmi Road, Pune 411030', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', currency: 'INR', sandbox: false }));
    const added = ledgerflow(['--data-dir', join(base, 'data'), '--json', 'business', 'add', '--file', file]);
    if (added.status !== 0) throw new Error(added.stderr);
    preview = await startPreview(join(base, 'data'));
    ({ browser, page } = await openBrowser());
    await page.goto(preview.url);
    await page.getByTestId('business-select').waitFor();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopPreview(preview);
    if (base) rmSync(base, { recursive: true, force: true });
  });

  const LANGS = [
    { lang: 'en', dir: 'ltr', words: /no column for Price/, commit: 'Import 1 row', note: /\(column E\): plain numbers read as percentages \(18 = 18%\)\./ },
    { lang: 'ar', dir: 'rtl', words: /[\u0600-\u06ff]/, commit: 'استيراد صف واحد', note: /\(العمود E\): قُرئت الأرقام المجردة نسبًا مئوية/ },
  ] as const;
  for (const L of LANGS) {
    it(`names a missing column in the UI's language and lets the owner pick it (${L.lang})`, async () => {
      await page.getByTestId('language-select').selectOption(L.lang);
      await page.waitForFunction((d) => document.documentElement.dir === d, L.dir);
      await dropText(page, 'products-no-price.csv', 'SKU,Product Name,HSN,Value 2026,GST %\nSAR-1,Cotton saree,5208,1200,5\n');
      const panel = page.getByTestId('import-missing-columns');
      await panel.waitFor({ timeout: 30_000 });
      const text = (await panel.textContent()) ?? '';
      expect(text).toMatch(L.words);
      expect(text).not.toMatch(/--map|<header>|Field=/);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(results.violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(SHOTS, `import-words-missing-${L.lang}.png`), fullPage: true });

      await panel.locator('select[data-field=price]').selectOption('D');
      await page.getByTestId('mapping-table').waitFor({ timeout: 30_000 });
      const priceRow = page.getByTestId('mapping-table').locator('tr').filter({ has: page.locator('select[data-field=price]') });
      await expect.poll(() => priceRow.locator('td').last().textContent()).toContain('1200');
      await expect.poll(() => page.getByTestId('import-commit').textContent()).toContain(L.commit);
      // How the GST % column was read, said in the UI's language (a code from the importer, not its English).
      const notes = (await page.getByTestId('import-notes').textContent()) ?? '';
      expect(notes).toMatch(L.note);
      if (L.lang === 'ar') expect(notes).not.toMatch(/read as|column|\(s\)/);
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(SHOTS, `import-words-picked-${L.lang}.png`), fullPage: true });
    }, 120_000);
  }
});
