// Sample invoices a business's template is compiled against before it is accepted (`ledgerflow
// template check`): every kind the business's regime issues, every optional particular, a long
// invoice and crore/million amounts. Arithmetic is consistent (decimal strings, decimal.js).
import { Decimal } from 'decimal.js';
import { amountInWords } from '../../src-shared/money/words.js';
import type { InvoiceDocument, InvoiceDocumentLine, PartyBlock } from '../../src-shared/schemas/invoice-document.js';
import type { InvoiceKind } from '../../src-shared/tax/plugin-api.js';

interface SampleLine {
  description: string;
  hsn: string;
  quantity: string;
  unit: string;
  unitPrice: string;
}

const ITEMS: SampleLine[] = [
  { description: 'Copper wire 1.5 sq mm, 90 m coil', hsn: '85444999', quantity: '2', unit: 'ROL', unitPrice: '1450.00' },
  { description: 'Ceiling fan 1200 mm, 5-star rated', hsn: '84145110', quantity: '9', unit: 'NOS', unitPrice: '2899.00' },
  { description: 'Modular switch 6A (pack of 10)', hsn: '85365090', quantity: '7', unit: 'PAC', unitPrice: '420.50' },
  { description: 'Electrical installation service', hsn: '998719', quantity: '5', unit: 'HRS', unitPrice: '650.00' },
];

function gstLines(count: number, scale: string, interState: boolean): InvoiceDocumentLine[] {
  return Array.from({ length: count }, (_, i) => {
    const item = ITEMS[i % ITEMS.length]!;
    const unitPrice = new Decimal(item.unitPrice).times(scale);
    const taxable = unitPrice.times(item.quantity).toDecimalPlaces(2);
    const components = interState
      ? [{ name: 'IGST', rate: '18', amount: taxable.times('0.18').toDecimalPlaces(2).toFixed(2) }]
      : [
          { name: 'CGST', rate: '9', amount: taxable.times('0.09').toDecimalPlaces(2).toFixed(2) },
          { name: 'SGST', rate: '9', amount: taxable.times('0.09').toDecimalPlaces(2).toFixed(2) },
        ];
    const tax = components.reduce((a, c) => a.plus(c.amount), new Decimal(0));
    return {
      index: i + 1,
      description: item.description,
      hsn: item.hsn,
      quantity: item.quantity,
      unit: item.unit,
      unitPrice: unitPrice.toFixed(2),
      discount: '0.00',
      taxable: taxable.toFixed(2),
      rate: '18',
      category: 'standard',
      components,
      tax: tax.toFixed(2),
      total: taxable.plus(tax).toFixed(2),
    };
  });
}

function vatLines(count: number, scale: string): InvoiceDocumentLine[] {
  return Array.from({ length: count }, (_, i) => {
    const zero = i % 5 === 2;
    const unitPrice = new Decimal(['45.500', '6.750', '2.350', '120.000'][i % 4]!).times(scale);
    const quantity = String((i % 4) + 1);
    const taxable = unitPrice.times(quantity).toDecimalPlaces(3);
    const tax = zero ? new Decimal(0) : taxable.times('0.10').toDecimalPlaces(3);
    return {
      index: i + 1,
      description: ['Office chair, ergonomic / كرسي مكتب', 'Printer paper A4, 5 reams', 'Fresh dates 1 kg (basic food)', 'Maintenance contract, monthly'][i % 4]!,
      quantity,
      unit: 'PCS',
      unitPrice: unitPrice.toFixed(3),
      discount: '0.000',
      taxable: taxable.toFixed(3),
      rate: zero ? '0' : '10',
      category: zero ? 'zero' : 'standard',
      components: zero ? [] : [{ name: 'VAT', rate: '10', amount: tax.toFixed(3) }],
      tax: tax.toFixed(3),
      total: taxable.plus(tax).toFixed(3),
    };
  });
}

function totalsOf(lines: InvoiceDocumentLine[], scale: number, roundToUnit: boolean): InvoiceDocument['totals'] {
  const taxable = lines.reduce((a, l) => a.plus(l.taxable), new Decimal(0));
  const tax = lines.reduce((a, l) => a.plus(l.tax), new Decimal(0));
  const total = taxable.plus(tax);
  const grand = roundToUnit ? total.toDecimalPlaces(0, Decimal.ROUND_HALF_UP) : total;
  return { taxable: taxable.toFixed(scale), tax: tax.toFixed(scale), total: total.toFixed(scale), roundOff: grand.minus(total).toFixed(scale), grandTotal: grand.toFixed(scale) };
}

function componentsOf(lines: InvoiceDocumentLine[], scale: number): InvoiceDocument['components'] {
  const map = new Map<string, { name: string; rate: string; taxable: Decimal; amount: Decimal }>();
  for (const l of lines) {
    for (const c of l.components) {
      const key = `${c.name}@${c.rate}`;
      const e = map.get(key) ?? { name: c.name, rate: c.rate, taxable: new Decimal(0), amount: new Decimal(0) };
      e.taxable = e.taxable.plus(l.taxable);
      e.amount = e.amount.plus(c.amount);
      map.set(key, e);
    }
  }
  return [...map.values()].map((e) => ({ name: e.name, rate: e.rate, taxable: e.taxable.toFixed(scale), amount: e.amount.toFixed(scale) }));
}

export interface SampleSupplier {
  name: string;
  address?: string[];
  taxId?: string | null;
  stateCode?: string;
  stateName?: string;
  logo?: string;
  signature?: string;
  signatoryName?: string;
}

const CUSTOMER_IN: PartyBlock = { name: 'Patel Traders', address: ['22 MG Road, Camp', 'Pune 411001'], taxId: '27AAACP1234C1Z5', stateCode: '27', stateName: 'Maharashtra' };
const CUSTOMER_BH: PartyBlock = { name: 'شركة البحرين للتجارة', address: ['Flat 12, Building 45, Road 1702', 'Manama, Kingdom of Bahrain'], taxId: '200098765400003', country: 'BH' };

/** The supplier's images and signatory, when the business has them. */
function supplierExtras(supplier: SampleSupplier): Partial<InvoiceDocument['supplier']> {
  return { ...(supplier.logo ? { logo: supplier.logo } : {}), ...(supplier.signature ? { signature: supplier.signature } : {}), ...(supplier.signatoryName ? { signatoryName: supplier.signatoryName } : {}) };
}

/** Every optional GST particular at once: Hindi, ship-to, copy mark, credit note, cancellation, IRN, exchange rate. */
function withEveryGstParticular(doc: InvoiceDocument): InvoiceDocument {
  return {
    ...doc,
    secondaryLanguage: 'hi',
    specimen: true,
    shipTo: { name: 'Patel Traders Warehouse', address: ['Plot 7, MIDC Bhosari', 'Pune 411026'], stateCode: '27', stateName: 'Maharashtra' },
    placeOfSupplyBasis: 'delivery-address',
    copyLabel: { en: 'Original for recipient', hi: 'प्राप्तकर्ता के लिए मूल' },
    creditNotes: [{ number: 'CN/2627/0003', date: '2026-11-20', total: '1180.00' }],
    cancelled: { date: '2026-11-21', reason: 'Order withdrawn by the buyer' },
    irn: { irn: 'a5c12dca80e743321740b001fd70953e8738d109865d28ba4013750f2046f229', ackNo: '112610012345678', ackDate: '2026-11-14 12:30:00', signedQrCode: 'SAMPLE-SIGNED-QR-CODE' },
    exchangeRate: '1 USD = 83.2500 INR',
    notes: [{ en: 'Goods once sold will be taken back within 7 days.', hi: 'बेचा गया माल 7 दिनों के भीतर वापस लिया जाएगा।' }],
  };
}

function gstSample(supplier: SampleSupplier, kind: InvoiceKind, number: string, lineCount: number, options: { scale?: string; interState?: boolean; full?: boolean } = {}): InvoiceDocument {
  const taxed = kind === 'tax_invoice' || kind === 'credit_note';
  let lines = gstLines(lineCount, options.scale ?? '1', options.interState ?? false);
  if (!taxed) lines = lines.map((l) => ({ ...l, components: [], tax: '0.00', total: l.taxable, rate: '0', category: 'exempt' }));
  const totals = totalsOf(lines, 2, true);
  const doc: InvoiceDocument = {
    regime: 'gst-in',
    kind,
    number,
    issueDate: '2026-11-14',
    currency: 'INR',
    supplier: { name: supplier.name, address: supplier.address ?? ['Shop 14, Lamington Road', 'Mumbai 400007'], taxId: supplier.taxId ?? '27AAPFU0939F1ZV', stateCode: supplier.stateCode ?? '27', stateName: supplier.stateName ?? 'Maharashtra', ...supplierExtras(supplier) },
    customer: options.interState ? { ...CUSTOMER_IN, taxId: '29AAACP1234C1Z5', stateCode: '29', stateName: 'Karnataka' } : CUSTOMER_IN,
    placeOfSupply: options.interState ? { code: '29', name: 'Karnataka' } : { code: '27', name: 'Maharashtra' },
    supplyType: 'regular',
    reverseCharge: false,
    lines,
    components: componentsOf(lines, 2),
    totals,
    summaryTables: [],
    notes: kind === 'bill_of_supply' ? [{ en: 'Composition taxable person, not eligible to collect tax on supplies' }] : [],
    amountInWords: { en: amountInWords(totals.grandTotal, 'INR', 'en') },
    specimen: false,
    ...(kind === 'credit_note' ? { creditNoteFor: { number: 'INV/2627/00001', date: '2026-11-01', reason: 'Goods returned' } } : {}),
  };
  return options.full ? withEveryGstParticular(doc) : doc;
}

function vatSample(supplier: SampleSupplier, kind: InvoiceKind, number: string, lineCount: number, options: { scale?: string; full?: boolean } = {}): InvoiceDocument {
  const lines = vatLines(lineCount, options.scale ?? '1');
  const totals = totalsOf(lines, 3, false);
  return {
    regime: 'vat-bh',
    kind,
    number,
    issueDate: '2026-11-20',
    supplyDate: '2026-11-18',
    currency: 'BHD',
    secondaryLanguage: 'ar',
    supplier: { name: supplier.name, address: supplier.address ?? ['Building 1021, Road 3618, Block 436', 'Seef, Kingdom of Bahrain'], taxId: supplier.taxId ?? '200012345600002', country: 'BH', ...supplierExtras(supplier) },
    customer: kind === 'simplified_tax_invoice' ? { name: 'Walk-in customer', address: [] } : CUSTOMER_BH,
    supplyType: 'regular',
    reverseCharge: false,
    lines,
    components: componentsOf(lines, 3),
    totals,
    summaryTables: [],
    notes: [{ en: 'Zero-rated supply: VAT at 0% under the Bahrain VAT Law.', ar: 'توريد خاضع لنسبة الصفر وفقا لقانون ضريبة القيمة المضافة في البحرين.' }],
    amountInWords: { en: amountInWords(totals.grandTotal, 'BHD', 'en'), ar: amountInWords(totals.grandTotal, 'BHD', 'ar') },
    specimen: false,
    ...(kind === 'credit_note' ? { creditNoteFor: { number: 'BH-2026-00001', date: '2026-11-01', reason: 'Returned goods' } } : {}),
    ...(options.full ? { copyLabel: { en: 'Original', ar: 'الأصل' }, export: { country: 'IN', countryName: 'India', statement: { en: 'Export of goods: zero-rated', ar: 'تصدير سلع: خاضع لنسبة الصفر' } }, cancelled: { date: '2026-11-22', reason: 'Issued in error' } } : {}),
  };
}

/** The sample invoices for a regime ('gst-in', 'vat-bh' or anything else: both sets). */
export function sampleInvoices(regime: string, supplier: SampleSupplier = { name: 'Sample Supplier Pvt Ltd' }): InvoiceDocument[] {
  const gst = [
    gstSample(supplier, 'tax_invoice', 'SAMPLE/2627/0001', 4),
    gstSample(supplier, 'tax_invoice', 'SAMPLE/2627/0002', 6, { full: true, interState: false }),
    gstSample(supplier, 'tax_invoice', 'SAMPLE/2627/0003', 3, { interState: true, scale: '25000' }),
    gstSample(supplier, 'bill_of_supply', 'SAMPLE/2627/0004', 3),
    gstSample(supplier, 'credit_note', 'SAMPLE-CN/2627/0001', 2),
    gstSample(supplier, 'tax_invoice', 'SAMPLE/2627/0005', 80),
  ];
  const vat = [
    vatSample(supplier, 'tax_invoice', 'SAMPLE-2026-0001', 5),
    vatSample(supplier, 'simplified_tax_invoice', 'SAMPLE-2026-0002', 3),
    vatSample(supplier, 'credit_note', 'SAMPLE-CN-2026-0001', 2),
    vatSample(supplier, 'tax_invoice', 'SAMPLE-2026-0003', 3, { full: true, scale: '10000' }),
    vatSample(supplier, 'tax_invoice', 'SAMPLE-2026-0004', 70),
  ];
  if (regime === 'gst-in' || regime === 'none') return gst;
  if (regime === 'vat-bh') return vat;
  return [...gst, ...vat];
}
