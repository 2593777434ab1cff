// GSTIN format and check digit (docs/TAX-RULES.md A8): 2-digit state code + PAN (10) + entity number
// [1-9A-Z] + 'Z' ('C' for TCS collectors, 'D' for TDS deductors, whose middle part is a TAN) +
// a mod-36 Luhn check character (india-compliance validate_gstin_check_digit). UINs (Rule 46(d))
// are told apart. The rule itself lives in src-shared/validation/fields.ts, shared by every way in.
import type { TaxIdCheck } from './plugin-api.js';
import { checkGstId, gstinCheckCharacter } from '../validation/fields.js';

export { gstinCheckCharacter };

export function validateGstin(input: string): TaxIdCheck {
  const { valid, reason } = checkGstId(input);
  return { valid, reason };
}
