// The renderer's IPC client: typed calls over either transport, a rejected IpcError carrying the
// stable code on {ok:false}, the preview transport's token header, and the transport choice.
import { describe, expect, it } from 'vitest';
import { createClient, detectTransport, IpcError, type Transport } from '../../../src-renderer/ipc/client.js';
import { createPreviewTransport, readPreviewToken } from '../../../src-renderer/ipc/preview-transport.js';
import type { LedgerflowBridge } from '../../../src-shared/ipc/bridge.js';

function fakeWindow(hash: string, bridge?: LedgerflowBridge): Window {
  const storage = new Map<string, string>();
  return {
    location: { hash, origin: 'http://127.0.0.1:4000' },
    sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
    ledgerflow: bridge,
  } as unknown as Window;
}

describe('IPC client', () => {
  it('resolves with the value of {ok:true}', async () => {
    const transport: Transport = { kind: 'preview', call: async () => ({ ok: true, value: { text: 'm 1' } }), on: () => () => undefined };
    await expect(createClient(transport).call('metrics.text', {})).resolves.toEqual({ text: 'm 1' });
  });

  it('rejects with an IpcError carrying code, message key, details and method on {ok:false}', async () => {
    const transport: Transport = {
      kind: 'electron',
      call: async () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'no business with id x', messageKey: 'errors.NOT_FOUND', retryable: false, details: { businessId: 'x' } } }),
      on: () => () => undefined,
    };
    const error = await createClient(transport).call('businesses.get', { id: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', messageKey: 'errors.NOT_FOUND', method: 'businesses.get', details: { businessId: 'x' }, message: 'no business with id x' });
  });

  it('turns a transport failure or a malformed reply into an INTERNAL IpcError', async () => {
    const broken: Transport = { kind: 'preview', call: async () => { throw new TypeError('fetch failed'); }, on: () => () => undefined };
    await expect(createClient(broken).call('app.info', {})).rejects.toMatchObject({ code: 'INTERNAL', retryable: true });
    const garbled: Transport = { kind: 'preview', call: async () => ({ nonsense: true }) as never, on: () => () => undefined };
    await expect(createClient(garbled).call('app.info', {})).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('malformed') });
  });

  it('sends the token header and the {method, input} body to /api/call', async () => {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    const fetchStub = (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return new Response(JSON.stringify({ ok: true, value: [] }), { headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    const client = createClient(createPreviewTransport({ baseUrl: 'http://127.0.0.1:4000', token: 'tok123', fetch: fetchStub }));
    await client.call('businesses.list', {});
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('http://127.0.0.1:4000/api/call');
    expect((seen[0]!.init.headers as Record<string, string>)['x-ledgerflow-token']).toBe('tok123');
    expect(JSON.parse(seen[0]!.init.body as string)).toEqual({ method: 'businesses.list', input: {} });
  });

  it('reads the token from #token=… or a hash route, and remembers it for reloads', () => {
    expect(readPreviewToken(fakeWindow('#token=abc'))).toBe('abc');
    expect(readPreviewToken(fakeWindow('#/invoices?token=def'))).toBe('def');
    const win = fakeWindow('#token=ghi');
    readPreviewToken(win);
    (win.location as { hash: string }).hash = '#/settings';
    expect(readPreviewToken(win)).toBe('ghi');
    expect(readPreviewToken(fakeWindow(''))).toBe('');
  });

  it('uses the Electron bridge when the preload exposed one, else the preview bridge', async () => {
    const calls: string[] = [];
    const bridge = { call: async (m: string) => (calls.push(m), { ok: true, value: 1 }), on: () => () => undefined } as unknown as LedgerflowBridge;
    const electron = detectTransport(fakeWindow('', bridge));
    expect(electron.kind).toBe('electron');
    await electron.call('app.info', {});
    expect(calls).toEqual(['app.info']);
    expect(detectTransport(fakeWindow('#token=x')).kind).toBe('preview');
  });
});
