// How a document counts in a sales register: an invoice as printed, a credit note negative, a
// voided invoice zero (it stays listed, with status void). The manifest, register.xlsx, the CLI
// and Home all count with this one rule.
import { currencyScale } from '../../src-shared/money/currencies.js';

export type RegisterStatus = 'issued' | 'void' | 'credit note';

export interface CountedTotals {
  taxable: string;
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

/** `amount` as counted for a document of this status (decimal strings, no arithmetic). */
export function countedAmount(amount: string, status: RegisterStatus, currency: string): string {
  if (status === 'void') {
    const scale = currencyScale(currency);
    return scale === 0 ? '0' : `0.${'0'.repeat(scale)}`;
  }
  return status === 'credit note' ? negate(amount) : amount;
}

export function countedTotals(totals: CountedTotals, status: RegisterStatus, currency: string): CountedTotals {
  return {
    taxable: countedAmount(totals.taxable, status, currency),
    tax: countedAmount(totals.tax, status, currency),
    roundOff: countedAmount(totals.roundOff, status, currency),
    grandTotal: countedAmount(totals.grandTotal, status, currency),
  };
}
