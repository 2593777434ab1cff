// The e-invoice round trip through the CLI: an invoice's IRP JSON, a hand-made IRP response for it
// (the signed QR code a JWS whose payload names the invoice, as the IRP's does), `gst irn-import`,
// and the re-rendered PDF whose QR code zbarimg (Debian's zbar-tools) decodes to the signed string.
// A response that does not match the invoice is refused; an invoice with an IRN is not voided
// locally until `gst irn-cancel` records the portal's cancellation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src-main/cli/main.js';
import { TempDirs } from '../../helpers/temp.js';

const temp = new TempDirs();
let dataDir = '';
let businessId = '';
let number = '';
let einvoice: { DocDtls: { No: string; Dt: string }; SellerDtls: { Gstin: string }; BuyerDtls: { Gstin: string }; ItemList: unknown[] } & Record<string, unknown>;
let einvoiceText = '';

const haveTools = spawnSync('zbarimg', ['--version']).status === 0 && spawnSync('pdftoppm', ['-v']).status === 0;
if (!haveTools && process.env.CI === 'true') throw new Error('zbarimg (zbar-tools) and pdftoppm (poppler-utils) are required in CI: bash .ci/run installs them');

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['--data-dir', dataDir, ...argv], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const b64url = (text: string | Buffer) => Buffer.from(text).toString('base64url');

/** A response shaped like the IRP's: the QR code is a JWS over the registered document's particulars. */
function irpResponse(overrides: { value?: string; buyer?: string } = {}) {
  const irn = createHash('sha256').update(`${einvoice.SellerDtls.Gstin}|${einvoice.DocDtls.No}|${overrides.value ?? ''}`).digest('hex');
  const value = overrides.value ?? /"TotInvVal": (\d+\.\d{2})/.exec(einvoiceText)![1]!;
  const data = `{"SellerGstin":"${einvoice.SellerDtls.Gstin}","BuyerGstin":"${overrides.buyer ?? einvoice.BuyerDtls.Gstin}","DocNo":"${einvoice.DocDtls.No}","DocTyp":"INV","DocDt":"${einvoice.DocDtls.Dt}","TotInvVal":${value},"ItemCnt":${einvoice.ItemList.length},"MainHsnCode":"5007","Irn":"${irn}","IrnDt":"2026-10-20 12:04:00"}`;
  const signed = `${b64url(JSON.stringify({ alg: 'RS256', kid: 'EDC57DE1358B300BA9F179DB9A4F7DF9', typ: 'JWT' }))}.${b64url(JSON.stringify({ data, iss: 'NIC' }))}.${b64url(randomBytes(256))}`;
  return { Irn: irn, AckNo: 112610000456789, AckDt: '2026-10-20 12:04:00', SignedQRCode: signed, Status: 'ACT' };
}

beforeAll(async () => {
  dataDir = temp.make();
  const inputs = temp.make();
  writeFileSync(join(inputs, 'business.json'), JSON.stringify({
    name: 'Sahyadri Handloom Traders', address: 'Shop 14, Laxmi Road', city: 'Pune', postalCode: '411030', countryCode: 'IN', stateCode: '27', taxRegime: 'gst-in',
    taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: true,
  }));
  const added = await cli('--json', 'business', 'add', '--file', join(inputs, 'business.json'));
  expect(added.code, added.stderr).toBe(0);
  businessId = (JSON.parse(added.stdout) as { id: string }).id;
  writeFileSync(join(inputs, 'products.csv'), 'SKU,Product Name,HSN,Base Price,GST %,Unit\nSAR-1,Paithani silk saree,5007,18500,5,PCS\n');
  expect((await cli('import', 'products', join(inputs, 'products.csv'), '--business', businessId)).code).toBe(0);
  writeFileSync(join(inputs, 'orders.json'), JSON.stringify([{
    orderId: 'PO-7781', date: '2026-10-20', customer: 'Vaigai Silks Private Limited', customerTaxId: '29AAHCS3391E1Z5',
    customerAddress: '44, Commercial Street\nBengaluru 560001', product: 'SAR-1', quantity: '2', price: '18500',
  }]));
  const batch = await cli('batch', '--business', businessId, '--from', join(inputs, 'orders.json'));
  expect(batch.code, batch.stderr + batch.stdout).toBe(0);
  const out = join(inputs, 'einvoice.json');
  const made = await cli('--json', 'gst', 'einvoice', '--business', businessId, '--period', '102026', '--out', out);
  expect(made.code, made.stderr + made.stdout).toBe(0);
  einvoiceText = readFileSync(out, 'utf8');
  einvoice = (JSON.parse(einvoiceText) as Array<typeof einvoice>)[0]!;
  number = einvoice.DocDtls.No;
}, 300_000);

afterAll(() => temp.cleanup());

function pdfOf(invoiceNumber: string): string {
  const folder = join(dataDir, 'documents', businessId);
  const year = readdirSync(folder)[0]!;
  const file = join(folder, year, `${invoiceNumber.replace(/[^A-Za-z0-9._-]/g, '-')}.pdf`);
  expect(existsSync(file)).toBe(true);
  return file;
}

describe('the e-invoice round trip', () => {
  it('refuses a response whose signed value or buyer GSTIN does not match the invoice, attaching nothing', async () => {
    const file = join(temp.make(), 'wrong.json');
    writeFileSync(file, JSON.stringify([irpResponse({ value: '1.00' }), irpResponse({ buyer: '33AAHCS3391E1ZK' })]));
    const result = await cli('--json', 'gst', 'irn-import', file, '--business', businessId);
    expect(result.code).toBe(1);
    const outcome = JSON.parse(result.stdout) as { attached: unknown[]; refused: Array<{ reason: string }> };
    expect(outcome.attached).toEqual([]);
    expect(outcome.refused.map((r) => r.reason)).toEqual([expect.stringMatching(/value 1\.00 is not the invoice's 38850\.00/), expect.stringMatching(/buyer GSTIN 33AAHCS3391E1ZK is not the invoice's 29AAHCS3391E1Z5/)]);
  });

  it('attaches the IRN and prints a QR code that decodes to the signed string', async () => {
    const response = irpResponse();
    const file = join(temp.make(), 'irp-response.json');
    writeFileSync(file, JSON.stringify({ data: [response] }));
    const result = await cli('--json', 'gst', 'irn-import', file, '--business', businessId);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect((JSON.parse(result.stdout) as { attached: Array<{ number: string }> }).attached).toEqual([expect.objectContaining({ number, irn: response.Irn })]);
    const again = await cli('--json', 'gst', 'irn-import', file, '--business', businessId);
    expect((JSON.parse(again.stdout) as { alreadyAttached: unknown[] }).alreadyAttached).toHaveLength(1);

    const pdf = pdfOf(number);
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
    expect(text).toContain(response.Irn);
    if (!haveTools) return;
    const png = join(temp.make(), 'page');
    expect(spawnSync('pdftoppm', ['-r', '300', '-f', '1', '-l', '1', '-png', pdf, png]).status).toBe(0);
    const image = readdirSync(join(png, '..')).find((f) => f.endsWith('.png'))!;
    const decoded = spawnSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', join(png, '..', image)], { encoding: 'utf8' });
    expect(decoded.status, decoded.stderr).toBe(0);
    expect(decoded.stdout.trim()).toBe(response.SignedQRCode);
  });

  it('does not void an invoice with an IRN; gst irn-cancel records the cancellation and voids it', async () => {
    const refused = await cli('invoice', 'void', number, '--business', businessId, '--reason', 'wrong quantity');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/registered on the IRP .*gst irn-cancel/);
    const cancelled = await cli('--json', 'gst', 'irn-cancel', number, '--business', businessId, '--reason', 'wrong quantity');
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ number, status: 'void' });
    const shown = spawnSync('pdftotext', [pdfOf(number), '-'], { encoding: 'utf8' }).stdout;
    expect(shown).toMatch(/CANCELLED/);
  });
});
