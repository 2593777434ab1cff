// A shop's day by hand, in Debian Chromium over the preview bridge, in English and in Arabic:
// add a product and a customer in their forms, write an invoice of three lines with the keyboard
// only, issue it and see its PDF, correct the customer's address, write a second invoice that
// prints the new address; on the way, a broken invoice template is refused in the PDF card with its
// errors by line and column, the example one used and the built-in one restored. axe-core finds no
// WCAG A/AA violation on the new screens; each is photographed to test-results/screenshots/ (hand-*.png).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { buildForPreview, chromiumMissing, ledgerflow as cli, startPreview, stopPreview, type Preview, noViolations, SHOTS, openBrowser } from './browser-suite.js';

const missingChromium = chromiumMissing('tests/e2e/ui-hand-entry.test.ts', 'the hand-entry end-to-end tests');

async function shot(page: Page, name: string) {
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(SHOTS, `hand-${name}.png`), fullPage: true });
}


describe.skipIf(missingChromium)('a day at the counter, by hand', () => {
  let browser: Browser;
  let preview: Preview | undefined;
  let page: Page;
  let dataDir = '';

  beforeAll(async () => {
    buildForPreview();
    dataDir = mkdtempSync(join(tmpdir(), 'lf-ui-hand-'));
    preview = await startPreview(dataDir);
    ({ browser, page } = await openBrowser());
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopPreview(preview);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const query = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = new Database(join(dataDir, 'ledgerflow.sqlite'), { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };

  for (const L of [{ lang: 'en', dir: 'ltr', shop: 'Counter Shop Pune' }, { lang: 'ar', dir: 'rtl', shop: 'Counter Shop Nashik Pvt. Ltd.' }] as const) {
    it(`adds a product and a customer, writes and issues invoices by keyboard, corrects an address (${L.lang})`, async () => {
      const file = join(dataDir, `${L.lang}-business.json`);
      (await import('node:fs')).writeFileSync(file, JSON.stringify({ name: L.shop, address: 'Shop 1, Main Road', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', currency: 'INR' }));
      const added = cli(['--data-dir', dataDir, '--json', 'business', 'add', '--file', file]);
      expect(added.status, added.stderr).toBe(0);
      const businessId = (JSON.parse(added.stdout) as { id: string }).id;
      await page.goto(preview!.url);
      // The same URL again changes only the fragment: reload so the new business is listed.
      await page.reload();
      await page.getByTestId('business-select').waitFor();
      await page.getByTestId('business-select').selectOption(businessId);
      await page.getByTestId('language-select').selectOption(L.lang);
      await page.waitForFunction((d) => document.documentElement.dir === d, L.dir);

      // A product, by hand: first with a wrong HSN and rate (both said at once, under their fields).
      await page.keyboard.press('Alt+4');
      await page.getByTestId('screen-products').getByRole('button').first().click();
      const productForm = page.getByTestId('form-product');
      await productForm.locator('[name=name]').fill('Cotton saree');
      await productForm.locator('[name=sku]').fill('SAR-1');
      await productForm.locator('[name=hsn]').fill('5');
      await productForm.locator('[name=price]').fill('1200');
      await productForm.locator('[name=taxRate]').fill('7');
      await productForm.locator('[type=submit]').click();
      await expect.poll(() => productForm.locator('.field-error').count()).toBe(2);
      // Each message in the UI language, not the backend's English.
      const messages = await productForm.locator('.field-error').allTextContents();
      for (const m of messages) {
        expect(m).not.toMatch(/is not a gst-in rate|\$\.|Not accepted/);
        if (L.lang === 'ar') expect(m).toMatch(/[\u0600-\u06ff]/);
      }
      if (L.lang === 'en') expect(messages.join(' ')).toMatch(/not a rate of this tax regime/);
      await shot(page, `product-errors-${L.lang}`);
      await productForm.locator('[name=hsn]').fill('5208');
      await productForm.locator('[name=taxRate]').fill('5');
      await productForm.locator('[type=submit]').click();
      await expect.poll(() => query('SELECT COUNT(*) AS n FROM products WHERE business_id = ?', businessId)).toEqual([{ n: 1 }]);

      // A customer, by hand.
      await page.keyboard.press('Alt+3');
      await page.getByTestId('screen-customers').getByRole('button').first().click();
      const customerForm = page.getByTestId('form-customer');
      await customerForm.locator('[name=name]').fill('Kaveri Textiles');
      await customerForm.locator('[name=taxId]').fill('29AAACR5055K1Z3');
      await customerForm.locator('[name=address]').fill('4 Residency Road, Bengaluru');
      await noViolations(page, `customer form (${L.lang})`);
      await shot(page, `customer-form-${L.lang}`);
      await customerForm.locator('[type=submit]').click();
      await expect.poll(() => query('SELECT COUNT(*) AS n FROM customers WHERE business_id = ?', businessId)).toEqual([{ n: 1 }]);

      // The invoice, keyboard only: customer, two catalogue lines and one typed line.
      await page.keyboard.press('Control+n');
      await page.getByTestId('invoice-editor').waitFor();
      // A name typed reads in its own direction (in Arabic, "Co." keeps its full stop at the end),
      // and the business menu isolates each name the same way.
      expect(await page.locator('#inv-customer').evaluate((el) => getComputedStyle(el).unicodeBidi)).toBe('plaintext');
      expect(await page.getByTestId('business-select').locator(`option[value="${businessId}"]`).textContent()).toContain(`\u2068${L.shop}\u2069`);
      // The screen's heading takes focus after navigation; the customer is the first field.
      await page.locator('#inv-customer').focus();
      await page.keyboard.type('Kaveri Textiles');
      await page.locator('[data-testid=line-0] input').first().focus();
      await page.keyboard.type('SAR-1');
      for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
      await page.keyboard.press('Control+a');
      await page.keyboard.type('2');
      await page.keyboard.press('Alt+l');
      await page.keyboard.type('SAR-1');
      await page.keyboard.press('Alt+l');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Stitching');
      await page.keyboard.press('Tab');
      await page.keyboard.type('998821');
      await page.keyboard.press('Tab');
      await page.keyboard.type('18');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.type('hr');
      await page.keyboard.press('Tab');
      await page.keyboard.type('250');
      await page.keyboard.press('Tab');
      await page.keyboard.type('50');
      await shot(page, `invoice-typed-${L.lang}`);
      // Every value landed in its own field of the third line (none one field off).
      expect(await page.locator('[data-testid=line-2] input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)))
        .toEqual(['', 'Stitching', '998821', '18', '1', 'hr', '250', '50']);
      // 3 saris at 1,200 + 5% IGST = 3,780; stitching 250 less 50 discount = 200 + 18% = 236: 4,016.
      await expect.poll(() => page.getByTestId('grand-total').textContent(), { timeout: 10_000 }).toMatch(/4,016|٤٬?٠١٦/);
      await expect.poll(() => page.getByTestId('place-of-supply').textContent()).toMatch(/Karnataka/);
      await noViolations(page, `invoice editor (${L.lang})`);
      await shot(page, `invoice-editor-${L.lang}`);
      await page.keyboard.press('Control+Enter');
      await page.getByTestId('confirm-issue').waitFor();
      await page.keyboard.press('Enter');
      await page.getByTestId('invoice-issued').waitFor({ timeout: 60_000 });
      await page.getByTestId('pdf-preview').waitFor({ timeout: 30_000 });
      await shot(page, `invoice-issued-${L.lang}`);
      // Save PDF gives the file named after the number; Print is beside it.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pdf-save').click()]);
      expect(download.suggestedFilename()).toMatch(/^INV-\d{4}-00001\.pdf$/);
      expect((await import('node:fs')).readFileSync(await download.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(await page.getByTestId('pdf-print').isVisible()).toBe(true);
      const first = query<{ number: string; lines: number; address: string }>(
        `SELECT number, (SELECT COUNT(*) FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines, json_extract(customer_snapshot, '$.address') AS address FROM invoices i WHERE business_id = ? AND status = 'issued'`, businessId);
      expect(first).toEqual([{ number: expect.stringMatching(/^INV\/\d{4}\/00001$/), lines: 3, address: '4 Residency Road, Bengaluru' }]);
      expect(query(`SELECT unit, discount_minor FROM invoice_lines WHERE invoice_id = (SELECT id FROM invoices WHERE business_id = ? AND status = 'issued') AND position = 3`, businessId))
        .toEqual([{ unit: 'hr', discount_minor: 5000 }]);

      // The customer's address corrected, then a second invoice prints the new one.
      await page.keyboard.press('Alt+3');
      const grid = page.getByRole('grid');
      await grid.getByRole('row').nth(1).click();
      await page.getByTestId('form-customer').locator('[name=address]').fill('9 Brigade Road, Bengaluru');
      await page.getByTestId('form-customer').locator('[type=submit]').click();
      await expect.poll(() => query('SELECT address FROM customers WHERE business_id = ?', businessId)).toEqual([{ address: '9 Brigade Road, Bengaluru' }]);
      await page.keyboard.press('Control+n');
      await page.getByTestId('invoice-editor').waitFor();
      // The screen's heading takes focus after navigation; the customer is the first field.
      await page.locator('#inv-customer').focus();
      await page.keyboard.type('Kaveri Textiles');
      await page.locator('[data-testid=line-0] input').first().focus();
      await page.keyboard.type('SAR-1');
      await expect.poll(() => page.getByTestId('grand-total').isVisible(), { timeout: 10_000 }).toBe(true);
      // Saved as a draft (no number), left, found again in the draft list, opened and issued.
      await page.keyboard.press('Control+s');
      await expect.poll(() => query(`SELECT number FROM invoices WHERE business_id = ? AND status = 'draft'`, businessId)).toEqual([{ number: null }]);
      await page.keyboard.press('Alt+1');
      await page.keyboard.press('Control+n');
      await page.getByTestId('draft-list').getByRole('listitem').waitFor();
      await shot(page, `drafts-${L.lang}`);
      await page.getByTestId('draft-list').getByRole('button').first().click();
      await page.getByTestId('editing-draft').waitFor();
      await expect.poll(() => page.locator('[data-testid=line-0] input').first().inputValue()).toBe('SAR-1');
      await expect.poll(() => page.getByTestId('grand-total').isVisible(), { timeout: 10_000 }).toBe(true);
      await page.keyboard.press('Control+Enter');
      await page.getByTestId('confirm-issue').waitFor();
      await page.keyboard.press('Enter');
      await page.getByTestId('invoice-issued').waitFor({ timeout: 60_000 });
      expect(query(`SELECT COUNT(*) AS n FROM invoices WHERE business_id = ? AND status = 'draft'`, businessId)).toEqual([{ n: 0 }]);
      // A draft deleted after a confirmation; its cancel keeps it.
      await page.getByTestId('invoice-issued').locator('button.primary').click();
      await page.locator('#inv-customer').fill('Walk-in');
      await page.locator('[data-testid=line-0] input').nth(1).fill('Alteration');
      await page.locator('[data-testid=line-0] input').nth(6).fill('100');
      await page.locator('[data-testid=line-0] input').nth(2).fill('998821');
      await page.locator('[data-testid=line-0] input').nth(3).fill('5');
      await page.keyboard.press('Control+s');
      await expect.poll(() => query(`SELECT COUNT(*) AS n FROM invoices WHERE business_id = ? AND status = 'draft'`, businessId)).toEqual([{ n: 1 }]);
      const draftList = page.getByTestId('draft-list');
      await draftList.getByRole('listitem').locator('button.danger').first().click();
      await page.getByTestId('confirm-delete-draft').waitFor();
      await shot(page, `delete-draft-${L.lang}`);
      await page.keyboard.press('Escape');
      expect(query(`SELECT COUNT(*) AS n FROM invoices WHERE business_id = ? AND status = 'draft'`, businessId)).toEqual([{ n: 1 }]);
      await draftList.getByRole('listitem').locator('button.danger').first().click();
      await page.getByTestId('confirm-delete-draft').click();
      await expect.poll(() => query(`SELECT COUNT(*) AS n FROM invoices WHERE business_id = ? AND status = 'draft'`, businessId)).toEqual([{ n: 0 }]);
      const both = query<{ number: string; address: string }>(`SELECT number, json_extract(customer_snapshot, '$.address') AS address FROM invoices WHERE business_id = ? AND status = 'issued' ORDER BY number`, businessId);
      expect(both.map((r) => r.address)).toEqual(['4 Residency Road, Bengaluru', '9 Brigade Road, Bengaluru']);

      // The business edit form.
      await page.keyboard.press('Alt+2');
      await page.getByTestId('screen-businesses').getByRole('button').first().click();
      await page.getByTestId('form-business-edit').waitFor();
      await noViolations(page, `business edit (${L.lang})`);
      await shot(page, `business-edit-${L.lang}`);
      // Its tax settings after creation, each choice in words (not "up-to-5-crore"), saved.
      const settings = page.getByTestId('business-settings');
      const turnover = settings.locator('select[id$="aggregateTurnover"]');
      const choices = await turnover.locator('option').allTextContents();
      expect(choices).toHaveLength(2);
      for (const stored of ['up-to-5-crore', 'above-5-crore']) expect(choices).not.toContain(stored);
      if (L.lang === 'ar') expect(choices.join(' ')).toMatch(/[\u0600-\u06ff]/);
      await turnover.selectOption({ index: choices.length - 1 });
      await settings.locator('[type=submit]').click();
      await expect.poll(() => query(`SELECT json_extract(tax_settings, '$.aggregateTurnover') AS t FROM businesses WHERE id = ?`, businessId)).toEqual([{ t: 'above-5-crore' }]);
      // The list names the business; a Latin name ending in "." keeps the full stop at its end in Arabic.
      const nameCell = page.getByTestId('business-table').locator('td', { hasText: L.shop }).first();
      const dotAtEnd = await nameCell.evaluate((td, name) => {
        const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const at = (n.textContent ?? '').indexOf(name);
          if (at < 0) continue;
          const left = (from: number) => {
            const range = document.createRange();
            range.setStart(n!, from);
            range.setEnd(n!, from + 1);
            return range.getBoundingClientRect().left;
          };
          return left(at + name.length - 1) > left(at);
        }
        return false;
      }, L.shop);
      expect(dotAtEnd).toBe(true);

      // Back to the business's edit screen.
      await page.getByTestId('screen-businesses').getByRole('button').first().click();
      // The PDF choices beside the series: PDF/A-2b and tables tagged for screen readers on by default,
      // each box applied at once (stored and audited), its label and explanation in the UI language.
      const pdf = page.getByTestId('pdf-settings');
      await expect.poll(() => pdf.getByTestId('pdf-pdfA').isChecked()).toBe(true);
      expect(await pdf.getByTestId('pdf-tableTags').isChecked()).toBe(true);
      if (L.lang === 'ar') expect(await pdf.textContent()).toMatch(/قارئات الشاشة/);
      await noViolations(page, `pdf settings (${L.lang})`);
      await pdf.getByTestId('pdf-tableTags').click();
      await expect.poll(() => query(`SELECT pdf_a, table_tags FROM business_pdf_settings WHERE business_id = ?`, businessId)).toEqual([{ pdf_a: 1, table_tags: 0 }]);
      await expect.poll(() => pdf.getByTestId('pdf-tableTags').isChecked()).toBe(false);
      expect(query(`SELECT actor, details FROM audit_log WHERE business_id = ? AND action = 'pdf.tabletags.set'`, businessId)).toEqual([{ actor: 'ui', details: JSON.stringify({ tableTags: false }) }]);
      // The business's own template from the same card: a broken .typ is refused with its errors by
      // line and column in the UI language (Typst's own message in English), spoken, and nothing
      // changes; the documented example is checked on sample invoices and used; the built-in
      // template comes back with one button (the invoices below print with it).
      const current = pdf.getByTestId('pdf-template-current');
      expect(await current.textContent()).toMatch(L.lang === 'ar' ? /القالب المدمج/ : /the built-in template/);
      const templateInput = pdf.getByTestId('pdf-template').locator('input[type=file]');
      expect(await templateInput.getAttribute('accept')).toBe('.typ');
      await templateInput.setInputFiles({ name: 'invoice.typ', mimeType: 'text/plain', buffer: Buffer.from('#let data = json(bytes(sys.inputs.data))\n\nTotal: #data.document.totals.grandTotal.amount\n') });
      const errors = pdf.getByTestId('pdf-template-errors');
      await errors.waitFor();
      const errorText = (await errors.textContent()) ?? '';
      if (L.lang === 'ar') expect(errorText).toMatch(/لم يُقبل[\s\S]*invoice\.typ[\s\S]*السطر [3٣]، العمود [0-9٠-٩]+:/);
      else expect(errorText).toMatch(/was not accepted[\s\S]*invoice\.typ\u2069?: line 3, column \d+:/);
      expect(await errors.locator('li bdi[lang=en]').first().textContent()).toMatch(/string|field|amount/);
      await expect.poll(() => page.getByTestId('live-assertive').textContent()).toMatch(L.lang === 'ar' ? /لم يُقبل/ : /was not accepted/);
      expect(query(`SELECT template_path FROM business_pdf_settings WHERE business_id = ?`, businessId)).toEqual([{ template_path: null }]);
      expect(await pdf.getByTestId('pdf-template-reset').count()).toBe(0);
      await noViolations(page, `pdf template errors (${L.lang})`);
      await page.waitForTimeout(200);
      await pdf.screenshot({ path: join(SHOTS, `hand-pdf-template-errors-${L.lang}.png`) });
      await templateInput.setInputFiles(join(import.meta.dirname, '..', '..', 'resources', 'templates', 'example', 'invoice.typ'));
      await expect.poll(() => current.textContent(), { timeout: 60_000 }).toMatch(/invoice\.typ/);
      expect(await errors.count()).toBe(0);
      await expect.poll(() => page.getByTestId('live-polite').textContent()).toMatch(L.lang === 'ar' ? /تتم الطباعة الآن/ : /Now printing with .*invoice\.typ.* \(\d+ sample invoices rendered and verified\)/);
      expect(await pdf.getByTestId('pdf-template-accepted').textContent()).toMatch(L.lang === 'ar' ? /تتم الطباعة الآن بـ .*invoice\.typ/ : /Now printing with .*invoice\.typ.* \(\d+ sample invoices rendered and verified\)/);
      expect(query<{ template_path: string | null }>(`SELECT template_path FROM business_pdf_settings WHERE business_id = ?`, businessId)[0]?.template_path).toMatch(/invoice\.typ$/);
      await noViolations(page, `pdf template in use (${L.lang})`);
      await pdf.screenshot({ path: join(SHOTS, `hand-pdf-template-used-${L.lang}.png`) });
      await pdf.getByTestId('pdf-template-reset').click();
      await expect.poll(() => current.textContent()).toMatch(L.lang === 'ar' ? /القالب المدمج/ : /the built-in template/);
      expect(query(`SELECT template_path FROM business_pdf_settings WHERE business_id = ?`, businessId)).toEqual([{ template_path: null }]);
      expect(query(`SELECT actor FROM audit_log WHERE business_id = ? AND action IN ('pdf.template.set', 'pdf.template.reset') ORDER BY seq`, businessId)).toEqual([{ actor: 'ui' }, { actor: 'ui' }]);
      // A series for a second counter: a pattern GST forbids is refused under its field; a good one
      // is listed with its next number, offered in the editor, and numbers the invoice issued from it.
      const seriesForm = page.getByTestId('form-series');
      await seriesForm.locator('[name=code]').fill('SHOP1');
      await seriesForm.locator('[name=format]').fill('SHOP_1-{SEQ}');
      await seriesForm.locator('[type=submit]').click();
      await expect.poll(() => seriesForm.locator('.field-error').count()).toBe(1);
      await noViolations(page, `series (${L.lang})`);
      await shot(page, `series-error-${L.lang}`);
      await seriesForm.locator('[name=format]').fill('SHOP1-{SEQ}');
      await seriesForm.locator('[type=submit]').click();
      await expect.poll(() => page.getByTestId('series-table').textContent()).toContain('SHOP1-1');
      // A second counter whose numbers meet SHOP1's (SHOP1-100 from both) is refused under its field, in the UI language.
      await seriesForm.locator('[name=code]').fill('SHOP1B');
      await seriesForm.locator('[name=format]').fill('SHOP1-{SEQ:3}');
      await seriesForm.locator('[type=submit]').click();
      await expect.poll(() => seriesForm.locator('.field-error').count()).toBe(1);
      const overlap = await seriesForm.locator('.field-error').textContent();
      expect(overlap).toContain('SHOP1-100');
      expect(overlap).not.toMatch(/which series|must be unique in a fiscal year$|Not accepted|\$\./);
      if (L.lang === 'ar') expect(overlap).toMatch(/[\u0600-\u06ff]/);
      expect(query(`SELECT COUNT(*) AS n FROM series WHERE business_id = ? AND code = 'SHOP1B'`, businessId)).toEqual([{ n: 0 }]);
      await seriesForm.locator('[name=code]').fill('');
      await seriesForm.locator('[name=format]').fill('');
      await page.keyboard.press('Control+n');
      await page.getByTestId('invoice-editor').waitFor();
      await page.locator('#inv-series').selectOption('SHOP1');
      await page.locator('#inv-customer').fill('Kaveri Textiles');
      // Above ₹5 crore (chosen above) asks 6-digit codes: a typed service line with its SAC.
      await page.locator('[data-testid=line-0] input').nth(1).fill('Stitching');
      await page.locator('[data-testid=line-0] input').nth(2).fill('998821');
      await page.locator('[data-testid=line-0] input').nth(3).fill('18');
      await page.locator('[data-testid=line-0] input').nth(6).fill('300');
      await shot(page, `series-invoice-${L.lang}`);
      await expect.poll(() => page.getByTestId('grand-total').isVisible(), { timeout: 10_000 }).toBe(true);
      await page.keyboard.press('Control+Enter');
      await page.getByTestId('confirm-issue').waitFor();
      await page.keyboard.press('Enter');
      await page.getByTestId('invoice-issued').waitFor({ timeout: 60_000 });
      expect(query(`SELECT number FROM invoices WHERE business_id = ? AND status = 'issued' AND number LIKE 'SHOP1-%'`, businessId)).toEqual([{ number: 'SHOP1-1' }]);

      // The customer list names the state (not "29"); the audit log says what happened in words.
      await page.keyboard.press('Alt+3');
      await expect.poll(() => page.getByRole('grid').getByRole('row').nth(1).textContent()).toMatch(/Karnataka/);
      await page.keyboard.press('Alt+9');
      await expect.poll(() => page.getByTestId('screen-audit').textContent()).not.toMatch(/invoice\.issue|customers?\.update/);
      await shot(page, `audit-${L.lang}`);

      // Alt+5 opens Import, Ctrl+G Generate; Home has one "new invoice" button, which opens the editor.
      await page.keyboard.press('Alt+5');
      await page.getByTestId('screen-import').waitFor();
      await page.keyboard.press('Control+g');
      await page.getByTestId('screen-generate').waitFor();
      await page.keyboard.press('Alt+1');
      await page.getByTestId('home-new-invoice').click();
      await page.getByTestId('invoice-editor').waitFor();

      // A new business: the state follows a valid GSTIN, SPECIMEN is not offered for a real one,
      // the fiscal year and number format show their defaults, a missing address is said at once.
      await page.keyboard.press('Control+Shift+B');
      const form = page.locator('#business-form');
      await form.waitFor();
      await form.locator('[id$="_taxId"]').fill('29AAACR5055K1Z3');
      await expect.poll(() => form.locator('[id$="_stateCode"]').inputValue()).toBe('29');
      expect(await form.locator('[id$="_specimenMark"]:visible').count()).toBe(0);
      expect(await form.locator('[id$="_fiscalYearStartMonth"]').inputValue()).not.toBe('');
      expect(await form.locator('[id$="_invoiceSeriesFormat"]').inputValue()).toBe('INV/{FYS}/{SEQ:5}');
      await form.locator('[type=submit]').click();
      await expect.poll(() => form.locator('.alert.error').textContent()).toMatch(L.lang === 'ar' ? /[\u0600-\u06ff]/ : /Problems to correct/);
      expect(await form.locator('.alert.error').textContent()).not.toMatch(/\$\.|problem\(s\)/);
      await shot(page, `business-new-${L.lang}`);

      // Archived after a confirmation (cancelled first): it leaves the business menu; its invoices stay.
      await page.keyboard.press('Alt+2');
      await page.getByTestId('screen-businesses').getByRole('button').first().click();
      await page.getByTestId('archive-business').click();
      await page.getByTestId('confirm-archive-business').waitFor();
      await shot(page, `archive-${L.lang}`);
      await page.keyboard.press('Escape');
      expect(query('SELECT archived_at FROM businesses WHERE id = ?', businessId)).toEqual([{ archived_at: null }]);
      await page.getByTestId('archive-business').click();
      await page.getByTestId('confirm-archive-business').click();
      await expect.poll(() => page.getByTestId('business-select').locator(`option[value="${businessId}"]`).count()).toBe(0);
      expect(query(`SELECT archived_at IS NOT NULL AS archived, (SELECT COUNT(*) FROM invoices WHERE business_id = ? AND status = 'issued') AS issued FROM businesses WHERE id = ?`, businessId, businessId))
        .toEqual([{ archived: 1, issued: 3 }]);
      await page.keyboard.press('Alt+1');
    }, 600_000);
  }

  it('creates a customer from the invoice form and issues to it, with the place of supply overridden to the delivery state', async () => {
    const file = join(dataDir, 'inline-business.json');
    (await import('node:fs')).writeFileSync(file, JSON.stringify({ name: 'Inline Counter Pune', address: 'Shop 2, Laxmi Road', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', currency: 'INR' }));
    const added = cli(['--data-dir', dataDir, '--json', 'business', 'add', '--file', file]);
    expect(added.status, added.stderr).toBe(0);
    const businessId = (JSON.parse(added.stdout) as { id: string }).id;
    const product = join(dataDir, 'inline-product.json');
    (await import('node:fs')).writeFileSync(product, JSON.stringify({ sku: 'SAR-9', name: 'Silk saree', hsn: '5007', price: '2000', taxRate: '5', unit: 'pcs' }));
    const productAdded = cli(['--data-dir', dataDir, 'product', 'add', '--business', businessId, '--file', product]);
    expect(productAdded.status, productAdded.stderr).toBe(0);
    await page.goto(preview!.url);
    await page.reload();
    await page.getByTestId('business-select').waitFor();
    await page.getByTestId('business-select').selectOption(businessId);
    await page.getByTestId('language-select').selectOption('en');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');

    await page.keyboard.press('Control+n');
    await page.getByTestId('invoice-editor').waitFor();
    // A name the business does not know asks for the new customer's tax id, state and address.
    await page.locator('#inv-customer').fill('Meera Silk House');
    await page.locator('#inv-customerTaxId').fill('29AAACR5055K1Z3');
    // The state left empty shows the one the GSTIN names, which is what will be stored.
    expect(await page.locator('#inv-customerState').getAttribute('placeholder')).toBe('Karnataka');
    await page.locator('#inv-customerAddress').fill('12 Chickpet, Bengaluru');
    await page.locator('[data-testid=line-0] input').first().fill('SAR-9');
    // From the GSTIN: Karnataka, inter-state (IGST).
    await expect.poll(() => page.getByTestId('place-of-supply').textContent(), { timeout: 10_000 }).toMatch(/Karnataka/);
    // Handed over at the Pune shop: Maharashtra, intra-state.
    await page.locator('#inv-placeOfSupply').selectOption('27');
    await expect.poll(() => page.getByTestId('place-of-supply').textContent(), { timeout: 10_000 }).toMatch(/Maharashtra/);
    await expect.poll(() => page.getByTestId('grand-total').textContent(), { timeout: 10_000 }).toMatch(/2,100/);
    await noViolations(page, 'invoice editor, new customer');
    await shot(page, 'inline-customer');
    expect(query('SELECT COUNT(*) AS n FROM customers WHERE business_id = ?', businessId)).toEqual([{ n: 0 }]);
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('confirm-issue').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('invoice-issued').waitFor({ timeout: 60_000 });
    // The customer is created in the issuing transaction, and the invoice points at it.
    expect(query('SELECT name, tax_id, state_code, address FROM customers WHERE business_id = ?', businessId))
      .toEqual([{ name: 'Meera Silk House', tax_id: '29AAACR5055K1Z3', state_code: '29', address: '12 Chickpet, Bengaluru' }]);
    const issued = query<{ id: string; place: string; linked: number }>(
      `SELECT id, place_of_supply AS place, customer_id = (SELECT id FROM customers WHERE business_id = i.business_id) AS linked FROM invoices i WHERE business_id = ? AND status = 'issued'`, businessId);
    expect(issued).toEqual([{ id: expect.any(String), place: '27', linked: 1 }]);
    const components = query<{ components: string }>('SELECT components FROM invoice_lines WHERE invoice_id = ?', issued[0]!.id)
      .flatMap((l) => (JSON.parse(l.components) as Array<{ name: string }>).map((c) => c.name));
    expect(components.sort()).toEqual(['CGST', 'SGST']);
    // Picked again by name, it is a known customer: no new-customer fields.
    await page.getByTestId('invoice-issued').locator('button.primary').click();
    await page.locator('#inv-customer').fill('Meera Silk House');
    await expect.poll(() => page.locator('#inv-customerTaxId').count()).toBe(0);
  }, 180_000);

  it('draws Hindi with the bundled Devanagari font (no boxes on a machine without one)', async () => {
    await page.getByTestId('language-select').selectOption('hi');
    await page.waitForFunction(() => document.documentElement.lang === 'hi');
    const loaded = await page.evaluate(async () => (await document.fonts.load('16px "LedgerFlow Devanagari"', 'नया बीजक')).length);
    expect(loaded).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.fonts.check('16px "LedgerFlow Devanagari"', 'नया बीजक'))).toBe(true);
    await shot(page, 'home-hi');
    await page.getByTestId('language-select').selectOption('ar');
    expect(await page.evaluate(async () => (await document.fonts.load('16px "LedgerFlow Arabic"', 'فاتورة')).length)).toBeGreaterThan(0);
  }, 120_000);
});
