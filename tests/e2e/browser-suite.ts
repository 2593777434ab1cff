// What the browser suites share: Debian Chromium and its flags, the build the preview serves,
// the CLI, and a `ledgerflow preview` process on a data folder.
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Whether Chromium is missing. Without CI=true the suite then reports itself skipped with the
 * reason; with CI=true that is an error (`what` says what cannot run).
 */
export function chromiumMissing(suite: string, what: string): boolean {
  if (existsSync(CHROMIUM)) return false;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: ${what} cannot run (apt-get install chromium)`);
  console.warn(`SKIP ${suite}: ${CHROMIUM} is missing (apt-get install chromium)`);
  return true;
}

/** Builds main and renderer as the preview serves them, unless LEDGERFLOW_E2E_SKIP_BUILD=1. */
export function buildForPreview(): void {
  if (process.env.LEDGERFLOW_E2E_SKIP_BUILD === '1') return;
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('node scripts/build.mjs failed');
}

/** Runs the CLI (bin/ledgerflow.js) and returns its output. */
export function ledgerflow(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(ROOT, 'bin', 'ledgerflow.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
}

export interface Preview {
  proc: ChildProcess;
  /** The page to open, with the token in its fragment. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
}

/** Starts `ledgerflow preview --json` on `dataDir` and waits for the JSON line naming its URL. */
export async function startPreview(dataDir: string): Promise<Preview> {
  const proc = spawn(process.execPath, [join(ROOT, 'bin', 'ledgerflow.js'), 'preview', '--data-dir', dataDir, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const started = await new Promise<{ url: string; origin: string; token: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`preview did not start in 60 s: ${err}`)), 60_000);
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      try {
        const parsed = JSON.parse(out) as { url: string; origin: string; token: string };
        clearTimeout(timer);
        resolve(parsed);
      } catch {
        // not the whole JSON document yet
      }
    });
    proc.on('exit', (code) => reject(new Error(`preview exited with ${code}: ${err}`)));
  });
  return { proc, url: started.url, origin: started.origin, token: started.token, dataDir };
}

/** Stops the preview and removes its data folder. */
export async function stopPreview(preview: Preview | undefined): Promise<void> {
  if (!preview) return;
  preview.proc.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  rmSync(preview.dataDir, { recursive: true, force: true });
}

/** Where the browser suites save their screenshots (test-results/screenshots/, made on import). */
export const SHOTS = join(ROOT, 'test-results', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

/** axe-core finds no WCAG 2.1 A/AA violation on the page; `what` names the state in the failure. */
export async function noViolations(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(result.violations.map((v) => `${what}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Debian Chromium with one page at 1366×900 (or `context`'s options), its page errors logged. */
export async function openBrowser(context: BrowserContextOptions = {}): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, ...context })).newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  return { browser, page };
}
