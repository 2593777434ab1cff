// The tax commands through commander, with a stand-in for the CLI runner's action factory:
// documented output shapes and the exit codes (0 valid, 1 invalid, AppError -> runner's exit 2).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.js';
import type { ActionFactory, CliContext } from '../../../src-main/cli/context.js';
import { registerTaxCommands } from '../../../src-main/cli/commands/tax.js';

const dir = mkdtempSync(join(tmpdir(), 'ledgerflow-cli-tax-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; doc: unknown; error?: AppError }> {
  let doc: unknown;
  let code = 0;
  let error: AppError | undefined;
  const ctx = { json: true, dataDir: dir, result: (d: unknown) => { doc = d; }, info: () => {}, core: () => Promise.reject(new Error('no core in tax commands')) } as unknown as CliContext;
  const action: ActionFactory = (fn) => async (...a: unknown[]) => {
    try {
      code = (await (fn as (c: CliContext, ...rest: unknown[]) => Promise<number | void>)(ctx, ...a)) ?? 0;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e;
      code = ['BAD_INPUT', 'TAX_INPUT'].includes(e.code) ? 2 : 1;
    }
  };
  const program = new Command().exitOverride();
  program.command('check').description('validate identifiers and sequences');
  registerTaxCommands(program, action);
  await program.parseAsync(['node', 'ledgerflow', ...args]);
  return { code, doc, error };
}

function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

const issueExample = {
  regime: 'gst-in', date: '2026-01-15', currency: 'INR', supplier: { state: '27' }, placeOfSupply: '29', supplyType: 'regular', pricesIncludeTax: false,
  lines: [{ description: 'Cotton shirt', hsn: '6205', quantity: '2', unitPrice: '50.005', rate: '18', cessRate: '0' }],
};

describe('tax quote --file', () => {
  it('prints the documented shape for the documented example', async () => {
    const { code, doc } = await run(['tax', 'quote', '--file', file('q.json', issueExample)]);
    expect(code).toBe(0);
    expect(doc).toEqual({
      lines: [{ taxable: '100.01', components: [{ name: 'IGST', rate: '18', amount: '18.00' }], total: '118.01' }],
      components: [{ name: 'IGST', rate: '18', taxable: '100.01', amount: '18.00' }],
      totals: { taxable: '100.01', tax: '18.00', total: '118.01', roundOff: '-0.01', grandTotal: '118.00' },
      amountInWords: 'Rupees One Hundred Eighteen Only',
    });
  });

  it('quotes vat-bh without state codes, rate as a number or keyword', async () => {
    const { doc } = await run(['tax', 'quote', '--file', file('bh.json', { regime: 'vat-bh', date: '2026-01-15', currency: 'BHD', lines: [
      { description: 'Phone', quantity: '1', unitPrice: '120.500', rate: 10 }, { description: 'Bread', quantity: '2', unitPrice: '0.250', rate: 'zero' },
    ] })]);
    expect((doc as { totals: unknown }).totals).toEqual({ taxable: '121.000', tax: '12.050', total: '133.050', roundOff: '0.000', grandTotal: '133.050' });
  });

  it.each([
    ['a rate not allowed on that date', { lines: [{ ...issueExample.lines[0], rate: '12' }] }, 'TAX_INPUT', /lines\[0\]\.rate: 12% is not a GST rate on 2026-01-15/],
    ['an unknown state code', { placeOfSupply: '42' }, 'TAX_INPUT', /placeOfSupply: "42" is not a GST state code/],
    ['a negative quantity outside a credit note', { lines: [{ ...issueExample.lines[0], quantity: '-2' }] }, 'TAX_INPUT', /lines\[0\]\.quantity: -2 is negative/],
    ['a malformed number', { lines: [{ ...issueExample.lines[0], unitPrice: '50,005' }] }, 'TAX_INPUT', /lines\[0\]\.unitPrice: "50,005" is not a decimal number/],
    ['an unknown key', { lines: [{ ...issueExample.lines[0], colour: 'blue' }] }, 'BAD_INPUT', /\$\.lines\[0\]\.colour: unknown key "colour"/],
    ['an unknown regime', { regime: 'gst-xx' }, 'NOT_FOUND', /tax plugin "gst-xx" is not installed/],
  ])('refuses %s, naming the file, line and field', async (_what, change, errorCode, message) => {
    const path = file('bad.json', { ...issueExample, ...change });
    const { code, error } = await run(['tax', 'quote', '--file', path]);
    expect(error?.code).toBe(errorCode);
    expect(error?.message).toMatch(message);
    expect(error?.message.startsWith(path)).toBe(true);
    expect(code).toBe(errorCode === 'NOT_FOUND' ? 1 : 2);
  });

  it('refuses a file that is not JSON with BAD_INPUT', async () => {
    const { code, error } = await run(['tax', 'quote', '--file', file('broken.json', '{ "regime": ')]);
    expect(code).toBe(2);
    expect(error?.message).toContain('not valid JSON');
  });
});

describe('check', () => {
  it.each([
    [['check', 'gstin', '27AAPFU0939F1ZV'], 0, true, /Maharashtra/],
    [['check', 'gstin', '27AAPFU0939F1ZX'], 1, false, /check digit is "X" but should be "V"/],
    [['check', 'vat-bh', '200000000000003'], 0, true, /15 digits/],
    [['check', 'vat-bh', '12345'], 1, false, /has 5 digits/],
    [['check', 'invoice-number', 'INV/2025-26/001'], 0, true, /unique in its fiscal year ignoring case/],
    [['check', 'invoice-number', 'INV/2025-26/000001'], 1, false, /has 18 characters; at most 16/],
    [['check', 'invoice-number', 'INV#1'], 1, false, /contains "#"/],
    [['check', 'invoice-number', 'INV/2025-26/000001', '--regime', 'vat-bh'], 0, true, /valid/],
    // Normalised (case, surrounding spaces) before the check; exactly Rule 46(b), nothing more.
    [['check', 'gstin', ' 27aapfu0939f1zv '], 0, true, /^valid GSTIN, state 27 \(Maharashtra\)$/],
    [['check', 'gstin', '29AAHCS3391E1Z6'], 1, false, /check digit is "6" but should be "5"/],
    [['check', 'gstin', '0717UNO00157UNO'], 0, true, /^valid UIN .*Rule 46\(d\)/],
    [['check', 'gstin', '07AAACF1234A1CS'], 0, true, /TCS collector.*refused as a recipient's GSTIN/],
    [['check', 'vat-bh', '20000000000003'], 1, false, /has 14 digits/],
    [['check', 'vat-bh', '2000000000000AB'], 1, false, /digits only/],
    [['check', 'invoice-number', ' inv/2526/1 '], 0, true, /ignoring case \(INV\/2526\/1\)/],
    [['check', 'invoice-number', '0001'], 0, true, /valid/],
    [['check', 'invoice-number', '-1'], 0, true, /valid/],
  ])('%j exits %i', async (args, exit, valid, reason) => {
    const { code, doc } = await run(args as string[]);
    expect(code).toBe(exit);
    expect(doc).toEqual({ valid, reason: expect.stringMatching(reason) });
  });
});

describe('words', () => {
  it.each([
    [['words', '123456.50', '--currency', 'INR'], 'Rupees One Lakh Twenty Three Thousand Four Hundred Fifty Six and Fifty Paise Only'],
    [['words', '1,23,456.50', '--currency', 'INR', '--lang', 'en'], 'Rupees One Lakh Twenty Three Thousand Four Hundred Fifty Six and Fifty Paise Only'],
    [['words', '2000.002', '--currency', 'BHD', '--lang', 'ar'], 'فقط ألفا دينار وفلسان لا غير'],
    [['words', '1.250', '--currency', 'BHD'], 'One Bahraini Dinar and Two Hundred Fifty Fils Only'],
  ])('%j', async (args, words) => {
    const { code, doc } = await run(args);
    expect(code).toBe(0);
    expect(doc).toEqual({ words });
  });

  it.each([
    [['words', 'abc', '--currency', 'INR'], /AMOUNT: not an amount/],
    [['words', '10', '--currency', 'USD'], /--currency: "USD" is not INR or BHD/],
    [['words', '10', '--currency', 'INR', '--lang', 'fr'], /--lang: "fr"/],
  ])('refuses %j', async (args, message) => {
    const { code, error } = await run(args);
    expect(code).toBe(2);
    expect(error?.message).toMatch(message);
  });
});
