// Loading tax plugins: built-ins, the example UAE plugin from a data folder, and broken plugins
// reported by name without taking the loader down.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.js';
import { BUILT_IN_PLUGINS, getTaxPlugin, loadTaxPlugins } from '../../../src-main/tax/loader.js';
import { pluginProblems } from '../../../src-main/tax/validate-plugin.js';
import { quoteTax } from '../../../src-main/tax/quote.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ledgerflow-plugins-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function plugin(id: string, files: Record<string, string>): void {
  const folder = join(dataDir, 'plugins', id);
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
}
const manifest = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({ id, apiVersion: 1, main: 'index.js', ...extra });

describe('loadTaxPlugins', () => {
  it('returns the built-ins, each honouring the plugin API', async () => {
    const { plugins, errors } = await loadTaxPlugins();
    expect([...plugins.keys()]).toEqual(['gst-in', 'vat-bh', 'none']);
    expect(errors).toEqual([]);
    for (const p of BUILT_IN_PLUGINS) expect(pluginProblems(p)).toEqual([]);
  });

  it('loads the example UAE VAT plugin from <data-dir>/plugins/vat-ae with no change elsewhere', async () => {
    cpSync(join(process.cwd(), 'resources', 'plugins', 'vat-ae'), join(dataDir, 'plugins', 'vat-ae'), { recursive: true });
    const { plugins, errors } = await loadTaxPlugins(dataDir);
    expect(errors).toEqual([]);
    const vatAe = getTaxPlugin(plugins, 'vat-ae');
    expect(vatAe.name.en).toBe('UAE VAT');
    const out = quoteTax({ regime: 'vat-ae', date: '2026-01-15', lines: [
      { description: 'Laptop', quantity: '1', unitPrice: '3999.99', rate: '5' },
      { description: 'Cable', quantity: '3', unitPrice: '10.10', rate: 5 },
      { description: 'Export', quantity: '1', unitPrice: '100', rate: 'zero' },
    ] }, plugins);
    // 5% of 4030.29 = 201.5145 -> 201.51, shared by largest remainder.
    expect(out.components).toEqual([
      { name: 'VAT', rate: '0', taxable: '100.00', amount: '0.00' },
      { name: 'VAT', rate: '5', taxable: '4030.29', amount: '201.51' },
    ]);
    expect(out.lines.map((l) => l.components[0]?.amount)).toEqual(['200.00', '1.51', '0.00']);
    expect(out.totals).toEqual({ taxable: '4130.29', tax: '201.51', total: '4331.80', roundOff: '0.00', grandTotal: '4331.80' });
    expect(out.amountInWords).toBe('Four Thousand Three Hundred Thirty One UAE Dirhams and Eighty Fils Only');
    expect(() => quoteTax({ regime: 'vat-ae', date: '2026-01-15', lines: [{ description: 'x', quantity: '1', unitPrice: '1', rate: '10' }] }, plugins)).toThrow(/^lines\[0\]\.rate: 10% is not a UAE VAT rate/);
  });

  it('reports each broken plugin by name and keeps the good ones', async () => {
    cpSync(join(process.cwd(), 'resources', 'plugins', 'vat-ae'), join(dataDir, 'plugins', 'vat-ae'), { recursive: true });
    plugin('no-manifest', { 'index.js': 'export default {}' });
    plugin('bad-json', { 'manifest.json': '{ nope', 'index.js': '' });
    plugin('wrong-api', { 'manifest.json': manifest('wrong-api', { apiVersion: 2 }), 'index.js': '' });
    plugin('no-module', { 'manifest.json': manifest('no-module') });
    plugin('syntax', { 'manifest.json': manifest('syntax'), 'index.js': 'export default {' });
    plugin('throws', { 'manifest.json': manifest('throws'), 'index.js': 'throw new Error("boom at import")' });
    plugin('factory-throws', { 'manifest.json': manifest('factory-throws'), 'index.js': 'export default () => { throw new Error("no host") }' });
    plugin('bad-shape', { 'manifest.json': manifest('bad-shape'), 'index.js': 'export default { apiVersion: 1, id: "bad-shape" }' });
    plugin('bad-schema', {
      'manifest.json': manifest('bad-schema'),
      'index.js': `export default { apiVersion: 1, id: 'bad-schema', name: { en: 'X', ar: 'X', hi: 'X' }, countries: ['AE'], currencies: ['AED'],
        settingsSchema: { type: 'nonsense' }, defaultSettings: {}, kinds: ['tax_invoice'], ratesOn: () => ['5'], validateTaxId: () => ({ valid: true }),
        invoiceNumberRules: { maxLength: 10, pattern: '^.+$', description: 'x', caseInsensitiveUnique: true }, compute: () => ({}), amountInWords: () => '' }`,
    });
    plugin('gst-in', { 'manifest.json': manifest('gst-in'), 'index.js': 'export default {}' });
    plugin('escape', { 'manifest.json': manifest('escape', { main: '../vat-ae/index.js' }) });
    const { plugins, errors } = await loadTaxPlugins(dataDir);
    expect(plugins.has('vat-ae')).toBe(true);
    const byId = Object.fromEntries(errors.map((e) => [e.id, e.message]));
    expect(Object.keys(byId).sort()).toEqual(['bad-json', 'bad-schema', 'bad-shape', 'escape', 'factory-throws', 'gst-in', 'no-manifest', 'no-module', 'syntax', 'throws', 'wrong-api']);
    expect(byId['no-manifest']).toContain('manifest.json is missing');
    expect(byId['bad-json']).toContain('not valid JSON');
    expect(byId['wrong-api']).toContain('apiVersion is 2');
    expect(byId['no-module']).toContain('index.js is missing');
    expect(byId['syntax']).toContain('failed to load');
    expect(byId['throws']).toContain('boom at import');
    expect(byId['factory-throws']).toContain('no host');
    expect(byId['bad-shape']).toContain('name.en must be non-empty text');
    expect(byId['bad-schema']).toContain('settingsSchema does not compile');
    expect(byId['gst-in']).toContain('built-in');
    expect(byId['escape']).toContain('outside the plugin folder');
    for (const message of Object.values(byId)) expect(message).toMatch(/^tax plugin "[a-z-]+" was not loaded: /);
  });

  it('guards an external plugin at compute time: its input errors pass, a crash or unusable result is PLUGIN_INVALID', async () => {
    const body = (compute: string) => `export default (host) => ({ apiVersion: 1, id: 'x', name: { en: 'X', ar: 'X', hi: 'X' }, countries: ['AE'], currencies: ['AED'],
      settingsSchema: { type: 'object' }, defaultSettings: {}, kinds: ['tax_invoice'], ratesOn: () => ['5'], validateTaxId: () => ({ valid: true }),
      invoiceNumberRules: { maxLength: 10, pattern: '^.+$', description: 'x', caseInsensitiveUnique: true }, amountInWords: () => '', compute: ${compute} })`;
    for (const [id, compute] of [['crashes', '() => { null.x }'], ['garbage', '() => ({ lines: [] })'], ['refuses', '() => { throw host.taxInputError("lines[0].rate: no", { line: 0 }) }']]) {
      plugin(id!, { 'manifest.json': manifest(id!), 'index.js': body(compute!).replace("id: 'x'", `id: '${id}'`) });
    }
    const { plugins, errors } = await loadTaxPlugins(dataDir);
    expect(errors).toEqual([]);
    const quote = (id: string) => () => quoteTax({ regime: id, date: '2026-01-15', lines: [{ description: 'a', quantity: '1', unitPrice: '1', rate: '5' }] }, plugins);
    expect(quote('crashes')).toThrow(/^tax plugin "crashes" failed: /);
    expect(quote('garbage')).toThrow(/^tax plugin "garbage" returned an unusable result: lines must hold one result per input line \(1\)/);
    try {
      quote('refuses')();
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).code).toBe('TAX_INPUT');
      expect((error as AppError).message).toBe('lines[0].rate: no');
    }
  });

  it('getTaxPlugin names a missing id with NOT_FOUND', async () => {
    const { plugins } = await loadTaxPlugins(dataDir);
    try {
      getTaxPlugin(plugins, 'vat-xx');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('NOT_FOUND');
      expect((error as AppError).message).toContain('"vat-xx"');
    }
  });
});
