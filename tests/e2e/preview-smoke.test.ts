// Smoke test of the preview bridge in Debian Chromium (playwright-core, no download): the page
// loads from 127.0.0.1 with the strict CSP, calls app.info through /api/call with the token,
// is refused without it, and receives a core event over server-sent events.
// Skips with the reason when Chromium is missing, except under CI=true, where that fails.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Core } from '../../src-main/core/create-core.js';
import { createCore } from '../../src-main/core/create-core.js';
import { packageRoot } from '../../src-main/runtime/paths.js';
import { startPreviewServer, type PreviewServer } from '../../src-main/preview/server.js';
import { TempDirs } from '../helpers/temp.js';
import { CHROMIUM_ARGS } from './browser-suite.js';

const CHROMIUM = process.env.LEDGERFLOW_CHROMIUM ?? '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';

if (missing) console.log(`${inCi ? 'FAILING' : 'SKIPPED'} preview smoke test: no Chromium at ${CHROMIUM} (install Debian's chromium package or set LEDGERFLOW_CHROMIUM)`);

describe.runIf(missing && inCi)('preview smoke test prerequisites', () => {
  it('has Chromium in CI', () => {
    expect.fail(`CI=true but no Chromium at ${CHROMIUM}`);
  });
});

describe.skipIf(missing)('preview bridge in Chromium', () => {
  const temp = new TempDirs();
  let core: Core;
  let server: PreviewServer;
  let browser: Browser;
  let realUi = false;

  beforeAll(async () => {
    core = await createCore({ dataDir: temp.make('ledgerflow-e2e-') });
    const built = join(packageRoot(), 'dist', 'renderer');
    // The real UI when it is built; otherwise the bridge's placeholder page is enough to test the API.
    realUi = existsSync(join(built, 'index.html'));
    if (!realUi) console.log('preview smoke test: dist/renderer is not built; testing the API against the placeholder page');
    server = await startPreviewServer({ core, rendererDir: realUi ? built : temp.make('ledgerflow-empty-renderer-') });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await core?.close();
    temp.cleanup();
  });

  it('loads the page with the CSP and calls app.info through the bridge', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(message.text());
    });
    const response = await page.goto(server.url, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    const result = await page.evaluate(async (token) => {
      const call = async (headers: Record<string, string>) => {
        const reply = await fetch('/api/call', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ method: 'app.info', input: {} }) });
        return { status: reply.status, body: (await reply.json()) as { ok: boolean; value?: { name: string; dataDir: string; plugins: Array<{ id: string }> }; error?: { code: string } } };
      };
      return { withToken: await call({ 'x-ledgerflow-token': token }), without: await call({}) };
    }, server.token);
    expect(result.withToken.status).toBe(200);
    expect(result.withToken.body.ok).toBe(true);
    expect(result.withToken.body.value?.name).toBe('LedgerFlow');
    expect(result.withToken.body.value?.dataDir).toBe(core.dataDir);
    expect(result.withToken.body.value?.plugins.map((p) => p.id)).toContain('gst-in');
    expect(result.without.status).toBe(401);
    expect(result.without.body.error?.code).toBe('FORBIDDEN');
    if (realUi) {
      // The real UI reached the core through the client: the plugins it lists came over the bridge.
      await page.waitForFunction(() => (document.getElementById('root')?.childElementCount ?? 0) > 0, undefined, { timeout: 30_000 });
      expect(errors, 'no page errors and no CSP violations').toEqual([]);
    }
    await page.close();
  });

  it('delivers core events to the page over server-sent events', async () => {
    const page = await browser.newPage();
    await page.goto(server.url, { waitUntil: 'load' });
    await page.evaluate((token) => {
      const w = window as unknown as { received: unknown[]; opened: Promise<void> };
      w.received = [];
      const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
      w.opened = new Promise((resolve) => (source.onopen = () => resolve()));
      source.onmessage = (message) => w.received.push(JSON.parse(message.data as string));
    }, server.token);
    await page.evaluate(() => (window as unknown as { opened: Promise<void> }).opened);
    const payload = { level: 'info' as const, messageKey: 'notifications.test', message: 'hello from the core' };
    core.events.emit('notification', payload);
    await page.waitForFunction(() => (window as unknown as { received: unknown[] }).received.length > 0, undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { received: unknown[] }).received)).toEqual([{ name: 'notification', payload }]);
    await page.close();
  });
});
