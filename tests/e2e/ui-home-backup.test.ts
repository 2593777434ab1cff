// Home makes a backup (it said "Last backup: none" with no way to make one), the Invoices
// screen filters by customer with one box (it had two), Settings ask the import limit in MB (not
// "(bytes) 5242880"), and a Bahrain customer's country is named
// in the UI language (not "BH" under "State"), in Debian Chromium over the preview.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildForPreview, chromiumMissing, ledgerflow as cli, openBrowser, startPreview, stopPreview, type Preview } from './browser-suite.js';

const missingChromium = chromiumMissing('tests/e2e/ui-home-backup.test.ts', 'the Home backup end-to-end test');

describe.skipIf(missingChromium)('Home and Invoices for a shop owner', () => {
  let browser: Browser;
  let preview: Preview | undefined;
  let page: Page;
  let dataDir = '';

  beforeAll(async () => {
    buildForPreview();
    dataDir = mkdtempSync(join(tmpdir(), 'lf-ui-home-'));
    const business = join(dataDir, 'business.json');
    writeFileSync(business, JSON.stringify({ name: 'Counter Shop', address: 'Pune', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', currency: 'INR' }));
    expect(cli(['--data-dir', dataDir, 'business', 'add', '--file', business]).status).toBe(0);
    preview = await startPreview(dataDir);
    ({ browser, page } = await openBrowser());
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopPreview(preview);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('backs up from Home and then names the backup; Invoices has one customer filter', async () => {
    await page.goto(preview!.url);
    const last = page.getByTestId('home-last-backup');
    await expect.poll(() => last.textContent()).toMatch(/No backup yet/);
    await last.getByRole('button', { name: 'Back up now' }).click();
    await expect.poll(() => last.locator('time').count(), { timeout: 60_000 }).toBe(1);
    const files = (readdirSync(dataDir, { recursive: true }) as string[]).filter((n) => n.endsWith('.tar.gz'));
    expect(files).toHaveLength(1);
    await page.keyboard.press('Alt+7');
    const screen = page.getByTestId('screen-invoices');
    await screen.waitFor();
    expect(await screen.getByLabel('Customer', { exact: true }).count()).toBe(1);
    // Settings ask the import limit in MB, not as a count of bytes; a choice is saved.
    await page.keyboard.press('Control+,');
    const limit = page.locator('#settings_importMaxBytes');
    await limit.waitFor();
    expect(await limit.locator('option:checked').textContent()).toBe('5 MB');
    expect(await page.getByTestId('screen-settings').textContent()).not.toMatch(/5242880|bytes/);
    await limit.selectOption({ label: '10 MB' });
    await page.waitForTimeout(1000);
    await page.reload();
    await page.getByTestId('home-last-backup').waitFor();
    await page.keyboard.press('Control+,');
    await expect.poll(() => page.locator('#settings_importMaxBytes option:checked').textContent()).toBe('10 MB');
  }, 120_000);

  it('names a customer\'s country in Arabic; a Bahrain business is not asked GST or Indian bank fields', async () => {
    const business = join(dataDir, 'bh.json');
    writeFileSync(business, JSON.stringify({ name: 'Pearl Gulf Trading W.L.L.', address: 'Manama', countryCode: 'BH', taxRegime: 'vat-bh', currency: 'BHD' }));
    const added = cli(['--data-dir', dataDir, '--json', 'business', 'add', '--file', business]);
    expect(added.status, added.stderr).toBe(0);
    const businessId = (JSON.parse(added.stdout) as { id: string }).id;
    const customer = join(dataDir, 'customer.json');
    writeFileSync(customer, JSON.stringify({ name: 'Al Noor Catering Co.', address: 'Muharraq' }));
    expect(cli(['--data-dir', dataDir, 'customer', 'add', '--business', businessId, '--file', customer]).status).toBe(0);
    await page.reload();
    await page.getByTestId('business-select').selectOption(businessId);
    await page.getByTestId('language-select').selectOption('ar');
    await page.keyboard.press('Alt+3');
    const row = page.getByRole('grid').getByRole('row').nth(1);
    await expect.poll(() => row.textContent()).toContain('البحرين');
    expect(await row.textContent()).not.toMatch(/\bBH\b/);
    // Its business form asks no GST state code and no IFSC (Indian bank code), but an IBAN.
    await page.keyboard.press('Alt+2');
    await page.getByTestId('screen-businesses').getByRole('button').first().click();
    const form = page.getByTestId('form-business-edit');
    await form.waitFor();
    expect(await form.locator('[name=stateCode], [name=ifsc]').count()).toBe(0);
    expect(await form.locator('[name=iban]').count()).toBe(1);
  }, 120_000);
});
