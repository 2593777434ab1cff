// The field rules every way in shares (orders JSON and sheets, customer and product imports, forms,
// IPC, CLI files, the `check` commands): one function per kind of field, one message per problem.
// Each returns the normalised value or a problem phrase without the field's name; the boundary adds
// where it was (file, row, column, JSON path) and the field's label. Pure: no node:*, no DOM.
import { currencyScale } from '../money/currencies.js';
import { gstState } from '../tax/gst-states.js';
import { describeState, GSTIN_REASONS, problem, problemText, VAT_BH_REASONS, type FieldProblem, type GstinReasonCode, type ProblemParams, type VatBhReasonCode } from './problems.js';

export { describeState };

/** A refusal carries its English phrase (`message`) and the same as a code with parameters (`problem`). */
export type FieldResult<T = string> = { ok: true; value: T } | { ok: false; message: string; problem: FieldProblem };
const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const bad = (p: FieldProblem): FieldResult<never> => ({ ok: false, message: problemText(p), problem: p });

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

/** Why a text field's value cannot be stored (a code with parameters), or null. `kind` sets the length limit and whether line breaks are allowed (addresses). */
export function textFieldProblem(value: string, kind: TextKind): FieldProblem | null {
  const control = CONTROL.exec(value) ?? (kind === 'address' ? null : LINE_BREAK_OR_TAB.exec(value));
  if (control) return problem('textControl', { codePoint: codePoint(control[0]), position: [...value.slice(0, control.index)].length + 1 });
  const bidi = BIDI.exec(value);
  if (bidi) return problem('textBidi', { codePoint: codePoint(bidi[0]), position: [...value.slice(0, bidi.index)].length + 1 });
  const limit = TEXT_LIMITS[kind];
  let length = 0;
  for (const _ of value) length += 1;
  if (length > limit) return problem('textTooLong', { length, limit });
  return null;
}

/** A text field trimmed (inner runs of spaces kept as typed), or why not. Empty stays empty. */
export function checkText(raw: string, kind: TextKind): FieldResult {
  const value = raw.normalize('NFC').trim();
  const found = textFieldProblem(value, kind);
  return found ? bad(found) : ok(value);
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

/** Why a GST identifier is not valid: a reason code (GSTIN_REASONS) and its parameters. */
export type GstIdReason = { [C in GstinReasonCode]: { code: C; params: Omit<ProblemParams<C>, 'value'> } }[GstinReasonCode];

export interface GstIdCheck {
  valid: boolean;
  reason: string;
  /** When not valid: the reason as a code with parameters. */
  why?: GstIdReason;
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

const reason = <C extends GstinReasonCode>(code: C, params: Omit<ProblemParams<C>, 'value'>): GstIdReason => ({ code, params }) as GstIdReason;

/** A reason as the English phrase `check gstin` prints. */
function gstIdReasonText(why: GstIdReason): string {
  return (GSTIN_REASONS[why.code] as (params: GstIdReason['params']) => string)(why.params);
}

/** Characters 3-14 of a registration: a UIN, or PAN/TAN, registration number and the flag naming the kind; the reason otherwise. */
function gstIdKind(value: string): { kind: GstIdKind; why?: undefined } | { kind?: undefined; why: GstIdReason } {
  if (UIN.test(value)) return { kind: 'uin' };
  const flag = value[13]!;
  const middle = value.slice(2, 12);
  if (flag === 'D') {
    if (!/^[A-Z]{4}\d{5}[A-Z]$/.test(middle)) return { why: reason('gstinTan', { characters: middle }) };
  } else if (!/^[A-Z]{5}\d{4}[A-Z]$/.test(middle)) {
    return { why: reason('gstinPan', { characters: middle }) };
  }
  if (!/^[1-9A-Z]$/.test(value[12]!)) return { why: reason('gstinEntity', { character: value[12]! }) };
  const kind = FLAG_KIND[flag];
  return kind ? { kind } : { why: reason('gstinFlag', { character: flag }) };
}

/** Why the identifier's format (length, characters, state code) is wrong, or undefined. */
function gstIdFormatReason(value: string): GstIdReason | undefined {
  if (value === '') return reason('gstinEmpty', {});
  if (/\s/.test(value)) return reason('gstinSpaces', {});
  if (value.length !== 15) return reason('gstinLength', { length: [...value].length });
  const badChar = value.match(/[^0-9A-Z]/);
  if (badChar) return reason('gstinCharacter', { character: badChar[0] });
  const stateCode = value.slice(0, 2);
  const state = gstState(stateCode);
  if (!/^\d\d$/.test(stateCode) || !state || state.special === 'other_countries') return reason('gstinStateCode', { code: stateCode });
  return undefined;
}

/** A GSTIN, TCS/TDS registration or UIN: format, state code and check character. */
export function checkGstId(input: string): GstIdCheck {
  const value = normaliseIdentifier(input);
  const no = (why: GstIdReason): GstIdCheck => ({ valid: false, reason: gstIdReasonText(why), why, value });
  const formatWhy = gstIdFormatReason(value);
  if (formatWhy) return no(formatWhy);
  const stateCode = value.slice(0, 2);
  const state = gstState(stateCode)!;
  const { kind, why } = gstIdKind(value);
  if (!kind) return no(why);
  const expected = gstinCheckCharacter(value.slice(0, 14));
  if (value[14] !== expected) return no(reason('gstinCheckDigit', { typed: value[14]!, expected }));
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
  if (!result.valid) return bad({ code: result.why!.code, params: { ...result.why!.params, value: result.value } } as FieldProblem);
  if (result.kind === 'tcs' || result.kind === 'tds') return bad(problem(result.kind === 'tcs' ? 'gstinTcs' : 'gstinTds', { value: result.value }));
  return ok({ value: result.value, kind: result.kind!, stateCode: result.stateCode! });
}

export interface TaxIdResult {
  valid: boolean;
  reason: string;
  value: string;
}

/** Why a Bahrain VAT number is not valid: a reason code (VAT_BH_REASONS) and its parameters. */
type VatBhReason = { [C in VatBhReasonCode]: { code: C; params: Omit<ProblemParams<C>, 'value'> } }[VatBhReasonCode];

function vatBhReason(value: string): VatBhReason | undefined {
  if (value === '') return { code: 'vatBhEmpty', params: {} };
  if (/[\s-]/.test(value)) return { code: 'vatBhSeparators', params: {} };
  const badChar = value.match(/\D/);
  if (badChar) return { code: 'vatBhCharacter', params: { character: badChar[0] } };
  if (value.length !== 15) return { code: 'vatBhLength', params: { length: value.length } };
  return undefined;
}

/**
 * Bahrain VAT account number (docs/TAX-RULES.md B5): 15 digits; NBR publishes no check digit,
 * so the format is all that can be checked.
 */
export function checkBahrainVatNumber(input: string): TaxIdResult {
  const value = normaliseIdentifier(input);
  const why = vatBhReason(value);
  if (why) return { valid: false, reason: (VAT_BH_REASONS[why.code] as (params: VatBhReason['params']) => string)(why.params), value };
  return { valid: true, reason: 'valid format (15 digits; NBR publishes no check digit, so the number itself is not verified)', value };
}

/** A Bahrain VAT number as an invoice may carry it, or why not. */
export function checkRecipientBahrainVat(input: string): FieldResult {
  const value = normaliseIdentifier(input);
  const why = vatBhReason(value);
  return why ? bad({ code: why.code, params: { ...why.params, value } } as FieldProblem) : ok(value);
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
  if (text === '') return bad(problem('empty', {}));
  const lead = /^(\d{1,2})(?:\b|$)/.exec(text);
  if (lead) {
    const code = lead[1]!.padStart(2, '0');
    if (isCurrentStateCode(code)) return ok(code);
    return bad(gstState(code)?.note ? problem('stateCodeRetired', { value: text, code }) : problem('stateCodeUnknown', { value: text }));
  }
  const code = STATE_INDEX.get(stateKey(text));
  return code ? ok(code) : bad(problem('stateUnknown', { value: text }));
}

/** The one problem for a stated state that contradicts the recipient's GSTIN. */
export function stateContradictionProblem(stated: string, gstin: string, idState: string): FieldProblem {
  return problem('stateContradiction', { stated, gstin, registered: idState });
}

/** The one message for a stated state that contradicts the recipient's GSTIN. */
export function stateContradiction(stated: string, gstin: string, idState: string): string {
  return problemText(stateContradictionProblem(stated, gstin, idState));
}

// ---------------------------------------------------------------------------------------------
// Codes and numbers.

/** HSN (goods) or SAC (services) code: 2 to 8 digits, leading zeros kept; dots and spaces dropped. */
export function checkHsn(input: string): FieldResult {
  const raw = String(input ?? '').normalize('NFKC').trim();
  const value = raw.replace(/[\s.-]/g, '');
  if (!/^\d{2,8}$/.test(value)) return bad(problem('hsnInvalid', { value: raw }));
  return ok(value);
}

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

/** A price or amount as a plain decimal ("10.5") with at most the currency's decimals; "10.50" style fixed text back. */
export function checkAmount(input: string | number, currency: string, options: { allowZero?: boolean } = {}): FieldResult {
  const raw = typeof input === 'number' ? numberText(input) : String(input ?? '').trim();
  if (raw === '') return bad(problem('empty', {}));
  if (raw.startsWith('-')) return bad(problem('negative', { value: raw }));
  if (!PLAIN_DECIMAL.test(raw)) return bad(problem('notPlainNumber', { value: raw }));
  const scale = currencyScale(currency);
  const [intPart, fracRaw = ''] = raw.split('.');
  const frac = fracRaw.replace(/0+$/, '');
  if (frac.length > scale) return bad(problem('tooManyDecimals', { value: raw, decimals: frac.length, currency, scale }));
  const fixed = scale > 0 ? `${intPart!.replace(/^0+(?=\d)/, '')}.${frac.padEnd(scale, '0')}` : intPart!.replace(/^0+(?=\d)/, '');
  if (options.allowZero === false && /^[0.]+$/.test(fixed)) return bad(problem('notAboveZero', { value: raw }));
  return ok(fixed);
}

/** Most decimals a quantity may have (grams of a kilogram, millilitres of a litre). */
export const QUANTITY_DECIMALS = 3;

/** A quantity: a plain decimal above zero with at most 3 decimals. */
export function checkQuantity(input: string | number): FieldResult {
  const raw = typeof input === 'number' ? numberText(input) : String(input ?? '').trim();
  if (raw === '') return bad(problem('empty', {}));
  if (!/^-?\d+(\.\d+)?$/.test(raw)) return bad(problem('notNumber', { value: raw }));
  const [, fracRaw = ''] = raw.replace(/^-/, '').split('.');
  if (raw.startsWith('-') || /^[0.]+$/.test(raw)) return bad(problem('notAboveZero', { value: raw }));
  if (fracRaw.replace(/0+$/, '').length > QUANTITY_DECIMALS) return bad(problem('quantityDecimals', { value: raw, limit: QUANTITY_DECIMALS }));
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
