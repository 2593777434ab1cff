// The Electron transport: ipcMain handlers for the one contract plus the dialog helpers, each
// refusing any sender that is not our window's main frame showing app://ledgerflow, and the
// forwarding of core events to our windows. No logic here: dispatch does the checking and calling.
import { basename } from 'node:path';
import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { AppError, fail, type Result } from '../../src-shared/errors.js';
import { IPC_CHANNELS } from '../../src-shared/ipc/contract.js';
import { OpenFileOptionsSchema, SaveFileOptionsSchema, type ChosenFile } from '../../src-shared/ipc/bridge.js';
import { isEventName, type EventName, type EventPayload } from '../../src-shared/ipc/events.js';
import { check } from '../../src-shared/schemas/validate.js';
import type { CoreHost } from '../core/core-host.js';
import { checkSender } from './sender.js';

export interface IpcDeps {
  /** The core of the data folder, swapped by a restore from Settings (calls meanwhile: RESTORING). */
  host: CoreHost;
  /** webContents ids of our own windows. */
  trusted: Set<number>;
  windowFor(event: IpcMainInvokeEvent): BrowserWindow | null;
}

function refuse(host: CoreHost, channel: string, reason: string): Result<never> {
  try {
    host.current().logger.warn('ipc call refused: untrusted sender', { channel, reason });
  } catch {
    // Restoring: no core to log to.
  }
  return fail(new AppError('FORBIDDEN', `IPC refused: ${reason}`));
}

export function registerIpc(deps: IpcDeps): () => void {
  const { host, trusted } = deps;
  // Paths the user picked in a native dialog this session: the only paths a handler may write to
  // (exports.create's `out`) or read (backup.verify / backup.restore's `path`) on the renderer's
  // say-so (docs/ARCHITECTURE.md "Paths from the renderer").
  const chosenForWriting = new Set<string>();
  const chosenForReading = new Set<string>();
  const canWrite = (path: string) => chosenForWriting.has(path);
  const canRead = (path: string) => chosenForReading.has(path);

  ipcMain.handle(IPC_CHANNELS.call, async (event, method: unknown, input: unknown) => {
    const verdict = checkSender(event, trusted);
    if (!verdict.ok) return refuse(host, IPC_CHANNELS.call, verdict.reason);
    return host.dispatch(method, input, { actor: 'ui', transport: 'electron', canWrite, canRead });
  });

  ipcMain.handle(IPC_CHANNELS.openFile, async (event, options: unknown): Promise<Result<ChosenFile | null>> => {
    const verdict = checkSender(event, trusted);
    if (!verdict.ok) return refuse(host, IPC_CHANNELS.openFile, verdict.reason);
    try {
      const checked = check(OpenFileOptionsSchema, options ?? {}, '$options');
      const window = deps.windowFor(event);
      const dialogOptions = { title: checked.title, filters: checked.filters, properties: ['openFile' as const] };
      const result = window ? await dialog.showOpenDialog(window, dialogOptions) : await dialog.showOpenDialog(dialogOptions);
      const path = result.canceled ? undefined : result.filePaths[0];
      if (path) chosenForReading.add(path);
      return { ok: true, value: path ? { path, name: basename(path) } : null };
    } catch (error) {
      return fail(error);
    }
  });

  ipcMain.handle(IPC_CHANNELS.saveFile, async (event, options: unknown): Promise<Result<ChosenFile | null>> => {
    const verdict = checkSender(event, trusted);
    if (!verdict.ok) return refuse(host, IPC_CHANNELS.saveFile, verdict.reason);
    try {
      const checked = check(SaveFileOptionsSchema, options ?? {}, '$options');
      const window = deps.windowFor(event);
      const dialogOptions = { title: checked.title, defaultPath: checked.defaultName, filters: checked.filters, properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
      const result = window ? await dialog.showSaveDialog(window, dialogOptions) : await dialog.showSaveDialog(dialogOptions);
      if (result.canceled || !result.filePath) return { ok: true, value: null };
      chosenForWriting.add(result.filePath);
      return { ok: true, value: { path: result.filePath, name: basename(result.filePath) } };
    } catch (error) {
      return fail(error);
    }
  });

  return () => {
    for (const channel of [IPC_CHANNELS.call, IPC_CHANNELS.openFile, IPC_CHANNELS.saveFile]) ipcMain.removeHandler(channel);
  };
}

/** Sends one contract event to a window; name and payload are typed by src-shared/ipc/events.ts. */
export function sendEvent<E extends EventName>(window: BrowserWindow, name: E, payload: EventPayload<E>): void {
  if (!window.isDestroyed()) window.webContents.send(IPC_CHANNELS.event, name, payload);
}

/** Sends every contract event the core emits (any core of this run: one bus) to each of our windows. */
export function forwardEvents(host: CoreHost, windows: () => BrowserWindow[]): () => void {
  return host.events.on((name, payload) => {
    if (!isEventName(name)) return;
    for (const window of windows()) sendEvent(window, name, payload);
  });
}
