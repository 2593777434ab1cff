// The one entry point of every transport (Electron IPC, the preview bridge): checks that the
// method exists and that the input matches its contract schema, runs the handler, and answers
// with the Result envelope. It never throws: an unknown method, a bad input or a failing handler
// all come back as `{ ok: false, error }` with a stable code and message key.
import { AppError, fail, ok, toAppError, type Result } from '../../src-shared/errors.js';
import { contract, isMethodName } from '../../src-shared/ipc/contract.js';
import { check, compile, describeErrors } from '../../src-shared/schemas/validate.js';
import type { Core } from './create-core.js';
import { handlers as defaultHandlers, type CallContext, type HandlerMap } from './handlers/index.js';

export interface DispatchOptions {
  handlers?: HandlerMap;
  /** Validate each handler's output against its schema (tests; LEDGERFLOW_CHECK_OUTPUT=1). */
  checkOutput?: boolean;
}

const checkOutputByDefault = process.env.LEDGERFLOW_CHECK_OUTPUT === '1';

export async function dispatch(core: Core, method: unknown, input: unknown, ctx: CallContext, options: DispatchOptions = {}): Promise<Result<unknown>> {
  const started = performance.now();
  try {
    if (!isMethodName(method)) {
      const shown = typeof method === 'string' ? JSON.stringify(method.slice(0, 80)) : typeof method;
      throw new AppError('NOT_FOUND', `unknown method ${shown}`, { details: { method: typeof method === 'string' ? method.slice(0, 80) : null } });
    }
    const spec = contract[method];
    const checked = check(spec.input, input === undefined ? {} : input, '$input');
    const handler = (options.handlers ?? defaultHandlers)[method] as (core: Core, input: unknown, ctx: CallContext) => Promise<unknown>;
    const value = await handler(core, checked, ctx);
    if (options.checkOutput ?? checkOutputByDefault) {
      const validate = compile(spec.output);
      if (!validate(value)) {
        const issues = describeErrors(validate.errors, '$output');
        throw new AppError('INTERNAL', `${method} returned a value that breaks its contract: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { details: { method, issues } });
      }
    }
    return ok(value);
  } catch (error) {
    const appError = toAppError(error);
    const fields = { method: typeof method === 'string' ? method.slice(0, 80) : null, code: appError.code, actor: ctx.actor, ms: Math.round(performance.now() - started) };
    if (appError.code === 'INTERNAL') core.logger.error(`ipc call failed: ${appError.message}`, { ...fields, error });
    else core.logger.debug(`ipc call refused: ${appError.message}`, fields);
    return fail(appError);
  }
}
