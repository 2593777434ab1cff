// The backend names each bad field with an English sentence (the CLI prints it as is). Under a
// form field the person reads it in the UI language: each known sentence of the shared field
// rules, the importer's row rules and the hand-invoice rules is recognised here and said again
// from the locale files with its values. A sentence not recognised keeps its English text behind
// a translated lead-in, so nothing is hidden. tests/unit/renderer/field-messages.test.ts feeds
// the backend's real messages through this list, so a reworded backend message fails there.
import type { TFunction } from 'i18next';
import { k } from './keys.js';

interface Rule {
  re: RegExp;
  key: string;
  params?: (m: RegExpExecArray) => Record<string, string>;
}

const RULES: Rule[] = [
  { re: /^"[^"]*" is required$|must NOT have fewer than 1 characters|^(is )?empty\b/, key: k('validation.required') },
  { re: /check digit is "(.)" but should be "(.)"/, key: k('fieldErrors.gstinCheckDigit'), params: (m) => ({ typed: m[1]!, expected: m[2]! }) },
  { re: /has (\d+) characters; a GSTIN has exactly 15/, key: k('fieldErrors.gstinLength'), params: (m) => ({ n: m[1]! }) },
  { re: /state code "([^"]*)" \(characters 1-2\) is not a GST state code/, key: k('fieldErrors.gstinState'), params: (m) => ({ code: m[1]! }) },
  { re: /are not a (PAN|TAN)\b/, key: k('fieldErrors.gstinPan') },
  { re: /contains spaces: a GSTIN|only digits and capital letters are allowed|character 1[34] /, key: k('fieldErrors.gstinFormat') },
  { re: /is not a valid Bahrain VAT account number|a Bahrain VAT account number has/, key: k('fieldErrors.vatBh') },
  { re: /^"([^"]*)" is not an HSN\/SAC code/, key: k('fieldErrors.hsn'), params: (m) => ({ value: m[1]! }) },
  { re: /^a GST invoice needs the HSN/, key: k('fieldErrors.hsnRequired') },
  { re: /^([\d.]+)% is not a [\w-]+ rate.*allowed: ([\d., ]+)/, key: k('fieldErrors.rate'), params: (m) => ({ rate: m[1]!, allowed: m[2]!.trim().replace(/[ ,]+$/, '') }) },
  { re: /^"([^"]*)" is not a percentage/, key: k('fieldErrors.percentage'), params: (m) => ({ value: m[1]! }) },
  { re: /^(\S+) has (\d+) decimals; ([A-Z]{3}) has (\d+)/, key: k('fieldErrors.decimals'), params: (m) => ({ value: m[1]!, currency: m[3]!, scale: m[4]! }) },
  { re: /is not a quantity above zero|is not above zero|^(\S+) is negative/, key: k('fieldErrors.aboveZero') },
  { re: /is not a price/, key: k('fieldErrors.price') },
  { re: /^"([^"]*)" is not a number/, key: k('fieldErrors.number'), params: (m) => ({ value: m[1]! }) },
  { re: /^"([^"]*)" is not (an Indian state|a GST state code)|^(\d+) is not a GST state code/, key: k('fieldErrors.state'), params: (m) => ({ value: m[1] ?? m[3] ?? '' }) },
  { re: /is in the future/, key: k('fieldErrors.futureDate') },
  { re: /^name the customer/, key: k('fieldErrors.customerRequired') },
  { re: /^no product (with SKU or name "([^"]*)"|\S+) in this business/, key: k('fieldErrors.unknownProduct'), params: (m) => ({ value: m[2] ?? '' }) },
  { re: /^no customer /, key: k('fieldErrors.unknownCustomer') },
  { re: /^a typed line needs a description/, key: k('fieldErrors.descriptionRequired') },
  { re: /^a typed line needs its price/, key: k('fieldErrors.priceRequired') },
  { re: /^a typed line needs its tax rate/, key: k('fieldErrors.rateRequired') },
  { re: /is more than the line's amount/, key: k('fieldErrors.discountTooLarge') },
  { re: /^an export's place of supply is 96/, key: k('fieldErrors.exportPlace') },
  { re: /^"([^"]*)" gives numbers like "([^"]*)" \(counter \d+\), which break the rule/, key: k('fieldErrors.seriesPattern'), params: (m) => ({ pattern: m[1]!, example: m[2]! }) },
  { re: /^"([^"]*)" can give (\S+) in fiscal year (\S+), which series (\S+) \(([^)]*)\) also gives/, key: k('fieldErrors.seriesOverlap'), params: (m) => ({ pattern: m[1]!, number: m[2]!, year: m[3]!, code: m[4]!, other: m[5]! }) },
  { re: /^the business already has a series (\S+)/, key: k('fieldErrors.seriesTaken'), params: (m) => ({ code: m[1]! }) },
  { re: /^"([^"]*)" is not a series code/, key: k('fieldErrors.seriesCode'), params: (m) => ({ value: m[1]! }) },
  { re: /^unknown key "([^"]*)"/, key: k('validation.additionalProperties'), params: (m) => ({ property: m[1]! }) },
  { re: /has ([\d,]+) characters; at most (\d+)|must NOT have more than (\d+) characters/, key: k('validation.maxLength'), params: (m) => ({ limit: m[2] ?? m[3] ?? '' }) },
  { re: /must match format "date"|not a date/, key: k('validation.date') },
  { re: /must match pattern/, key: k('validation.pattern') },
];

/** One backend message about a field, in the UI language. */
export function fieldMessage(t: TFunction, message: string): string {
  for (const rule of RULES) {
    const m = rule.re.exec(message);
    if (m) return t(rule.key, { limit: '', ...(rule.params?.(m) ?? {}) });
  }
  return t(k('fieldErrors.other'), { detail: message });
}

/** Whether a message is one of the known sentences (tests). */
export function isKnownFieldMessage(message: string): boolean {
  return RULES.some((rule) => rule.re.test(message));
}
