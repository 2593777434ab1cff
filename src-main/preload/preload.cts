// The preload (sandboxed, so CommonJS and self-contained: it may require only `electron`). It
// exposes exactly one object, `window.ledgerflow`, with call/on and the file helpers; the
// renderer never sees ipcRenderer. Channel names repeat src-shared/ipc/contract.ts IPC_CHANNELS
// (tests/unit/ipc/preload.test.ts keeps them equal).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { LedgerflowBridge, OpenFileOptions, SaveFileOptions, ChosenFile } from '../../src-shared/ipc/bridge.js' with { 'resolution-mode': 'import' };
import type { Result } from '../../src-shared/errors.js' with { 'resolution-mode': 'import' };

const CHANNELS = {
  call: 'ledgerflow:call',
  event: 'ledgerflow:event',
  openFile: 'ledgerflow:dialog:open',
  saveFile: 'ledgerflow:dialog:save',
} as const;

function failure(code: 'BAD_INPUT' | 'INTERNAL', message: string): Result<never> {
  return { ok: false, error: { code, message, messageKey: `errors.${code}`, retryable: false, details: {} } };
}

const listeners = new Map<string, Set<(payload: unknown) => void>>();
ipcRenderer.on(CHANNELS.event, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const handler of listeners.get(name) ?? []) {
    try {
      handler(payload);
    } catch (error) {
      console.error(`ledgerflow: a handler of "${name}" failed`, error);
    }
  }
});

async function invoke<T>(channel: string, ...args: unknown[]): Promise<Result<T>> {
  try {
    return (await ipcRenderer.invoke(channel, ...args)) as Result<T>;
  } catch (error) {
    // Typically "An object could not be cloned": the input held a function, a DOM node...
    const message = error instanceof Error ? error.message : String(error);
    return /clone/i.test(message) ? failure('BAD_INPUT', `the input cannot be sent: ${message}`) : failure('INTERNAL', message);
  }
}

async function unwrap<T>(promise: Promise<Result<T>>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const bridge: LedgerflowBridge = {
  call(method: string, input: unknown) {
    if (typeof method !== 'string') return Promise.resolve(failure('BAD_INPUT', 'method must be a string'));
    return invoke<unknown>(CHANNELS.call, method, input);
  },
  on(event: string, handler: (payload: unknown) => void) {
    if (typeof event !== 'string' || typeof handler !== 'function') throw new TypeError('ledgerflow.on(event: string, handler: function)');
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  },
  pathForFile(file: unknown) {
    try {
      const path = webUtils.getPathForFile(file as File);
      return path === '' ? null : path;
    } catch {
      return null;
    }
  },
  openFile(options?: OpenFileOptions): Promise<ChosenFile | null> {
    return unwrap(invoke<ChosenFile | null>(CHANNELS.openFile, options ?? {}));
  },
  saveFile(options?: SaveFileOptions): Promise<ChosenFile | null> {
    return unwrap(invoke<ChosenFile | null>(CHANNELS.saveFile, options ?? {}));
  },
};

contextBridge.exposeInMainWorld('ledgerflow', Object.freeze(bridge));
