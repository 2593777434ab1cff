// Lighthouse accessibility ≥ 95 on Home, Import, Generate and Invoices, in English and Arabic,
// over the preview bridge with the demo data (so the tables have rows). Each screen is opened
// directly with ?screen=...; the language comes from the stored settings (Lighthouse starts
// every run with fresh browser storage).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import lighthouse from 'lighthouse';
import { buildForPreview, CHROMIUM, CHROMIUM_ARGS, chromiumMissing, ledgerflow, startPreview, stopPreview, type Preview } from './browser-suite.js';

const missingChromium = chromiumMissing('tests/e2e/ui-lighthouse.test.ts', 'the Lighthouse checks');

const SCREENS = ['home', 'import', 'generate', 'invoices'] as const;
const PORT = 9300 + Math.floor(Math.random() * 500);

describe.skipIf(missingChromium)('Lighthouse accessibility', () => {
  let preview: Preview | undefined;
  let browser: Browser | undefined;
  let dataDir = '';
  let origin = '';
  let token = '';

  async function callApi(method: string, input: unknown): Promise<unknown> {
    const response = await fetch(`${origin}/api/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ledgerflow-token': token },
      body: JSON.stringify({ method, input }),
    });
    return response.json();
  }

  beforeAll(async () => {
    buildForPreview();
    dataDir = mkdtempSync(join(tmpdir(), 'lf-lh-'));
    const demo = ledgerflow(['demo', '--data-dir', dataDir, '--json']);
    if (demo.status !== 0) throw new Error(`ledgerflow demo failed: ${demo.stderr}`);
    preview = await startPreview(dataDir);
    origin = preview.origin;
    token = preview.token;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, `--remote-debugging-port=${PORT}`] });
  });

  afterAll(async () => {
    await browser?.close();
    await stopPreview(preview);
    // The demo may have failed before the preview started.
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  for (const lang of ['en', 'ar'] as const) {
    it(`scores at least 95 on ${SCREENS.join(', ')} in ${lang}`, async () => {
      await callApi('settings.set', { language: lang });
      const scores: Record<string, number> = {};
      const failing: Record<string, string[]> = {};
      for (const screen of SCREENS) {
        const result = await lighthouse(`${origin}/?screen=${screen}#token=${token}`, {
          port: PORT,
          onlyCategories: ['accessibility'],
          output: 'json',
          logLevel: 'error',
          formFactor: 'desktop',
          screenEmulation: { mobile: false, width: 1366, height: 860, deviceScaleFactor: 1, disabled: false },
        });
        const lhr = result?.lhr;
        const score = Math.round((lhr?.categories.accessibility?.score ?? 0) * 100);
        scores[screen] = score;
        failing[screen] = Object.values(lhr?.audits ?? {})
          .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
          .map((a) => a.id);
      }
      // The URLs really open those screens in that language (not an error page scoring 100).
      const page = await browser?.newPage();
      for (const screen of SCREENS) {
        await page?.goto(`${origin}/?screen=${screen}#token=${token}`);
        await page?.getByTestId(`screen-${screen}`).waitFor();
        await page?.waitForFunction((dir) => document.documentElement.dir === dir, lang === 'ar' ? 'rtl' : 'ltr');
      }
      await page?.close();
      console.log(`[lighthouse ${lang}] ${JSON.stringify(scores)} failing audits: ${JSON.stringify(failing)}`);
      for (const screen of SCREENS) expect(scores[screen], `${screen} (${lang}) failing: ${failing[screen]?.join(', ')}`).toBeGreaterThanOrEqual(95);
    });
  }
});
