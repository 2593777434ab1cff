// The CLI reaches the same handlers as the desktop app and the preview bridge (actor "cli").
// A file's problems are reported with the file's name before their JSON paths.
import { AppError } from '../../src-shared/errors.js';
import type { Input, MethodName, Output } from '../../src-shared/ipc/contract.js';
import type { Core } from '../core/create-core.js';
import { handlers } from '../core/handlers/index.js';

export async function callHandler<M extends MethodName>(core: Core, method: M, input: Input<M>): Promise<Output<M>> {
  const handler = handlers[method] as (core: Core, input: Input<M>, ctx: { actor: string; transport: 'direct' }) => Promise<Output<M>>;
  return handler(core, input, { actor: 'cli', transport: 'direct' });
}

/** Runs `fn`; an AppError gets the file's name in front of its message (paths stay as they are). */
export async function forFile<T>(file: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AppError) throw new AppError(error.code, `${file}: ${error.message}`, { details: { file, ...error.details }, retryable: error.retryable });
    throw error;
  }
}
