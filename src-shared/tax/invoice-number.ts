// Checking a document number against a plugin's invoice-number rules (length, characters).
// Uniqueness per series and fiscal year is the numbering module's job, not this one.
import type { InvoiceNumberRules, TaxIdCheck } from './plugin-api.js';

export function validateInvoiceNumber(rules: InvoiceNumberRules, input: string): TaxIdCheck {
  const value = String(input ?? '');
  if (value.trim() === '') return { valid: false, reason: 'empty' };
  if (value !== value.trim()) return { valid: false, reason: 'has leading or trailing spaces' };
  if (value.length > rules.maxLength) return { valid: false, reason: `has ${value.length} characters; at most ${rules.maxLength} allowed (${rules.description})` };
  if (!new RegExp(rules.pattern).test(value)) {
    const bad = [...value].find((ch) => !/[A-Za-z0-9/-]/.test(ch));
    const why = bad !== undefined ? `contains "${bad}"` : 'does not match the rule';
    return { valid: false, reason: `${why}: ${rules.description}` };
  }
  return { valid: true, reason: rules.caseInsensitiveUnique ? `valid; must be unique in its fiscal year ignoring case (${value.toUpperCase()})` : 'valid' };
}

/** Indian fiscal year (April-March) of a YYYY-MM-DD date: "2025-26". */
export function indianFiscalYear(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const start = month >= 4 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}
