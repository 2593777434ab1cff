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
  'businesses.update': { id: PLACEHOLDER_ID, changes: { address: 'Shop 14, Laxmi Road\nPune 411030', signatoryName: 'A. Kulkarni', bankDetails: { bankName: 'State Bank of India', accountNumber: '12345678901', ifsc: 'SBIN0000123' } } },
  'series.list': { businessId: PLACEHOLDER_ID },
  'series.add': { businessId: PLACEHOLDER_ID, code: 'SHOP1', format: 'S1/{FYS}/{SEQ:5}' },
  'products.create': { businessId: PLACEHOLDER_ID, product: { sku: 'TEA-1', name: 'Assam tea 250 g', hsn: '0902', price: '180.00', taxRate: '5' } },
  'products.update': { businessId: PLACEHOLDER_ID, product: { id: PLACEHOLDER_ID, price: '190.00' } },
  'customers.create': { businessId: PLACEHOLDER_ID, customer: { name: 'Acme Industries', taxId: '29ABCDE1234F1Z5', address: '4 Residency Road, Bengaluru' } },
  'customers.update': { businessId: PLACEHOLDER_ID, customer: { id: PLACEHOLDER_ID, address: '5 Residency Road, Bengaluru' } },
  'invoices.quote': { businessId: PLACEHOLDER_ID, invoice: { date: '2026-11-20', customer: 'Walk-in', lines: [{ product: 'TEA-1', quantity: '2' }] } },
  'invoices.saveDraft': { businessId: PLACEHOLDER_ID, invoice: { date: '2026-11-20', customerId: PLACEHOLDER_ID, lines: [{ description: 'Repair', hsn: '998713', rate: '18', quantity: 1, price: '500' }] } },
  'invoices.issue': { businessId: PLACEHOLDER_ID, id: PLACEHOLDER_ID },
  'invoices.discardDraft': { businessId: PLACEHOLDER_ID, id: PLACEHOLDER_ID },
  'invoices.show': { businessId: PLACEHOLDER_ID, id: PLACEHOLDER_ID },
  'audit.verify': {},
  'audit.list': { offset: 0, limit: 20 },
  'sequence.check': { businessId: PLACEHOLDER_ID },
  'metrics.text': {},
  'backup.now': {},
  'backup.last': {},
  'settings.get': {},
  'settings.set': { theme: 'dark', language: 'ar' },
  'customers.list': { businessId: PLACEHOLDER_ID, search: 'acme', sort: 'name', dir: 'asc', offset: 0, limit: 25 },
  'products.list': { businessId: PLACEHOLDER_ID, search: 'tea', sort: 'price', dir: 'desc', limit: 25 },
  'invoices.list': { businessId: PLACEHOLDER_ID, status: 'issued', from: '2025-04-01', to: '2026-03-31', number: 'INV/', limit: 50 },
  'invoices.get': { businessId: PLACEHOLDER_ID, id: PLACEHOLDER_ID },
  'invoices.pdf': { businessId: PLACEHOLDER_ID, id: PLACEHOLDER_ID },
  'invoices.void': { businessId: PLACEHOLDER_ID, id: PLACEHOLDER_ID, reason: 'Entered twice' },
  'invoices.figures': { businessId: PLACEHOLDER_ID, from: '2026-04-01', to: '2026-04-30' },
  'invoices.creditable': { businessId: PLACEHOLDER_ID, id: PLACEHOLDER_ID },
  'invoices.creditNote': { businessId: PLACEHOLDER_ID, id: PLACEHOLDER_ID, reason: 'Goods returned', date: '2026-11-20', lines: [{ line: 1, quantity: '2' }] },
  'batches.list': { businessId: PLACEHOLDER_ID, status: 'completed', limit: 5 },
  'batches.run': { source: 'simulation', businessId: PLACEHOLDER_ID, count: 5, profile: 'realistic', seed: '1', pdf: false },
  'batches.cancel': { businessId: PLACEHOLDER_ID, batchId: PLACEHOLDER_ID },
  'batches.retry': { businessId: PLACEHOLDER_ID, batchId: PLACEHOLDER_ID },
  'batches.resume': { businessId: PLACEHOLDER_ID, batchId: PLACEHOLDER_ID },
  'orders.pending': { businessId: PLACEHOLDER_ID },
  'exports.create': { businessId: PLACEHOLDER_ID, batchId: PLACEHOLDER_ID },
  'imports.preview': { businessId: PLACEHOLDER_ID, kind: 'products', fileName: 'products.csv', content: 'U0tVLE5hbWUKQTEsVGVhCg==' },
  'imports.commit': { businessId: PLACEHOLDER_ID, kind: 'customers', fileName: 'customers.xlsx', content: 'UEsDBA==', sheet: 'Sheet1', map: { name: 'B' } },
};
