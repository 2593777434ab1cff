// Printed labels in English with their Arabic (Bahrain) and Hindi (optional, India) forms.
import type { InvoiceKind, LocalizedText } from '../../src-shared/tax/plugin-api.js';

export type Label = Required<Pick<LocalizedText, 'en' | 'ar'>> & { hi: string };

const L = (en: string, ar: string, hi: string): Label => ({ en, ar, hi });

export const LABELS = {
  taxInvoice: L('Tax Invoice', 'فاتورة ضريبية', 'कर बीजक'),
  simplifiedTaxInvoice: L('Simplified Tax Invoice', 'فاتورة ضريبية مبسطة', 'सरलीकृत कर बीजक'),
  billOfSupply: L('Bill of Supply', 'فاتورة توريد', 'आपूर्ति का बिल'),
  invoiceCumBillOfSupply: L('Invoice-cum-Bill of Supply', 'فاتورة ضريبية وفاتورة توريد', 'बीजक-सह-आपूर्ति बिल'),
  cashMemo: L('Cash Memo', 'مذكرة نقدية', 'नकद मेमो'),
  creditNote: L('Credit Note', 'إشعار دائن', 'क्रेडिट नोट'),
  invoiceNo: L('Invoice No.', 'رقم الفاتورة', 'बीजक संख्या'),
  creditNoteNo: L('Credit Note No.', 'رقم الإشعار', 'क्रेडिट नोट संख्या'),
  debitNote: L('Debit Note', 'إشعار مدين', 'डेबिट नोट'),
  debitNoteNo: L('Debit Note No.', 'رقم الإشعار المدين', 'डेबिट नोट संख्या'),
  date: L('Date', 'التاريخ', 'दिनांक'),
  supplyDate: L('Date of supply', 'تاريخ التوريد', 'आपूर्ति की तिथि'),
  supplier: L('Supplier', 'المورد', 'आपूर्तिकर्ता'),
  billTo: L('Bill to', 'العميل', 'प्राप्तकर्ता'),
  gstin: L('GSTIN', 'GSTIN', 'जीएसटीआईएन'),
  uin: L('UIN', 'UIN', 'यूआईएन'),
  vatNo: L('VAT No.', 'الرقم الضريبي', 'वैट संख्या'),
  state: L('State', 'الولاية', 'राज्य'),
  placeOfSupply: L('Place of supply', 'مكان التوريد', 'आपूर्ति का स्थान'),
  reverseCharge: L('Reverse charge', 'الاحتساب العكسي', 'रिवर्स चार्ज'),
  yes: L('Yes', 'نعم', 'हाँ'),
  no: L('No', 'لا', 'नहीं'),
  sn: L('#', '#', '#'),
  description: L('Description', 'الوصف', 'विवरण'),
  hsn: L('HSN/SAC', 'HSN/SAC', 'HSN/SAC'),
  qty: L('Qty', 'الكمية', 'मात्रा'),
  unit: L('Unit', 'الوحدة', 'इकाई'),
  unitPrice: L('Unit price', 'سعر الوحدة', 'दर'),
  rate: L('Rate', 'السعر', 'दर'),
  discount: L('Discount', 'الخصم', 'छूट'),
  taxableValue: L('Taxable value', 'القيمة الخاضعة', 'कर योग्य मूल्य'),
  value: L('Value', 'القيمة', 'मूल्य'),
  netAmount: L('Net amount', 'المبلغ الصافي', 'शुद्ध राशि'),
  vatRate: L('VAT %', 'نسبة الضريبة', 'वैट %'),
  vatAmount: L('VAT', 'ضريبة القيمة المضافة', 'वैट'),
  total: L('Total', 'الإجمالي', 'कुल'),
  totalInclVat: L('Total incl. VAT', 'الإجمالي شامل الضريبة', 'वैट सहित कुल'),
  totalExclVat: L('Total excl. VAT', 'الإجمالي غير شامل الضريبة', 'वैट रहित कुल'),
  totalTaxable: L('Total taxable value', 'إجمالي القيمة الخاضعة', 'कुल कर योग्य मूल्य'),
  nonTaxableValue: L('Exempt, nil-rated and non-GST value', 'قيمة التوريدات المعفاة وغير الخاضعة', 'छूट, शून्य-दर और गैर-जीएसटी मूल्य'),
  totalTax: L('Total tax', 'إجمالي الضريبة', 'कुल कर'),
  roundOff: L('Round off', 'التقريب', 'पूर्णांकन'),
  grandTotal: L('Grand total', 'المبلغ الإجمالي', 'कुल देय राशि'),
  amountInWords: L('Amount in words', 'المبلغ كتابة', 'राशि शब्दों में'),
  notes: L('Notes', 'ملاحظات', 'टिप्पणियाँ'),
  bankDetails: L('Bank details for payment', 'بيانات الحساب المصرفي للدفع', 'भुगतान हेतु बैंक विवरण'),
  accountName: L('Account name', 'اسم الحساب', 'खाते का नाम'),
  bankName: L('Bank', 'البنك', 'बैंक'),
  accountNumber: L('Account no.', 'رقم الحساب', 'खाता संख्या'),
  ifsc: L('IFSC', 'IFSC', 'IFSC'),
  iban: L('IBAN', 'IBAN', 'IBAN'),
  swift: L('SWIFT/BIC', 'SWIFT/BIC', 'SWIFT/BIC'),
  upiId: L('UPI', 'UPI', 'UPI'),
  branch: L('Branch', 'الفرع', 'शाखा'),
  authorisedSignatory: L('Authorised signatory', 'المفوض بالتوقيع', 'अधिकृत हस्ताक्षरकर्ता'),
  forSupplier: L('For', 'عن', 'कृते'),
  againstInvoice: L('Against invoice', 'مقابل الفاتورة', 'मूल बीजक'),
  dated: L('dated', 'بتاريخ', 'दिनांक'),
  reason: L('Reason', 'السبب', 'कारण'),
  exchangeRate: L('Exchange rate', 'سعر الصرف', 'विनिमय दर'),
  page: L('Page', 'صفحة', 'पृष्ठ'),
  // Hindi says the total first ("2 में से 1"); "पृष्ठ 1 / 2" reads right between the page label and the two numbers.
  of: L('of', 'من', '/'),
  continued: L('continued', 'تابع', 'जारी'),
  continuedOnNext: L('continued on next page', 'يتبع في الصفحة التالية', 'अगले पृष्ठ पर जारी'),
  computerGenerated: L(
    'This is a computer-generated document.',
    'هذا مستند صادر إلكترونيا.',
    'यह कंप्यूटर द्वारा बनाया गया दस्तावेज़ है।',
  ),
  specimen: L('SPECIMEN', 'نموذج', 'नमूना'),
  currency: L('Currency', 'العملة', 'मुद्रा'),
  phone: L('Phone', 'الهاتف', 'फ़ोन'),
  email: L('Email', 'البريد', 'ईमेल'),
  shipTo: L('Ship to', 'عنوان التسليم', 'भेजने का पता'),
  placeOfSupplyStated: L('Place of supply as stated by the recipient', 'مكان التوريد كما ذكره العميل', 'प्राप्तकर्ता द्वारा बताया गया आपूर्ति का स्थान'),
  placeOfSupplyDelivery: L('Place of supply: location of delivery (ship-to address)', 'مكان التوريد: موقع التسليم', 'आपूर्ति का स्थान: सुपुर्दगी का स्थान'),
  placeOfSupplySupplier: L("Place of supply: supplier's location (recipient's address not on record)", 'مكان التوريد: موقع المورد', 'आपूर्ति का स्थान: आपूर्तिकर्ता का स्थान'),
  exportTo: L('Export to', 'تصدير إلى', 'निर्यात'),
  lut: L('LUT / bond', 'خطاب التعهد', 'एलयूटी / बॉन्ड'),
  creditNotesIssued: L('Credit notes issued against this invoice', 'إشعارات دائنة صادرة مقابل هذه الفاتورة', 'इस बीजक के विरुद्ध जारी क्रेडिट नोट'),
  debitNotesIssued: L('Debit notes issued against this invoice', 'إشعارات مدينة صادرة مقابل هذه الفاتورة', 'इस बीजक के विरुद्ध जारी डेबिट नोट'),
  cancelled: L('CANCELLED', 'ملغاة', 'रद्द'),
  cancelledOn: L('Cancelled on', 'ألغيت بتاريخ', 'रद्द करने की तिथि'),
  irn: L('IRN', 'IRN', 'आईआरएन'),
  ackNo: L('Ack No.', 'رقم الإقرار', 'पावती संख्या'),
  ackDate: L('Ack Date', 'تاريخ الإقرار', 'पावती तिथि'),
} as const;

export type LabelKey = keyof typeof LABELS;

export function titleFor(kind: InvoiceKind): Label {
  switch (kind) {
    case 'tax_invoice':
      return LABELS.taxInvoice;
    case 'simplified_tax_invoice':
      return LABELS.simplifiedTaxInvoice;
    case 'bill_of_supply':
      return LABELS.billOfSupply;
    case 'cash_memo':
      return LABELS.cashMemo;
    case 'credit_note':
      return LABELS.creditNote;
    case 'debit_note':
      return LABELS.debitNote;
  }
}
