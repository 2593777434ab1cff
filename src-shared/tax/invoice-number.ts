// Checking a document number against a plugin's invoice-number rules (length, characters), after
// normalising it (surrounding spaces, case) as every identifier is. Uniqueness per series and
// fiscal year is the numbering module's job, not this one.
import type { InvoiceNumberRules, TaxIdCheck } from './plugin-api.js';
import { checkDocumentNumber } from '../validation/fields.js';

export function validateInvoiceNumber(rules: InvoiceNumberRules, input: string): TaxIdCheck {
  const { valid, reason } = checkDocumentNumber(rules, input);
  return { valid, reason };
}

/** Indian fiscal year (April-March) of a YYYY-MM-DD date: "2025-26". */
export function indianFiscalYear(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const start = month >= 4 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}
