// Bank details for payment: a business's account (bank, account number, IFSC or IBAN, UPI) is
// printed on its invoices in a panel of its own beside the notes, and nothing is printed when the
// business gave none. Checked on the PDF text, from the business form's data through issue.
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main.js';
import { bankRows } from '../../../src-main/pdf/view.js';
import { TempDirs } from '../../helpers/temp.js';
import { pdftotext } from './helpers.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());
const today = new Date().toISOString().slice(0, 10);

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

async function issuedPdf(bankDetails: Record<string, string> | undefined): Promise<string> {
  const dir = temp.make();
  const dataDir = join(dir, 'data');
  const file = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };
  const added = await cli('--data-dir', dataDir, '--json', 'business', 'add', '--file', file('b.json', {
    name: 'Sahyadri Handloom Traders', address: 'Shop 14, Laxmi Road, Pune', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', taxId: '27AAPFU0939F1ZV', currency: 'INR',
    ...(bankDetails ? { bankDetails } : {}),
  }));
  expect(added.code, added.stderr).toBe(0);
  const businessId = (JSON.parse(added.stdout) as { id: string }).id;
  const pdf = join(dir, 'invoice.pdf');
  const created = await cli('--data-dir', dataDir, 'invoice', 'create', '--business', businessId, '--issue', '--pdf', pdf, '--file', file('i.json', {
    date: today, customer: 'Walk-in', customerState: '27', lines: [{ description: 'Cotton saree', hsn: '5208', rate: '5', quantity: '1', price: '1200' }],
  }));
  expect(created.code, created.stderr).toBe(0);
  expect(existsSync(pdf)).toBe(true);
  if (process.env.KEEP_PDFS) copyFileSync(pdf, join(process.env.KEEP_PDFS, `bank-${bankDetails ? 'with' : 'without'}.pdf`));
  return pdftotext(pdf).replace(/\s+/g, ' ');
}

describe('bank details for payment on the invoice', () => {
  it('prints the account a customer pays into', async () => {
    const text = await issuedPdf({ accountName: 'Sahyadri Handloom Traders', bankName: 'State Bank of India', accountNumber: '30012345678', ifsc: 'SBIN0001234', upiId: 'sahyadri@sbi' });
    expect(text).toContain('BANK DETAILS FOR PAYMENT');
    expect(text).toContain('Bank: State Bank of India');
    expect(text).toContain('Account no.: 30012345678');
    expect(text).toContain('IFSC: SBIN0001234');
    expect(text).toContain('UPI: sahyadri@sbi');
  }, 60_000);

  it('prints no bank panel when the business gave no bank details', async () => {
    const text = await issuedPdf(undefined);
    expect(text).not.toContain('BANK DETAILS FOR PAYMENT');
  }, 60_000);

  it('leaves out empty fields and keeps a payer\'s order', () => {
    expect(bankRows({ iban: 'BH67BMAG00001299123456', bankName: 'BBK', accountNumber: '  ' })).toEqual([
      { label: 'Bank', value: 'BBK' },
      { label: 'IBAN', value: 'BH67BMAG00001299123456' },
    ]);
    expect(bankRows(undefined)).toEqual([]);
  });
});
