// The desktop shell's pure parts: app:// answers (no traversal, strict CSP), the openExternal
// allow-list, window-state restore, sealed secrets, menus, and the preload's channel names.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answerAppRequest } from '../../../src-main/electron/app-protocol.js';
import { isAllowedExternalUrl } from '../../../src-main/electron/external.js';
import { buildMenuTemplate, type MenuCommandName } from '../../../src-main/electron/menu.js';
import { createSecretStore, type SafeStorageLike } from '../../../src-main/electron/secrets.js';
import { loadWindowState, parseWindowState, restoreBounds, saveWindowState, DEFAULT_SIZE } from '../../../src-main/electron/window-state.js';
import { resolveStaticPath, CONTENT_SECURITY_POLICY } from '../../../src-main/preview/security.js';
import { IPC_CHANNELS } from '../../../src-shared/ipc/contract.js';
import { TempDirs } from '../../helpers/temp.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

function rendererFolder(): { root: string; outside: string } {
  const base = temp.make('ledgerflow-shell-');
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'do not serve');
  return { root, outside: join(base, 'secret.txt') };
}

describe('renderer files over app:// and the preview bridge', () => {
  it('serves files inside the folder with the strict CSP, and index.html for client routes', () => {
    const { root } = rendererFolder();
    const js = answerAppRequest(root, 'GET', 'app://ledgerflow/assets/app.js');
    expect(js).toMatchObject({ status: 200, file: join(root, 'assets', 'app.js') });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(answerAppRequest(root, 'GET', 'app://ledgerflow/')).toMatchObject({ status: 200, file: join(root, 'index.html') });
    expect(answerAppRequest(root, 'GET', 'app://ledgerflow/invoices/123')).toMatchObject({ status: 200, file: join(root, 'index.html') });
    expect(answerAppRequest(root, 'GET', 'app://ledgerflow/assets/missing.js')).toMatchObject({ status: 404 });
  });

  it.each([
    '/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt', '/..%5csecret.txt', '/assets/..\\..\\secret.txt',
    '/%00index.html', '/C:/Windows/win.ini', '/./index.html', '/%E0%A4%A', '/assets/../../secret.txt',
  ])('refuses the traversal attempt %s', (path) => {
    const { root } = rendererFolder();
    const resolved = resolveStaticPath(root, path);
    expect(resolved.kind === 'refused' || resolved.kind === 'not-found', JSON.stringify(resolved)).toBe(true);
  });

  // Creating symlinks needs extra rights on Windows.
  it.skipIf(process.platform === 'win32')('refuses a symlink that leads outside the folder', () => {
    const { root, outside } = rendererFolder();
    symlinkSync(outside, join(root, 'assets', 'link.txt'));
    expect(resolveStaticPath(root, '/assets/link.txt')).toEqual({ kind: 'refused', reason: 'symlink leads outside the renderer folder' });
  });

  it('answers only GET/HEAD on app://ledgerflow', () => {
    const { root } = rendererFolder();
    expect(answerAppRequest(root, 'POST', 'app://ledgerflow/index.html').status).toBe(405);
    expect(answerAppRequest(root, 'GET', 'app://other/index.html').status).toBe(403);
    expect(answerAppRequest(root, 'GET', 'https://ledgerflow/index.html').status).toBe(403);
  });
});

describe('shell.openExternal allow-list', () => {
  it('allows only https URLs on listed hosts without credentials or ports', () => {
    expect(isAllowedExternalUrl('https://www.gst.gov.in/help')).toBe(true);
    expect(isAllowedExternalUrl('https://github.com/')).toBe(true);
    for (const url of ['http://www.gst.gov.in/', 'https://evil.example/', 'https://github.com.evil.example/', 'file:///etc/passwd', 'javascript:alert(1)',
      'https://user:pw@github.com/', 'https://github.com:8443/', 'ms-settings:', 'not a url', 'smb://host/share']) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});

describe('window state', () => {
  const display = { x: 0, y: 0, width: 1920, height: 1080 };
  it('restores saved bounds that are on a display, and falls back when the monitor is gone', () => {
    const saved = { bounds: { x: 100, y: 80, width: 1200, height: 800 }, maximized: false };
    expect(restoreBounds(saved, [display])).toEqual({ bounds: saved.bounds, maximized: false });
    expect(restoreBounds({ ...saved, bounds: { ...saved.bounds, x: 3000 } }, [display])).toEqual({ bounds: DEFAULT_SIZE, maximized: false });
    expect(restoreBounds(null, [display]).bounds).toEqual(DEFAULT_SIZE);
    expect(restoreBounds({ bounds: { x: 0, y: 0, width: 10, height: 10 }, maximized: true }, [display])).toEqual({ bounds: DEFAULT_SIZE, maximized: true });
  });

  it('round-trips through the file and ignores a corrupt one', () => {
    const dir = temp.make('ledgerflow-ws-');
    saveWindowState(dir, { bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true });
    expect(loadWindowState(dir)).toEqual({ bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true });
    expect(parseWindowState('{"bounds":{"x":"1"},"maximized":true}')).toBeNull();
    expect(parseWindowState('nope')).toBeNull();
    writeFileSync(join(dir, 'window-state.json'), '{');
    expect(loadWindowState(dir)).toBeNull();
  });
});

describe('secrets sealed with safeStorage', () => {
  const fakeSafe = (available: boolean): SafeStorageLike => ({
    isEncryptionAvailable: () => available,
    encryptString: (text) => Buffer.from([...Buffer.from(text, 'utf8')].map((b) => b ^ 0x5a)),
    decryptString: (data) => Buffer.from([...data].map((b) => b ^ 0x5a)).toString('utf8'),
  });

  it('stores only ciphertext and reads it back', () => {
    const dir = temp.make('ledgerflow-secrets-');
    const store = createSecretStore(dir, fakeSafe(true));
    store.set('sync.password', 'hunter2-パス');
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain('hunter2');
    expect(store.get('sync.password')).toBe('hunter2-パス');
    store.delete('sync.password');
    expect(store.get('sync.password')).toBeNull();
    expect(() => store.get('../x')).toThrow(/secret name/);
  });

  it('refuses to store anything when the OS has no secure storage', () => {
    const dir = temp.make('ledgerflow-secrets-');
    const store = createSecretStore(dir, fakeSafe(false));
    expect(store.available).toBe(false);
    expect(() => store.set('sync.password', 'x')).toThrow(/no secure storage/);
    expect(existsSync(join(dir, 'secrets.json'))).toBe(false);
  });
});

describe('native menus', () => {
  it('has File (Import…, Export…, Backup…), Edit, View and Help with accelerators', () => {
    const sent: MenuCommandName[] = [];
    let backups = 0;
    const template = buildMenuTemplate({ command: (c) => sent.push(c), backup: () => backups++, openDataFolder: () => undefined, openLogsFolder: () => undefined },
      { isMac: false, isDev: false, appName: 'LedgerFlow' });
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    const file = template[0]!.submenu as Array<{ label?: string; accelerator?: string; click?: () => void }>;
    const item = (label: string) => file.find((i) => i.label === label)!;
    expect(item('Import…').accelerator).toBe('CmdOrCtrl+I');
    expect(item('Export…').accelerator).toBe('CmdOrCtrl+E');
    expect(item('Backup…').accelerator).toBe('CmdOrCtrl+Alt+B');
    // Ctrl+Shift+B is the renderer's "New business"; Ctrl+I is handled by the renderer itself.
    expect(file.some((i) => i.accelerator === 'CmdOrCtrl+Shift+B')).toBe(false);
    expect((item('Import…') as { registerAccelerator?: boolean }).registerAccelerator).toBe(false);
    item('Import…').click!();
    item('Export…').click!();
    item('Backup…').click!();
    expect(sent).toEqual(['file.import', 'file.export']);
    expect(backups).toBe(1);
    const view = template[2]!.submenu as Array<{ role?: string }>;
    expect(view.some((i) => i.role === 'toggleDevTools')).toBe(false);
    const mac = buildMenuTemplate({ command: () => undefined, backup: () => undefined, openDataFolder: () => undefined, openLogsFolder: () => undefined }, { isMac: true, isDev: true, appName: 'LedgerFlow' });
    expect(mac[0]!.label).toBe('LedgerFlow');
  });
});

describe('the preload', () => {
  const source = readFileSync(new URL('../../../src-main/preload/preload.cts', import.meta.url), 'utf8');
  it('uses the same channel names as the contract', () => {
    for (const channel of Object.values(IPC_CHANNELS)) expect(source).toContain(`'${channel}'`);
  });
  it('requires nothing but electron (a sandboxed preload cannot load other files) and exposes one object', () => {
    const imports = [...source.matchAll(/^import\s+(type\s+)?.*from\s+'([^']+)'/gm)].filter((m) => !m[1]).map((m) => m[2]);
    expect(imports).toEqual(['electron']);
    expect(source.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(source).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });
});
