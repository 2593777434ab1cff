// An RJSF validator that interprets JSON Schema instead of compiling it. Ajv (and so
// @rjsf/validator-ajv8) compiles schemas with `new Function`, which the app's Content-Security-
// Policy forbids (script-src 'self', no 'unsafe-eval'); the plugin settings schemas arrive at run
// time, so precompiling is not possible either. The server validates again with ajv, so this only
// needs the keywords our shared schemas use, with the same meaning.
import { toErrorSchema, type CustomValidator, type ErrorTransformer, type RJSFSchema, type RJSFValidationError, type UiSchema, type ValidationData, type ValidatorType } from '@rjsf/utils';

type Schema = Record<string, unknown>;

export interface SchemaError {
  keyword: string;
  /** Dotted data path, "" for the root, ".taxSettings.roundOffTotal" below it. */
  property: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message: string;
}

const FORMATS: Record<string, RegExp> = {
  date: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  uri: /^[a-z][a-z0-9+.-]*:[^\s]*$/i,
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  if (type === 'number') return actual === 'number' || actual === 'integer';
  return actual === type;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((key) => deepEqual((a as Schema)[key], (b as Schema)[key]));
}

function resolveRef(ref: string, root: Schema): Schema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Schema | undefined)?.[part];
  }
  return node as Schema | undefined;
}

function codepoints(s: string): number {
  return [...s].length;
}

/** Every violation of `schema` by `value`; `root` resolves local $refs. */
export function validateValue(schema: unknown, value: unknown, root: Schema = schema as Schema, property = '', schemaPath = '#'): SchemaError[] {
  if (schema === true || schema === undefined) return [];
  if (schema === false) return [{ keyword: 'false schema', property, schemaPath, params: {}, message: 'is not allowed' }];
  const s = schema as Schema;
  const errors: SchemaError[] = [];
  const fail = (keyword: string, params: Record<string, unknown>, message: string, at = property) =>
    errors.push({ keyword, property: at, schemaPath: `${schemaPath}/${keyword}`, params, message });

  if (typeof s.$ref === 'string') {
    const target = resolveRef(s.$ref, root);
    if (target) errors.push(...validateValue(target, value, root, property, s.$ref));
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => matchesType(value, t))) {
      fail('type', { type: types.join(',') }, `must be ${types.join(' or ')}`);
      return errors;
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((option) => deepEqual(option, value))) fail('enum', { allowedValues: s.enum }, 'must be one of the allowed values');
  if ('const' in s && !deepEqual(s.const, value)) fail('const', { allowedValue: s.const }, 'must be the constant value');

  if (Array.isArray(s.anyOf)) {
    const ok = (s.anyOf as unknown[]).some((sub, i) => validateValue(sub, value, root, property, `${schemaPath}/anyOf/${i}`).length === 0);
    if (!ok) fail('anyOf', {}, 'must match a schema in anyOf');
  }
  if (Array.isArray(s.oneOf)) {
    const passing = (s.oneOf as unknown[]).filter((sub, i) => validateValue(sub, value, root, property, `${schemaPath}/oneOf/${i}`).length === 0).length;
    if (passing !== 1) fail('oneOf', { passingSchemas: passing }, 'must match exactly one schema in oneOf');
  }
  if (Array.isArray(s.allOf)) (s.allOf as unknown[]).forEach((sub, i) => errors.push(...validateValue(sub, value, root, property, `${schemaPath}/allOf/${i}`)));

  if (typeof value === 'string') {
    if (typeof s.minLength === 'number' && codepoints(value) < s.minLength) fail('minLength', { limit: s.minLength }, `must NOT have fewer than ${s.minLength} characters`);
    if (typeof s.maxLength === 'number' && codepoints(value) > s.maxLength) fail('maxLength', { limit: s.maxLength }, `must NOT have more than ${s.maxLength} characters`);
    if (typeof s.pattern === 'string') {
      let re: RegExp | undefined;
      try {
        re = new RegExp(s.pattern, 'u');
      } catch {
        re = undefined;
      }
      if (re && !re.test(value)) fail('pattern', { pattern: s.pattern }, `must match pattern "${s.pattern}"`);
    }
    if (typeof s.format === 'string' && FORMATS[s.format] && !FORMATS[s.format]?.test(value)) fail('format', { format: s.format }, `must match format "${s.format}"`);
  }

  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) fail('minimum', { limit: s.minimum, comparison: '>=' }, `must be >= ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) fail('maximum', { limit: s.maximum, comparison: '<=' }, `must be <= ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) fail('minimum', { limit: s.exclusiveMinimum, comparison: '>' }, `must be > ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) fail('maximum', { limit: s.exclusiveMaximum, comparison: '<' }, `must be < ${s.exclusiveMaximum}`);
    if (typeof s.multipleOf === 'number' && s.multipleOf > 0 && Math.abs(value / s.multipleOf - Math.round(value / s.multipleOf)) > 1e-9) fail('multipleOf', { multipleOf: s.multipleOf }, `must be a multiple of ${s.multipleOf}`);
  }

  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) fail('minItems', { limit: s.minItems }, `must NOT have fewer than ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) fail('maxItems', { limit: s.maxItems }, `must NOT have more than ${s.maxItems} items`);
    if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) value.forEach((item, i) => errors.push(...validateValue(s.items, item, root, `${property}.${i}`, `${schemaPath}/items`)));
  }

  if (typeOf(value) === 'object') {
    const obj = value as Schema;
    const props = (s.properties ?? {}) as Record<string, unknown>;
    const patterns = Object.entries((s.patternProperties ?? {}) as Record<string, unknown>).map(([p, sub]) => [new RegExp(p, 'u'), sub] as const);
    if (Array.isArray(s.required)) for (const key of s.required as string[]) if (obj[key] === undefined) fail('required', { missingProperty: key }, `must have required property '${key}'`);
    const count = Object.keys(obj).filter((key) => obj[key] !== undefined).length;
    if (typeof s.minProperties === 'number' && count < s.minProperties) fail('minProperties', { limit: s.minProperties }, `must NOT have fewer than ${s.minProperties} properties`);
    for (const [key, child] of Object.entries(obj)) {
      if (child === undefined) continue;
      let known = false;
      if (key in props) {
        known = true;
        errors.push(...validateValue(props[key], child, root, `${property}.${key}`, `${schemaPath}/properties/${key}`));
      }
      for (const [re, sub] of patterns)
        if (re.test(key)) {
          known = true;
          errors.push(...validateValue(sub, child, root, `${property}.${key}`, `${schemaPath}/patternProperties`));
        }
      if (!known) {
        if (s.additionalProperties === false) fail('additionalProperties', { additionalProperty: key }, 'must NOT have additional properties');
        else if (s.additionalProperties && typeof s.additionalProperties === 'object')
          errors.push(...validateValue(s.additionalProperties, child, root, `${property}.${key}`, `${schemaPath}/additionalProperties`));
      }
    }
  }
  return errors;
}

function toRjsfErrors(errors: SchemaError[]): RJSFValidationError[] {
  return errors
    .filter((e) => !(e.keyword === 'anyOf' && errors.some((o) => o !== e && o.property === e.property && o.keyword !== 'anyOf')))
    .map((e) => {
      const property = e.keyword === 'required' ? `${e.property}.${String(e.params.missingProperty)}` : e.property;
      return { name: e.keyword, property, message: e.message, params: e.params, stack: `${property} ${e.message}`.trim(), schemaPath: e.schemaPath };
    });
}

export function createInterpretingValidator<T = unknown>(): ValidatorType<T, RJSFSchema> {
  return {
    validateFormData(formData: T | undefined, schema: RJSFSchema, _customValidate?: CustomValidator<T, RJSFSchema>, transformErrors?: ErrorTransformer<T, RJSFSchema>, uiSchema?: UiSchema<T, RJSFSchema>): ValidationData<T> {
      let errors = toRjsfErrors(validateValue(schema, formData, schema as Schema));
      if (transformErrors) errors = transformErrors(errors, uiSchema);
      // customValidate is not used by our forms; the server is the second check.
      return { errors, errorSchema: toErrorSchema<T>(errors) };
    },
    isValid(schema: RJSFSchema, formData: T | undefined, rootSchema: RJSFSchema): boolean {
      return validateValue(schema, formData, rootSchema as Schema).length === 0;
    },
    rawValidation<Result = unknown>(schema: RJSFSchema, formData?: T): { errors?: Result[]; validationError?: Error } {
      const errors = validateValue(schema, formData, schema as Schema);
      return errors.length ? { errors: errors as unknown as Result[] } : {};
    },
  };
}
