// The field rules every way in shares (orders JSON and sheets, customer and product imports, forms,
// IPC, CLI files, the `check` commands): one function per kind of field, one message per problem.
// Each returns the normalised value or a problem phrase without the field's name; the boundary adds
// where it was (file, row, column, JSON path) and the field's label. Pure: no node:*, no DOM.
import { currencyScale } from '../money/currencies.js';
import { gstState } from '../tax/gst-states.js';

export type FieldResult<T = string> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const bad = (message: string): FieldResult<never> => ({ ok: false, message });

// ---------------------------------------------------------------------------------------------
// Free text: names, descriptions, addresses.

/**
 * Longest text each kind of field may hold: what every invoice template prints in full (names and
 * descriptions wrap over lines, never cut). Counted in characters (code points).
 */
export const TEXT_LIMITS = Object.freeze({
  name: 200,
  description: 500,
  address: 500,
  /** Units, SKUs, order references, states, countries: short codes. */
  code: 64,
});
export type TextKind = keyof typeof TEXT_LIMITS;

// C0 and C1 control characters; tab, line feed and carriage return are allowed in addresses only.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const LINE_BREAK_OR_TAB = /[\t\n\r]/u;
// Bidi embeddings, overrides and isolates: they reorder what is printed ("Shirt \u202Efdp.exe"
// prints as "Shirt exe.pdf"). Arabic and Hebrew text needs none of them.
const BIDI = /[\u202A-\u202E\u2066-\u2069]/u;

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why a text field's value cannot be stored, or null. `kind` sets the length limit and whether line breaks are allowed (addresses). */
export function textProblem(value: string, kind: TextKind): string | null {
  const control = CONTROL.exec(value) ?? (kind === 'address' ? null : LINE_BREAK_OR_TAB.exec(value));
  if (control) {
    return `contains the control character ${codePoint(control[0])}${control[0] === '\u0000' ? ' (NUL)' : ''} at character ${[...value.slice(0, control.index)].length + 1}; remove it`;
  }
  const bidi = BIDI.exec(value);
  if (bidi) {
    return `contains the bidirectional control ${codePoint(bidi[0])} at character ${[...value.slice(0, bidi.index)].length + 1}, which can make the text print in a misleading order; remove it`;
  }
  const limit = TEXT_LIMITS[kind];
  let length = 0;
  for (const _ of value) length += 1;
  if (length > limit) return `has ${length.toLocaleString('en-US')} characters; at most ${limit} are allowed so that every invoice template prints it in full`;
  return null;
}

/** A text field trimmed (inner runs of spaces kept as typed), or why not. Empty stays empty. */
export function checkText(raw: string, kind: TextKind): FieldResult {
  const value = raw.normalize('NFC').trim();
  const problem = textProblem(value, kind);
  return problem ? bad(problem) : ok(value);
}

// ---------------------------------------------------------------------------------------------
// Identifiers: normalised (Unicode compatibility forms, surrounding spaces, case) before checking.

export function normaliseIdentifier(raw: string): string {
  return String(raw ?? '').normalize('NFKC').trim().toUpperCase();
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The check character for the first 14 characters of a GSTIN or UIN (Luhn mod 36, factors 1,2,1,2...). */
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

/**
 * What a 15-character GST identifier is (docs/TAX-RULES.md A8, D4): a regular GSTIN (14th
 * character Z), a TCS collector's (C) or TDS deductor's (D) registration, or a UIN of a UN body,
 * embassy or other notified person (Rule 46(d)): state code, 2 digits, 3 letters, 5 digits, U or
 * O, N, check character.
 */
export type GstIdKind = 'gstin' | 'tcs' | 'tds' | 'uin';

export interface GstIdCheck {
  valid: boolean;
  reason: string;
  /** The identifier as normalised (trimmed, upper-case). */
  value: string;
  kind?: GstIdKind;
  stateCode?: string;
}

const UIN = /^\d{4}[A-Z]{3}\d{5}[UO]N[0-9A-Z]$/;

const KIND_LABEL: Record<GstIdKind, string> = {
  gstin: 'GSTIN',
  tcs: 'GSTIN of a TCS collector (e-commerce operator; 14th character C)',
  tds: 'GSTIN of a TDS deductor (14th character D)',
  uin: 'UIN (Unique Identity Number of a UN body, embassy or other notified person, Rule 46(d))',
};

const FLAG_KIND: Record<string, GstIdKind> = { Z: 'gstin', C: 'tcs', D: 'tds' };

/** Characters 3-14 of a registration: a UIN, or PAN/TAN, registration number and the flag naming the kind; the problem otherwise. */
function gstIdKind(value: string): { kind: GstIdKind; problem?: undefined } | { kind?: undefined; problem: string } {
  if (UIN.test(value)) return { kind: 'uin' };
  const flag = value[13]!;
  const middle = value.slice(2, 12);
  if (flag === 'D') {
    if (!/^[A-Z]{4}\d{5}[A-Z]$/.test(middle)) return { problem: `characters 3-12 "${middle}" are not a TAN (4 letters, 5 digits, 1 letter), as a TDS registration (14th character D) needs` };
  } else if (!/^[A-Z]{5}\d{4}[A-Z]$/.test(middle)) {
    return { problem: `characters 3-12 "${middle}" are not a PAN (5 letters, 4 digits, 1 letter)` };
  }
  if (!/^[1-9A-Z]$/.test(value[12]!)) return { problem: `character 13 "${value[12]}" must be 1-9 or A-Z (the registration number under that PAN in the state)` };
  const kind = FLAG_KIND[flag];
  return kind ? { kind } : { problem: `character 14 is "${flag}"; it must be Z (C for a TCS collector, D for a TDS deductor)` };
}

/** A GSTIN, TCS/TDS registration or UIN: format, state code and check character. */
export function checkGstId(input: string): GstIdCheck {
  const value = normaliseIdentifier(input);
  const no = (reason: string): GstIdCheck => ({ valid: false, reason, value });
  if (value === '') return no('empty: a GSTIN has 15 characters');
  if (/\s/.test(value)) return no('contains spaces: a GSTIN is 15 characters without spaces');
  if (value.length !== 15) return no(`has ${[...value].length} characters; a GSTIN has exactly 15`);
  const badChar = value.match(/[^0-9A-Z]/);
  if (badChar) return no(`contains "${badChar[0]}"; only digits and capital letters are allowed`);
  const stateCode = value.slice(0, 2);
  const state = gstState(stateCode);
  if (!/^\d\d$/.test(stateCode) || !state || state.special === 'other_countries') {
    return no(`state code "${stateCode}" (characters 1-2) is not a GST state code (01-38, 97 or 99)`);
  }
  const { kind, problem } = gstIdKind(value);
  if (!kind) return no(problem);
  const expected = gstinCheckCharacter(value.slice(0, 14));
  if (value[14] !== expected) return no(`check digit is "${value[14]}" but should be "${expected}": a character was probably mistyped`);
  const note = state.note ? `; note: state code ${stateCode} is ${state.note}` : '';
  const notRecipient = kind === 'tcs' || kind === 'tds' ? '; it is not a regular GSTIN and is refused as a recipient\'s GSTIN on invoices' : '';
  return { valid: true, reason: `valid ${KIND_LABEL[kind]}, state ${stateCode} (${state.name})${note}${notRecipient}`, value, kind, stateCode };
}

export interface RecipientGstId {
  value: string;
  /** Printed as "GSTIN" or "UIN" on the invoice. */
  kind: 'gstin' | 'uin';
  stateCode: string;
}

/** A recipient's GSTIN or UIN as an invoice may carry it; TCS/TDS registrations are refused. */
export function checkRecipientGstId(input: string): FieldResult<RecipientGstId> {
  const result = checkGstId(input);
  if (!result.valid) return bad(`"${result.value}" is not a valid GSTIN or UIN: ${result.reason}`);
  if (result.kind === 'tcs' || result.kind === 'tds') {
    const what = result.kind === 'tcs' ? 'a TCS collector\'s registration (an e-commerce operator collecting tax at source; 14th character C)' : 'a TDS deductor\'s registration (14th character D)';
    return bad(`"${result.value}" is ${what}, not a regular GSTIN; a recipient's invoice needs its regular GSTIN (14th character Z) or UIN`);
  }
  return ok({ value: result.value, kind: result.kind!, stateCode: result.stateCode! });
}

export interface TaxIdResult {
  valid: boolean;
  reason: string;
  value: string;
}

/**
 * Bahrain VAT account number (docs/TAX-RULES.md B5): 15 digits; NBR publishes no check digit,
 * so the format is all that can be checked.
 */
export function checkBahrainVatNumber(input: string): TaxIdResult {
  const value = normaliseIdentifier(input);
  const no = (reason: string): TaxIdResult => ({ valid: false, reason, value });
  if (value === '') return no('empty: a Bahrain VAT account number has 15 digits');
  if (/[\s-]/.test(value)) return no('contains spaces or dashes: write the 15 digits without separators');
  const badChar = value.match(/\D/);
  if (badChar) return no(`contains "${badChar[0]}"; a Bahrain VAT account number has digits only`);
  if (value.length !== 15) return no(`has ${value.length} digits; a Bahrain VAT account number has exactly 15`);
  return { valid: true, reason: 'valid format (15 digits; NBR publishes no check digit, so the number itself is not verified)', value };
}

/** A Bahrain VAT number as an invoice may carry it, or why not. */
export function checkRecipientBahrainVat(input: string): FieldResult {
  const result = checkBahrainVatNumber(input);
  return result.valid ? ok(result.value) : bad(`"${result.value}" is not a valid Bahrain VAT account number: ${result.reason}`);
}

/**
 * Document numbers (GST Rule 46(b), docs/TAX-RULES.md A2): at most 16 characters, letters, digits,
 * hyphen and slash. The plugin's rules give the length and pattern; nothing else is added here.
 */
export function checkDocumentNumber(rules: { maxLength: number; pattern: string; description: string; caseInsensitiveUnique?: boolean }, input: string): TaxIdResult {
  const value = normaliseIdentifier(input);
  const no = (reason: string): TaxIdResult => ({ valid: false, reason, value });
  if (value === '') return no('empty');
  if (value.length > rules.maxLength) return no(`has ${value.length} characters; at most ${rules.maxLength} allowed (${rules.description})`);
  if (!new RegExp(rules.pattern).test(value)) {
    const badChar = [...value].find((ch) => !/[A-Za-z0-9/-]/.test(ch));
    return no(`${badChar !== undefined ? `contains "${badChar}"` : 'does not match the rule'}: ${rules.description}`);
  }
  return { valid: true, reason: rules.caseInsensitiveUnique ? `valid; must be unique in its fiscal year ignoring case (${value})` : 'valid', value };
}

// ---------------------------------------------------------------------------------------------
// GST states: codes ("27", "7", "27-Maharashtra") and names ("Maharashtra", "MH").

const STATE_ALIASES: Record<string, string[]> = {
  '01': ['Jammu & Kashmir', 'J&K', 'JK'], '02': ['HP'], '03': ['PB'], '04': ['CH'], '05': ['Uttaranchal', 'UK', 'UT'], '06': ['HR'],
  '07': ['New Delhi', 'NCT of Delhi', 'DL'], '08': ['RJ'], '09': ['UP'], '10': ['BR'], '11': ['SK'], '12': ['AR'], '13': ['NL'], '14': ['MN'],
  '15': ['MZ'], '16': ['TR'], '17': ['ML'], '18': ['AS'], '19': ['WB'], '20': ['JH'], '21': ['Orissa', 'OD', 'OR'], '22': ['Chattisgarh', 'CG'],
  '23': ['MP'], '24': ['GJ'], '26': ['Dadra and Nagar Haveli', 'Daman and Diu', 'DN', 'DD'], '27': ['MH'], '29': ['KA'], '30': ['GA'],
  '31': ['LD', 'Lakshadweep Islands'], '32': ['KL'], '33': ['TN'], '34': ['Pondicherry', 'PY'], '35': ['Andaman and Nicobar', 'AN'], '36': ['TS', 'TG'],
  '37': ['AP'], '38': ['LA'],
};

function stateKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/&/g, ' and ').replace(/[^\p{L}\p{N}]+/gu, '');
}

const STATE_INDEX = new Map<string, string>();
for (const [code, names] of Object.entries(STATE_ALIASES)) for (const name of names) STATE_INDEX.set(stateKey(name), code);
for (const code of ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23', '24', '26', '27', '29', '30', '31', '32', '33', '34', '35', '36', '37', '38', '97']) {
  STATE_INDEX.set(stateKey(gstState(code)!.name), code);
}

/** Codes a recipient or place of supply may be in: today's states and UTs and 97 (legacy 25 and 28 are not). */
function isCurrentStateCode(code: string): boolean {
  const state = gstState(code);
  return Boolean(state && !state.validUntil && (!state.special || state.special === 'other_territory'));
}

/** A GST state as a code, from "27", "7", "27-Maharashtra", "Maharashtra" or "MH"; or why not. */
export function checkGstState(input: string): FieldResult {
  const text = String(input ?? '').normalize('NFKC').trim();
  if (text === '') return bad('is empty');
  const lead = /^(\d{1,2})(?:\b|$)/.exec(text);
  if (lead) {
    const code = lead[1]!.padStart(2, '0');
    if (isCurrentStateCode(code)) return ok(code);
    const state = gstState(code);
    return bad(`"${text}" is not a GST state code${state?.note ? ` (${code} is ${state.note})` : ''}; use 01-38 or 97, or the state's name`);
  }
  const code = STATE_INDEX.get(stateKey(text));
  return code ? ok(code) : bad(`"${text}" is not an Indian state or union territory, nor a GST state code (01-38, 97)`);
}

/** The one message for a stated state that contradicts the recipient's GSTIN. */
export function stateContradiction(stated: string, gstin: string, idState: string): string {
  return `state ${describeState(stated)} contradicts GSTIN ${gstin}, which is registered in state ${describeState(idState)}; the GSTIN decides the state`;
}

/** "27 (Maharashtra)" for messages. */
export function describeState(code: string): string {
  const name = gstState(code)?.name;
  return name ? `${code} (${name})` : code;
}

// ---------------------------------------------------------------------------------------------
// Codes and numbers.

/** HSN (goods) or SAC (services) code: 2 to 8 digits, leading zeros kept; dots and spaces dropped. */
export function checkHsn(input: string): FieldResult {
  const raw = String(input ?? '').normalize('NFKC').trim();
  const value = raw.replace(/[\s.-]/g, '');
  if (!/^\d{2,8}$/.test(value)) return bad(`"${raw}" is not an HSN/SAC code (2 to 8 digits)`);
  return ok(value);
}

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

/** A price or amount as a plain decimal ("10.5") with at most the currency's decimals; "10.50" style fixed text back. */
export function checkAmount(input: string | number, currency: string, options: { allowZero?: boolean } = {}): FieldResult {
  const raw = typeof input === 'number' ? numberText(input) : String(input ?? '').trim();
  if (raw === '') return bad('is empty');
  if (raw.startsWith('-')) return bad(`${raw} is negative`);
  if (!PLAIN_DECIMAL.test(raw)) return bad(`"${raw}" is not a number (write digits with a decimal point, e.g. 1250.50)`);
  const scale = currencyScale(currency);
  const [intPart, fracRaw = ''] = raw.split('.');
  const frac = fracRaw.replace(/0+$/, '');
  if (frac.length > scale) return bad(`${raw} has ${frac.length} decimals; ${currency} has ${scale}`);
  const fixed = scale > 0 ? `${intPart!.replace(/^0+(?=\d)/, '')}.${frac.padEnd(scale, '0')}` : intPart!.replace(/^0+(?=\d)/, '');
  if (options.allowZero === false && /^[0.]+$/.test(fixed)) return bad(`${raw} is not above zero`);
  return ok(fixed);
}

/** Most decimals a quantity may have (grams of a kilogram, millilitres of a litre). */
export const QUANTITY_DECIMALS = 3;

/** A quantity: a plain decimal above zero with at most 3 decimals. */
export function checkQuantity(input: string | number): FieldResult {
  const raw = typeof input === 'number' ? numberText(input) : String(input ?? '').trim();
  if (raw === '') return bad('is empty');
  if (!/^-?\d+(\.\d+)?$/.test(raw)) return bad(`"${raw}" is not a number`);
  const [, fracRaw = ''] = raw.replace(/^-/, '').split('.');
  if (raw.startsWith('-') || /^[0.]+$/.test(raw)) return bad(`${raw} is not above zero`);
  if (fracRaw.replace(/0+$/, '').length > QUANTITY_DECIMALS) return bad(`${raw} has more than ${QUANTITY_DECIMALS} decimals`);
  return ok(raw);
}

/** A JSON number as the decimal text a person wrote (no exponent for ordinary amounts). */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // 1e-7 and the like: fixed notation with enough digits to show every decimal.
  return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}
