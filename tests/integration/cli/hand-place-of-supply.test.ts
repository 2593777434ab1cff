// The place of supply of a hand invoice, through the CLI contract: derived from the customer (GSTIN,
// then stated state, then the supplier's own state), and overridable with a delivery state where
// GST allows it. The override decides intra-state (CGST + SGST) or inter-state (IGST) tax; what
// the rules do not allow (a code that is no state, a state for an export, any place under Bahrain
// VAT) exits 2 naming $.placeOfSupply and writes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { cli, writeJson } from '../../helpers/cli-in-process.js';
import { TempDirs, databaseFile } from '../../helpers/temp.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

function count(dataDir: string, sql: string): number {
  const db = new Database(databaseFile(dataDir), { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const today = new Date().toISOString().slice(0, 10);

interface Shown { number: string | null; placeOfSupply: string | null; placeOfSupplyBasis: string | null; lines: Array<{ components: Array<{ name: string; rate: string; amount: string }> }> }

async function gstShop(): Promise<{ dir: string; dataDir: string; businessId: string }> {
  const dir = temp.make();
  const dataDir = join(dir, 'data');
  const added = await cli('--data-dir', dataDir, '--json', 'business', 'add', '--file', writeJson(dir, {
    name: 'Sahyadri Handloom Traders', address: 'Shop 14, Laxmi Road\nPune 411030', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in',
    taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: false,
  }));
  expect(added.code, added.stderr).toBe(0);
  const businessId = (JSON.parse(added.stdout) as { id: string }).id;
  const product = await cli('--data-dir', dataDir, 'product', 'add', '--business', businessId, '--file', writeJson(dir, { sku: 'SAR-1', name: 'Cotton saree', hsn: '5208', price: '1200', taxRate: '5', unit: 'pcs' }));
  expect(product.code, product.stderr).toBe(0);
  return { dir, dataDir, businessId };
}

async function issueAndShow(dataDir: string, dir: string, businessId: string, invoice: Record<string, unknown>): Promise<Shown> {
  const created = await cli('--data-dir', dataDir, '--json', 'invoice', 'create', '--business', businessId, '--issue', '--file', writeJson(dir, { date: today, lines: [{ product: 'SAR-1', quantity: 1 }], ...invoice }));
  expect(created.code, created.stderr).toBe(0);
  const { id } = JSON.parse(created.stdout) as { id: string };
  const shown = await cli('--data-dir', dataDir, '--json', 'invoice', 'show', id);
  expect(shown.code, shown.stderr).toBe(0);
  return JSON.parse(shown.stdout) as Shown;
}

const componentNames = (s: Shown) => s.lines.flatMap((l) => l.components.map((c) => c.name));

describe('place of supply of a hand invoice', () => {
  it('is taken from the GSTIN, and a delivery state overrides it: tax follows the override (IGST across states, CGST + SGST within)', async () => {
    const { dir, dataDir, businessId } = await gstShop();
    const kaveri = { customer: 'Kaveri Textiles', customerTaxId: '29AAGCB7383J1Z4', customerAddress: '4 Residency Road\nBengaluru 560025' };
    const derived = await issueAndShow(dataDir, dir, businessId, kaveri);
    expect(derived).toMatchObject({ placeOfSupply: '29', placeOfSupplyBasis: 'gstin' });
    expect(componentNames(derived)).toEqual(['IGST']);
    // Goods handed over in Pune to a Karnataka buyer: Maharashtra is the place of supply.
    const delivered = await issueAndShow(dataDir, dir, businessId, { ...kaveri, placeOfSupply: '27' });
    expect(delivered).toMatchObject({ placeOfSupply: '27', placeOfSupplyBasis: 'delivery-address' });
    expect(componentNames(delivered).sort()).toEqual(['CGST', 'SGST']);
    // A walk-in customer with no GSTIN, sent to Goa.
    const walkIn = await issueAndShow(dataDir, dir, businessId, { customer: 'Ravi Kumar', customerAddress: '5 FC Road\nPune', placeOfSupply: '30' });
    expect(walkIn).toMatchObject({ placeOfSupply: '30', placeOfSupplyBasis: 'delivery-address' });
    expect(componentNames(walkIn)).toEqual(['IGST']);
  }, 60_000);

  it('refuses what the rules do not allow with exit 2 naming $.placeOfSupply, and writes nothing', async () => {
    const { dir, dataDir, businessId } = await gstShop();
    const before = count(dataDir, 'SELECT COUNT(*) AS n FROM audit_log');
    const create = (invoice: Record<string, unknown>) => cli('--data-dir', dataDir, 'invoice', 'create', '--business', businessId, '--issue', '--file', writeJson(dir, { date: today, lines: [{ product: 'SAR-1', quantity: 1 }], ...invoice }));
    const noState = await create({ customer: 'Ravi Kumar', customerAddress: '5 FC Road\nPune', placeOfSupply: '99' });
    expect(noState.code).toBe(2);
    expect(noState.stderr).toMatch(/\$\.placeOfSupply: .*"99" is not a GST state code/);
    const exportAsState = await create({ customer: 'Acme Imports LLC', customerCountry: 'US', customerAddress: '1 Main Street\nBoston MA', placeOfSupply: '27' });
    expect(exportAsState.code).toBe(2);
    expect(exportAsState.stderr).toContain("$.placeOfSupply: an export's place of supply is 96 (other country), not 27");
    expect(count(dataDir, 'SELECT COUNT(*) AS n FROM invoices')).toBe(0);
    expect(count(dataDir, 'SELECT COUNT(*) AS n FROM audit_log')).toBe(before);
  }, 60_000);

  it('is no field of a Bahrain VAT invoice: an override exits 2', async () => {
    const dir = temp.make();
    const dataDir = join(dir, 'data');
    const bh = await cli('--data-dir', dataDir, '--json', 'business', 'add', '--file', writeJson(dir, {
      name: 'Pearl Gulf Trading W.L.L', address: 'Building 12, Road 3803\nManama', countryCode: 'BH', taxRegime: 'vat-bh', taxId: '200000000000003', currency: 'BHD', sandbox: false,
    }));
    expect(bh.code, bh.stderr).toBe(0);
    const businessId = (JSON.parse(bh.stdout) as { id: string }).id;
    const refused = await cli('--data-dir', dataDir, 'invoice', 'create', '--business', businessId, '--file', writeJson(dir, {
      date: today, customer: 'Walk-in', customerCountry: 'BH', placeOfSupply: '27', lines: [{ description: 'Dates box', rate: '10', quantity: '1', price: '4.500' }],
    }));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('$.placeOfSupply: place of supply is a GST field; this business is not under GST');
    expect(count(dataDir, 'SELECT COUNT(*) AS n FROM invoices')).toBe(0);
  }, 60_000);
});
