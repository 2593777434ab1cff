// Lighthouse accessibility ≥ 95 on Home, Import, Generate and Invoices, in English and Arabic,
// over the preview bridge with the demo data (so the tables have rows). Each screen is opened
// directly with ?screen=...; the language comes from the stored settings (Lighthouse starts
// every run with fresh browser storage).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import lighthouse from 'lighthouse';

const root = join(import.meta.dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const missingChromium = !existsSync(CHROMIUM);
if (missingChromium) {
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: the Lighthouse checks cannot run (apt-get install chromium)`);
  console.warn(`SKIP tests/e2e/ui-lighthouse.test.ts: ${CHROMIUM} is missing (apt-get install chromium)`);
}

const SCREENS = ['home', 'import', 'generate', 'invoices'] as const;
const PORT = 9300 + Math.floor(Math.random() * 500);

describe.skipIf(missingChromium)('Lighthouse accessibility', () => {
  let proc: ChildProcess | undefined;
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
    if (process.env.LEDGERFLOW_E2E_SKIP_BUILD !== '1') {
      const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('node scripts/build.mjs failed');
    }
    dataDir = mkdtempSync(join(tmpdir(), 'lf-lh-'));
    const demo = spawnSync(process.execPath, [join(root, 'bin', 'ledgerflow.js'), 'demo', '--data-dir', dataDir, '--json'], { cwd: root, encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`ledgerflow demo failed: ${demo.stderr}`);
    proc = spawn(process.execPath, [join(root, 'bin', 'ledgerflow.js'), 'preview', '--data-dir', dataDir, '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('preview did not start in 60 s')), 60_000);
      proc?.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        try {
          const parsed = JSON.parse(out) as { origin: string; token: string };
          origin = parsed.origin;
          token = parsed.token;
          clearTimeout(timer);
          resolve();
        } catch {
          // not the whole document yet
        }
      });
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--remote-debugging-port=${PORT}`],
    });
  });

  afterAll(async () => {
    await browser?.close();
    proc?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
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
