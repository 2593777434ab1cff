// How a document counts in a sales register: an invoice as printed, a credit note negative, a
// voided invoice zero (it stays listed, with status void). The manifest, register.xlsx, the CLI
// and Home all count with this one rule.
import { currencyScale } from '../../src-shared/money/currencies.js';

export type RegisterStatus = 'issued' | 'void' | 'credit note';

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
  return kind === 'credit_note' ? 'credit note' : 'issued';
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
  return document.cancelled ? 'void' : document.kind === 'credit_note' ? 'credit note' : 'issued';
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
