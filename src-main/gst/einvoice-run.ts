// The e-invoice JSON for one invoice, a batch or a return period, read from the store: every
// document the IRP takes is built or refused with its missing fields; the rest are counted as not
// needing an e-invoice (B2C, bills of supply, voided documents).
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.js';
import { minorToText } from '../../src-shared/money/minor-units.js';
import type { TaxResult } from '../../src-shared/tax/plugin-api.js';
import { getBusiness } from '../db/repos/businesses.js';
import { documentByIdOrNumber, documentsByIds, documentsForPeriod, documentsOfBatch, type FilingRow } from '../db/repos/filing.js';
import { buildEinvoice, needsEinvoice, type EinvoiceDocument } from './einvoice.js';
import { periodRange } from './period.js';

/** One invoice (by id or number; `fiscalYear` when the number recurs in several), a batch or a return period. */
export type EinvoiceSelector = { invoice: string; fiscalYear?: string } | { batch: string } | { period: string };

export interface EinvoiceRun {
  documents: Array<Record<string, unknown>>;
  refused: Array<{ id: string; number: string; missing: string[]; reason: string }>;
  notApplicable: number;
}

function toEinvoiceDocument(row: FilingRow): Omit<EinvoiceDocument, 'original'> {
  const tax = JSON.parse(row.tax_result) as TaxResult;
  return {
    id: row.id, kind: row.kind, number: row.number ?? '', issueDate: row.issue_date, supplyType: row.supply_type, reverseCharge: row.reverse_charge === 1,
    placeOfSupply: row.place_of_supply, customer: JSON.parse(row.customer_snapshot) as EinvoiceDocument['customer'], tax,
    grandTotal: minorToText(BigInt(row.total_minor), 2), roundOff: minorToText(BigInt(row.round_off_minor), 2),
  };
}

export function einvoicesFor(db: Database.Database, businessId: string, selector: EinvoiceSelector): EinvoiceRun {
  const business = getBusiness(db, businessId);
  if (business.taxRegime !== 'gst-in') throw new AppError('BAD_INPUT', `business ${businessId} is not registered for GST; e-invoices are a GST document`, { details: { field: 'business' } });
  let rows: FilingRow[];
  if ('invoice' in selector) {
    const row = documentByIdOrNumber(db, businessId, selector.invoice, selector.fiscalYear);
    if (!row) throw new AppError('BAD_INPUT', `--invoice: no invoice "${selector.invoice}" in business ${businessId}`, { details: { field: 'invoice' } });
    rows = [row];
  } else if ('batch' in selector) rows = documentsOfBatch(db, businessId, selector.batch);
  else {
    const { from, to } = periodRange(selector.period);
    rows = documentsForPeriod(db, businessId, from, to);
  }
  const originals = documentsByIds(db, businessId, rows.filter((r) => r.original_invoice_id).map((r) => r.original_invoice_id!));
  const run: EinvoiceRun = { documents: [], refused: [], notApplicable: 0 };
  for (const row of rows) {
    const doc: EinvoiceDocument = toEinvoiceDocument(row);
    const original = row.original_invoice_id ? originals.get(row.original_invoice_id) : undefined;
    if (original) {
      const o = toEinvoiceDocument(original);
      doc.original = { number: o.number, issueDate: o.issueDate, supplyType: o.supplyType, customer: o.customer };
    }
    if (row.status !== 'issued' || !needsEinvoice(doc)) {
      if ('invoice' in selector) throw new AppError('BAD_INPUT', `${row.number}: ${row.status !== 'issued' ? `is ${row.status}` : 'is not a B2B, SEZ or export tax invoice or credit note'}; the IRP takes only issued B2B, SEZ and export documents`, { details: { field: 'invoice' } });
      run.notApplicable += 1;
      continue;
    }
    const outcome = buildEinvoice(business, doc);
    if (outcome.ok) run.documents.push(outcome.json);
    else run.refused.push({ id: row.id, number: doc.number, missing: outcome.missing, reason: outcome.reason });
  }
  return run;
}
