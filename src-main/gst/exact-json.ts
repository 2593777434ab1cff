// JSON whose numbers are written from exact decimal strings. The GST portal's formats want amounts
// as JSON numbers ("txval": 1234.50), and money is never a JS number (docs/ARCHITECTURE.md rule
// 1): an amount is kept as a JsonDecimal until the text is written, where its digits are copied
// as they are.

const MARK = '\u0000dec:';

/** A number in the JSON text, written exactly as the decimal string given. */
export class JsonDecimal {
  constructor(readonly digits: string) {
    if (!/^-?\d+(\.\d+)?$/.test(digits)) throw new Error(`not a plain decimal: ${digits}`);
  }

  toJSON(): string {
    return MARK + this.digits;
  }
}

export const jsonDecimal = (digits: string): JsonDecimal => new JsonDecimal(digits);

/** JSON.stringify, with each JsonDecimal written as a bare number. */
export function stringifyExact(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, null, indent);
  // The marker starts with U+0000, which JSON.stringify escapes as \u0000 inside a string.
  return text.replace(/"\\u0000dec:(-?\d+(?:\.\d+)?)"/g, '$1');
}
