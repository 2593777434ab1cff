// Counts in real English for the CLI and logs: "1 row", "3 rows", "1 row has", "2 rows have",
// "1 business", "2 businesses" — never "row(s)" or "1 entries". English only: the UI counts through
// i18next's plural forms (en and hi have two, Arabic six; see locales/ and the plural-forms test).

/**
 * `n` with the words that agree with it: `one` for exactly 1, else `other` (default: `one` + "s").
 * Pass both forms for irregular plurals and for a verb that agrees with the noun:
 * plural(2, 'entry', 'entries') -> "2 entries"; plural(1, 'row has', 'rows have') -> "1 row has".
 */
export function plural(n: number, one: string, other = `${one}s`): string {
  return `${n} ${n === 1 ? one : other}`;
}
