// Everything the PDF writer (and the export's ground-truth JSON) needs to print one invoice,
// as plain JSON: assembled by the engine from the stored invoice and the tax result. Amounts are
// decimal strings at the currency's scale; the PDF formats them per locale.
import type { InvoiceKind, LocalizedText, SummaryTable, SupplyType, TaxComponentAmount, TaxComponentSummary, TaxTotals } from '../tax/plugin-api.js';

export interface PartyBlock {
  name: string;
  /** Address lines as printed. */
  address: string[];
  taxId?: string | null;
  /** What the GST tax id is: a GSTIN, or the UIN of a UN body or embassy (Rule 46(d)), printed as "UIN". */
  taxIdKind?: 'gstin' | 'uin';
  /** GST state code and name ("27", "Maharashtra"). */
  stateCode?: string;
  stateName?: string;
  /** ISO 3166 alpha-2. */
  country?: string;
  phone?: string;
  email?: string;
}

export interface InvoiceDocumentLine {
  /** Serial number as printed, from 1. */
  index: number;
  description: string;
  hsn?: string;
  quantity: string;
  unit?: string;
  unitPrice: string;
  discount: string;
  taxable: string;
  /** Rate as printed ("18", "0") and the category (standard, zero, exempt...). */
  rate: string;
  category: string;
  components: TaxComponentAmount[];
  tax: string;
  total: string;
}

export interface InvoiceDocument {
  /** Tax plugin id: gst-in, vat-bh, none, or an external plugin's id. */
  regime: string;
  kind: InvoiceKind;
  number: string;
  /** YYYY-MM-DD */
  issueDate: string;
  supplyDate?: string;
  currency: string;
  /** The second language printed beside English: Arabic for Bahrain, optionally Hindi for India. */
  secondaryLanguage?: 'ar' | 'hi';
  supplier: PartyBlock & {
    /** PNG or JPEG as a data: URI. */
    logo?: string;
    signature?: string;
    signatoryName?: string;
    /** Where the customer pays (bank account, IFSC/IBAN, UPI); printed beside the notes. */
    bankDetails?: { accountName?: string; bankName?: string; accountNumber?: string; ifsc?: string; iban?: string; swift?: string; upiId?: string; branch?: string };
  };
  customer: PartyBlock;
  /** GST place of supply (state code and name); absent for VAT. */
  placeOfSupply?: { code: string; name: string };
  supplyType: SupplyType;
  reverseCharge: boolean;
  lines: InvoiceDocumentLine[];
  components: TaxComponentSummary[];
  totals: TaxTotals;
  summaryTables: SummaryTable[];
  notes: LocalizedText[];
  amountInWords: LocalizedText;
  /** For a credit or debit note: the invoice it corrects (number, date, the note's reason; r.53(1A)). */
  creditNoteFor?: { number: string; date: string; reason?: string };
  /** "SPECIMEN" watermark for sandbox businesses. */
  specimen: boolean;
  /** Exchange rate statement when the invoice is not in the supplier's currency (Bahrain B3). */
  exchangeRate?: string;
  /** Trace id of the batch, kept in the ground-truth JSON for support (not printed on the PDF). */
  traceId?: string;
  /** Delivery (ship-to) address when it differs from the billing address (GST Rule 46(e), (o)). */
  shipTo?: PartyBlock;
  /** How the place of supply was decided when it was not a GSTIN's state (printed as a note). */
  placeOfSupplyBasis?: 'gstin' | 'stated-state' | 'delivery-address' | 'supplier-location';
  /** Export particulars: destination country (ISO alpha-2 and name) and the LUT/bond or
   * zero-rating statement printed in the document's languages. */
  export?: { country: string; countryName: string; statement: LocalizedText; lut?: string };
  /** The copy this PDF is (Rule 48(1)): ORIGINAL FOR RECIPIENT, DUPLICATE FOR TRANSPORTER /
   * SUPPLIER, TRIPLICATE FOR SUPPLIER. Absent: no copy mark. */
  copyLabel?: LocalizedText;
  /** Every copy this one PDF holds, in print order (the first is copyLabel); each copy starts on
   * a new page and numbers its own pages. Absent or one: a single copy. */
  copyLabels?: LocalizedText[];
  /** Credit (or debit) notes issued against this invoice, listed on its PDF once they exist. */
  creditNotes?: Array<{ number: string; date: string; total: string }>;
  /** Debit notes issued against this invoice, listed on its PDF once they exist. */
  debitNotes?: Array<{ number: string; date: string; total: string }>;
  /** A voided invoice's PDF carries a CANCELLED mark with the date and reason. */
  cancelled?: { date: string; reason: string };
  /** e-invoice registration from the IRP: IRN, acknowledgement and the signed QR string, which
   * the PDF prints as a QR code. */
  irn?: { irn: string; ackNo: string; ackDate: string; signedQrCode: string };
}
