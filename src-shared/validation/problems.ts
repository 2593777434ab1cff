// What is wrong with one field's value, as a stable code with its parameters: the field rules
// (fields.ts), the importer's cell readers and row checks report each refusal this way. The CLI
// and --json print the English sentence (problemText, word for word as before codes existed); the
// UI says the same in its language from the code and parameters (locales: import.rowProblem.<code>,
// src-renderer/features/import/row-error-text.ts). Pure: no node:*, no DOM.
import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import { gstState } from '../tax/gst-states.js';

const S = Type.String();
const I = Type.Integer();
const value = { value: S };

/** Every problem code and the parameters it carries (what a translation may say). */
export const PROBLEM_PARAMS = {
  /** The cell or field holds nothing. */
  empty: {},
  /** A control character (U+0000-U+001F, U+007F-U+009F; tab and line breaks outside addresses) at a 1-based character position. */
  textControl: { codePoint: S, position: I },
  /** A bidirectional embedding, override or isolate. */
  textBidi: { codePoint: S, position: I },
  /** Longer than the field's limit (characters). */
  textTooLong: { length: I, limit: I },
  /** A GSTIN or UIN (`value`, normalised) refused, by reason. */
  gstinEmpty: value,
  gstinSpaces: value,
  gstinLength: { value: S, length: I },
  gstinCharacter: { value: S, character: S },
  gstinStateCode: { value: S, code: S },
  /** Characters 3-12 are not a TAN (a TDS registration) or a PAN. */
  gstinTan: { value: S, characters: S },
  gstinPan: { value: S, characters: S },
  /** Character 13 (the registration number under the PAN). */
  gstinEntity: { value: S, character: S },
  /** Character 14 is not Z, C or D. */
  gstinFlag: { value: S, character: S },
  gstinCheckDigit: { value: S, typed: S, expected: S },
  /** A TCS collector's or TDS deductor's registration where a recipient's GSTIN is needed. */
  gstinTcs: value,
  gstinTds: value,
  /** A Bahrain VAT account number refused, by reason. */
  vatBhEmpty: value,
  vatBhSeparators: value,
  vatBhCharacter: { value: S, character: S },
  vatBhLength: { value: S, length: I },
  /** A tax id that is neither shape. */
  taxIdUnknownKind: value,
  /** A number that is no state code of today; `code` (two digits) was one once (25, 28). */
  stateCodeUnknown: value,
  stateCodeRetired: { value: S, code: S },
  /** Text that names no Indian state or union territory. */
  stateUnknown: value,
  /** The stated state code contradicts the one the GSTIN is registered in (codes "27"). */
  stateContradiction: { stated: S, gstin: S, registered: S },
  hsnInvalid: value,
  notNumber: value,
  /** An amount typed otherwise than plain digits with a decimal point (forms, JSON). */
  notPlainNumber: value,
  negative: value,
  notAboveZero: value,
  /** An amount with more decimals than its currency has. */
  tooManyDecimals: { value: S, decimals: I, currency: S, scale: I },
  quantityDecimals: { value: S, limit: I },
  tooLarge: { value: S, currency: S },
  notFinite: {},
  /** A TRUE or FALSE cell. */
  booleanNotNumber: value,
  /** A spreadsheet error value such as #DIV/0!. */
  spreadsheetError: value,
  /** An amount marked with another currency (`found`) than the business's. */
  wrongCurrency: { value: S, found: S, currency: S },
  /** "12,5": a decimal comma; `suggestion` is the same with a point. */
  decimalComma: { value: S, suggestion: S },
  notPercentage: value,
  /** A rate (in percent) outside 0-100. */
  percentRange: value,
  percentDecimals: { value: S, limit: I },
  notCalendarDate: { year: I, month: I, day: I },
  /** A number that is not a date serial. */
  serialNotDate: value,
  notDate: value,
  countryUnknown: value,
  /** The country column (`country`) is not the one the tax id belongs to (`taxIdCountry`); ISO codes. */
  countryMismatch: { country: S, taxIdCountry: S },
  emailInvalid: value,
  phoneInvalid: value,
  /** An order row without a customer name or tax id. */
  customerEmpty: {},
  /** No product of the business has this SKU or name. */
  productUnknown: value,
  /** The same key as an earlier row of the file (`firstRow`, 1-based). */
  duplicateSku: { value: S, firstRow: I },
  duplicateProductName: { value: S, firstRow: I },
  duplicateTaxId: { value: S, firstRow: I },
  duplicateCustomerName: { value: S, firstRow: I },
  /** Several (`matches`) stored products or customers have the row's name and none is told apart by a key. */
  ambiguousProductName: { matches: I },
  ambiguousCustomerName: { matches: I },
  /** The row matches the stored record an earlier row already matched. */
  sameExistingRecord: { firstRow: I },
} as const satisfies Record<string, TProperties>;

type ParamsTable = typeof PROBLEM_PARAMS;
export type ProblemCode = keyof ParamsTable;
export type ProblemParams<C extends ProblemCode> = Static<TObject<ParamsTable[C]>>;
/** One refusal: its code and parameters. */
export type FieldProblem = { [C in ProblemCode]: { code: C; params: ProblemParams<C> } }[ProblemCode];

export const PROBLEM_CODES = Object.keys(PROBLEM_PARAMS) as ProblemCode[];

const strict = { additionalProperties: false } as const;

/** One object schema per code, with `extra` properties beside code and params (a row error's row, column...). */
export function problemSchemas(extra: TProperties = {}): TSchema[] {
  return PROBLEM_CODES.map((code) => Type.Object({ ...extra, code: Type.Literal(code), params: Type.Object(PROBLEM_PARAMS[code], strict) }, strict));
}

/** A problem as the contract checks it: a known code with exactly its parameters. */
export const FieldProblemSchema = Type.Unsafe<FieldProblem>(Type.Union(problemSchemas()));

/** Builds a problem with its parameters checked by the compiler. */
export function problem<C extends ProblemCode>(code: C, params: ProblemParams<C>): FieldProblem {
  return { code, params } as FieldProblem;
}

// ---------------------------------------------------------------------------------------------
// The English sentences (the CLI contract: these words are public, keep them).

const gstin = (value: string, reason: string) => `"${value}" is not a valid GSTIN or UIN: ${reason}`;
const vatBh = (value: string, reason: string) => `"${value}" is not a valid Bahrain VAT account number: ${reason}`;

/** "27 (Maharashtra)" for messages. */
export function describeState(code: string): string {
  const name = gstState(code)?.name;
  return name ? `${code} (${name})` : code;
}

/** Why a GSTIN is not valid, without the value ("has 14 characters; a GSTIN has exactly 15"): `check gstin` prints it so. */
export const GSTIN_REASONS = {
  gstinEmpty: () => 'empty: a GSTIN has 15 characters',
  gstinSpaces: () => 'contains spaces: a GSTIN is 15 characters without spaces',
  gstinLength: (p: { length: number }) => `has ${p.length} characters; a GSTIN has exactly 15`,
  gstinCharacter: (p: { character: string }) => `contains "${p.character}"; only digits and capital letters are allowed`,
  gstinStateCode: (p: { code: string }) => `state code "${p.code}" (characters 1-2) is not a GST state code (01-38, 97 or 99)`,
  gstinTan: (p: { characters: string }) => `characters 3-12 "${p.characters}" are not a TAN (4 letters, 5 digits, 1 letter), as a TDS registration (14th character D) needs`,
  gstinPan: (p: { characters: string }) => `characters 3-12 "${p.characters}" are not a PAN (5 letters, 4 digits, 1 letter)`,
  gstinEntity: (p: { character: string }) => `character 13 "${p.character}" must be 1-9 or A-Z (the registration number under that PAN in the state)`,
  gstinFlag: (p: { character: string }) => `character 14 is "${p.character}"; it must be Z (C for a TCS collector, D for a TDS deductor)`,
  gstinCheckDigit: (p: { typed: string; expected: string }) => `check digit is "${p.typed}" but should be "${p.expected}": a character was probably mistyped`,
} as const;
export type GstinReasonCode = keyof typeof GSTIN_REASONS;

/** Why a Bahrain VAT number is not valid, without the value. */
export const VAT_BH_REASONS = {
  vatBhEmpty: () => 'empty: a Bahrain VAT account number has 15 digits',
  vatBhSeparators: () => 'contains spaces or dashes: write the 15 digits without separators',
  vatBhCharacter: (p: { character: string }) => `contains "${p.character}"; a Bahrain VAT account number has digits only`,
  vatBhLength: (p: { length: number }) => `has ${p.length} digits; a Bahrain VAT account number has exactly 15`,
} as const;
export type VatBhReasonCode = keyof typeof VAT_BH_REASONS;

type English = { [C in ProblemCode]: (p: ProblemParams<C>) => string };

/** Each problem's English sentence, without the field's name (the boundary adds where it was). */
const ENGLISH: English = {
  empty: () => 'is empty',
  textControl: (p) => `contains the control character ${p.codePoint}${p.codePoint === 'U+0000' ? ' (NUL)' : ''} at character ${p.position}; remove it`,
  textBidi: (p) => `contains the bidirectional control ${p.codePoint} at character ${p.position}, which can make the text print in a misleading order; remove it`,
  textTooLong: (p) => `has ${p.length.toLocaleString('en-US')} characters; at most ${p.limit} are allowed so that every invoice template prints it in full`,
  gstinEmpty: (p) => gstin(p.value, GSTIN_REASONS.gstinEmpty()),
  gstinSpaces: (p) => gstin(p.value, GSTIN_REASONS.gstinSpaces()),
  gstinLength: (p) => gstin(p.value, GSTIN_REASONS.gstinLength(p)),
  gstinCharacter: (p) => gstin(p.value, GSTIN_REASONS.gstinCharacter(p)),
  gstinStateCode: (p) => gstin(p.value, GSTIN_REASONS.gstinStateCode(p)),
  gstinTan: (p) => gstin(p.value, GSTIN_REASONS.gstinTan(p)),
  gstinPan: (p) => gstin(p.value, GSTIN_REASONS.gstinPan(p)),
  gstinEntity: (p) => gstin(p.value, GSTIN_REASONS.gstinEntity(p)),
  gstinFlag: (p) => gstin(p.value, GSTIN_REASONS.gstinFlag(p)),
  gstinCheckDigit: (p) => gstin(p.value, GSTIN_REASONS.gstinCheckDigit(p)),
  gstinTcs: (p) => `"${p.value}" is a TCS collector's registration (an e-commerce operator collecting tax at source; 14th character C), not a regular GSTIN; a recipient's invoice needs its regular GSTIN (14th character Z) or UIN`,
  gstinTds: (p) => `"${p.value}" is a TDS deductor's registration (14th character D), not a regular GSTIN; a recipient's invoice needs its regular GSTIN (14th character Z) or UIN`,
  vatBhEmpty: (p) => vatBh(p.value, VAT_BH_REASONS.vatBhEmpty()),
  vatBhSeparators: (p) => vatBh(p.value, VAT_BH_REASONS.vatBhSeparators()),
  vatBhCharacter: (p) => vatBh(p.value, VAT_BH_REASONS.vatBhCharacter(p)),
  vatBhLength: (p) => vatBh(p.value, VAT_BH_REASONS.vatBhLength(p)),
  taxIdUnknownKind: (p) => `"${p.value}" is neither a GSTIN or UIN (15 characters, e.g. 27AAPFU0939F1ZV) nor a Bahrain VAT number (15 digits)`,
  stateCodeUnknown: (p) => `"${p.value}" is not a GST state code; use 01-38 or 97, or the state's name`,
  stateCodeRetired: (p) => `"${p.value}" is not a GST state code (${p.code} is ${gstState(p.code)?.note ?? 'no longer in use'}); use 01-38 or 97, or the state's name`,
  stateUnknown: (p) => `"${p.value}" is not an Indian state or union territory, nor a GST state code (01-38, 97)`,
  stateContradiction: (p) => `state ${describeState(p.stated)} contradicts GSTIN ${p.gstin}, which is registered in state ${describeState(p.registered)}; the GSTIN decides the state`,
  hsnInvalid: (p) => `"${p.value}" is not an HSN/SAC code (2 to 8 digits)`,
  notNumber: (p) => `"${p.value}" is not a number`,
  notPlainNumber: (p) => `"${p.value}" is not a number (write digits with a decimal point, e.g. 1250.50)`,
  negative: (p) => `${p.value} is negative`,
  notAboveZero: (p) => `${p.value} is not above zero`,
  tooManyDecimals: (p) => `${p.value} has ${p.decimals} decimals; ${p.currency} has ${p.scale}`,
  quantityDecimals: (p) => `${p.value} has more than ${p.limit} decimals`,
  tooLarge: (p) => `${p.value} ${p.currency} is too large to store`,
  notFinite: () => 'is not a finite number',
  booleanNotNumber: (p) => `is ${p.value}, not a number`,
  spreadsheetError: (p) => `is a spreadsheet error (${p.value})`,
  wrongCurrency: (p) => `"${p.value}" is in ${p.found}, but this business invoices in ${p.currency}`,
  decimalComma: (p) => `"${p.value}" uses a decimal comma; write ${p.suggestion}`,
  notPercentage: (p) => `"${p.value}" is not a percentage`,
  percentRange: (p) => `${p.value}% is outside 0-100%`,
  percentDecimals: (p) => `${p.value}% has more than ${p.limit} decimals`,
  notCalendarDate: (p) => `${p.year}-${p.month}-${p.day} is not a calendar date`,
  serialNotDate: (p) => `${p.value} is not a date`,
  notDate: (p) => `"${p.value}" is not a date (use YYYY-MM-DD, DD/MM/YYYY or a date cell)`,
  countryUnknown: (p) => `"${p.value}" is not a country name or a 2-letter ISO code`,
  countryMismatch: (p) => `${p.country} does not match the tax id, which is from ${p.taxIdCountry}`,
  emailInvalid: (p) => `"${p.value}" is not an e-mail address`,
  phoneInvalid: (p) => `"${p.value}" is not a phone number`,
  customerEmpty: () => 'is empty (a name or a tax id is needed)',
  productUnknown: (p) => `no product with SKU or name "${p.value}" in this business; import the catalogue first`,
  duplicateSku: (p) => `SKU "${p.value}" repeats row ${p.firstRow}; each product once per file`,
  duplicateProductName: (p) => `"${p.value}" repeats row ${p.firstRow}; each product once per file`,
  duplicateTaxId: (p) => `tax id ${p.value} repeats row ${p.firstRow}; each customer once per file`,
  duplicateCustomerName: (p) => `"${p.value}" repeats row ${p.firstRow}; each customer once per file`,
  ambiguousProductName: (p) => `${p.matches} existing products have this name; add a SKU column to say which one`,
  ambiguousCustomerName: (p) => `${p.matches} existing customers have this name; add a tax id column to say which one`,
  sameExistingRecord: (p) => `matches the same existing record as row ${p.firstRow}`,
};

/** A problem as the English phrase the CLI prints (no field name). */
export function problemText(p: FieldProblem): string {
  return (ENGLISH[p.code] as (params: FieldProblem['params']) => string)(p.params);
}
