// An RJSF validator that interprets JSON Schema instead of compiling it. Ajv (and so
// @rjsf/validator-ajv8) compiles schemas with `new Function`, which the app's Content-Security-
// Policy forbids (script-src 'self', no 'unsafe-eval'); plugin settings schemas arrive at run time,
// so precompiling is not possible either. @cfworker/json-schema interprets every draft-7 keyword
// (if/then/else, not, uniqueItems, dependencies…) without code generation; this module only turns
// its output into the errors RJSF and our translations expect (keyword, property, params). The
// server validates again with ajv; tests/unit/renderer/schema-validator.test.ts holds the two to
// the same verdict.
import { format as knownFormats, Validator, type OutputUnit, type Schema as CfSchema } from '@cfworker/json-schema';
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

/** Keywords that only say "something below failed"; the error below is the one to show. */
const WRAPPERS = new Set(['properties', 'patternProperties', 'items', 'additionalItems', 'allOf', '$ref', 'false', 'contains', 'dependencies', 'if', 'then', 'else', 'propertyNames']);

/** Keywords @cfworker/json-schema checks (its validate.js reads each of these). */
const ASSERTIONS = new Set([
  '$ref', 'type', 'const', 'enum', 'required', 'not', 'anyOf', 'allOf', 'oneOf', 'if', 'then', 'else', 'format',
  'properties', 'patternProperties', 'additionalProperties', 'minProperties', 'maxProperties', 'propertyNames', 'dependencies',
  'dependentRequired', 'dependentSchemas', 'items', 'additionalItems', 'contains', 'minItems', 'maxItems', 'uniqueItems',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern',
]);
/** Keywords that assert nothing (ajv ignores them too), so passing them over changes no verdict. */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'default', 'examples', 'readOnly', 'writeOnly', 'deprecated', 'definitions', '$defs']);
/** Keywords whose value is one sub-schema, a list of them, or a map of them. */
const ONE = ['not', 'if', 'then', 'else', 'additionalProperties', 'propertyNames', 'additionalItems', 'contains'];
const LIST = ['anyOf', 'allOf', 'oneOf'];
const MAP = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'];

/** A schema the form validator would not check fully: refused, never half-applied. */
export class UnsupportedSchemaError extends Error {
  constructor(readonly keyword: string, readonly at: string) {
    super(`the form validator does not support the JSON Schema keyword "${keyword}" (at ${at || '#'}); the form cannot check it`);
    this.name = 'UnsupportedSchemaError';
  }
}

function subSchemas(node: Schema, at: string): Array<[unknown, string]> {
  const items = node.items;
  const dependencies = node.dependencies;
  return [
    ...ONE.filter((k) => k in node).map((k): [unknown, string] => [node[k], `${at}/${k}`]),
    ...LIST.filter((k) => Array.isArray(node[k])).flatMap((k) => (node[k] as unknown[]).map((s, i): [unknown, string] => [s, `${at}/${k}/${i}`])),
    ...MAP.filter((k) => node[k] && typeof node[k] === 'object').flatMap((k) => Object.entries(node[k] as Schema).map(([name, s]): [unknown, string] => [s, `${at}/${k}/${name}`])),
    ...(Array.isArray(items) ? items.map((s, i): [unknown, string] => [s, `${at}/items/${i}`]) : items !== undefined ? [[items, `${at}/items`] as [unknown, string]] : []),
    ...(dependencies && typeof dependencies === 'object' ? Object.entries(dependencies).filter(([, d]) => !Array.isArray(d)).map(([name, s]): [unknown, string] => [s, `${at}/dependencies/${name}`]) : []),
  ];
}

/** Throws UnsupportedSchemaError on the first keyword (or format) the validator would silently skip. */
export function assertSupported(schema: unknown, at = '#'): void {
  if (typeof schema !== 'object' || schema === null) return;
  const node = schema as Schema;
  const unknown = Object.keys(node).find((k) => !ASSERTIONS.has(k) && !ANNOTATIONS.has(k));
  if (unknown !== undefined) throw new UnsupportedSchemaError(unknown, at);
  if (typeof node.format === 'string' && !(node.format in knownFormats)) throw new UnsupportedSchemaError(`format: ${node.format}`, at);
  for (const [sub, where] of subSchemas(node, at)) assertSupported(sub, where);
}

const validators = new WeakMap<object, Validator>();

function validatorFor(schema: Schema): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    // TypeBox schemas carry symbol keys and `undefined`s; the JSON form is what ajv sees too.
    const json = JSON.parse(JSON.stringify(schema)) as CfSchema;
    assertSupported(json);
    validator = new Validator(json, '7', false);
    validators.set(schema, validator);
  }
  return validator;
}

/** "#/taxSettings/roundOffTotal" -> ".taxSettings.roundOffTotal" (RJSF's dotted property). */
function dotted(instanceLocation: string): string {
  return instanceLocation
    .replace(/^#/, '')
    .split('/')
    .filter(Boolean)
    .map((part) => '.' + decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('');
}

/** The value of the keyword that failed, found by walking its location in the schema. */
function keywordValue(root: Schema, keywordLocation: string): unknown {
  let node: unknown = root;
  for (const raw of keywordLocation.replace(/^#/, '').split('/').filter(Boolean)) {
    const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node && typeof node === 'object' && part in node) node = (node as Schema)[part];
    else if (node && typeof node === 'object' && typeof (node as Schema).$ref === 'string') node = keywordValue(root, `${String((node as Schema).$ref)}/${raw}`);
    else return undefined;
  }
  return node;
}

const quoted = (error: string): string | undefined => /"([^"]*)"/.exec(error)?.[1];

type Described = { params: Record<string, unknown>; message: string; keyword?: string };

/** Per keyword: ajv's params and English message, from the failed keyword's value and cfworker's text. */
const DESCRIBE: Record<string, (limit: unknown, error: string) => Described> = {
  required: (_, error) => ({ params: { missingProperty: quoted(error) }, message: `must have required property '${quoted(error)}'` }),
  additionalProperties: (_, error) => ({ params: { additionalProperty: quoted(error) }, message: 'must NOT have additional properties' }),
  type: (limit) => {
    const types = Array.isArray(limit) ? (limit as string[]).join(',') : String(limit);
    return { params: { type: types }, message: `must be ${types.replace(/,/g, ' or ')}` };
  },
  minLength: (limit) => ({ params: { limit }, message: `must NOT have fewer than ${String(limit)} characters` }),
  maxLength: (limit) => ({ params: { limit }, message: `must NOT have more than ${String(limit)} characters` }),
  minItems: (limit) => ({ params: { limit }, message: `must NOT have fewer than ${String(limit)} items` }),
  maxItems: (limit) => ({ params: { limit }, message: `must NOT have more than ${String(limit)} items` }),
  minProperties: (limit) => ({ params: { limit }, message: `must NOT have fewer than ${String(limit)} properties` }),
  maxProperties: (limit) => ({ params: { limit }, message: `must NOT have more than ${String(limit)} properties` }),
  minimum: (limit) => ({ params: { limit, comparison: '>=' }, message: `must be >= ${String(limit)}` }),
  maximum: (limit) => ({ params: { limit, comparison: '<=' }, message: `must be <= ${String(limit)}` }),
  exclusiveMinimum: (limit) => ({ params: { limit, comparison: '>' }, message: `must be > ${String(limit)}`, keyword: 'minimum' }),
  exclusiveMaximum: (limit) => ({ params: { limit, comparison: '<' }, message: `must be < ${String(limit)}`, keyword: 'maximum' }),
  multipleOf: (limit) => ({ params: { multipleOf: limit }, message: `must be a multiple of ${String(limit)}` }),
  pattern: (limit) => ({ params: { pattern: limit }, message: `must match pattern "${String(limit)}"` }),
  format: (limit) => ({ params: { format: limit }, message: `must match format "${String(limit)}"` }),
  enum: (limit) => ({ params: { allowedValues: limit }, message: 'must be one of the allowed values' }),
  const: (limit) => ({ params: { allowedValue: limit }, message: 'must be the constant value' }),
  anyOf: () => ({ params: {}, message: 'must match a schema in anyOf' }),
  oneOf: () => ({ params: {}, message: 'must match exactly one schema in oneOf' }),
  not: () => ({ params: {}, message: 'must NOT be valid' }),
  uniqueItems: () => ({ params: {}, message: 'must NOT have duplicate items' }),
};

/** ajv's params and English message for one cfworker output unit; undefined for a wrapper. */
function toSchemaError(unit: OutputUnit, root: Schema): SchemaError | undefined {
  const { keyword, keywordLocation, instanceLocation, error } = unit;
  if (WRAPPERS.has(keyword)) return undefined;
  const describe = DESCRIBE[keyword];
  const d: Described = describe ? describe(keywordValue(root, keywordLocation), error) : { params: {}, message: error };
  return { keyword: d.keyword ?? keyword, property: dotted(instanceLocation), schemaPath: keywordLocation, params: d.params, message: d.message };
}

/** Every violation of `schema` by `value`, as ajv would name them. */
export function validateValue(schema: unknown, value: unknown): SchemaError[] {
  if (schema === true || schema === undefined) return [];
  if (schema === false) return [{ keyword: 'false schema', property: '', schemaPath: '#', params: {}, message: 'is not allowed' }];
  const root = JSON.parse(JSON.stringify(schema)) as Schema;
  const result = validatorFor(schema as Schema).validate(value === undefined ? null : value);
  if (result.valid) return [];
  const errors = result.errors.map((unit) => toSchemaError(unit, root)).filter((e): e is SchemaError => e !== undefined);
  // Only wrappers failed (e.g. a false sub-schema): still invalid, said at the root.
  return errors.length ? errors : [{ keyword: 'false schema', property: '', schemaPath: '#', params: {}, message: 'is not allowed' }];
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
      let errors = toRjsfErrors(validateValue(schema, formData));
      if (transformErrors) errors = transformErrors(errors, uiSchema);
      // customValidate is not used by our forms; the server is the second check.
      return { errors, errorSchema: toErrorSchema<T>(errors) };
    },
    isValid(schema: RJSFSchema, formData: T | undefined, rootSchema: RJSFSchema): boolean {
      // RJSF asks about sub-schemas whose $refs point into the root's definitions.
      const withDefinitions = schema === rootSchema ? schema : { ...schema, definitions: rootSchema.definitions, $defs: (rootSchema as Schema).$defs };
      return validateValue(withDefinitions, formData).length === 0;
    },
    rawValidation<Result = unknown>(schema: RJSFSchema, formData?: T): { errors?: Result[]; validationError?: Error } {
      const errors = validateValue(schema, formData);
      return errors.length ? { errors: errors as unknown as Result[] } : {};
    },
  };
}
