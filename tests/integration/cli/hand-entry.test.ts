// Everyday entry by hand through the CLI contract (run in-process through main(argv, io) on real
// data folders): business update, product/customer add|update, series add|list, invoice
// create|issue|show. Bad input exits 2 naming the field, and nothing is written.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, writeJson } from '../../helpers/cli-in-process.js';
import { TempDirs, databaseFile } from '../../helpers/temp.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

function rows(dataDir: string, sql: string, ...params: unknown[]): unknown[] {
  const db = new Database(databaseFile(dataDir), { readonly: true });
  try {
    return db.prepare(sql).all(...params);
  } finally {
    db.close();
  }
}

const today = new Date().toISOString().slice(0, 10);

/** A real (not sandbox) GST business in Maharashtra, with one product and one customer. */
async function shop(): Promise<{ dir: string; dataDir: string; businessId: string }> {
  const dir = temp.make();
  const dataDir = join(dir, 'data');
  const business = writeJson(dir, {
    name: 'Sahyadri Handloom Traders', address: 'Shop 14, Laxmi Road\nPune 411030', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in',
    taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: false,
  });
  const added = await cli('--data-dir', dataDir, '--json', 'business', 'add', '--file', business);
  expect(added.code, added.stderr).toBe(0);
  const businessId = (JSON.parse(added.stdout) as { id: string }).id;
  const product = await cli('--data-dir', dataDir, 'product', 'add', '--business', businessId, '--file', writeJson(dir, { sku: 'SAR-1', name: 'Cotton saree', hsn: '5208', price: '1200', taxRate: '5', unit: 'pcs' }));
  expect(product.code, product.stderr).toBe(0);
  return { dir, dataDir, businessId };
}

describe('product and customer add|update', () => {
  it('adds and updates a product and a customer; the search finds them by name, SKU and tax id', async () => {
    const { dir, dataDir, businessId } = await shop();
    const customer = await cli('--data-dir', dataDir, '--json', 'customer', 'add', '--business', businessId, '--file', writeJson(dir, { name: 'Kaveri Textiles', taxId: '29AAGCB7383J1Z4', address: '4 Residency Road\nBengaluru' }));
    expect(customer.code, customer.stderr).toBe(0);
    const created = JSON.parse(customer.stdout) as { id: string; stateCode: string; countryCode: string };
    // The state and country come from the GSTIN, as on import.
    expect(created).toMatchObject({ stateCode: '29', countryCode: 'IN' });
    const updated = await cli('--data-dir', dataDir, '--json', 'customer', 'update', '--business', businessId, '--file', writeJson(dir, { id: created.id, address: '9 Brigade Road\nBengaluru' }));
    expect(updated.code, updated.stderr).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ address: '9 Brigade Road\nBengaluru', taxId: '29AAGCB7383J1Z4' });
    const price = await cli('--data-dir', dataDir, '--json', 'product', 'update', '--business', businessId, '--file', writeJson(dir, { sku: 'sar-1', price: '1250.50' }));
    expect(price.code, price.stderr).toBe(0);
    expect(JSON.parse(price.stdout)).toMatchObject({ sku: 'SAR-1', price: '1250.50', taxRate: '5' });
    expect(rows(dataDir, "SELECT action FROM audit_log WHERE action IN ('product.create', 'product.update', 'customer.create', 'customer.update') ORDER BY seq").map((r) => (r as { action: string }).action))
      .toEqual(['product.create', 'customer.create', 'customer.update', 'product.update']);
  });

  it('bad input exits 2 naming every wrong field at once, and writes nothing', async () => {
    const { dir, dataDir, businessId } = await shop();
    const before = rows(dataDir, 'SELECT COUNT(*) AS n FROM audit_log');
    const product = await cli('--data-dir', dataDir, 'product', 'add', '--business', businessId, '--file', writeJson(dir, { name: 'Silk', hsn: '5', price: '12.345', taxRate: '7' }));
    expect(product.code).toBe(2);
    expect(product.stderr).toMatch(/\$\.price: .*12\.345 has 3 decimals/);
    expect(product.stderr).toMatch(/\$\.hsn: /);
    expect(product.stderr).toMatch(/\$\.taxRate: 7% is not a gst-in rate/);
    const customer = await cli('--data-dir', dataDir, 'customer', 'add', '--business', businessId, '--file', writeJson(dir, { name: 'Acme', taxId: '29AAGCB7383J1Z5', email: 'not-mail' }));
    expect(customer.code).toBe(2);
    expect(customer.stderr).toMatch(/\$\.taxId: .*check digit/);
    expect(customer.stderr).toMatch(/\$\.email: /);
    const unknown = await cli('--data-dir', dataDir, 'customer', 'add', '--business', businessId, '--file', writeJson(dir, { name: 'Acme', gstin: 'x' }));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/\$\.gstin: unknown key/);
    expect(rows(dataDir, 'SELECT COUNT(*) AS n FROM audit_log')).toEqual(before);
    expect(rows(dataDir, 'SELECT COUNT(*) AS n FROM customers')).toEqual([{ n: 0 }]);
  });

  it('archived products and customers leave the lists and pickers; their data stays', async () => {
    const { dir, dataDir, businessId } = await shop();
    const archived = await cli('--data-dir', dataDir, '--json', 'product', 'update', '--business', businessId, '--file', writeJson(dir, { sku: 'SAR-1', archived: true }));
    expect(archived.code, archived.stderr).toBe(0);
    expect((JSON.parse(archived.stdout) as { archivedAt: string | null }).archivedAt).toMatch(/^\d{4}-/);
    const invoice = await cli('--data-dir', dataDir, 'invoice', 'create', '--business', businessId, '--file', writeJson(dir, { date: today, customer: 'Walk-in', lines: [{ product: 'SAR-1', quantity: 1 }] }));
    expect(invoice.code).toBe(2);
    expect(invoice.stderr).toMatch(/\$\.lines\[0\]\.product: no product with SKU or name "SAR-1"/);
    expect(rows(dataDir, 'SELECT COUNT(*) AS n FROM products')).toEqual([{ n: 1 }]);
  });
});

describe('business update', () => {
  it('changes the address, signatory and bank details; an archived business leaves `business list`', async () => {
    const { dir, dataDir, businessId } = await shop();
    const changed = await cli('--data-dir', dataDir, '--json', 'business', 'update', businessId, '--file', writeJson(dir, {
      address: 'Shop 15, Laxmi Road\nPune 411030', signatoryName: 'Asha Kulkarni', bankDetails: { bankName: 'State Bank of India', accountNumber: '30012345678', ifsc: 'SBIN0000123' },
    }));
    expect(changed.code, changed.stderr).toBe(0);
    expect(JSON.parse(changed.stdout)).toMatchObject({ address: 'Shop 15, Laxmi Road\nPune 411030', signatoryName: 'Asha Kulkarni', bankDetails: { ifsc: 'SBIN0000123' }, taxId: '27AAPFU0939F1ZV' });
    const archived = await cli('--data-dir', dataDir, 'business', 'update', businessId, '--file', writeJson(dir, { archived: true }));
    expect(archived.code, archived.stderr).toBe(0);
    const core = await (await import('../../../src-main/core/create-core.js')).createCore({ dataDir });
    try {
      const { dispatch } = await import('../../../src-main/core/dispatch.js');
      expect(await dispatch(core, 'businesses.list', {}, { actor: 'test' })).toEqual({ ok: true, value: [] });
      const all = await dispatch(core, 'businesses.list', { includeArchived: true }, { actor: 'test' });
      expect(all.ok && (all.value as unknown[]).length).toBe(1);
    } finally {
      await core.close();
    }
  });

  it('sets a logo and a signature that the next invoice prints, and null clears them', async () => {
    const { dir, dataDir, businessId } = await shop();
    // Placed images in poppler's list (type "image"; a PNG's alpha channel is listed as its "smask").
    const imagesIn = (pdf: string) => execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2).filter((line) => line.trim().split(/\s+/)[2] === 'image').length;
    const plain = join(dir, 'plain.pdf');
    const before = await cli('--data-dir', dataDir, 'invoice', 'create', '--business', businessId, '--issue', '--pdf', plain, '--file', writeJson(dir, { date: today, customer: 'Walk-in', lines: [{ product: 'SAR-1', quantity: 1 }] }));
    expect(before.code, before.stderr).toBe(0);
    const png = `data:image/png;base64,${readFileSync(join(import.meta.dirname, '../../../resources/icons/48x48.png')).toString('base64')}`;
    const set = await cli('--data-dir', dataDir, 'business', 'update', businessId, '--file', writeJson(dir, { logo: png, signature: png, signatoryName: 'Asha Kulkarni' }));
    expect(set.code, set.stderr).toBe(0);
    expect(rows(dataDir, 'SELECT logo = ? AS logo, signature = ? AS signature FROM businesses', png, png)).toEqual([{ logo: 1, signature: 1 }]);
    const pdf = join(dir, 'with-images.pdf');
    const issued = await cli('--data-dir', dataDir, 'invoice', 'create', '--business', businessId, '--issue', '--pdf', pdf, '--file', writeJson(dir, { date: today, customer: 'Walk-in', lines: [{ product: 'SAR-1', quantity: 1 }] }));
    expect(issued.code, issued.stderr).toBe(0);
    // Both images are drawn on the page (poppler lists each placed image): two more than before.
    expect(imagesIn(pdf)).toBe(imagesIn(plain) + 2);
    const cleared = await cli('--data-dir', dataDir, 'business', 'update', businessId, '--file', writeJson(dir, { logo: null, signature: null }));
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(rows(dataDir, 'SELECT logo, signature FROM businesses')).toEqual([{ logo: null, signature: null }]);
  }, 60_000);

  it('refuses to change the regime or currency once an invoice was issued, naming the field and why (exit 2)', async () => {
    const { dir, dataDir, businessId } = await shop();
    const toNone = writeJson(dir, { taxRegime: 'none', taxId: null });
    // Before any invoice the regime may still change.
    const issued = await cli('--data-dir', dataDir, 'invoice', 'create', '--business', businessId, '--issue', '--file', writeJson(dir, { date: today, customer: 'Walk-in', lines: [{ product: 'SAR-1', quantity: 1 }] }));
    expect(issued.code, issued.stderr).toBe(0);
    const refused = await cli('--data-dir', dataDir, 'business', 'update', businessId, '--file', toNone);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/\$\.taxRegime: cannot change from gst-in: 1 invoice was issued under it/);
    const currency = await cli('--data-dir', dataDir, 'business', 'update', businessId, '--file', writeJson(dir, { currency: 'BHD' }));
    expect(currency.code).toBe(2);
    expect(currency.stderr).toMatch(/\$\.currency/);
    expect(rows(dataDir, 'SELECT tax_regime, currency FROM businesses')).toEqual([{ tax_regime: 'gst-in', currency: 'INR' }]);
  }, 60_000);
});

describe('series add|list', () => {
  it('adds a series checked against GST rules at the largest counter, and refuses what GST or uniqueness forbid', async () => {
    const { dataDir, businessId } = await shop();
    const added = await cli('--data-dir', dataDir, '--json', 'series', 'add', '--business', businessId, '--code', 'SHOP1', '--format', 'S1/{FYS}/{SEQ:5}');
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ code: 'SHOP1', lastSeq: 0, next: expect.stringMatching(/^S1\/\d{4}\/00001$/) });
    const tooLong = await cli('--data-dir', dataDir, 'series', 'add', '--business', businessId, '--code', 'LONG', '--format', 'INV/{FY}/{SEQ:4}');
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toMatch(/\$\.format: .*"INV\/\d{4}-\d{2}\/99999" \(counter 99999\).*16 characters/);
    const badChars = await cli('--data-dir', dataDir, 'series', 'add', '--business', businessId, '--code', 'US', '--format', 'A_{FYS}_{SEQ:4}');
    expect(badChars.code).toBe(2);
    // No year in the pattern: numbers are unique per financial year (GST Rule 46(b)), and every series starts at 1 in a new one.
    const noYear = await cli('--data-dir', dataDir, 'series', 'add', '--business', businessId, '--code', 'S2', '--format', 'SHOP2-{SEQ}');
    expect(noYear.code, noYear.stderr).toBe(0);
    const clash = await cli('--data-dir', dataDir, 'series', 'add', '--business', businessId, '--code', 'INV2', '--format', 'INV/{FYS}/{SEQ:3}');
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/series INV \(INV\/\{FYS\}\/\{SEQ:5\}\) also gives/);
    const list = await cli('--data-dir', dataDir, '--json', 'series', 'list', '--business', businessId);
    expect((JSON.parse(list.stdout) as Array<{ code: string }>).map((s) => s.code)).toEqual(['BOS', 'INV', 'SHOP1', 'S2', 'CN']) // BOS: the bills-of-supply series every GST business has;
  });
});

describe('invoice create|issue|show', () => {
  it('a draft has no number; issuing takes the next number, writes the PDF and audits; show finds it by number', async () => {
    const { dir, dataDir, businessId } = await shop();
    const file = writeJson(dir, {
      date: today, customer: 'Ravi Kumar', customerState: 'Karnataka', customerAddress: '5 MG Road\nBengaluru',
      lines: [{ product: 'SAR-1', quantity: 2 }, { description: 'Stitching', hsn: '998821', rate: '18', quantity: '1', price: '250.50' }],
    });
    const draft = await cli('--data-dir', dataDir, '--json', 'invoice', 'create', '--business', businessId, '--file', file);
    expect(draft.code, draft.stderr).toBe(0);
    const d = JSON.parse(draft.stdout) as { id: string; number: string | null; status: string; placeOfSupply: string; totals: Record<string, string> };
    expect(d).toMatchObject({ number: null, status: 'draft', placeOfSupply: '29', totals: { taxable: '2650.50', tax: '165.09', roundOff: '0.41', grandTotal: '2816.00' } });
    // A new customer is created only when the invoice is issued.
    expect(rows(dataDir, 'SELECT COUNT(*) AS n FROM customers')).toEqual([{ n: 0 }]);
    const issued = await cli('--data-dir', dataDir, '--json', 'invoice', 'issue', d.id, '--pdf', join(dir, 'copy.pdf'));
    expect(issued.code, issued.stderr).toBe(0);
    const i = JSON.parse(issued.stdout) as { number: string; status: string; pdf: { sha256: string } };
    expect(i).toMatchObject({ status: 'issued', number: expect.stringMatching(/^INV\/\d{4}\/00001$/) });
    expect(readFileSync(join(dir, 'copy.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(rows(dataDir, "SELECT action FROM audit_log WHERE entity = 'invoice' ORDER BY seq").map((r) => (r as { action: string }).action)).toEqual(['invoice.draft_create', 'invoice.issue']);
    const again = await cli('--data-dir', dataDir, 'invoice', 'issue', d.id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already issued/);
    const shown = await cli('--data-dir', dataDir, '--json', 'invoice', 'show', i.number);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: d.id, number: i.number, totals: d.totals });
    const human = await cli('--data-dir', dataDir, 'invoice', 'show', d.id);
    expect(human.stdout).toContain('Rupees Two Thousand Eight Hundred Sixteen Only');
    const audit = await cli('--data-dir', dataDir, 'audit', 'verify');
    expect(audit.code, audit.stdout + audit.stderr).toBe(0);
    const sequence = await cli('--data-dir', dataDir, 'check', 'sequence', '--business', businessId);
    expect(sequence.code, sequence.stdout).toBe(0);
  }, 60_000);

  it('bad invoice files exit 2 naming each field (unknown product, quantity, rate, customer tax id) and write nothing', async () => {
    const { dir, dataDir, businessId } = await shop();
    const before = rows(dataDir, 'SELECT COUNT(*) AS n FROM audit_log');
    const bad = await cli('--data-dir', dataDir, 'invoice', 'create', '--business', businessId, '--file', writeJson(dir, {
      date: today, customer: 'Kaveri Textiles', customerTaxId: '29AAGCB7383J1Z5',
      lines: [{ product: 'NOPE', quantity: 1 }, { description: 'Repair', hsn: '998713', rate: '13', quantity: '0', price: '100' }],
    }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\$\.customerTaxId: .*check digit/);
    expect(bad.stderr).toMatch(/\$\.lines\[0\]\.product: no product/);
    // A line that names a missing product has that one issue, not also "a typed line needs…".
    expect(bad.stderr).not.toMatch(/\$\.lines\[0\]\.(description|price|rate):/);
    expect(bad.stderr).toMatch(/\$\.lines\[1\]\.quantity: /);
    expect(bad.stderr).toMatch(/\$\.lines\[1\]\.rate: 13% is not a gst-in rate/);
    const future = await cli('--data-dir', dataDir, 'invoice', 'create', '--business', businessId, '--file', writeJson(dir, { date: '2999-01-01', customer: 'X', lines: [{ product: 'SAR-1', quantity: 1 }] }));
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/\$\.date: 2999-01-01 is in the future/);
    const pdfWithoutIssue = await cli('--data-dir', dataDir, 'invoice', 'create', '--business', businessId, '--pdf', join(dir, 'x.pdf'), '--file', writeJson(dir, { date: today, customer: 'X', lines: [{ product: 'SAR-1', quantity: 1 }] }));
    expect(pdfWithoutIssue.code).toBe(2);
    expect(rows(dataDir, 'SELECT COUNT(*) AS n FROM audit_log')).toEqual(before);
    expect(rows(dataDir, 'SELECT COUNT(*) AS n FROM invoices')).toEqual([{ n: 0 }]);
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
  });

  it('a corrected customer address is printed on the next invoice; the issued one keeps its own', async () => {
    const { dir, dataDir, businessId } = await shop();
    const customer = await cli('--data-dir', dataDir, '--json', 'customer', 'add', '--business', businessId, '--file', writeJson(dir, { name: 'Kaveri Textiles', taxId: '29AAGCB7383J1Z4', address: 'Old Street 1' }));
    const customerId = (JSON.parse(customer.stdout) as { id: string }).id;
    const first = await cli('--data-dir', dataDir, '--json', 'invoice', 'create', '--business', businessId, '--issue', '--file', writeJson(dir, { date: today, customerId, lines: [{ product: 'SAR-1', quantity: 1 }] }));
    expect(first.code, first.stderr).toBe(0);
    const draft = await cli('--data-dir', dataDir, '--json', 'invoice', 'create', '--business', businessId, '--file', writeJson(dir, { date: today, customerId, lines: [{ product: 'SAR-1', quantity: 3 }] }));
    await cli('--data-dir', dataDir, 'customer', 'update', '--business', businessId, '--file', writeJson(dir, { id: customerId, address: 'New Street 2' }));
    const second = await cli('--data-dir', dataDir, '--json', 'invoice', 'issue', (JSON.parse(draft.stdout) as { id: string }).id);
    expect(second.code, second.stderr).toBe(0);
    expect((JSON.parse(second.stdout) as { customer: { address: string } }).customer.address).toBe('New Street 2');
    const firstShown = await cli('--data-dir', dataDir, '--json', 'invoice', 'show', (JSON.parse(first.stdout) as { id: string }).id);
    expect((JSON.parse(firstShown.stdout) as { customer: { address: string }; placeOfSupply: string }).customer).toMatchObject({ address: 'Old Street 1' });
    expect((JSON.parse(firstShown.stdout) as { placeOfSupplyBasis: string }).placeOfSupplyBasis).toBe('gstin');
  }, 60_000);
});
