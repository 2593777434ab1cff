// GSTR-1 of one business and return period, read from the store: the rows of the period become
// FilingDocuments (the stored tax results, the recipient as it was printed) and gstr1.ts sorts
// them into the return's sections.
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.js';
import type { InvoiceKind, TaxResult } from '../../src-shared/tax/plugin-api.js';
import { minorToText } from '../../src-shared/money/minor-units.js';
import { getBusiness } from '../db/repos/businesses.js';
import { documentsByIds, documentsForPeriod, type FilingRow } from '../db/repos/filing.js';
import { buildGstr1, type FilingDocument, type Gstr1Result } from './gstr1.js';

/** MMYYYY -> the first and last day of that month. */
export function periodRange(period: string): { from: string; to: string } {
  const match = /^(0[1-9]|1[0-2])(\d{4})$/.exec(period.trim());
  if (!match) throw new AppError('BAD_INPUT', `--period: "${period}" is not a return period; write the month and year as MMYYYY, e.g. 042026`, { details: { field: 'period', value: period } });
  const month = match[1]!;
  const year = match[2]!;
  const lastDay = new Date(Date.UTC(Number.parseInt(year, 10), Number.parseInt(month, 10), 0)).getUTCDate();
  return { from: `${year}-${month}-01`, to: `${year}-${month}-${String(lastDay).padStart(2, '0')}` };
}

interface Snapshot {
  taxId?: string | null;
  stateCode?: string | null;
  countryCode?: string | null;
}

function toFilingDocument(row: FilingRow, supplierState: string): Omit<FilingDocument, 'original'> {
  const customer = JSON.parse(row.customer_snapshot) as Snapshot;
  const foreign = Boolean(customer.countryCode && customer.countryCode !== 'IN');
  return {
    id: row.id,
    kind: row.kind as InvoiceKind,
    status: row.status === 'void' ? 'void' : 'issued',
    number: row.number ?? '',
    issueDate: row.issue_date,
    seriesCode: row.series_code ?? '',
    fiscalYear: row.fiscal_year ?? '',
    seq: row.seq ?? 0,
    recipientTaxId: customer.taxId ? customer.taxId.trim().toUpperCase() : null,
    recipientCountry: customer.countryCode ?? null,
    // A place outside India is reported as state code 96 ("Other Country").
    placeOfSupply: row.place_of_supply ?? (foreign || row.supply_type === 'export' ? '96' : supplierState),
    supplyType: row.supply_type,
    reverseCharge: row.reverse_charge === 1,
    grandTotal: minorToText(BigInt(row.total_minor), 2),
    tax: JSON.parse(row.tax_result) as TaxResult,
  };
}

export function gstr1ForPeriod(db: Database.Database, businessId: string, period: string): Gstr1Result {
  const business = getBusiness(db, businessId);
  if (business.taxRegime !== 'gst-in') throw new AppError('BAD_INPUT', `business ${businessId} is not registered for GST (regime ${business.taxRegime}); GSTR-1 is for GST businesses`, { details: { field: 'business' } });
  if (!business.taxId) throw new AppError('BAD_INPUT', `business ${businessId} has no GSTIN; add it before preparing GSTR-1`, { details: { field: 'taxId' } });
  const supplierState = business.taxId.slice(0, 2);
  const { from, to } = periodRange(period);
  const rows = documentsForPeriod(db, businessId, from, to);
  const originals = documentsByIds(db, businessId, rows.filter((r) => r.original_invoice_id).map((r) => r.original_invoice_id!));
  const documents: FilingDocument[] = rows.map((row) => {
    const doc: FilingDocument = toFilingDocument(row, supplierState);
    const original = row.original_invoice_id ? originals.get(row.original_invoice_id) : undefined;
    if (original) doc.original = toFilingDocument(original, supplierState);
    return doc;
  });
  return buildGstr1({ gstin: business.taxId, period: period.trim(), supplierState, documents });
}
