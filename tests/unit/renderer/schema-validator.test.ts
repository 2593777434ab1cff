// The renderer's CSP-safe form validator must agree with the server's ajv on the shared schemas.
import { describe, expect, it } from 'vitest';
import { assertSupported, UnsupportedSchemaError, validateValue } from '../../../src-renderer/components/schema-validator.js';
import { compile } from '../../../src-shared/schemas/validate.js';
import { BusinessInput } from '../../../src-shared/schemas/business.js';
import { Settings, DEFAULT_SETTINGS } from '../../../src-shared/schemas/settings.js';
import { SimulationConfig } from '../../../src-shared/schemas/batch.js';
import { Kind } from '@sinclair/typebox';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Every TypeBox schema that src-shared exports (read at test time, so a new schema is covered).
const sharedDir = resolve(import.meta.dirname, '../../../src-shared');
const schemaFiles = [...readdirSync(join(sharedDir, 'schemas')).filter((f) => f.endsWith('.ts')).map((f) => join(sharedDir, 'schemas', f)), join(sharedDir, 'ipc/models.ts')];
const schemaModules = await Promise.all(schemaFiles.map(async (file) => [file, (await import(file)) as Record<string, unknown>] as const));
const sharedSchemas: Array<[string, object]> = schemaModules.flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter(([, value]) => typeof value === 'object' && value !== null && Kind in value)
    .map(([name, value]) => [`${file.split('/').pop()}:${name}`, value as object] as [string, object]));

const plain = (s: unknown) => JSON.parse(JSON.stringify(s)) as Record<string, unknown>;

const cases: Array<[string, unknown, unknown]> = [
  ['a minimal business', BusinessInput, { name: 'Asha Traders', address: '', countryCode: 'IN', taxRegime: 'gst-in', currency: 'INR' }],
  ['a business without a name', BusinessInput, { address: '', countryCode: 'IN', taxRegime: 'gst-in', currency: 'INR' }],
  ['a business with an unknown key', BusinessInput, { name: 'x', address: '', countryCode: 'IN', taxRegime: 'gst-in', currency: 'INR', colour: 'red' }],
  ['a business with a lower-case country', BusinessInput, { name: 'x', address: '', countryCode: 'in', taxRegime: 'gst-in', currency: 'INR' }],
  ['a business with a bad email', BusinessInput, { name: 'x', address: '', countryCode: 'IN', taxRegime: 'gst-in', currency: 'INR', email: 'not-mail' }],
  ['a business with a null tax id', BusinessInput, { name: 'x', address: '', countryCode: 'IN', taxRegime: 'gst-in', currency: 'INR', taxId: null }],
  ['a business with a month 13', BusinessInput, { name: 'x', address: '', countryCode: 'IN', taxRegime: 'gst-in', currency: 'INR', fiscalYearStartMonth: 13 }],
  ['default settings', Settings, DEFAULT_SETTINGS],
  ['settings with an unknown theme', Settings, { ...DEFAULT_SETTINGS, theme: 'blue' }],
  ['settings with too many PDF workers', Settings, { ...DEFAULT_SETTINGS, pdfWorkers: 99 }],
  ['a simulation of 50', SimulationConfig, { source: 'simulation', businessId: 'b', count: 50, profile: 'realistic', seed: '1' }],
  ['a simulation of 0', SimulationConfig, { source: 'simulation', businessId: 'b', count: 0, profile: 'realistic', seed: '1' }],
  ['a simulation with a bad date', SimulationConfig, { source: 'simulation', businessId: 'b', count: 5, profile: 'basic', seed: '1', startDate: '2026-13-01' }],
];

describe('the renderer form validator', () => {
  for (const [name, schema, value] of cases) {
    it(`agrees with ajv on ${name}`, () => {
      const ajvOk = compile(schema as object)(value);
      expect(validateValue(plain(schema), value).length === 0).toBe(ajvOk);
    });
  }

  it('names the missing field', () => {
    const errors = validateValue(plain(BusinessInput), { address: '', countryCode: 'IN', taxRegime: 'gst-in', currency: 'INR' });
    expect(errors).toContainEqual(expect.objectContaining({ keyword: 'required', params: { missingProperty: 'name' } }));
  });
});

// Draft-7 keywords that plugin settings schemas may use and the old hand-written validator
// silently accepted: both validators must give the same verdict on each.
const draft7: Array<[string, object, unknown[]]> = [
  ['if/then/else', { type: 'object', properties: { kind: { type: 'string' }, gstin: { type: 'string' } }, if: { properties: { kind: { const: 'b2b' } } }, then: { required: ['gstin'] }, else: { not: { required: ['gstin'] } } },
    [{ kind: 'b2b', gstin: 'x' }, { kind: 'b2b' }, { kind: 'b2c' }, { kind: 'b2c', gstin: 'x' }]],
  ['not', { not: { type: 'string', pattern: '^\\s' } }, ['a', ' a', 3]],
  ['uniqueItems', { type: 'array', uniqueItems: true }, [[1, 2], [1, 1], [{ a: 1 }, { a: 1 }], []]],
  ['dependencies', { type: 'object', dependencies: { bank: ['ifsc'] } }, [{ bank: 'x', ifsc: 'y' }, { bank: 'x' }, {}]],
  ['contains', { type: 'array', contains: { const: 'ORIGINAL' } }, [['ORIGINAL', 'DUPLICATE'], ['DUPLICATE'], []]],
  ['propertyNames', { type: 'object', propertyNames: { pattern: '^[a-z]+$' } }, [{ ab: 1 }, { Ab: 1 }]],
  ['exclusive limits', { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }, [0, 0.5, 1]],
  ['oneOf', { oneOf: [{ type: 'integer' }, { type: 'number', minimum: 2 }] }, [1, 3, 2.5, 'x']],
  ['$ref into definitions', { definitions: { code: { type: 'string', pattern: '^[0-9]{2}$' } }, type: 'object', properties: { state: { $ref: '#/definitions/code' } } }, [{ state: '27' }, { state: 'MH' }]],
  ['formats', { type: 'object', properties: { d: { type: 'string', format: 'date' }, e: { type: 'string', format: 'email' }, u: { type: 'string', format: 'uri' } } },
    [{ d: '2026-02-28', e: 'a@b.in', u: 'https://x.in/a' }, { d: '2026-02-31' }, { d: '28-02-2026' }, { e: 'a@' }, { u: 'not a uri' }]],
  ['maxProperties', { type: 'object', maxProperties: 1 }, [{ a: 1 }, { a: 1, b: 2 }]],
];

describe('the renderer form validator on draft-7 keywords', () => {
  for (const [name, schema, values] of draft7) {
    values.forEach((value, i) => {
      it(`agrees with ajv on ${name} #${i + 1}`, () => {
        expect(validateValue(schema, value).length === 0).toBe(compile(schema)(value));
      });
    });
  }
});

// Every schema src-shared exports is a form or boundary schema somewhere: the validator must at
// least agree with ajv on an empty object and on null for each of them.
describe('the renderer form validator on every shared schema', () => {
  for (const [name, schema] of sharedSchemas) {
    for (const value of [{}, null, { unknownKey: 1 }, 'text']) {
      it(`agrees with ajv on ${name} for ${JSON.stringify(value)}`, () => {
        expect(validateValue(plain(schema), value).length === 0).toBe(compile(schema as object)(value));
      });
    }
  }
});

describe('the renderer form validator on a keyword it does not check', () => {
  const refusals: Array<[string, object, string]> = [
    ['a content keyword at the root', { type: 'string', contentMediaType: 'application/json' }, 'contentMediaType'],
    ['a vendor keyword inside a property', { type: 'object', properties: { rate: { type: 'number', 'x-step': 0.5 } } }, 'x-step'],
    ['a later-draft keyword under anyOf', { anyOf: [{ type: 'object', unevaluatedProperties: false }] }, 'unevaluatedProperties'],
    ['a keyword inside a definition', { definitions: { a: { type: 'string', minimumLength: 3 } }, $ref: '#/definitions/a' }, 'minimumLength'],
    ['a format it does not know', { type: 'string', format: 'iban' }, 'format: iban'],
  ];
  for (const [name, schema, keyword] of refusals) {
    it(`refuses ${name} rather than ignoring it`, () => {
      expect(() => validateValue(schema, 'x')).toThrowError(UnsupportedSchemaError);
      expect(() => validateValue(schema, 'x')).toThrowError(`"${keyword}"`);
    });
  }

  it('still takes the annotations and every keyword it checks', () => {
    const schema = { $schema: 'http://json-schema.org/draft-07/schema#', title: 't', description: 'd', default: {}, examples: [{}], $comment: 'c', type: 'object', properties: { a: { type: 'string', readOnly: true, format: 'email' } }, if: { required: ['a'] }, then: { not: { required: ['b'] } }, dependencies: { a: ['c'] } };
    expect(() => assertSupported(schema)).not.toThrow();
  });
});
