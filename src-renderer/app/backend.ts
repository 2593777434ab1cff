// The renderer's one door to the main process: every call goes through the typed client in ../ipc,
// so its method name, input and result types come from src-shared/ipc/contract.ts (a wrong name or
// argument fails `npm run typecheck`; tests/unit/renderer/typed-client.test-d.ts holds that), and
// every subscription's event name and payload from src-shared/ipc/events.ts. A new method is one
// contract entry and one handler; there is no untyped way to call.
import type { Input, MethodName, Output } from '../../src-shared/ipc/contract.js';
import type { EventName, EventPayload } from '../../src-shared/ipc/events.js';
import type { SerializedError } from '../../src-shared/errors.js';
import { call as ipcCall, on as ipcOn } from '../ipc/client.js';

/** A failed call, carrying the backend's stable code and details for the UI to translate. */
export class BackendError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly retryable: boolean;
  constructor(error: SerializedError | { code: string; message: string; details?: Record<string, unknown>; retryable?: boolean }) {
    super(error.message);
    this.name = 'BackendError';
    this.code = error.code;
    this.details = (error.details ?? {}) as Record<string, unknown>;
    this.retryable = Boolean(error.retryable);
  }
}

function asBackendError(error: unknown): BackendError {
  if (error instanceof BackendError) return error;
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    const e = error as { code: unknown; message: unknown; details?: unknown; retryable?: unknown };
    return new BackendError({
      code: String(e.code),
      message: String(e.message),
      details: (e.details && typeof e.details === 'object' ? e.details : {}) as Record<string, unknown>,
      retryable: Boolean(e.retryable),
    });
  }
  return new BackendError({ code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) });
}

export async function call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
  try {
    return await ipcCall(method, input);
  } catch (error) {
    throw asBackendError(error);
  }
}

export function subscribe<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
  return ipcOn(event, handler);
}
