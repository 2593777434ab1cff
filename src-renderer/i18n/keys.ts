// Marks a string as an i18n key kept in a table (nav labels, field labels, error codes) so the
// key test finds every key in use; t(k(KEY)) and t(KEY) are the only two ways keys appear.
export function k<const T extends string>(key: T): T {
  return key;
}
