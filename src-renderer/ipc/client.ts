// The renderer's typed IPC client: `call('businesses.get', { id })` is checked against the
// contract at compile time and answered through whichever transport exists: the preload's
// `window.ledgerflow` in the desktop app, or the loopback preview bridge in a browser (token
// from `#token=...` in the URL). A refused call rejects with an IpcError carrying the stable code.
import type { ErrorCode, ErrorDetails, Result, SerializedError } from '../../src-shared/errors.js';
import type { Input, MethodName, Output } from '../../src-shared/ipc/contract.js';
import type { EventName, EventPayload } from '../../src-shared/ipc/events.js';
import type { ChosenFile, LedgerflowBridge, OpenFileOptions, SaveFileOptions } from '../../src-shared/ipc/bridge.js';
import { createPreviewTransport, readPreviewToken } from './preview-transport.js';

declare global {
  interface Window {
    ledgerflow?: LedgerflowBridge;
  }
}

export class IpcError extends Error {
  readonly code: ErrorCode;
  readonly messageKey: string;
  readonly retryable: boolean;
  readonly details: ErrorDetails;
  readonly method: string;

  constructor(method: string, error: SerializedError) {
    super(error.message);
    this.name = 'IpcError';
    this.method = method;
    this.code = error.code;
    this.messageKey = error.messageKey;
    this.retryable = error.retryable;
    this.details = error.details ?? {};
  }
}

export function isIpcError(value: unknown): value is IpcError {
  return value instanceof IpcError;
}

/** What a transport must do; the Electron preload bridge is one as it is. */
export interface Transport {
  readonly kind: 'electron' | 'preview';
  call(method: string, input: unknown): Promise<Result<unknown>>;
  on(event: string, handler: (payload: unknown) => void): () => void;
}

export interface IpcClient {
  readonly transport: Transport;
  call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: unknown };
  return v.ok === true ? 'value' in v : v.ok === false && typeof v.error === 'object' && v.error !== null;
}

export function createClient(transport: Transport): IpcClient {
  return {
    transport,
    async call(method, input) {
      let reply: unknown;
      try {
        reply = await transport.call(method, input);
      } catch (error) {
        throw new IpcError(method, {
          code: 'INTERNAL', messageKey: 'errors.INTERNAL', retryable: true, details: { transport: transport.kind },
          message: `the call ${method} did not reach the app: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
      if (!isResult(reply)) {
        throw new IpcError(method, { code: 'INTERNAL', messageKey: 'errors.INTERNAL', retryable: false, details: {}, message: `the call ${method} got a malformed reply` });
      }
      if (!reply.ok) throw new IpcError(method, reply.error);
      return reply.value as Output<typeof method>;
    },
    on(event, handler) {
      return transport.on(event, handler as (payload: unknown) => void);
    },
  };
}

function electronTransport(bridge: LedgerflowBridge): Transport {
  return { kind: 'electron', call: (method, input) => bridge.call(method, input), on: (event, handler) => bridge.on(event, handler) };
}

/** Electron when the preload exposed `window.ledgerflow`, otherwise the preview bridge. */
export function detectTransport(win: Window = window): Transport {
  if (win.ledgerflow) return electronTransport(win.ledgerflow);
  return createPreviewTransport({ baseUrl: win.location.origin, token: readPreviewToken(win) });
}

let defaultClient: IpcClient | undefined;

export function getClient(): IpcClient {
  defaultClient ??= createClient(detectTransport());
  return defaultClient;
}

/** Replace the default client (tests, storybook-like harnesses). */
export function setClient(client: IpcClient | undefined): void {
  defaultClient = client;
}

export function call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
  return getClient().call(method, input);
}

export function on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
  return getClient().on(event, handler);
}

/**
 * Native file helpers. They exist only in the desktop app (`available` is false in the browser
 * preview, where the UI uses an <input type=file> and sends the bytes instead).
 */
export const files = {
  get available(): boolean {
    return typeof window !== 'undefined' && Boolean(window.ledgerflow);
  },
  pathForFile(file: File): string | null {
    return window.ledgerflow?.pathForFile(file) ?? null;
  },
  async openFile(options?: OpenFileOptions): Promise<ChosenFile | null> {
    return window.ledgerflow ? window.ledgerflow.openFile(options) : null;
  },
  async saveFile(options?: SaveFileOptions): Promise<ChosenFile | null> {
    return window.ledgerflow ? window.ledgerflow.saveFile(options) : null;
  },
};
