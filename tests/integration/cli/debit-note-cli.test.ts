// `invoice debit-note` through the CLI entry point (public contract, GST s.34(3), r.53(1A)):
// extra quantities, revised prices or a value against an issued invoice, numbered DN/…, with the
// invoice's place of supply and rates; --json prints id, number, totals (positive). Each refusal
// (voided invoice, a credit note, no reason, a zero or negative value, Bahrain VAT) exits 2 naming why.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main.js';
import { TempDirs } from '../../helpers/temp.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

function writeJson(dir: string, name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

interface Setup { dataDir: string; businessId: string; numbers: string[] }

/** A business with issued invoices from orders (no PDFs: the ledger is what these tests are about). */
async function setup(business: Record<string, unknown>, products: string, orders: unknown[]): Promise<Setup> {
  const dir = temp.make();
  const dataDir = join(dir, 'data');
  const added = await cli('business', 'add', '--data-dir', dataDir, '--json', '--file', writeJson(dir, 'b.json', business));
  expect(added.code, added.stderr).toBe(0);
  const businessId = (JSON.parse(added.stdout) as { id: string }).id;
  const csv = join(dir, 'products.csv');
  writeFileSync(csv, products);
  const imported = await cli('import', 'products', csv, '--business', businessId, '--data-dir', dataDir);
  expect(imported.code, imported.stderr + imported.stdout).toBe(0);
  const batch = await cli('batch', '--business', businessId, '--from', writeJson(dir, 'orders.json', orders), '--no-pdf', '--data-dir', dataDir, '--json');
  expect(batch.code, batch.stderr + batch.stdout).toBe(0);
  const { openStore } = await import('../../../src-main/db/store.js');
  const store = await openStore(dataDir);
  try {
    const rows = store.read((db) => db.prepare("SELECT number FROM invoices WHERE status = 'issued' ORDER BY seq").all()) as Array<{ number: string }>;
    return { dataDir, businessId, numbers: rows.map((r) => r.number) };
  } finally {
    store.close();
  }
}

const GST_PRODUCTS = 'SKU,Name,HSN,Unit,Price,GST rate\nSH-1,Cotton shirt,6205,PCS,899.00,5\nTR-1,Tailoring service,998821,NOS,450.00,18\n';
const customer = { customer: 'Kaveri Textiles Pvt Ltd', customerTaxId: '29AAGCB7383J1Z4', customerState: '29' };

function gst(): Promise<Setup> {
  return setup(
    { name: 'Sharma Electronics', address: '12 Linking Road, Mumbai', countryCode: 'IN', stateCode: '27', taxRegime: 'gst-in', taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: false },
    GST_PRODUCTS,
    [
      { orderId: 'O-1', date: '2026-11-02', ...customer, product: 'SH-1', quantity: 3 },
      { orderId: 'O-1', date: '2026-11-02', ...customer, product: 'TR-1', quantity: 2 },
      { orderId: 'O-2', date: '2026-11-03', ...customer, product: 'SH-1', quantity: 1 },
    ],
  );
}

interface NoteJson { id: string; number: string; kind: string; debitNoteFor: string; totals: { taxable: string; tax: string; grandTotal: string } }

describe('ledgerflow invoice debit-note', () => {
  it('charges extra units, a revised price and a value, each numbered DN/…, with the invoice\'s inter-state IGST', async () => {
    const s = await gst();
    const [first] = s.numbers;
    const byLines = await cli('invoice', 'debit-note', first!, '--reason', 'Two more shirts delivered', '--lines', '1=2', '--date', '2026-11-10', '--no-pdf', '--json', '--data-dir', s.dataDir);
    expect(byLines.code, byLines.stderr).toBe(0);
    const note = JSON.parse(byLines.stdout) as NoteJson;
    expect(note).toMatchObject({ number: 'DN/2627/00001', kind: 'debit_note', debitNoteFor: first, totals: { taxable: '1798.00', tax: '89.90' } });
    expect(note.id).toMatch(/\S/);

    const byPrice = await cli('invoice', 'debit-note', first!, '--reason', 'Tailoring rate revised', '--prices', '2=500', '--date', '2026-11-11', '--no-pdf', '--json', '--data-dir', s.dataDir);
    expect(byPrice.code, byPrice.stderr).toBe(0);
    expect(JSON.parse(byPrice.stdout)).toMatchObject({ number: 'DN/2627/00002', totals: { taxable: '100.00', tax: '18.00' } });

    const byValue = await cli('invoice', 'debit-note', first!, '--reason', 'Freight recharged', '--value', '236', '--date', '2026-11-12', '--no-pdf', '--json', '--data-dir', s.dataDir);
    expect(byValue.code, byValue.stderr).toBe(0);
    expect((JSON.parse(byValue.stdout) as NoteJson).totals.grandTotal).toBe('236.00');

    const shown = await cli('invoice', 'show', 'DN/2627/00001', '--json', '--data-dir', s.dataDir);
    expect(shown.code, shown.stderr).toBe(0);
    const detail = JSON.parse(shown.stdout) as { kind: string; placeOfSupply: string; lines: Array<{ quantity: string; rate: string; components: Array<{ name: string; rate: string }> }> };
    expect(detail).toMatchObject({ kind: 'debit_note', placeOfSupply: '29' });
    expect(detail.lines.map((l) => [l.quantity, l.components.map((c) => `${c.name} ${c.rate}`)])).toEqual([['2', ['IGST 5']]]);

    const audit = await cli('--data-dir', s.dataDir, 'audit', 'verify');
    expect(audit.code, audit.stderr + audit.stdout).toBe(0);
    const sequence = await cli('check', 'sequence', '--business', s.businessId, '--data-dir', s.dataDir);
    expect(sequence.code, sequence.stderr + sequence.stdout).toBe(0);
  });

  it('an invoice with a debit note is not voided while the note stands', async () => {
    const s = await gst();
    expect((await cli('invoice', 'debit-note', s.numbers[0]!, '--reason', 'Extra', '--value', '10', '--no-pdf', '--data-dir', s.dataDir)).code).toBe(0);
    const voided = await cli('invoice', 'void', s.numbers[0]!, '--reason', 'x', '--no-pdf', '--data-dir', s.dataDir);
    expect(voided.code).not.toBe(0);
    expect(voided.stderr).toMatch(/has debit notes \(DN\/2627\/00001\)/);
  });

  // Each row: how the refused document was reached, the command's extra arguments, what the message names.
  const refusals: Array<{ name: string; prepare: (s: Setup) => Promise<string>; args: string[]; message: RegExp }> = [
    {
      name: 'a voided invoice',
      prepare: async (s) => {
        expect((await cli('invoice', 'void', s.numbers[1]!, '--reason', 'Typo', '--no-pdf', '--data-dir', s.dataDir)).code).toBe(0);
        return s.numbers[1]!;
      },
      args: ['--reason', 'More', '--value', '10'], message: /is void; a voided invoice takes no debit note/,
    },
    {
      name: 'a credit note',
      prepare: async (s) => {
        const credit = await cli('invoice', 'credit-note', s.numbers[0]!, '--reason', 'Returned', '--lines', '1=1', '--no-pdf', '--json', '--data-dir', s.dataDir);
        expect(credit.code, credit.stderr).toBe(0);
        return (JSON.parse(credit.stdout) as { number: string }).number;
      },
      args: ['--reason', 'More', '--value', '10'], message: /is a credit note; a debit note is issued against the invoice/,
    },
    { name: 'no reason', prepare: async (s) => s.numbers[0]!, args: ['--reason', '  ', '--value', '10'], message: /--reason: say why/ },
    { name: 'a zero value', prepare: async (s) => s.numbers[0]!, args: ['--reason', 'More', '--value', '0'], message: /value: the amount to charge must be more than 0, got 0/ },
    { name: 'a negative value', prepare: async (s) => s.numbers[0]!, args: ['--reason', 'More', '--value=-5'], message: /value: the amount to charge must be more than 0, got -5/ },
    { name: 'a zero extra quantity', prepare: async (s) => s.numbers[0]!, args: ['--reason', 'More', '--lines', '1=0'], message: /line 1: the extra quantity must be more than 0/ },
    { name: 'a price not above the invoiced one', prepare: async (s) => s.numbers[0]!, args: ['--reason', 'More', '--prices', '1=899'], message: /899 is not above the invoiced 899/ },
    { name: 'a line the invoice does not have', prepare: async (s) => s.numbers[0]!, args: ['--reason', 'More', '--lines', '7=1'], message: /the invoice has no line 7 \(it has 2\)/ },
    { name: 'nothing to charge', prepare: async (s) => s.numbers[0]!, args: ['--reason', 'More'], message: /--lines, --prices or --value/ },
  ];
  for (const row of refusals) {
    it(`refuses a debit note for ${row.name} with exit 2, naming why`, async () => {
      const s = await gst();
      const ref = await row.prepare(s);
      const refused = await cli('invoice', 'debit-note', ref, ...row.args, '--no-pdf', '--data-dir', s.dataDir);
      expect(refused.code, refused.stdout).toBe(2);
      expect(refused.stderr).toMatch(row.message);
      const { openStore } = await import('../../../src-main/db/store.js');
      const store = await openStore(s.dataDir);
      try {
        expect(store.read((db) => db.prepare("SELECT COUNT(*) AS n FROM invoices WHERE kind = 'debit_note'").get())).toEqual({ n: 0 });
      } finally {
        store.close();
      }
    });
  }

  it('refuses a debit note under Bahrain VAT with exit 2, saying the regulations provide credit notes and a further invoice instead', async () => {
    const s = await setup(
      { name: 'Manama Trading', address: 'Road 1, Manama', countryCode: 'BH', taxRegime: 'vat-bh', taxId: '200000000000003', currency: 'BHD', sandbox: false },
      'SKU,Name,Unit,Price,VAT rate\nLP-1,Laptop stand,PCS,12.500,10\n',
      [{ orderId: 'B-1', date: '2026-11-02', customer: 'Gulf Office Supplies', customerTaxId: '200000000000011', product: 'LP-1', quantity: 2 }],
    );
    const refused = await cli('invoice', 'debit-note', s.numbers[0]!, '--reason', 'Extra', '--value', '1', '--no-pdf', '--data-dir', s.dataDir);
    expect(refused.code, refused.stdout).toBe(2);
    expect(refused.stderr).toMatch(/Bahrain VAT has no debit notes: the VAT Executive Regulations provide tax credit notes .* further tax invoice/);
  });
});
