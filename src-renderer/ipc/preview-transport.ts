// The browser side of the preview bridge (src-main/preview): POST /api/call with the per-run
// token in a header, events from one shared EventSource on /api/events (token as a query
// parameter, since EventSource cannot set headers).
import type { Result } from '../../src-shared/errors.js';
import { PREVIEW_TOKEN_HEADER } from '../../src-shared/ipc/bridge.js';
import type { Transport } from './client.js';

const TOKEN_KEY = 'ledgerflow.previewToken';

/** The token from `#token=...` (remembered for reloads in sessionStorage), or '' when absent. */
export function readPreviewToken(win: Window): string {
  const fromHash = new URLSearchParams(win.location.hash.replace(/^#\/?/, '').replace(/^[^?]*\?/, '')).get('token')
    ?? new URLSearchParams(win.location.hash.slice(1)).get('token');
  try {
    if (fromHash) win.sessionStorage.setItem(TOKEN_KEY, fromHash);
    return fromHash ?? win.sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return fromHash ?? '';
  }
}

export interface PreviewTransportOptions {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

export function createPreviewTransport(options: PreviewTransportOptions): Transport {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | undefined;

  function ensureSource(): void {
    if (source) return;
    const Source = options.EventSource ?? globalThis.EventSource;
    if (!Source) return;
    source = new Source(`${options.baseUrl}/api/events?token=${encodeURIComponent(options.token)}`);
    source.onmessage = (message: MessageEvent<string>) => {
      let parsed: { name?: unknown; payload?: unknown };
      try {
        parsed = JSON.parse(message.data) as { name?: unknown; payload?: unknown };
      } catch {
        return;
      }
      if (typeof parsed.name !== 'string') return;
      for (const handler of listeners.get(parsed.name) ?? []) handler(parsed.payload);
    };
  }

  return {
    kind: 'preview',
    async call(method, input) {
      const response = await doFetch(`${options.baseUrl}/api/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [PREVIEW_TOKEN_HEADER]: options.token },
        body: JSON.stringify({ method, input: input === undefined ? {} : input }),
      });
      return (await response.json()) as Result<unknown>;
    },
    on(event, handler) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(handler);
      ensureSource();
      return () => {
        set.delete(handler);
        if ([...listeners.values()].every((s) => s.size === 0)) {
          source?.close();
          source = undefined;
        }
      };
    },
  };
}
