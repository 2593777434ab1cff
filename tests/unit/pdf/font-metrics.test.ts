// The TrueType reader behind the table rows' fixed heights: cmap formats 4 and 12 on fonts built
// here (the Noto fonts only carry format 4), and the real Noto Sans files' figures.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveFontsDir } from '../../../src-main/pdf/fonts.js';
import { advanceWidth, latinMetrics, lineHeight, parseFontMetrics } from '../../../src-main/pdf/font-metrics.js';

/** A minimal TrueType file: head, hhea, OS/2 (optional), hmtx and one cmap subtable. */
function buildFont(o: { map: Map<number, number>; format: 4 | 12; advances: number[]; hMetrics?: number; os2?: { asc: number; desc: number }; hhea: { asc: number; desc: number } }): Buffer {
  const u16 = (v: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(v & 0xffff); return b; };
  const i16 = (v: number) => { const b = Buffer.alloc(2); b.writeInt16BE(v); return b; };
  const u32 = (v: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(v >>> 0); return b; };
  const head = Buffer.alloc(54);
  head.writeUInt16BE(2048, 18);
  const hMetrics = o.hMetrics ?? o.advances.length;
  const hhea = Buffer.alloc(36);
  hhea.writeInt16BE(o.hhea.asc, 4);
  hhea.writeInt16BE(o.hhea.desc, 6);
  hhea.writeUInt16BE(hMetrics, 34);
  const hmtx = Buffer.concat([...o.advances.slice(0, hMetrics).flatMap((a) => [u16(a), i16(0)]), ...o.advances.slice(hMetrics).map(() => i16(0))]);
  const cps = [...o.map.keys()].sort((a, b) => a - b);
  let sub: Buffer;
  if (o.format === 12) {
    const groups = cps.map((cp) => Buffer.concat([u32(cp), u32(cp), u32(o.map.get(cp)!)]));
    sub = Buffer.concat([u16(12), u16(0), u32(16 + groups.length * 12), u32(0), u32(groups.length), ...groups]);
  } else {
    // One segment per code point, alternating idDelta and idRangeOffset lookups, then the 0xFFFF end.
    const segs = cps.map((cp, i) => ({ cp, glyph: o.map.get(cp)!, viaArray: i % 2 === 1 }));
    const n = segs.length + 1;
    const arrays: number[] = [];
    const ends = [...segs.map((s) => s.cp), 0xffff];
    const starts = [...segs.map((s) => s.cp), 0xffff];
    const deltas = [...segs.map((s) => (s.viaArray ? 0 : (s.glyph - s.cp) & 0xffff)), 1];
    const ranges = segs.map((s, i) => {
      if (!s.viaArray) return 0;
      arrays.push(s.glyph);
      // From this idRangeOffset entry to the glyph id's slot in glyphIdArray.
      return (n - i) * 2 + (arrays.length - 1) * 2;
    });
    ranges.push(0);
    const body = Buffer.concat([u16(n * 2), u16(0), u16(0), u16(0), ...ends.map(u16), u16(0), ...starts.map(u16), ...deltas.map(u16), ...ranges.map(u16), ...arrays.map(u16)]);
    sub = Buffer.concat([u16(4), u16(14 + body.length - 8), u16(0), body]);
  }
  const cmap = Buffer.concat([u16(0), u16(1), u16(3), u16(o.format === 12 ? 10 : 1), u32(12), sub]);
  const os2 = o.os2 ? (() => { const b = Buffer.alloc(78); b.writeInt16BE(o.os2.asc, 68); b.writeInt16BE(o.os2.desc, 70); return b; })() : null;
  const tables: Array<[string, Buffer]> = [['cmap', cmap], ['head', head], ['hhea', hhea], ['hmtx', hmtx], ...(os2 ? [['OS/2', os2] as [string, Buffer]] : [])];
  let offset = 12 + tables.length * 16;
  const dir: Buffer[] = [];
  const data: Buffer[] = [];
  for (const [tag, bytes] of tables) {
    const padded = Buffer.concat([bytes, Buffer.alloc((4 - (bytes.length % 4)) % 4)]);
    dir.push(Buffer.concat([Buffer.from(tag, 'latin1'), u32(0), u32(offset), u32(bytes.length)]));
    data.push(padded);
    offset += padded.length;
  }
  return Buffer.concat([u32(0x00010000), u16(tables.length), u16(0), u16(0), u16(0), ...dir, ...data]);
}

describe('parseFontMetrics', () => {
  it('reads cmap formats 4 and 12 alike: every mapped code point to its glyph, every other one to 0', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0x20, max: 0xfffe }), { minLength: 1, maxLength: 40 }), fc.boolean(), (cps, f12) => {
        const map = new Map(cps.map((cp, i) => [cp, i + 1]));
        const m = parseFontMetrics(buildFont({ map, format: f12 ? 12 : 4, advances: [500, ...cps.map((_, i) => 100 + i)], hhea: { asc: 900, desc: -200 } }));
        for (const [cp, glyph] of map) expect(m.glyphOf(cp)).toBe(glyph);
        for (const cp of [0x1f, 0xffff, ...cps.map((c) => c + 1), ...cps.map((c) => c - 1)]) if (!map.has(cp)) expect(m.glyphOf(cp)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('reads code points above the BMP from format 12 (format 4 has none)', () => {
    const map = new Map([[0x1f600, 3], [0x20ac, 2]]);
    expect(parseFontMetrics(buildFont({ map, format: 12, advances: [0, 1, 2, 3], hhea: { asc: 1, desc: -1 } })).glyphOf(0x1f600)).toBe(3);
    expect(parseFontMetrics(buildFont({ map: new Map([[0x20ac, 2]]), format: 4, advances: [0, 1, 2], hhea: { asc: 1, desc: -1 } })).glyphOf(0x1f600)).toBe(0);
  });

  it('gives glyphs past numberOfHMetrics the last advance, and prefers the OS/2 typographic ascender to hhea', () => {
    const withOs2 = parseFontMetrics(buildFont({ map: new Map([[65, 1]]), format: 4, advances: [500, 600, 0, 0], hMetrics: 2, os2: { asc: 1100, desc: -300 }, hhea: { asc: 900, desc: -200 } }));
    expect([withOs2.advanceOf(0), withOs2.advanceOf(1), withOs2.advanceOf(3)]).toEqual([500, 600, 600]);
    expect([withOs2.unitsPerEm, withOs2.ascender, withOs2.descender]).toEqual([2048, 1100, 300]);
    const hheaOnly = parseFontMetrics(buildFont({ map: new Map([[65, 1]]), format: 4, advances: [500, 600], hhea: { asc: 900, desc: -200 } }));
    expect([hheaOnly.ascender, hheaOnly.descender]).toEqual([900, 200]);
  });

  it('refuses what is not a TrueType font', () => {
    expect(() => parseFontMetrics(Buffer.from('%PDF-1.7 not a font at all'))).toThrow(/not a TrueType font/);
  });
});

describe('Noto Sans as read from resources/fonts', () => {
  it('has the figures the invoice template is laid out with', () => {
    const { regular, bold } = latinMetrics();
    // 1000 units per em; ascender 1069, descender 293 (OS/2 typographic, hhea and win agree in these files).
    for (const f of [regular, bold]) expect([f.unitsPerEm, f.ascender, f.descender]).toEqual([1000, 1069, 293]);
    expect(lineHeight(regular, 8)).toBeCloseTo(10.896, 10);
    // Digits are 0.572 em in both weights (view.ts's amountWidthEm counts on it).
    expect(advanceWidth(regular, '0123456789', 1)).toBeCloseTo(5.72, 10);
    expect(advanceWidth(bold, '0123456789', 1)).toBeCloseTo(5.72, 10);
    expect(advanceWidth(regular, '₹ 1,00,000.00', 8)).not.toBeNull();
    // Arabic and Devanagari are in other fonts: Typst would fall back to them.
    expect(advanceWidth(regular, 'كرسي', 8)).toBeNull();
    expect(advanceWidth(regular, 'कर', 8)).toBeNull();
  });

  it('is read from the same file the compiler gets', () => {
    const file = readFileSync(path.join(resolveFontsDir(), 'NotoSans-Regular.ttf'));
    const m = parseFontMetrics(file);
    expect(m.glyphOf(0x41)).toBe(latinMetrics().regular.glyphOf(0x41));
    expect(m.glyphOf(0x41)).toBeGreaterThan(0);
  });
});
