// The importer's row errors in the UI's language: each arrives with a stable code and its
// parameters (ImportRowErrorSchema, src-shared/validation/problems.ts) beside the English message
// the CLI prints, and is said here through i18next (import.rowProblem.<code>), with the row and
// the field named in the language, counts in its plural forms and numbers in its digits.
import type { TFunction } from 'i18next';
import type { ImportRowError } from '../../../src-shared/schemas/import.js';
import type { FieldProblem, ProblemCode } from '../../../src-shared/validation/problems.js';
import { gstStateLabel } from '../../i18n/gst-state-names.js';
import type { Formatters } from '../../i18n/format.js';
import { k } from '../../i18n/keys.js';
import { fieldLabel } from './fields.js';

/** The message of each problem code (a missing code fails the type check). */
export const ROW_PROBLEM_KEYS: Readonly<Record<ProblemCode, string>> = {
  empty: k('import.rowProblem.empty'),
  textControl: k('import.rowProblem.textControl'),
  textBidi: k('import.rowProblem.textBidi'),
  textTooLong: k('import.rowProblem.textTooLong'),
  gstinEmpty: k('import.rowProblem.gstinEmpty'),
  gstinSpaces: k('import.rowProblem.gstinSpaces'),
  gstinLength: k('import.rowProblem.gstinLength'),
  gstinCharacter: k('import.rowProblem.gstinCharacter'),
  gstinStateCode: k('import.rowProblem.gstinStateCode'),
  gstinTan: k('import.rowProblem.gstinTan'),
  gstinPan: k('import.rowProblem.gstinPan'),
  gstinEntity: k('import.rowProblem.gstinEntity'),
  gstinFlag: k('import.rowProblem.gstinFlag'),
  gstinCheckDigit: k('import.rowProblem.gstinCheckDigit'),
  gstinTcs: k('import.rowProblem.gstinTcs'),
  gstinTds: k('import.rowProblem.gstinTds'),
  vatBhEmpty: k('import.rowProblem.vatBhEmpty'),
  vatBhSeparators: k('import.rowProblem.vatBhSeparators'),
  vatBhCharacter: k('import.rowProblem.vatBhCharacter'),
  vatBhLength: k('import.rowProblem.vatBhLength'),
  taxIdUnknownKind: k('import.rowProblem.taxIdUnknownKind'),
  stateCodeUnknown: k('import.rowProblem.stateCodeUnknown'),
  stateCodeRetired: k('import.rowProblem.stateCodeRetired'),
  stateUnknown: k('import.rowProblem.stateUnknown'),
  stateContradiction: k('import.rowProblem.stateContradiction'),
  hsnInvalid: k('import.rowProblem.hsnInvalid'),
  notNumber: k('import.rowProblem.notNumber'),
  notPlainNumber: k('import.rowProblem.notPlainNumber'),
  negative: k('import.rowProblem.negative'),
  notAboveZero: k('import.rowProblem.notAboveZero'),
  tooManyDecimals: k('import.rowProblem.tooManyDecimals'),
  quantityDecimals: k('import.rowProblem.quantityDecimals'),
  tooLarge: k('import.rowProblem.tooLarge'),
  notFinite: k('import.rowProblem.notFinite'),
  booleanNotNumber: k('import.rowProblem.booleanNotNumber'),
  spreadsheetError: k('import.rowProblem.spreadsheetError'),
  wrongCurrency: k('import.rowProblem.wrongCurrency'),
  decimalComma: k('import.rowProblem.decimalComma'),
  notPercentage: k('import.rowProblem.notPercentage'),
  percentRange: k('import.rowProblem.percentRange'),
  percentDecimals: k('import.rowProblem.percentDecimals'),
  notCalendarDate: k('import.rowProblem.notCalendarDate'),
  serialNotDate: k('import.rowProblem.serialNotDate'),
  notDate: k('import.rowProblem.notDate'),
  countryUnknown: k('import.rowProblem.countryUnknown'),
  countryMismatch: k('import.rowProblem.countryMismatch'),
  emailInvalid: k('import.rowProblem.emailInvalid'),
  phoneInvalid: k('import.rowProblem.phoneInvalid'),
  customerEmpty: k('import.rowProblem.customerEmpty'),
  productUnknown: k('import.rowProblem.productUnknown'),
  duplicateSku: k('import.rowProblem.duplicateSku'),
  duplicateProductName: k('import.rowProblem.duplicateProductName'),
  duplicateTaxId: k('import.rowProblem.duplicateTaxId'),
  duplicateCustomerName: k('import.rowProblem.duplicateCustomerName'),
  ambiguousProductName: k('import.rowProblem.ambiguousProductName'),
  ambiguousCustomerName: k('import.rowProblem.ambiguousCustomerName'),
  sameExistingRecord: k('import.rowProblem.sameExistingRecord'),
};

/** The parameter a code's sentence counts with: its plural form follows that number. */
export const COUNTED_PARAM: Readonly<Partial<Record<ProblemCode, string>>> = {
  textTooLong: 'length',
  gstinLength: 'length',
  vatBhLength: 'length',
  tooManyDecimals: 'decimals',
  quantityDecimals: 'limit',
  percentDecimals: 'limit',
  ambiguousProductName: 'matches',
  ambiguousCustomerName: 'matches',
};

// First-strong isolate: a value typed in the sheet ("12,5", "27AAPFU0939F1ZV") keeps its own
// direction inside an Arabic sentence.
const FSI = '\u2068';
const PDI = '\u2069';

/** Parameters written as the language writes them; the rest are the user's own text, isolated. */
const SHOWN_AS: Readonly<Record<string, (t: TFunction, f: Formatters, value: string) => string>> = {
  stated: (t, _f, code) => state(t, code),
  registered: (t, _f, code) => state(t, code),
  country: (_t, f, code) => regionName(f, code),
  taxIdCountry: (_t, f, code) => regionName(f, code),
};

/** "27 (Maharashtra)" with the state's name in the UI language. */
function state(t: TFunction, code: string): string {
  const name = gstStateLabel(t, code);
  return name ? `${code} (${name})` : code;
}

/** A country's name in the UI language from its ISO code ("BH" -> "البحرين"). */
function regionName(f: Formatters, code: string): string {
  try {
    return new Intl.DisplayNames([f.locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Years, months and days are written without grouping (2026, not 2,026). */
const UNGROUPED = new Set(['year', 'month', 'day']);

function shownParams(t: TFunction, f: Formatters, params: Readonly<Record<string, string | number>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'number') out[name] = UNGROUPED.has(name) ? new Intl.NumberFormat(f.locale, { useGrouping: false }).format(value) : f.number(value);
    else out[name] = SHOWN_AS[name]?.(t, f, value) ?? `${FSI}${value}${PDI}`;
  }
  return out;
}

/** The problem alone, in the UI language ("is empty", "«12,5» uses a decimal comma..."). */
export function rowProblemText(t: TFunction, f: Formatters, problem: FieldProblem): string {
  const params = problem.params as Readonly<Record<string, string | number>>;
  const counted = COUNTED_PARAM[problem.code];
  const count = counted === undefined ? undefined : params[counted];
  return t(ROW_PROBLEM_KEYS[problem.code], { ...shownParams(t, f, params), ...(typeof count === 'number' ? { count } : {}) });
}

/** One row error as a sentence naming its row and field ("Row 3, Price: is empty"). */
export function rowErrorText(t: TFunction, f: Formatters, error: ImportRowError): string {
  return t('import.rowErrorLine', { row: f.number(error.row), field: fieldLabel(t, error.field), problem: rowProblemText(t, f, error) });
}
