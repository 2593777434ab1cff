// One ajv instance for every boundary (IPC, CLI files, import, plugin settings, settings file):
// failures become AppError BAD_INPUT whose message names each JSON path, and unknown keys by name.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Static, TSchema } from '@sinclair/typebox';
import { AppError } from '../errors.js';

export const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false });
// Formats used by our schemas, kept small and explicit instead of pulling ajv-formats into the renderer.
// The renderer's validator (@cfworker/json-schema) checks dates against the calendar and URIs by
// their scheme; the server says the same, so a form and its server never disagree on a value.
ajv.addFormat('date', (value: string) => {
  const match = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [match[1]!, match[2]!, match[3]!].map((part) => parseInt(part, 10)) as [number, number, number];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= daysInMonth;
});
ajv.addFormat('email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);

const cache = new WeakMap<object, ValidateFunction>();

export function compile(schema: object): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    cache.set(schema, fn);
  }
  return fn;
}

export interface SchemaIssue {
  path: string;
  message: string;
}

/** One BAD_INPUT naming every issue at once, each with its JSON path. */
export function badInput(issues: SchemaIssue[]): AppError {
  return new AppError('BAD_INPUT', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { details: { issues, path: issues[0]?.path } });
}

function pathOf(error: ErrorObject, root: string): string {
  const pointer = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('');
  return `${root}${pointer}`;
}

export function describeErrors(errors: ErrorObject[] | null | undefined, root = '$'): SchemaIssue[] {
  return (errors ?? []).map((error) => {
    const path = pathOf(error, root);
    if (error.keyword === 'additionalProperties') {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      return { path: `${path}.${key}`, message: `unknown key "${key}"` };
    }
    if (error.keyword === 'required') {
      const key = String((error.params as { missingProperty: string }).missingProperty);
      return { path: `${path}.${key}`, message: `"${key}" is required` };
    }
    if (error.keyword === 'enum') return { path, message: `must be one of ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}` };
    return { path, message: error.message ?? 'is invalid' };
  });
}

/** Returns the value typed by its schema, or throws BAD_INPUT listing every problem with its path. */
export function check<T extends TSchema>(schema: T, value: unknown, root = '$'): Static<T> {
  const fn = compile(schema);
  if (fn(value)) return value as Static<T>;
  const issues = dedupe(describeErrors(fn.errors, root));
  throw new AppError('BAD_INPUT', issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), { details: { issues } });
}

function dedupe(issues: SchemaIssue[]): SchemaIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}|${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
