// One valid input per contract method (ids are placeholders the integration tests replace).
// The contract test checks each validates and that every method has one; the fuzz test mutates
// them into invalid calls.
import type { Input, MethodName } from '../../../src-shared/ipc/contract.js';

export const PLACEHOLDER_ID = '00000000-0000-7000-8000-000000000000';

export const validInputs: { [M in MethodName]: Input<M> } = {
  'app.info': {},
  'businesses.list': {},
  'businesses.get': { id: PLACEHOLDER_ID },
  'businesses.create': {
    name: 'Example Traders', address: '12 MG Road, Pune', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in',
    taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: true,
  },
  'audit.verify': {},
  'audit.list': { offset: 0, limit: 20 },
  'sequence.check': { businessId: PLACEHOLDER_ID },
  'metrics.text': {},
  'settings.get': {},
  'settings.set': { theme: 'dark', language: 'ar' },
  'customers.list': { businessId: PLACEHOLDER_ID, search: 'acme', sort: 'name', dir: 'asc', offset: 0, limit: 25 },
  'products.list': { businessId: PLACEHOLDER_ID, search: 'tea', sort: 'price', dir: 'desc', limit: 25 },
  'invoices.list': { businessId: PLACEHOLDER_ID, status: 'issued', from: '2025-04-01', to: '2026-03-31', number: 'INV/', limit: 50 },
  'invoices.get': { businessId: PLACEHOLDER_ID, id: PLACEHOLDER_ID },
  'invoices.pdf': { businessId: PLACEHOLDER_ID, id: PLACEHOLDER_ID },
  'invoices.void': { businessId: PLACEHOLDER_ID, id: PLACEHOLDER_ID, reason: 'Entered twice' },
  'invoices.creditable': { businessId: PLACEHOLDER_ID, id: PLACEHOLDER_ID },
  'invoices.creditNote': { businessId: PLACEHOLDER_ID, id: PLACEHOLDER_ID, reason: 'Goods returned', date: '2026-11-20', lines: [{ line: 1, quantity: '2' }] },
  'batches.list': { businessId: PLACEHOLDER_ID, status: 'completed', limit: 5 },
  'batches.run': { source: 'simulation', businessId: PLACEHOLDER_ID, count: 5, profile: 'realistic', seed: '1', pdf: false },
  'batches.cancel': { businessId: PLACEHOLDER_ID, batchId: PLACEHOLDER_ID },
  'batches.retry': { businessId: PLACEHOLDER_ID, batchId: PLACEHOLDER_ID },
  'batches.resume': { businessId: PLACEHOLDER_ID, batchId: PLACEHOLDER_ID },
  'exports.create': { businessId: PLACEHOLDER_ID, batchId: PLACEHOLDER_ID },
  'imports.preview': { businessId: PLACEHOLDER_ID, kind: 'products', fileName: 'products.csv', content: 'U0tVLE5hbWUKQTEsVGVhCg==' },
  'imports.commit': { businessId: PLACEHOLDER_ID, kind: 'customers', fileName: 'customers.xlsx', content: 'UEsDBA==', sheet: 'Sheet1', map: { name: 'B' } },
};
