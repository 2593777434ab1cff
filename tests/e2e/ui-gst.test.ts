// The GST workspace in Debian Chromium over the preview bridge: a seeded October (B2B invoices
// ready for the IRP, one whose customer address has no PIN code, B2C sales, a voided invoice),
// opened by keyboard. Its section counts and totals equal `ledgerflow gst gstr1 --json`, the
// register check says equal, the blocked invoice names what it lacks; both files are exported
// (the e-invoice JSON validates against tests/fixtures/gst/einvoice-1.1.schema.json) and a
// hand-made IRP response is brought back (one attached, one refused). A Bahrain business is told
// why there is nothing to file. axe-core finds no WCAG A/AA violation; screenshots in en and ar go
// to test-results/screenshots/gst-*.png.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { compile } from '../../src-shared/schemas/validate.js';
import { buildForPreview, chromiumMissing, ledgerflow, ROOT, startPreview, stopPreview, type Preview, noViolations, SHOTS, openBrowser } from './browser-suite.js';

const missingChromium = chromiumMissing('tests/e2e/ui-gst.test.ts', 'the GST workspace end-to-end tests');

/** The app scrolls inside its main pane: a tall viewport shows the whole screen in one picture. */
async function shot(page: Page, name: string) {
  await page.setViewportSize({ width: 1366, height: 2400 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(SHOTS, `gst-${name}.png`), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });
}


interface Summary {
  sections: Array<{ section: string; documents: number; taxable: string; igst: string; cgst: string; sgst: string; cess: string }>;
  totals: { documents: number; voided: number; tax: string; invoiceValue: string };
}

describe.skipIf(missingChromium)('the GST workspace', () => {
  let browser: Browser;
  let preview: Preview | undefined;
  let page: Page;
  let dataDir = '';
  let inputs = '';
  let businessId = '';
  let bahrainId = '';

  const cli = (...args: string[]) => {
    const run = ledgerflow(['--data-dir', dataDir, ...args]);
    expect(run.status, run.stderr + run.stdout).toBe(0);
    return run.stdout;
  };

  beforeAll(async () => {
    buildForPreview();
    dataDir = mkdtempSync(join(tmpdir(), 'lf-ui-gst-'));
    inputs = mkdtempSync(join(tmpdir(), 'lf-ui-gst-in-'));
    writeFileSync(join(inputs, 'business.json'), JSON.stringify({
      name: 'Sahyadri Handloom Traders', address: 'Shop 14, Laxmi Road', city: 'Pune', postalCode: '411030', countryCode: 'IN', stateCode: '27', taxRegime: 'gst-in',
      taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: true,
    }));
    businessId = (JSON.parse(cli('--json', 'business', 'add', '--file', join(inputs, 'business.json'))) as { id: string }).id;
    writeFileSync(join(inputs, 'bahrain.json'), JSON.stringify({ name: 'Manama Trading WLL', address: 'Road 1, Manama', countryCode: 'BH', taxRegime: 'vat-bh', currency: 'BHD' }));
    bahrainId = (JSON.parse(cli('--json', 'business', 'add', '--file', join(inputs, 'bahrain.json'))) as { id: string }).id;
    writeFileSync(join(inputs, 'products.csv'), 'SKU,Product Name,HSN,Base Price,GST %,Unit\nSAR-1,Paithani silk saree,5007,18500,5,PCS\nTOT-1,Jute tote bag,4202,249,18,PCS\n');
    cli('import', 'products', join(inputs, 'products.csv'), '--business', businessId);
    const order = (orderId: string, date: string, customer: string, extra: Record<string, string>, product: string, quantity: string) => ({ orderId, date, customer, ...extra, product, quantity });
    writeFileSync(join(inputs, 'orders.json'), JSON.stringify([
      order('PO-1', '2026-10-05', 'Vaigai Silks Private Limited', { customerTaxId: '29AAHCS3391E1Z5', customerAddress: '44, Commercial Street\nBengaluru 560001' }, 'SAR-1', '2'),
      order('PO-2', '2026-10-09', 'Kaveri Textiles', { customerTaxId: '29AAACR5055K1Z3', customerAddress: '9 Brigade Road, Bengaluru' }, 'SAR-1', '1'),
      order('PO-3', '2026-10-12', 'Walk-in customer', {}, 'TOT-1', '3'),
      order('PO-4', '2026-10-15', 'Asha Deshpande', {}, 'TOT-1', '1'),
      order('PO-5', '2026-10-20', 'Vaigai Silks Private Limited', { customerTaxId: '29AAHCS3391E1Z5', customerAddress: '44, Commercial Street\nBengaluru 560001' }, 'TOT-1', '10'),
    ]));
    cli('batch', '--business', businessId, '--from', join(inputs, 'orders.json'), '--no-pdf');
    cli('invoice', 'void', 'INV/2627/00004', '--business', businessId, '--reason', 'entered twice');
    preview = await startPreview(dataDir);
    ({ browser, page } = await openBrowser());
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stopPreview(preview);
    if (inputs) rmSync(inputs, { recursive: true, force: true });
  });

  it('shows the month as `gst gstr1 --json` does, beside the register; exports both files; brings an IRP response back', async () => {
    const summary = JSON.parse(cli('--json', 'gst', 'gstr1', '--business', businessId, '--period', '102026')) as Summary;
    expect(summary.totals).toMatchObject({ documents: 4, voided: 1 });

    await page.goto(preview!.url);
    await page.getByTestId('business-select').waitFor();
    await page.getByTestId('business-select').selectOption(businessId);
    await page.getByTestId('language-select').selectOption('en');
    await page.keyboard.press('Alt+6');
    await page.getByTestId('screen-gst').waitFor();
    await page.getByTestId('gst-period').fill('2026-10');
    await page.locator('[data-testid=gst-sections][data-period="102026"]').waitFor();

    // Every section: the count and each amount the CLI prints.
    for (const s of summary.sections) {
      const row = page.getByTestId(`gst-section-${s.section}`);
      expect(await row.getAttribute('data-documents'), s.section).toBe(String(s.documents));
      if (s.section === 'nil') continue;
      expect(await row.locator('td[data-amount]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-amount'))), s.section).toEqual([s.taxable, s.igst, s.cgst, s.sgst, s.cess]);
    }
    expect(await page.getByTestId('gst-register-verdict').getAttribute('data-equal')).toBe('true');
    expect(await page.getByTestId('gst-check-documents').getAttribute('data-register')).toBe('4');
    expect(await page.getByTestId('gst-check-tax').getAttribute('data-gstr1')).toBe(Number(summary.totals.tax).toFixed(2));
    expect(await page.getByTestId('gst-check-invoiceValue').getAttribute('data-register')).toBe(Number(summary.totals.invoiceValue).toFixed(2));
    // Kaveri's address has no PIN code: that invoice is blocked, saying so.
    const blockers = page.getByTestId('gst-blocker');
    await expect.poll(() => blockers.count()).toBe(1);
    await expect.poll(() => blockers.first().textContent()).toMatch(/INV\/2627\/00002.*Kaveri Textiles.*PIN code.*BuyerDtls\.Pin/);
    expect(await page.getByTestId('gst-einvoice-counts').getAttribute('data-ready')).toBe('2');
    await noViolations(page, 'GST workspace (en)');
    await shot(page, 'workspace-en');

    // The two files, written atomically into exports/ and offered for download.
    await page.getByTestId('gst-export-gstr1').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('gst-download-gstr1').waitFor();
    const gstr1Path = (await page.getByTestId('gst-written-gstr1').locator('dd').first().textContent())!;
    const gstr1 = JSON.parse(readFileSync(gstr1Path, 'utf8')) as { gstin: string; fp: string; b2b: Array<{ ctin: string; inv: unknown[] }>; doc_issue: unknown };
    expect(gstr1).toMatchObject({ gstin: '27AAPFU0939F1ZV', fp: '102026' });
    expect(gstr1.b2b.flatMap((r) => r.inv)).toHaveLength(summary.sections.find((s) => s.section === 'b2b')!.documents);
    const download = page.waitForEvent('download');
    await page.getByTestId('gst-download-gstr1').click();
    expect((await download).suggestedFilename()).toBe('GSTR1-27AAPFU0939F1ZV-102026.json');

    await page.getByTestId('gst-export-einvoice').click();
    await page.getByTestId('gst-download-einvoice').waitFor();
    const einvoicePath = (await page.getByTestId('gst-written-einvoice').locator('dd').first().textContent())!;
    const einvoiceText = readFileSync(einvoicePath, 'utf8');
    const documents = JSON.parse(einvoiceText) as Array<{ DocDtls: { No: string; Dt: string }; BuyerDtls: { Gstin: string } }>;
    expect(documents.map((d) => d.DocDtls.No)).toEqual(['INV/2627/00001', 'INV/2627/00005']);
    const validate = compile(JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/gst/einvoice-1.1.schema.json'), 'utf8')) as object);
    for (const document of documents) expect(validate(document) ? [] : validate.errors).toEqual([]);

    // A hand-made IRP response: the first invoice's true registration, and one for the same
    // invoice signed with another value, which is refused.
    const value = /"TotInvVal": (\d+\.\d{2})/.exec(einvoiceText)![1]!;
    const b64 = (text: string) => Buffer.from(text).toString('base64url');
    const registration = (total: string, irn: string) => {
      const data = `{"SellerGstin":"27AAPFU0939F1ZV","BuyerGstin":"29AAHCS3391E1Z5","DocNo":"INV/2627/00001","DocTyp":"INV","DocDt":"${documents[0]!.DocDtls.Dt}","TotInvVal":${total},"ItemCnt":1,"MainHsnCode":"5007","Irn":"${irn}","IrnDt":"2026-10-06 11:00:00"}`;
      return { Irn: irn, AckNo: 112610000456790, AckDt: '2026-10-06 11:00:00', SignedQRCode: `${b64('{"alg":"RS256","typ":"JWT"}')}.${b64(JSON.stringify({ data, iss: 'NIC' }))}.${b64('x'.repeat(256))}`, Status: 'ACT' };
    };
    const responseFile = join(inputs, 'irp-response.json');
    writeFileSync(responseFile, JSON.stringify([registration(value, 'c'.repeat(64)), registration('1.00', 'd'.repeat(64))]));
    await page.locator('#gst-irn-file').setInputFiles(responseFile);
    await page.getByTestId('gst-irn-result').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('gst-irn-attached').textContent()).toContain('INV/2627/00001');
    await expect.poll(() => page.getByTestId('gst-irn-refused').textContent()).toMatch(/value 1\.00 is not the invoice's/);
    await expect.poll(() => page.getByTestId('gst-einvoice-counts').textContent()).toMatch(/1 already registered/);
    await noViolations(page, 'GST workspace after the IRP response (en)');
    await shot(page, 'irn-en');

    // Arabic, right to left.
    await page.getByTestId('language-select').selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.getByTestId('gst-sections').waitFor();
    await noViolations(page, 'GST workspace (ar)');
    await shot(page, 'workspace-ar');
    await page.getByTestId('language-select').selectOption('en');

    // The Exports screen offers the same files for a month.
    await page.keyboard.press('Alt+8');
    await page.getByTestId('export-gst-period').fill('2026-10');
    await page.getByTestId('gst-export-gstr1').click();
    await page.getByTestId('gst-download-gstr1').waitFor();
    await noViolations(page, 'Exports with GST files (en)');

    // A Bahrain business has no GSTR-1: the workspace says why.
    await page.getByTestId('business-select').selectOption(bahrainId);
    await page.keyboard.press('Alt+6');
    await expect.poll(() => page.getByTestId('gst-not-gst').textContent()).toMatch(/not registered for Indian GST/);
    await noViolations(page, 'GST workspace for a Bahrain business (en)');
  }, 300_000);
});
