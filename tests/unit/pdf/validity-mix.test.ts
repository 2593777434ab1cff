// The PDF validity count (tests/bench/pdf-validity.ts) checks both table layouts of the built-in
// template. Its mix must print every document kind in each, not only the kinds that happen to fall
// on the positions a rule on the position alone picks.
import { describe, expect, it } from 'vitest';
import { mixDocument, mixKind, mixLayouts, type TableLayout } from '../../fixtures/documents/validity-mix.js';

const KINDS = [
  'GST tax_invoice', 'GST bill_of_supply', 'GST cash_memo', 'GST credit_note',
  'Bahrain tax_invoice', 'Bahrain simplified_tax_invoice', 'Bahrain credit_note',
  '100-line GST', '100-line Bahrain', '1000-line GST', '1000-line Bahrain',
];

function countsByKind(count: number): Map<string, Record<TableLayout, number>> {
  const layouts = mixLayouts(count);
  const counts = new Map<string, Record<TableLayout, number>>();
  for (let i = 0; i < count; i++) {
    const c = counts.get(mixKind(i)) ?? { tagged: 0, blocks: 0 };
    c[layouts[i]!]++;
    counts.set(mixKind(i), c);
  }
  return counts;
}

describe('the PDF validity mix', () => {
  it('at the default count prints every kind, long invoices too, with tagged tables and with rows of blocks', () => {
    const counts = countsByKind(10_000);
    expect([...counts.keys()].sort()).toEqual([...KINDS].sort());
    for (const kind of KINDS) {
      const c = counts.get(kind)!;
      expect(c.tagged, `${kind} tagged`).toBeGreaterThan(0);
      expect(c.blocks, `${kind} blocks`).toBeGreaterThan(0);
    }
  });

  it('gives a quarter of each common kind rows of blocks, the second of every four', () => {
    for (const [kind, c] of countsByKind(10_000)) {
      const total = c.tagged + c.blocks;
      if (total >= 8) expect(c.blocks, kind).toBe(Math.floor((total + 2) / 4));
    }
  });

  it('in a short run of 200 gives rows of blocks to every kind it prints more than once', () => {
    for (const [kind, c] of countsByKind(200)) {
      if (c.tagged + c.blocks > 1) expect(c.blocks, kind).toBeGreaterThan(0);
    }
  });

  it('in the first 10,000 gives each kind every line count: GST 1-25, Bahrain 1-20', () => {
    const seen = new Map<string, Set<number>>();
    for (let i = 0; i < 10_000; i++) {
      const { doc, label } = mixDocument(i);
      if (!label.startsWith('GST ') && !label.startsWith('Bahrain ')) continue; // the long invoices
      const s = seen.get(label) ?? new Set<number>();
      s.add(doc.lines.length);
      seen.set(label, s);
    }
    for (const kind of KINDS.filter((k) => k.startsWith('GST ') || k.startsWith('Bahrain '))) {
      const max = kind.startsWith('GST ') ? 25 : 20;
      const missing = Array.from({ length: max }, (_, n) => n + 1).filter((n) => !seen.get(kind)?.has(n));
      expect(missing, `${kind}: line counts never printed`).toEqual([]);
    }
  });
});
