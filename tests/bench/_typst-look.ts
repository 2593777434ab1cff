// `npm run bench -- _typst-look --base OLD.typ --cur NEW.typ [--dir DIR] [--only-tags] [--keep]`
// A probe (not listed by `npm run bench`): does a template change print the same pages? Renders
// the fixtures (tests/fixtures/documents/*.json), the named fixture set and factory documents
// (GST 1-25 lines, Hindi, reverse charge, bill of supply, cash memo, credit notes; Bahrain full,
// simplified and credit notes; 100-line invoices; logo and signature, a wide logo; SPECIMEN,
// CANCELLED, copies, IRN, export, ship-to, notes issued against it, bank details) with both
// template files, tables tagged and as blocks, PDF/A as the default business setting. Each PDF's
// pages go through `pdftoppm -png -r 100` and are compared byte for byte; the text of each
// (`pdftotext`, reading order) and its structure types (qpdf) must match too. Prints the counts
// and every page that differs (kept in DIR for a look).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderInvoicePdfWithPages } from '../../src-main/pdf/render.js';
import type { InvoiceDocument } from '../../src-shared/schemas/invoice-document.js';
import { fixtureSet, makeBahrainDocument, makeGstDocument } from '../fixtures/documents/factory.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const BASE = arg('base', '');
const CUR = arg('cur', '');
if (!BASE || !CUR) throw new Error('--base OLD.typ --cur NEW.typ');
const DIR = arg('dir', '') || mkdtempSync(path.join(tmpdir(), 'lf-typst-look-'));
const ONLY_TAGS = args.includes('--only-tags');

/** A 400x50 logo (wider than the header's 120pt at 46pt high). */
const WIDE_LOGO = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="50"><rect width="400" height="50" rx="8" fill="#1f4e79"/><circle cx="25" cy="25" r="15" fill="#fff"/></svg>').toString('base64')}`;

function documents(): Array<[string, InvoiceDocument]> {
  const out: Array<[string, InvoiceDocument]> = [];
  const fixturesDir = path.join(process.cwd(), 'tests', 'fixtures', 'documents');
  for (const f of readdirSync(fixturesDir).filter((n) => n.endsWith('.json')).sort()) {
    out.push([`json-${f.replace(/\.json$/, '')}`, JSON.parse(readFileSync(path.join(fixturesDir, f), 'utf8')) as InvoiceDocument]);
  }
  for (const [name, d] of Object.entries(fixtureSet())) out.push([`set-${name}`, d]);
  for (const n of [1, 2, 3, 5, 8, 11, 14, 17, 20, 25]) out.push([`gst-${n}`, makeGstDocument({ lines: n, seed: n, number: `INV/2526/${String(n).padStart(5, '0')}` })]);
  out.push(['gst-inter-rc-9', makeGstDocument({ lines: 9, interState: true, reverseCharge: true, seed: 4 })]);
  out.push(['gst-hindi-12', makeGstDocument({ lines: 12, hindi: true, seed: 2 })]);
  out.push(['gst-bos-7', makeGstDocument({ kind: 'bill_of_supply', composition: true, lines: 7, seed: 6 })]);
  out.push(['gst-cash-memo-5', makeGstDocument({ kind: 'cash_memo', lines: 5, seed: 1 })]);
  out.push(['gst-credit-6', makeGstDocument({ kind: 'credit_note', lines: 6, seed: 3 })]);
  out.push(['gst-composition-credit-4', makeGstDocument({ kind: 'credit_note', composition: true, lines: 4, seed: 8 })]);
  out.push(['gst-100', makeGstDocument({ lines: 100, seed: 7, interState: true })]);
  out.push(['gst-images-specimen-4', makeGstDocument({ lines: 4, images: true, specimen: true })]);
  const wide = makeGstDocument({ lines: 3, seed: 9 });
  out.push(['gst-wide-logo-3', { ...wide, supplier: { ...wide.supplier, logo: WIDE_LOGO } }]);
  const full = makeGstDocument({ lines: 14, seed: 5, images: true, hindi: true });
  out.push([
    'gst-everything-14',
    {
      ...full,
      shipTo: { name: 'Patel Traders Warehouse', address: ['Plot 7, MIDC Bhosari', 'Pune 411026'], stateCode: '27', stateName: 'Maharashtra' },
      placeOfSupplyBasis: 'delivery-address',
      copyLabels: [
        { en: 'Original for recipient', hi: 'प्राप्तकर्ता के लिए मूल' },
        { en: 'Duplicate for transporter', hi: 'परिवहनकर्ता के लिए दूसरी प्रति' },
        { en: 'Triplicate for supplier', hi: 'आपूर्तिकर्ता के लिए तीसरी प्रति' },
      ],
      creditNotes: [{ number: 'CN/2627/0003', date: '2026-11-20', total: '1180.00' }],
      debitNotes: [{ number: 'DN/2627/0001', date: '2026-11-22', total: '236.00' }],
      cancelled: { date: '2026-11-21', reason: 'Order withdrawn by the buyer' },
      irn: { irn: 'a5c12dca80e743321740b001fd70953e8738d109865d28ba4013750f2046f229', ackNo: '112610012345678', ackDate: '2026-11-14 12:30:00', signedQrCode: 'x'.repeat(900) },
      supplier: { ...full.supplier, signatoryName: 'R. Sharma', bankDetails: { accountName: 'Bharat Electricals', bankName: 'State Bank of India', accountNumber: '00000012345678901', ifsc: 'SBIN0001234', upiId: 'bharat@sbi' } },
    },
  ]);
  for (const n of [1, 4, 9, 15, 20]) out.push([`bh-full-${n}`, makeBahrainDocument({ lines: n, seed: n })]);
  for (const n of [2, 7, 13]) out.push([`bh-simplified-${n}`, makeBahrainDocument({ kind: 'simplified_tax_invoice', lines: n, seed: n })]);
  for (const n of [3, 11]) out.push([`bh-credit-${n}`, makeBahrainDocument({ kind: 'credit_note', lines: n, seed: n })]);
  out.push(['bh-100', makeBahrainDocument({ lines: 100, seed: 2 })]);
  const bh = makeBahrainDocument({ lines: 8, seed: 4, images: true, specimen: true });
  out.push([
    'bh-everything-8',
    {
      ...bh,
      exchangeRate: '1 USD = 0.376 BHD',
      export: { country: 'IN', countryName: 'India', statement: { en: 'Export of goods: zero-rated', ar: 'تصدير سلع: خاضع لنسبة الصفر' }, lut: 'LUT/BH/2026/17' },
      copyLabel: { en: 'Original', ar: 'الأصل' },
      cancelled: { date: '2026-11-21', reason: 'Duplicate of BH-2025-00007' },
      supplier: { ...bh.supplier, bankDetails: { accountName: 'Gulf Pearl Trading', bankName: 'National Bank of Bahrain', iban: 'BH67BMAG00001299123456', swift: 'NBOBBHBM' } },
    },
  ]);
  return out;
}

function structure(file: string): string {
  const qdf = `${file}.qdf`;
  execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, qdf], { stdio: 'pipe' });
  const counts: Record<string, number> = {};
  for (const m of readFileSync(qdf).toString('latin1').matchAll(/\/S \/([A-Za-z0-9]+)/g)) counts[m[1]!] = (counts[m[1]!] ?? 0) + 1;
  rmSync(qdf);
  return Object.entries(counts).sort().map(([k, v]) => `${k}:${v}`).join(' ');
}

async function main() {
  mkdirSync(DIR, { recursive: true });
  const docs = documents();
  let pdfs = 0;
  let pages = 0;
  let samePages = 0;
  const pageDiffs: string[] = [];
  const textDiffs: string[] = [];
  const structDiffs: string[] = [];
  const tableCounts: string[] = [];
  for (const [name, doc] of docs) {
    for (const tableTags of ONLY_TAGS ? [true] : [true, false]) {
      const tag = `${name}-${tableTags ? 'tags' : 'blocks'}`;
      const files: string[] = [];
      const pageCounts: number[] = [];
      for (const [which, template] of [['old', BASE], ['new', CUR]] as const) {
        const r = await renderInvoicePdfWithPages(doc, { template, pdfA: true, tableTags });
        const file = path.join(DIR, `${tag}-${which}.pdf`);
        writeFileSync(file, r.pdf);
        files.push(file);
        pageCounts.push(r.pages);
        execFileSync('pdftoppm', ['-png', '-r', '100', file, path.join(DIR, `${tag}-${which}`)]);
      }
      pdfs++;
      if (pageCounts[0] !== pageCounts[1]) pageDiffs.push(`${tag}: ${pageCounts[0]} pages -> ${pageCounts[1]}`);
      const pngs = (which: string) => readdirSync(DIR).filter((f) => f.startsWith(`${tag}-${which}-`) && f.endsWith('.png')).sort();
      const oldPngs = pngs('old');
      const newPngs = pngs('new');
      for (const [i, p] of oldPngs.entries()) {
        pages++;
        const q = newPngs[i];
        if (q && readFileSync(path.join(DIR, p)).equals(readFileSync(path.join(DIR, q)))) {
          samePages++;
          rmSync(path.join(DIR, p));
          rmSync(path.join(DIR, q));
        } else {
          pageDiffs.push(`${tag} page ${i + 1}: ${p} ${q ?? '(missing)'}`);
        }
      }
      const [t0, t1] = files.map((f) => execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' }));
      if (t0 !== t1) textDiffs.push(tag);
      const [s0, s1] = files.map(structure);
      if (s0 !== s1) structDiffs.push(`${tag}: ${s0} | ${s1}`);
      if (tableTags && name === 'set-gst-tax-invoice-intra') tableCounts.push(`${tag}: ${s1}`);
    }
  }
  console.log(`${docs.length} documents, ${pdfs} PDF pairs (tables tagged${ONLY_TAGS ? '' : ' and as blocks'}), ${pages} pages: ${samePages} byte-identical at 100 dpi`);
  console.log(`pages that differ (${pageDiffs.length}):${pageDiffs.map((d) => `\n  ${d}`).join('')}`);
  console.log(`pdftotext differs (${textDiffs.length}): ${textDiffs.join(', ')}`);
  console.log(`structure types differ (${structDiffs.length}):${structDiffs.map((d) => `\n  ${d}`).join('')}`);
  console.log(`structure of a tagged GST invoice: ${tableCounts.join('')}`);
  console.log(`files in ${DIR}`);
  if (!args.includes('--keep') && pageDiffs.length === 0 && textDiffs.length === 0 && structDiffs.length === 0) rmSync(DIR, { recursive: true, force: true });
  if (pageDiffs.length || textDiffs.length || structDiffs.length) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
