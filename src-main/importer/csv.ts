// CSV as people export it: comma, semicolon or tab separated (decided from the first lines),
// RFC 4180 quoting, CRLF or LF. Every value stays text; the importer decides what it means, so
// "0401" keeps its zero and "1,23,456.50" is not split.

/** Picks the separator that splits the first lines most consistently (outside quotes). */
export function detectDelimiter(text: string): string {
  const lines = text.slice(0, 16_384).split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 20);
  let best = ',';
  let bestScore = -1;
  for (const d of [',', ';', '\t', '|']) {
    const counts = lines.map((line) => {
      let n = 0;
      let quoted = false;
      for (const ch of line) {
        if (ch === '"') quoted = !quoted;
        else if (ch === d && !quoted) n++;
      }
      return n;
    });
    const nonZero = counts.filter((c) => c > 0);
    if (nonZero.length === 0) continue;
    // Lines that agree with the most common count, weighted by that count.
    const freq = new Map<number, number>();
    for (const c of nonZero) freq.set(c, (freq.get(c) ?? 0) + 1);
    const [mode, agree] = [...freq.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]!;
    const score = agree * 100 + mode;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

/** Whether the char code ends a field: the separator, LF or CR. */
function endsField(c: number, d: number): boolean {
  return c === d || c === 10 || c === 13;
}

/** Index of the first character at or after `from` that ends a field (or the end of the text). */
function fieldEnd(text: string, from: number, d: number): number {
  let end = from;
  while (end < text.length && !endsField(text.charCodeAt(end), d)) end++;
  return end;
}

/**
 * A quoted field starting at the opening quote `open`: its text ("" read as ") and the index after
 * it. Anything between the closing quote and the next separator is kept as typed.
 */
function readQuoted(text: string, open: number, d: number): { value: string; next: number } {
  let value = '';
  let start = open + 1;
  for (;;) {
    const q = text.indexOf('"', start);
    if (q < 0) return { value: value + text.slice(start), next: text.length };
    if (text.charCodeAt(q + 1) !== 34) {
      value += text.slice(start, q);
      const end = fieldEnd(text, q + 1, d);
      return { value: value + text.slice(q + 1, end), next: end };
    }
    value += text.slice(start, q + 1);
    start = q + 2;
  }
}

/** Rows of text cells; `rows[i]` is sheet row i + 1 (a quoted line break stays inside its cell). */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  const d = delimiter.charCodeAt(0);
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */ && field === '') {
      const quoted = readQuoted(text, i, d);
      field = quoted.value;
      i = quoted.next;
    } else if (c === d) {
      row.push(field);
      field = '';
      i++;
    } else if (c === 10 || c === 13) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    } else {
      const end = fieldEnd(text, i + 1, d);
      field += text.slice(i, end);
      i = end;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
