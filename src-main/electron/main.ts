// The desktop shell (docs/ARCHITECTURE.md "Electron security"): one window over the app:// protocol, a
// sandboxed renderer that reaches the core only through the preload's `ledgerflow.call`, native
// menus and dialogs, and the data folder in app.getPath('userData'). Domain logic lives in the
// core; this file only wires Electron to it.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu, protocol, safeStorage, screen, session, shell, type WebContents } from 'electron';
import { openAppHost } from '../core/app-core.js';
import type { CoreHost } from '../core/core-host.js';
import type { Core } from '../core/create-core.js';
import { APP_NAME, packageRoot } from '../runtime/paths.js';
import { answerAppRequest } from './app-protocol.js';
import { backupDatabase, defaultBackupName } from './backup.js';
import { isAllowedExternalUrl } from './external.js';
import { forwardEvents, registerIpc, sendEvent } from './ipc.js';
import { buildMenuTemplate } from './menu.js';
import { createSecretStore, type SecretStore } from './secrets.js';
import { namedSecretStore, useSecretStore } from '../sync/credentials.js';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './sender.js';
import { loadWindowState, MIN_SIZE, restoreBounds, saveWindowState } from './window-state.js';

const here = dirname(fileURLToPath(import.meta.url));
const PRELOAD = join(here, '..', 'preload', 'preload.cjs');
const RENDERER_DIR = join(packageRoot(), 'dist', 'renderer');

// Must happen before `ready`: app:// behaves like https (secure context, fetch, relative URLs).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
app.enableSandbox();
app.setName(APP_NAME);
// Tests and portable setups may point the app at another data folder.
if (process.env.LEDGERFLOW_DATA_DIR) app.setPath('userData', process.env.LEDGERFLOW_DATA_DIR);

let host: CoreHost | undefined;
let mainWindow: BrowserWindow | null = null;
let secrets: SecretStore | undefined;
const trusted = new Set<number>();

function isOwnUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Every webContents: no navigation away, no new windows, no <webview>. */
function harden(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (isOwnUrl(url)) return;
    event.preventDefault();
    // A plain link to an allow-listed help page opens in the browser, never in the app window.
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

function registerAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const answer = answerAppRequest(RENDERER_DIR, request.method, request.url);
    if (answer.status !== 200) return new Response(answer.body, { status: answer.status, headers: answer.headers });
    const body = request.method === 'HEAD' ? null : await readFile(answer.file);
    return new Response(body, { status: 200, headers: answer.headers });
  });
}

function denyPermissions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
}

function createWindow(): BrowserWindow {
  const userData = app.getPath('userData');
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const { bounds, maximized } = restoreBounds(loadWindowState(userData), displays);
  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: APP_NAME,
    backgroundColor: '#ffffff',
    icon: join(packageRoot(), 'resources', 'icons', 'icon.png'),
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  const id = window.webContents.id;
  trusted.add(id);
  if (maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    saveWindowState(userData, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  });
  window.on('closed', () => {
    trusted.delete(id);
    if (mainWindow === window) mainWindow = null;
  });
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    dialog.showErrorBox(APP_NAME, `The user interface is not built (${RENDERER_DIR} is missing). Run \`npm run build\`.`);
  }
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

function sendMenuCommand(command: Parameters<Parameters<typeof buildMenuTemplate>[0]['command']>[0]): void {
  const window = mainWindow ?? BrowserWindow.getAllWindows()[0];
  if (window) sendEvent(window, 'menu.command', { command });
}

async function runBackup(): Promise<void> {
  if (!host) return;
  let core: Core;
  try {
    core = host.current();
  } catch {
    return; // a restore is running; the menu's backup waits for the reopened app
  }
  const options = { title: 'Back up the LedgerFlow database', defaultPath: defaultBackupName(), filters: [{ name: 'SQLite database', extensions: ['sqlite'] }] };
  const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return;
  try {
    const done = await backupDatabase(core, result.filePath);
    core.events.emit('notification', { level: 'success', messageKey: 'notifications.backupDone', message: `Backup written to ${done.path}`, params: { path: done.path } });
  } catch (error) {
    core.logger.error('backup failed', { error });
    core.events.emit('notification', { level: 'error', messageKey: 'notifications.backupFailed', message: `Backup failed: ${(error as Error).message}` });
  }
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const keychain = createSecretStore(dataDir, safeStorage);
  secrets = keychain;
  // The preview's start-up (temp files, automatic backups, background sync), reopened the same way
  // after a restore from Settings; the sync URL (with its password) lives in the OS keychain here.
  host = await openAppHost({ dataDir, prepare: (opened) => useSecretStore(opened, namedSecretStore(keychain)) });
  host.current().logger.info('desktop app started', { version: app.getVersion(), electron: process.versions.electron, secureStorage: secrets.available });
  denyPermissions();
  registerAppProtocol();
  registerIpc({ host, trusted, windowFor: (event) => BrowserWindow.fromWebContents(event.sender) });
  forwardEvents(host, () => BrowserWindow.getAllWindows());
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({
    command: sendMenuCommand,
    backup: () => void runBackup(),
    openDataFolder: () => void shell.openPath(dataDir),
    openLogsFolder: () => void shell.openPath(join(dataDir, 'logs')),
  }, { isMac: process.platform === 'darwin', isDev: !app.isPackaged, appName: APP_NAME })));
  mainWindow = createWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another LedgerFlow owns this data folder; it gets focus (second-instance) and we leave.
  app.quit();
} else {
  app.on('second-instance', () => {
    const window = mainWindow ?? BrowserWindow.getAllWindows()[0];
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => harden(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (host && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing || !host) return;
    closing = true;
    event.preventDefault();
    void host.close().finally(() => app.quit());
  });
  app.whenReady().then(start).catch((error: unknown) => {
    dialog.showErrorBox(APP_NAME, `LedgerFlow could not start: ${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
  });
}

export { secrets };
