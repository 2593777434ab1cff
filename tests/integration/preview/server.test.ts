// The preview bridge over real HTTP: the renderer's files with the strict headers, no path
// traversal even with raw unnormalised request lines, the token on calls and on the event
// stream, loopback only; and `ledgerflow preview` as a real process printing its URL.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/create-core.js';
import { startPreviewServer, type PreviewServer } from '../../../src-main/preview/server.js';
import { TempDirs } from '../../helpers/temp.js';
import { fileUrl, makeRunDir, removeRunDir, transpileGraph } from '../../helpers/transpile.mjs';
import { makeCore } from './helpers.js';

const temp = new TempDirs();
let core: Core;
let server: PreviewServer;
let renderer = '';

beforeAll(async () => {
  core = await makeCore(temp.make('ledgerflow-server-'));
  const base = temp.make('ledgerflow-site-');
  renderer = join(base, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>LedgerFlow</title><div id="root"></div>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(base, 'secret.txt'), 'TOP-SECRET');
  server = await startPreviewServer({ core, rendererDir: renderer, token: 'test-token-0123456789' });
});
afterAll(async () => {
  await server?.close();
  await core?.close();
  temp.cleanup();
});

/** Sends a request line exactly as written (fetch and http.request would normalise the path). */
function rawGet(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('utf8')));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

describe('preview bridge over HTTP', () => {
  it('listens on 127.0.0.1 and prints a URL carrying the token in the fragment', () => {
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.url).toBe(`${server.origin}/#token=test-token-0123456789`);
  });

  it('serves the renderer with the strict headers, and index.html for client routes', async () => {
    const page = await fetch(`${server.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'; script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(await page.text()).toContain('<div id="root">');
    const js = await fetch(`${server.origin}/assets/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await (await fetch(`${server.origin}/invoices/42`)).text()).toContain('<div id="root">');
    expect((await fetch(`${server.origin}/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${server.origin}/`, { method: 'DELETE' })).status).toBe(405);
  });

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/%00/../secret.txt', '//etc/passwd', '/..'])(
    'never serves a file outside the folder for %s',
    async (path) => {
      const reply = await rawGet(path);
      expect(reply).not.toContain('TOP-SECRET');
      expect(reply).not.toContain('root:');
      expect(reply).toMatch(/^HTTP\/1\.1 (400|404|200)/);
    },
  );

  it('answers calls with the token and refuses them without it', async () => {
    const call = (headers: Record<string, string>) => fetch(`${server.origin}/api/call`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ method: 'settings.get', input: {} }) });
    const good = await call({ 'x-ledgerflow-token': 'test-token-0123456789' });
    expect(good.status).toBe(200);
    expect(good.headers.get('cache-control')).toBe('no-store');
    expect(await good.json()).toMatchObject({ ok: true, value: { language: 'en' } });
    const bad = await call({ 'x-ledgerflow-token': 'test-token-0123456788' });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', messageKey: 'errors.FORBIDDEN' } });
  });

  it('streams core events to holders of the token only', async () => {
    expect((await fetch(`${server.origin}/api/events?token=wrong`)).status).toBe(401);
    const controller = new AbortController();
    const response = await fetch(`${server.origin}/api/events?token=test-token-0123456789`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    text += decoder.decode((await reader.read()).value); // ": connected"
    core.events.emit('sync.status', { state: 'idle', pending: 0 });
    while (!text.includes('sync.status')) text += decoder.decode((await reader.read()).value);
    controller.abort();
    const frame = text.split('\n').find((line) => line.startsWith('data: '))!;
    expect(JSON.parse(frame.slice(6))).toEqual({ name: 'sync.status', payload: { state: 'idle', pending: 0 } });
  });

  it('refuses a DNS-rebinding Host and a foreign Origin', async () => {
    const reply = await rawGet('/');
    expect(reply).toMatch(/^HTTP\/1\.1 200/);
    const rebind = await new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write(`GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`));
      let data = '';
      socket.on('data', (c) => (data += c.toString()));
      socket.on('end', () => resolve(data));
    });
    expect(rebind).toMatch(/^HTTP\/1\.1 421/);
    const cross = await fetch(`${server.origin}/api/call`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json', 'x-ledgerflow-token': 'test-token-0123456789' }, body: '{"method":"app.info"}' });
    expect(cross.status).toBe(403);
  });
});

describe('ledgerflow preview', () => {
  it('starts the bridge on a free port, prints the URL with the token, and stops on SIGTERM', async () => {
    const runDir = makeRunDir('preview-cli-test');
    try {
      const [cli] = transpileGraph([fileURLToPath(new URL('../../../src-main/cli/main.ts', import.meta.url))], runDir);
      const dataDir = temp.make('ledgerflow-cli-preview-');
      const script = `const { main } = await import(${JSON.stringify(fileUrl(cli!))}); process.exitCode = await main(process.argv.slice(1));`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, 'preview', '--port', '0', '--json', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const printed = await new Promise<{ url: string; origin: string; token: string; dataDir: string }>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          stdout += c.toString();
          try {
            resolve(JSON.parse(stdout) as { url: string; origin: string; token: string; dataDir: string });
          } catch {
            // not the whole document yet
          }
        });
        child.on('exit', (code) => reject(new Error(`preview exited early (${code}): ${stderr}`)));
      });
      expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
      expect(printed.dataDir).toBe(dataDir);
      const reply = await fetch(`${printed.origin}/api/call`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-ledgerflow-token': printed.token }, body: JSON.stringify({ method: 'app.info', input: {} }) });
      expect(await reply.json()).toMatchObject({ ok: true, value: { dataDir } });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout.trim().split('\n').length).toBeGreaterThan(1); // one pretty-printed JSON document
      expect(() => JSON.parse(stdout) as unknown).not.toThrow();
    } finally {
      removeRunDir(runDir);
    }
  }, 120_000);

  it('refuses a port that is not a number with exit code 2', async () => {
    const runDir = makeRunDir('preview-cli-test-port');
    try {
      const [cli] = transpileGraph([fileURLToPath(new URL('../../../src-main/cli/main.ts', import.meta.url))], runDir);
      const script = `const { main } = await import(${JSON.stringify(fileUrl(cli!))}); process.exitCode = await main(process.argv.slice(1));`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, 'preview', '--port', 'eighty', '--data-dir', temp.make('ledgerflow-cli-port-')], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code).toBe(2);
      expect(stderr).toContain('--port');
    } finally {
      removeRunDir(runDir);
    }
  }, 120_000);
});
