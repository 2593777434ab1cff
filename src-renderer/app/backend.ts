// The renderer's one door to the main process. Typed methods of the IPC contract go through the
// client in ../ipc; methods that a later backend adds (imports, batches, exports...) are reached
// through `callOptional`, which first asks whether this build of the contract has them, so a
// screen can show "not available in this version" instead of failing.
import { contract, isMethodName, type Input, type MethodName, type Output } from '../../src-shared/ipc/contract.js';
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

/** Whether the backend's contract has this method (later issues add methods one by one). */
export function hasMethod(method: string): boolean {
  return isMethodName(method) && Object.prototype.hasOwnProperty.call(contract, method);
}

/** Calls a method that may not exist in this build's contract; throws NOT_AVAILABLE when absent. */
export async function callOptional<T>(method: string, input: unknown): Promise<T> {
  if (!isMethodName(method)) throw new BackendError({ code: 'NOT_AVAILABLE', message: `${method} is not available in this version` });
  try {
    return (await ipcCall(method, input as Input<typeof method>)) as T;
  } catch (error) {
    throw asBackendError(error);
  }
}

export function subscribe<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
  return ipcOn(event, handler);
}
