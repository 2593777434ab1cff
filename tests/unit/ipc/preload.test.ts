// The preload run the way a sandboxed renderer runs it: compiled to CommonJS and evaluated with a
// `require` that offers only `electron` (a fake here). It exposes exactly one frozen object,
// `ledgerflow`, whose calls go to the contract's channels, whose failures come back as error
// envelopes (never a throw from call), and whose event listeners can be removed.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { LedgerflowBridge } from '../../../src-shared/ipc/bridge.js';
import { IPC_CHANNELS } from '../../../src-shared/ipc/contract.js';

type Listener = (...args: unknown[]) => void;

const fake = vi.hoisted(() => {
  const state = {
    exposed: [] as Array<[string, unknown]>,
    invoked: [] as unknown[][],
    listeners: new Map<string, Listener>(),
    invokeImpl: async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: 'pong' }),
  };
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void state.exposed.push([key, api]) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => (state.invoked.push(args), state.invokeImpl(...args)),
      on: (channel: string, fn: Listener) => void state.listeners.set(channel, fn),
    },
    webUtils: {
      getPathForFile: (file: unknown) => {
        if (file === 'not-a-file') throw new TypeError('not a File');
        return file === 'blob' ? '' : '/home/me/Downloads/products.xlsx';
      },
    },
  };
  return { state, electron };
});

let bridge: LedgerflowBridge;
beforeAll(() => {
  const source = readFileSync(new URL('../../../src-main/preload/preload.cts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const sandboxRequire = (name: string) => {
    if (name === 'electron') return fake.electron;
    throw new Error(`a sandboxed preload cannot require ${name}`);
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', outputText)(sandboxRequire, module, module.exports);
  bridge = fake.state.exposed[0]![1] as LedgerflowBridge;
});

describe('preload', () => {
  it('exposes exactly one frozen object with call, on and the file helpers', () => {
    expect(fake.state.exposed.map(([key]) => key)).toEqual(['ledgerflow']);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'on', 'openFile', 'pathForFile', 'saveFile']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('sends calls on the contract channel and returns the envelope', async () => {
    await expect(bridge.call('app.info', {})).resolves.toEqual({ ok: true, value: 'pong' });
    expect(fake.state.invoked.at(-1)).toEqual([IPC_CHANNELS.call, 'app.info', {}]);
  });

  it('answers an uncloneable input or a broken channel with an error envelope instead of throwing', async () => {
    fake.state.invokeImpl = async () => { throw new Error('An object could not be cloned.'); };
    await expect(bridge.call('app.info', { fn: () => 1 })).resolves.toMatchObject({ ok: false, error: { code: 'BAD_INPUT', messageKey: 'errors.BAD_INPUT' } });
    fake.state.invokeImpl = async () => { throw new Error('boom'); };
    await expect(bridge.call('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    await expect(bridge.call(42 as unknown as string, {})).resolves.toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    fake.state.invokeImpl = async () => ({ ok: true, value: 'pong' });
  });

  it('delivers events by name and stops after unsubscribing', () => {
    const got: unknown[] = [];
    const off = bridge.on('notification', (p) => got.push(p));
    const deliver = fake.state.listeners.get(IPC_CHANNELS.event)!;
    deliver({}, 'notification', { message: 'hi' });
    deliver({}, 'sync.status', { state: 'idle' });
    off();
    deliver({}, 'notification', { message: 'again' });
    expect(got).toEqual([{ message: 'hi' }]);
    expect(() => bridge.on('x', 'nope' as unknown as () => void)).toThrow(TypeError);
  });

  it('resolves dropped files to paths, null for anything else, and unwraps dialog replies', async () => {
    expect(bridge.pathForFile('file')).toBe('/home/me/Downloads/products.xlsx');
    expect(bridge.pathForFile('blob')).toBeNull();
    expect(bridge.pathForFile('not-a-file')).toBeNull();
    fake.state.invokeImpl = async () => ({ ok: true, value: { path: '/tmp/a.zip', name: 'a.zip' } });
    await expect(bridge.saveFile({ defaultName: 'a.zip' })).resolves.toEqual({ path: '/tmp/a.zip', name: 'a.zip' });
    expect(fake.state.invoked.at(-1)).toEqual([IPC_CHANNELS.saveFile, { defaultName: 'a.zip' }]);
    fake.state.invokeImpl = async () => ({ ok: false, error: { code: 'FORBIDDEN', message: 'IPC refused', messageKey: 'errors.FORBIDDEN', retryable: false, details: {} } });
    await expect(bridge.openFile()).rejects.toThrow('IPC refused');
  });
});
