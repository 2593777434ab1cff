// The Electron main process, run against a fake `electron` module (the real binary cannot be
// downloaded here): it must register app:// as privileged before ready, take the single-instance
// lock, open one sandboxed, isolated window on app://ledgerflow, deny permissions, navigation and
// window.open, and answer IPC only from that window's main frame.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../src-shared/errors.js';
import { IPC_CHANNELS } from '../../../src-shared/ipc/contract.js';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const appListeners = new Map<string, Listener[]>();
  const state = {
    userData: '',
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, Listener>(),
    ipcHandlers: new Map<string, Listener>(),
    windows: [] as FakeWindow[],
    permissionRequest: undefined as Listener | undefined,
    permissionCheck: undefined as Listener | undefined,
    opened: [] as string[],
    sandboxEnabled: false,
    lockRequested: false,
    menu: undefined as unknown,
    ready: undefined as unknown as Promise<void>,
    resolveReady: () => {},
  };
  state.ready = new Promise<void>((resolve) => (state.resolveReady = resolve));
  let nextId = 1;

  class FakeWebContents {
    readonly id = nextId++;
    readonly listeners = new Map<string, Listener>();
    windowOpenHandler: Listener | undefined;
    sent: unknown[][] = [];
    mainFrame = { url: 'app://ledgerflow/index.html', parent: null };
    on(event: string, fn: Listener) {
      this.listeners.set(event, fn);
      return this;
    }
    setWindowOpenHandler(fn: Listener) {
      this.windowOpenHandler = fn;
    }
    send(...args: unknown[]) {
      this.sent.push(args);
    }
  }

  class FakeWindow {
    static getAllWindows() {
      return state.windows;
    }
    static fromWebContents(contents: unknown) {
      return state.windows.find((w) => w.webContents === contents) ?? null;
    }
    readonly webContents = new FakeWebContents();
    url = '';
    constructor(readonly options: Record<string, unknown>) {
      state.windows.push(this);
      for (const fn of appListeners.get('web-contents-created') ?? []) fn({}, this.webContents);
    }
    once() {}
    on() {}
    maximize() {}
    show() {}
    isDestroyed() {
      return false;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1280, height: 820 };
    }
    isMaximized() {
      return false;
    }
    async loadURL(url: string) {
      this.url = url;
    }
  }

  const electron = {
    app: {
      isPackaged: false,
      enableSandbox: () => void (state.sandboxEnabled = true),
      setName: () => {},
      setPath: (name: string, value: string) => void (name === 'userData' && (state.userData = value)),
      getPath: () => state.userData,
      getVersion: () => '0.1.0',
      requestSingleInstanceLock: () => (state.lockRequested = true),
      on: (event: string, fn: Listener) => void appListeners.set(event, [...(appListeners.get(event) ?? []), fn]),
      whenReady: () => state.ready,
      quit: () => {},
      exit: () => {},
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void state.privileged.push(...schemes),
      handle: (scheme: string, fn: Listener) => void state.protocolHandlers.set(scheme, fn),
    },
    ipcMain: {
      handle: (channel: string, fn: Listener) => void state.ipcHandlers.set(channel, fn),
      removeHandler: (channel: string) => void state.ipcHandlers.delete(channel),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Listener) => void (state.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Listener) => void (state.permissionCheck = fn),
        setDevicePermissionHandler: () => {},
        on: () => {},
      },
    },
    BrowserWindow: FakeWindow,
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => void (state.menu = m) },
    dialog: { showErrorBox: () => {}, showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showSaveDialog: async () => ({ canceled: true }) },
    shell: { openExternal: async (url: string) => void state.opened.push(url), openPath: async () => '' },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  };
  return { state, electron, FakeWindow };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const dataDir = mkdtempSync(join(tmpdir(), 'ledgerflow-electron-main-'));

beforeAll(async () => {
  process.env.LEDGERFLOW_DATA_DIR = dataDir;
  await import('../../../src-main/electron/main.js');
  fake.state.resolveReady();
  await vi.waitFor(() => expect(fake.state.windows).toHaveLength(1), { timeout: 20_000 });
  await vi.waitFor(() => expect(fake.state.ipcHandlers.has(IPC_CHANNELS.call)).toBe(true));
}, 60_000);
afterAll(() => {
  delete process.env.LEDGERFLOW_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

function window() {
  return fake.state.windows[0]!;
}

function event(overrides: { url?: string; parent?: unknown; senderId?: number } = {}) {
  const contents = window().webContents;
  const frame = overrides.url === undefined && overrides.parent === undefined ? contents.mainFrame : { url: overrides.url ?? contents.mainFrame.url, parent: overrides.parent ?? null };
  return { sender: { id: overrides.senderId ?? contents.id, mainFrame: contents.mainFrame }, senderFrame: frame };
}

describe('Electron main process (fake electron module)', () => {
  it('registers app:// as a privileged standard scheme, enables the sandbox and takes the single-instance lock', () => {
    expect(fake.state.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(fake.state.sandboxEnabled).toBe(true);
    expect(fake.state.lockRequested).toBe(true);
    expect(fake.state.protocolHandlers.has('app')).toBe(true);
    expect(fake.state.menu).toBeDefined();
  });

  it('opens one isolated, sandboxed window without Node on app://ledgerflow', () => {
    const prefs = window().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webviewTag: false, webSecurity: true, allowRunningInsecureContent: false });
    expect(String(prefs.preload)).toMatch(/preload[\\/]preload\.cjs$/);
    expect(window().url).toBe('app://ledgerflow/index.html');
  });

  it('denies permission requests and checks', () => {
    let granted: boolean | undefined;
    fake.state.permissionRequest!({}, 'media', (answer: boolean) => (granted = answer));
    expect(granted).toBe(false);
    expect(fake.state.permissionCheck!({}, 'notifications')).toBe(false);
  });

  it('blocks navigation away, <webview>, and window.open (opening only allow-listed https links outside)', () => {
    const listeners = window().webContents.listeners;
    for (const [name, url, blocked] of [['will-navigate', 'https://evil.example/', true], ['will-navigate', 'app://ledgerflow/#/invoices', false], ['will-redirect', 'file:///etc/passwd', true]] as const) {
      let prevented = false;
      listeners.get(name)!({ preventDefault: () => (prevented = true) }, url);
      expect(prevented, `${name} ${url}`).toBe(blocked);
    }
    let webviewPrevented = false;
    listeners.get('will-attach-webview')!({ preventDefault: () => (webviewPrevented = true) });
    expect(webviewPrevented).toBe(true);
    expect(window().webContents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(window().webContents.windowOpenHandler!({ url: 'https://www.gst.gov.in/' })).toEqual({ action: 'deny' });
    expect(fake.state.opened).toEqual(['https://www.gst.gov.in/']);
    let prevented = false;
    listeners.get('will-navigate')!({ preventDefault: () => (prevented = true) }, 'https://www.nbr.gov.bh/vat');
    expect(prevented).toBe(true);
    expect(fake.state.opened).toEqual(['https://www.gst.gov.in/', 'https://www.nbr.gov.bh/vat']);
  });

  it('answers IPC calls from its main frame through dispatch', async () => {
    const reply = (await fake.state.ipcHandlers.get(IPC_CHANNELS.call)!(event(), 'app.info', {})) as Result<{ dataDir: string }>;
    expect(reply).toMatchObject({ ok: true, value: { dataDir } });
    const bad = (await fake.state.ipcHandlers.get(IPC_CHANNELS.call)!(event(), 'businesses.get', { id: 1 })) as Result<unknown>;
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it.each([
    ['a sub-frame', { parent: {} }],
    ['a foreign page', { url: 'https://evil.example/' }],
    ['another webContents', { senderId: 999 }],
  ])('refuses IPC from %s with FORBIDDEN and writes nothing', async (_label, overrides) => {
    for (const channel of [IPC_CHANNELS.call, IPC_CHANNELS.openFile, IPC_CHANNELS.saveFile]) {
      const reply = (await fake.state.ipcHandlers.get(channel)!(event(overrides), 'settings.set', { theme: 'dark' })) as Result<unknown>;
      expect(reply, channel).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', messageKey: 'errors.FORBIDDEN' } });
    }
    const settings = (await fake.state.ipcHandlers.get(IPC_CHANNELS.call)!(event(), 'settings.get', {})) as Result<{ theme: string }>;
    expect(settings).toMatchObject({ ok: true, value: { theme: 'system' } });
  });

  it('validates dialog options and never lets the renderer aim a save dialog at a folder', async () => {
    const reply = (await fake.state.ipcHandlers.get(IPC_CHANNELS.saveFile)!(event(), { defaultName: '../../etc/cron.d/x' })) as Result<unknown>;
    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const cancelled = (await fake.state.ipcHandlers.get(IPC_CHANNELS.openFile)!(event(), { filters: [{ name: 'Excel', extensions: ['xlsx'] }] })) as Result<unknown>;
    expect(cancelled).toEqual({ ok: true, value: null });
  });

  it('sends menu commands to the window on the event channel', () => {
    const before = window().webContents.sent.length;
    const template = fake.state.menu as Array<{ label: string; submenu: Array<{ label?: string; click?: () => void }> }>;
    template.find((m) => m.label === '&File')!.submenu.find((i) => i.label === 'Export…')!.click!();
    expect(window().webContents.sent.slice(before)).toEqual([[IPC_CHANNELS.event, 'menu.command', { command: 'file.export' }]]);
  });
});
