// How a document counts in a sales register: an invoice and a debit note as printed, a credit note negative, a
// voided invoice zero (it stays listed, with status void). The manifest, register.xlsx, the CLI
// and Home all count with this one rule.
import { Decimal } from 'decimal.js';
import { currencyScale } from '../../src-shared/money/currencies.js';

export type RegisterStatus = 'issued' | 'void' | 'credit note' | 'debit note';

export interface CountedTotals {
  taxable: string;
  /** Exempt, nil-rated and non-GST value (present only when there is some). */
  nonTaxable?: string;
  tax: string;
  roundOff: string;
  grandTotal: string;
}

export function registerStatus(kind: string, status: string): RegisterStatus {
  if (status === 'void') return 'void';
  return kind === 'credit_note' ? 'credit note' : kind === 'debit_note' ? 'debit note' : 'issued';
}

function negate(amount: string): string {
  if (/^-/.test(amount)) return amount.slice(1);
  return /^0*(\.0*)?$/.test(amount) ? amount : `-${amount}`;
}

/**
 * `amount` as counted for a document of this status (decimal strings, no arithmetic). A credit
 * note's amounts are printed positive and counted negative; `signed` says the document already
 * carries them negative (computed with negative quantities), so they are kept as they are.
 */
export function countedAmount(amount: string, status: RegisterStatus, currency: string, signed = false): string {
  if (status === 'void') {
    const scale = currencyScale(currency);
    return scale === 0 ? '0' : `0.${'0'.repeat(scale)}`;
  }
  return status === 'credit note' && !signed ? negate(amount) : amount;
}

/** Whether a credit note's totals are already negative (its grand total carries the minus). */
export function alreadySigned(totals: { grandTotal: string }): boolean {
  return totals.grandTotal.startsWith('-');
}

/** The status of a document from what it prints: the CANCELLED mark, or the credit-note kind. */
export function documentStatus(document: { kind: string; cancelled?: unknown }): RegisterStatus {
  return document.cancelled ? 'void' : registerStatus(document.kind, 'issued');
}

export function countedTotals(totals: CountedTotals, status: RegisterStatus, currency: string): CountedTotals {
  const signed = alreadySigned(totals);
  return {
    taxable: countedAmount(totals.taxable, status, currency, signed),
    ...(totals.nonTaxable !== undefined ? { nonTaxable: countedAmount(totals.nonTaxable, status, currency, signed) } : {}),
    tax: countedAmount(totals.tax, status, currency, signed),
    roundOff: countedAmount(totals.roundOff, status, currency, signed),
    grandTotal: countedAmount(totals.grandTotal, status, currency, signed),
  };
}

/** Line categories whose value is not taxable supply: the register's "Exempt, nil and non-GST" column. */
export const NON_TAXABLE_CATEGORIES: ReadonlySet<string> = new Set(['exempt', 'nil', 'non_gst']);

interface SplittableDocument {
  regime: string;
  currency: string;
  totals: CountedTotals;
  lines: ReadonlyArray<{ category: string; taxable: string }>;
}

/** Whether a line's value goes to the register's exempt/nil/non-GST column rather than taxable value. */
export function isNonTaxableLine(document: Pick<SplittableDocument, 'regime' | 'totals'>, category: string): boolean {
  return (document.totals.nonTaxable !== undefined || document.regime === 'gst-in') && NON_TAXABLE_CATEGORIES.has(category);
}

/**
 * The totals a register counts for a document. The GST plugin splits exempt, nil-rated and non-GST
 * value out of "taxable" on tax invoices only; a bill of supply or a credit note keeps it inside,
 * while GSTR-1 reports it in Table 8 (`nil`). So for GST documents the split is taken from the lines'
 * categories, exactly (decimal strings), and the register, the manifest and the GST workspace agree
 * with GSTR-1 on taxable and exempt value separately, not only on their sum.
 */
export function registerTotalsOf(document: SplittableDocument): CountedTotals {
  const { totals } = document;
  if (totals.nonTaxable !== undefined || document.regime !== 'gst-in') return totals;
  const exemptLines = document.lines.filter((line) => NON_TAXABLE_CATEGORIES.has(line.category));
  if (exemptLines.length === 0) return totals;
  const scale = currencyScale(document.currency);
  const nonTaxable = exemptLines.reduce((sum, line) => sum.plus(line.taxable), new Decimal(0));
  return { ...totals, taxable: new Decimal(totals.taxable).minus(nonTaxable).toFixed(scale), nonTaxable: nonTaxable.toFixed(scale) };
}
