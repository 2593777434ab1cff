// The escapes of a PDF literal string (ISO 32000-1, 7.3.4.2), as the read-back check resolves them.
import { describe, expect, it } from 'vitest';
import { unescapeLiteral } from '../../../src-main/pdf/verify.js';

describe('unescapeLiteral', () => {
  it('leaves a string without escapes as it is', () => {
    expect(unescapeLiteral('')).toBe('');
    expect(unescapeLiteral('\x00\x17ab()')).toBe('\x00\x17ab()');
  });

  it('reads one to three octal digits as one byte, and no more than three', () => {
    expect(unescapeLiteral('\\0\\12\\101')).toBe('\x00\nA');
    expect(unescapeLiteral('\\1234')).toBe('S4');
    expect(unescapeLiteral('\\400')).toBe('\x00');
    expect(unescapeLiteral('a\\8')).toBe('a8');
  });

  it('resolves the named escapes and the escaped delimiters', () => {
    expect(unescapeLiteral('\\n\\r\\t\\b\\f')).toBe('\n\r\t\b\f');
    expect(unescapeLiteral('\\(\\)\\\\')).toBe('()\\');
    expect(unescapeLiteral('\\q')).toBe('q');
  });

  it('drops a backslash before an end of line (the string goes on)', () => {
    expect(unescapeLiteral('a\\\r\nb\\\rc\\\nd')).toBe('abcd');
    expect(unescapeLiteral('a\\\n\nb')).toBe('a\nb');
  });
});
