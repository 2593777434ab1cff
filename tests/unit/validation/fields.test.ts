// The one set of field rules every way in shares, as a table: each row is a value someone typed
// (or an audit found on an invoice) and what the rule answers.
import { describe, expect, it } from 'vitest';
import {
  checkAmount, checkBahrainVatNumber, checkDocumentNumber, checkGstId, checkGstState, checkHsn, checkQuantity, checkRecipientBahrainVat,
  checkRecipientGstId, checkText, normaliseIdentifier, TEXT_LIMITS,
} from '../../../src-shared/validation/fields.js';

const RULE_46B = { maxLength: 16, pattern: '^[A-Za-z0-9/-]{1,16}$', description: 'at most 16 characters: letters, digits, hyphen "-" and slash "/" (CGST Rule 46(b))', caseInsensitiveUnique: true };

describe('identifiers are normalised before they are checked', () => {
  it('trims surrounding spaces and upper-cases', () => {
    expect(normaliseIdentifier('  27aapfu0939f1zv\t')).toBe('27AAPFU0939F1ZV');
    expect(checkGstId(' 27aapfu0939f1zv ')).toMatchObject({ valid: true, value: '27AAPFU0939F1ZV', kind: 'gstin', stateCode: '27' });
    expect(checkBahrainVatNumber(' 200000000000003 ')).toMatchObject({ valid: true, value: '200000000000003' });
    expect(checkDocumentNumber(RULE_46B, ' inv/2526/1 ')).toMatchObject({ valid: true, value: 'INV/2526/1' });
  });
});

describe('GST identifiers: GSTIN, UIN, TCS and TDS registrations told apart', () => {
  it.each([
    ['27AAPFU0939F1ZV', true, 'gstin', /valid GSTIN, state 27 \(Maharashtra\)/],
    ['0717UNO00157UNO', true, 'uin', /valid UIN .*Rule 46\(d\).*state 07 \(Delhi\)/],
    ['07AAACF1234A1CS', true, 'tcs', /TCS collector.*refused as a recipient's GSTIN/],
    ['07DELA12345B1DE', true, 'tds', /TDS deductor/],
    ['29AAHCS3391E1Z6', false, undefined, /check digit is "6" but should be "5"/],
    ['0717UNO00157UN5', false, undefined, /check digit is "5" but should be "O"/],
    ['27AAPFU 0939F1ZV', false, undefined, /contains spaces/],
    ['96AAPFU0939F1ZV', false, undefined, /state code "96"/],
  ])('%s: valid %s (%s)', (value, valid, kind, reason) => {
    const result = checkGstId(value);
    expect(result.valid).toBe(valid);
    expect(result.kind).toBe(kind);
    expect(result.reason).toMatch(reason);
  });

  it.each([
    ['27AAPFU0939F1ZV', { ok: true, value: { value: '27AAPFU0939F1ZV', kind: 'gstin', stateCode: '27' } }],
    ['0717uno00157uno', { ok: true, value: { value: '0717UNO00157UNO', kind: 'uin', stateCode: '07' } }],
  ])('a recipient may carry %s', (value, expected) => {
    expect(checkRecipientGstId(value)).toEqual(expected);
  });

  it.each([
    ['07AAACF1234A1CS', /"07AAACF1234A1CS" is a TCS collector's registration .*not a regular GSTIN/],
    ['07DELA12345B1DE', /TDS deductor's registration .*not a regular GSTIN/],
    ['29AAHCS3391E1Z6', /"29AAHCS3391E1Z6" is not a valid GSTIN or UIN: check digit is "6" but should be "5"/],
  ])('a recipient may not carry %s', (value, message) => {
    const result = checkRecipientGstId(value);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(message);
  });
});

describe('Bahrain VAT account numbers', () => {
  it.each([
    ['200000000000003', true, /valid format/],
    ['20000000000003', false, /has 14 digits; .* exactly 15/],
    ['2000000000000AB', false, /contains "A"; .* digits only/],
    ['200-000-000-000-03', false, /spaces or dashes/],
  ])('%s: valid %s', (value, valid, reason) => {
    expect(checkBahrainVatNumber(value)).toMatchObject({ valid, reason: expect.stringMatching(reason) });
    expect(checkRecipientBahrainVat(value).ok).toBe(valid);
  });
});

describe('document numbers: exactly what Rule 46(b) allows', () => {
  it.each([
    ['INV/2025-26/001', true, /unique in its fiscal year ignoring case \(INV\/2025-26\/001\)/],
    ['0001', true, /valid/], // Rule 46(b) does not forbid a leading zero
    ['/2526/1', true, /valid/],
    ['INV/2025-26/000001', false, /has 18 characters; at most 16/],
    ['INV#1', false, /contains "#"/],
    ['INV 1', false, /contains " "/],
    ['INV_1', false, /contains "_"/],
  ])('%s: valid %s', (value, valid, reason) => {
    expect(checkDocumentNumber(RULE_46B, value)).toMatchObject({ valid, reason: expect.stringMatching(reason) });
  });
});

describe('GST states by code or name', () => {
  it.each([['27', '27'], ['7', '07'], ['27-Maharashtra', '27'], ['Maharashtra', '27'], ['maharashtra ', '27'], ['MH', '27'], ['Tamil Nadu', '33'], ['Jammu & Kashmir', '01'], ['97', '97']])('%s -> %s', (input, code) => {
    expect(checkGstState(input)).toEqual({ ok: true, value: code });
  });
  it.each([['Atlantis', /not an Indian state/], ['42', /not a GST state code/], ['28', /old Andhra Pradesh/], ['96', /not a GST state code/]])('refuses %s', (input, message) => {
    const result = checkGstState(input);
    expect(!result.ok && result.message).toMatch(message);
  });
});

describe('HSN/SAC codes', () => {
  it.each([['6205', '6205'], ['0401', '0401'], ['9988.21', '998821'], ['62 05 10 00', '62051000']])('%s -> %s', (input, code) => {
    expect(checkHsn(input)).toEqual({ ok: true, value: code });
  });
  it.each(['6', '620510001', '62A5', ''])('refuses "%s"', (input) => {
    expect(checkHsn(input).ok).toBe(false);
  });
});

describe("amounts at most at the currency's scale", () => {
  it.each([
    ['10.005', 'INR', /10\.005 has 3 decimals; INR has 2/],
    ['1.7505', 'BHD', /1\.7505 has 4 decimals; BHD has 3/],
    ['-1', 'INR', /negative/],
    ['1,000', 'INR', /not a number/],
    ['1e3', 'INR', /not a number/],
  ])('refuses %s %s', (value, currency, message) => {
    const result = checkAmount(value, currency);
    expect(!result.ok && result.message).toMatch(message);
  });
  it.each([['10.5', 'INR', '10.50'], ['10.500', 'INR', '10.50'], ['1.750', 'BHD', '1.750'], ['007', 'INR', '7.00'], [10.25, 'INR', '10.25']] as const)('reads %s %s as %s', (value, currency, fixed) => {
    expect(checkAmount(value, currency)).toEqual({ ok: true, value: fixed });
  });
  it('refuses 0.0000001 given as a JSON number (7 decimals)', () => {
    expect(checkAmount(0.0000001, 'INR').ok).toBe(false);
  });
});

describe('quantities', () => {
  it.each([['2', true], ['0.5', true], ['1.250', true], ['0', false], ['-1', false], ['1.0005', false], ['x', false]])('%s: %s', (value, valid) => {
    expect(checkQuantity(value).ok).toBe(valid);
  });
});

describe('names, descriptions and addresses', () => {
  it('refuses NUL and other control characters, naming the character and where it is', () => {
    const result = checkText('Shirt\u0000', 'name');
    expect(!result.ok && result.message).toMatch(/control character U\+0000 \(NUL\) at character 6/);
    expect(checkText('Shirt\u0007', 'description').ok).toBe(false);
  });
  it('refuses the right-to-left override that makes "Shirt \\u202Efdp.exe" print as "Shirt exe.pdf"', () => {
    const result = checkText('Shirt \u202Efdp.exe', 'name');
    expect(!result.ok && result.message).toMatch(/bidirectional control U\+202E at character 7.*misleading order/);
  });
  it.each(['\u202A', '\u202B', '\u202C', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069'])('refuses the bidi control %j', (ch) => {
    expect(checkText(`a${ch}b`, 'name').ok).toBe(false);
  });
  it('keeps Arabic, Hindi and accents as they are', () => {
    expect(checkText('شركة المنامة للتمور', 'name')).toEqual({ ok: true, value: 'شركة المنامة للتمور' });
    expect(checkText('गुप्ता स्टोर्स', 'name').ok).toBe(true);
    expect(checkText('Café Müller', 'name').ok).toBe(true);
  });
  it('allows line breaks in addresses only', () => {
    expect(checkText('1 MG Road\nPune', 'address').ok).toBe(true);
    expect(!checkText('Gupta\nStores', 'name').ok).toBe(true);
  });
  it('bounds lengths and says the limit', () => {
    const words = Array.from({ length: 1100 }, () => 'word').join(' ');
    const result = checkText(words, 'name');
    expect(!result.ok && result.message).toMatch(/has 5,499 characters; at most 200 are allowed so that every invoice template prints it in full/);
    expect(checkText('x'.repeat(TEXT_LIMITS.name), 'name').ok).toBe(true);
    expect(checkText('x'.repeat(TEXT_LIMITS.description + 1), 'description').ok).toBe(false);
    expect(checkText('x'.repeat(TEXT_LIMITS.address + 1), 'address').ok).toBe(false);
  });
});
