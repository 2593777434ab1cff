// The shared TypeBox schemas become RJSF-ready JSON: unions of literals draw as selects, English
// schema descriptions give way to translated help, and server BAD_INPUT paths land under fields.
import { describe, expect, it } from 'vitest';
import { plainSchema, serverErrorsToSchema } from '../../../src-renderer/components/SchemaForm.js';
import { BackendError } from '../../../src-renderer/app/backend.js';
import { Settings } from '../../../src-shared/schemas/settings.js';
import { SimulationConfig } from '../../../src-shared/schemas/batch.js';
import { ProductView } from '../../../src-shared/ipc/models.js';

type Node = { properties: Record<string, Record<string, unknown>> };

describe('plainSchema', () => {
  it('turns a union of literals into a string enum in schema order', () => {
    const schema = plainSchema(Settings) as unknown as Node;
    expect(schema.properties.theme).toMatchObject({ type: 'string', enum: ['system', 'light', 'dark'], default: 'system' });
    expect(schema.properties.theme?.anyOf).toBeUndefined();
  });

  it('drops English descriptions but keeps a property that is called description', () => {
    const sim = plainSchema(SimulationConfig) as unknown as Node;
    expect(sim.properties.seed?.description).toBeUndefined();
    const product = plainSchema(ProductView) as unknown as Node;
    expect(product.properties.description).toBeDefined();
  });
});

describe('serverErrorsToSchema', () => {
  it('puts each BAD_INPUT issue under the field its path names', () => {
    const error = new BackendError({ code: 'BAD_INPUT', message: '$.taxId: bad check digit', details: { issues: [{ path: '$.taxId', message: 'bad check digit' }, { path: '$.taxSettings.composition', message: 'must be boolean' }] } });
    expect(serverErrorsToSchema(error)).toEqual({ taxId: { __errors: ['bad check digit'] }, taxSettings: { composition: { __errors: ['must be boolean'] } } });
  });

  it('reads the path from details.path when there is no issue list', () => {
    const error = new BackendError({ code: 'BAD_INPUT', message: '$.stateCode: a GST business needs its state code', details: { path: '$.stateCode' } });
    expect(serverErrorsToSchema(error)).toEqual({ stateCode: { __errors: ['a GST business needs its state code'] } });
  });

  it('ignores other failures', () => {
    expect(serverErrorsToSchema(new BackendError({ code: 'DB_BUSY', message: 'busy' }))).toBeUndefined();
  });
});
