// The renderer's CSP-safe form validator must agree with the server's ajv on the shared schemas.
import { describe, expect, it } from 'vitest';
import { validateValue } from '../../../src-renderer/components/schema-validator.js';
import { compile } from '../../../src-shared/schemas/validate.js';
import { BusinessInput } from '../../../src-shared/schemas/business.js';
import { Settings, DEFAULT_SETTINGS } from '../../../src-shared/schemas/settings.js';
import { SimulationConfig } from '../../../src-shared/schemas/batch.js';

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
