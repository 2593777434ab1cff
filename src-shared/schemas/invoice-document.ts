// Everything the PDF writer (and the export's ground-truth JSON) needs to print one invoice,
// as plain JSON: assembled by the engine from the stored invoice and the tax result. Amounts are
// decimal strings at the currency's scale; the PDF formats them per locale.
import type { InvoiceKind, LocalizedText, SummaryTable, SupplyType, TaxComponentAmount, TaxComponentSummary, TaxTotals } from '../tax/plugin-api.js';

export interface PartyBlock {
  name: string;
  /** Address lines as printed. */
  address: string[];
  taxId?: string | null;
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
  /** For a credit note: the invoice it corrects. */
  creditNoteFor?: { number: string; date: string; reason?: string };
  /** "SPECIMEN" watermark for sandbox businesses. */
  specimen: boolean;
  /** Exchange rate statement when the invoice is not in the supplier's currency (Bahrain B3). */
  exchangeRate?: string;
  /** Trace id of the batch, printed small in the footer for support. */
  traceId?: string;
}
