// GSTIN format and check digit (TAX-RULES.md A8): 2-digit state code + PAN (10) + entity number
// [1-9A-Z] + 'Z' ('C' for TCS collectors, 'D' for TDS deductors, whose middle part is a TAN) +
// a mod-36 Luhn check character (india-compliance validate_gstin_check_digit).
import type { TaxIdCheck } from './plugin-api.js';
import { gstState } from './gst-states.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The check character for the first 14 characters of a GSTIN (Luhn mod 36, factors 1,2,1,2...). */
export function gstinCheckCharacter(first14: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i += 1) {
    const value = ALPHABET.indexOf(first14[i] ?? '');
    if (value < 0) throw new Error(`gstinCheckCharacter: "${first14[i]}" is not 0-9 or A-Z`);
    const product = value * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return ALPHABET[(36 - (sum % 36)) % 36]!;
}

export function validateGstin(input: string): TaxIdCheck {
  const value = String(input ?? '').trim();
  if (value === '') return { valid: false, reason: 'empty: a GSTIN has 15 characters' };
  if (/\s/.test(value)) return { valid: false, reason: 'contains spaces: a GSTIN is 15 characters without spaces' };
  if (value.length !== 15) return { valid: false, reason: `has ${value.length} characters; a GSTIN has exactly 15` };
  if (/[a-z]/.test(value)) return { valid: false, reason: 'contains lower-case letters; a GSTIN is written in capitals' };
  const bad = value.match(/[^0-9A-Z]/);
  if (bad) return { valid: false, reason: `contains "${bad[0]}"; only digits and capital letters are allowed` };
  const stateCode = value.slice(0, 2);
  const state = gstState(stateCode);
  if (!/^\d\d$/.test(stateCode) || !state || state.special === 'other_countries') {
    return { valid: false, reason: `state code "${stateCode}" (characters 1-2) is not a GST state code (01-38, 97 or 99)` };
  }
  const kind = value[13]!;
  const middle = value.slice(2, 12);
  if (kind === 'D') {
    if (!/^[A-Z]{4}\d{5}[A-Z]$/.test(middle)) return { valid: false, reason: `characters 3-12 "${middle}" are not a TAN (4 letters, 5 digits, 1 letter), as a TDS registration (14th character D) needs` };
  } else if (!/^[A-Z]{5}\d{4}[A-Z]$/.test(middle)) {
    return { valid: false, reason: `characters 3-12 "${middle}" are not a PAN (5 letters, 4 digits, 1 letter)` };
  }
  if (!/^[1-9A-Z]$/.test(value[12]!)) return { valid: false, reason: `character 13 "${value[12]}" must be 1-9 or A-Z (the registration number under that PAN in the state)` };
  if (!['Z', 'C', 'D'].includes(kind)) return { valid: false, reason: `character 14 is "${kind}"; it must be Z (C for a TCS collector, D for a TDS deductor)` };
  const expected = gstinCheckCharacter(value.slice(0, 14));
  if (value[14] !== expected) return { valid: false, reason: `check digit is "${value[14]}" but should be "${expected}": a character was probably mistyped` };
  const note = state.note ? `; note: state code ${stateCode} is ${state.note}` : '';
  return { valid: true, reason: `valid GSTIN, state ${stateCode} (${state.name})${note}` };
}
