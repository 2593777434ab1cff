// The sales register's totals for a return period, counted exactly as register.xlsx and the export
// manifest count them (export/counted.ts: credit notes negative, voided invoices zero), set beside
// the GSTR-1 summary so the GST workspace and `gst gstr1` can show whether they agree to the paisa.
import type Database from 'better-sqlite3';
import { Decimal } from 'decimal.js';
import type { Business } from '../../src-shared/schemas/business.js';
import { documentsForPeriod } from '../db/repos/filing.js';
import { buildInvoiceDocument, invoiceLinks } from '../engine/document.js';
import { countedTotals, documentStatus, registerTotalsOf } from '../export/counted.js';
import type { Gstr1Result } from './gstr1.js';
import { periodRange } from './period.js';

export interface RegisterTotals {
  /** Issued invoices and credit notes (what GSTR-1 reports); voided ones apart. */
  documents: number;
  voided: number;
  creditNotes: number;
  taxable: string;
  nonTaxable: string;
  tax: string;
  invoiceValue: string;
}

export type RegisterCheckName = 'documents' | 'voided' | 'taxable' | 'nonTaxable' | 'tax' | 'invoiceValue';

export interface RegisterCheck {
  name: RegisterCheckName;
  gstr1: string;
  register: string;
  equal: boolean;
}

export function registerTotalsForPeriod(db: Database.Database, business: Business, period: string): RegisterTotals {
  const { from, to } = periodRange(period);
  const sums = { taxable: new Decimal(0), nonTaxable: new Decimal(0), tax: new Decimal(0), invoiceValue: new Decimal(0) };
  const counts = { documents: 0, voided: 0, creditNotes: 0 };
  for (const row of documentsForPeriod(db, business.id, from, to)) {
    const links = invoiceLinks(db, row);
    const document = buildInvoiceDocument(business, row, links.original, links.creditNotes, undefined, undefined, links.debitNotes);
    const status = documentStatus(document);
    const counted = countedTotals(registerTotalsOf(document), status, document.currency);
    if (status === 'void') counts.voided++;
    else counts.documents++;
    if (status === 'credit note') counts.creditNotes++;
    sums.taxable = sums.taxable.plus(counted.taxable);
    sums.nonTaxable = sums.nonTaxable.plus(counted.nonTaxable ?? '0');
    sums.tax = sums.tax.plus(counted.tax);
    sums.invoiceValue = sums.invoiceValue.plus(counted.grandTotal);
  }
  return { ...counts, taxable: sums.taxable.toFixed(2), nonTaxable: sums.nonTaxable.toFixed(2), tax: sums.tax.toFixed(2), invoiceValue: sums.invoiceValue.toFixed(2) };
}

/**
 * The GSTR-1 summary against the register, figure by figure: taxable value and exempt/nil/non-GST
 * value apart (the register splits them by line category, as GSTR-1 does), tax and invoice value.
 */
export function compareWithRegister(summary: Gstr1Result['summary'], register: RegisterTotals): RegisterCheck[] {
  const rows: Array<[RegisterCheckName, string, string]> = [
    ['documents', String(summary.totals.documents), String(register.documents)],
    ['voided', String(summary.totals.voided), String(register.voided)],
    ['taxable', new Decimal(summary.totals.taxable).toFixed(2), register.taxable],
    ['nonTaxable', new Decimal(summary.totals.nonTaxable).toFixed(2), register.nonTaxable],
    ['tax', new Decimal(summary.totals.tax).toFixed(2), register.tax],
    ['invoiceValue', new Decimal(summary.totals.invoiceValue).toFixed(2), register.invoiceValue],
  ];
  return rows.map(([name, gstr1, reg]) => ({ name, gstr1, register: reg, equal: new Decimal(gstr1).eq(reg) }));
}
