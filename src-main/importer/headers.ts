// Finding the header row (within the first 20 rows), matching headers to fields, and the mapping
// proposal the user confirms or changes. Matching ignores case, spaces and punctuation, Arabic
// diacritics and letter variants, and knows the synonyms of fields.ts.
import { AppError } from '../../src-shared/errors.js';
import type { ImportKind } from '../../src-shared/schemas/import.js';
import { FIELDS, type FieldDef } from './fields.js';
import { cellText, columnIndex, columnLetter, type Grid } from './read.js';

export const HEADER_SCAN_ROWS = 20;

/** Lowercase letters and digits only (any script); Arabic diacritics and letter variants folded. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '') // Arabic harakat, superscript alef, tatweel
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '');
}

interface Synonym {
  key: string;
  weight: number;
}

const synonymCache = new Map<ImportKind, Map<string, Synonym[]>>();

function synonymsFor(kind: ImportKind): Map<string, Synonym[]> {
  let map = synonymCache.get(kind);
  if (map) return map;
  map = new Map();
  for (const field of FIELDS[kind]) {
    for (const entry of [field.label, field.key, ...field.synonyms]) {
      const [text, weight] = typeof entry === 'string' ? [entry, 1] : entry;
      const norm = normalizeHeader(text);
      if (!norm) continue;
      const list = map.get(norm) ?? [];
      if (!list.some((s) => s.key === field.key)) list.push({ key: field.key, weight });
      map.set(norm, list);
    }
  }
  synonymCache.set(kind, map);
  return map;
}

function levenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Score of each field for one header text: 1 exact synonym, ~0.6-0.9 contains one, 0.75 one typo. */
export function scoreHeader(kind: ImportKind, header: string): Map<string, number> {
  const scores = new Map<string, number>();
  const norm = normalizeHeader(header);
  if (!norm) return scores;
  const put = (key: string, score: number): void => {
    if (score > (scores.get(key) ?? 0)) scores.set(key, Math.round(score * 100) / 100);
  };
  for (const [syn, list] of synonymsFor(kind)) {
    for (const { key, weight } of list) {
      if (syn === norm) put(key, weight);
      else if (syn.length >= 3 && norm.includes(syn)) put(key, weight * (0.6 + 0.3 * (syn.length / norm.length)));
      else if (syn.length >= 5 && norm.length >= 5 && levenshtein(syn, norm, 1) <= 1) put(key, weight * 0.75);
    }
  }
  return scores;
}

export interface HeaderColumn {
  c: number;
  letter: string;
  header: string;
  hidden: boolean;
  scores: Map<string, number>;
}

export interface MappedField {
  field: string;
  label: string;
  c: number;
  column: string;
  header: string;
  confidence: number;
  source: 'detected' | 'user';
}

export interface HeaderDetection {
  /** 0-based row index of the header row. */
  headerRow: number;
  /** 0-based index of the first data row (after merged header cells end). */
  dataStart: number;
  columns: HeaderColumn[];
}

function mergeAt(grid: Grid, r: number, c: number) {
  return grid.merges.find((m) => r >= m.s.r && r <= m.e.r && c >= m.s.c && c <= m.e.c);
}

/** Header texts of row r: merged cells filled from their top-left cell; group headers above prefixed. */
function headerTexts(grid: Grid, r: number, width: number): { texts: string[]; composite: string[]; dataStart: number } {
  const texts: string[] = [];
  const composite: string[] = [];
  let dataStart = r + 1;
  const row = grid.rows[r] ?? [];
  for (let c = 0; c < width; c++) {
    let text = cellText(row[c]);
    const merge = mergeAt(grid, r, c);
    if (merge) {
      if (!text) text = cellText(grid.rows[merge.s.r]?.[merge.s.c]);
      dataStart = Math.max(dataStart, merge.e.r + 1);
    }
    texts.push(text);
    let comp = '';
    if (r > 0) {
      const above = mergeAt(grid, r - 1, c);
      // A group header: a cell above spanning several columns, ending right above this row.
      if (above && above.e.c > above.s.c && above.e.r === r - 1 && !(merge && merge.s.r < r)) {
        const parent = cellText(grid.rows[above.s.r]?.[above.s.c]);
        if (parent && text) comp = `${parent} ${text}`;
      }
    }
    composite.push(comp);
  }
  return { texts, composite, dataStart };
}

function gridWidth(grid: Grid, upto: number): number {
  let width = 0;
  for (let r = 0; r < Math.min(grid.rows.length, upto); r++) width = Math.max(width, grid.rows[r]?.length ?? 0);
  return width;
}

function columnsOf(kind: ImportKind, grid: Grid, r: number, width: number): { columns: HeaderColumn[]; dataStart: number } {
  const { texts, composite, dataStart } = headerTexts(grid, r, width);
  const columns: HeaderColumn[] = [];
  for (let c = 0; c < width; c++) {
    const text = texts[c]!;
    if (!text) continue;
    const scores = scoreHeader(kind, text);
    let header = text;
    if (composite[c]) {
      const compScores = scoreHeader(kind, composite[c]!);
      const best = (m: Map<string, number>) => Math.max(0, ...m.values());
      if (best(compScores) > best(scores)) {
        for (const [k, v] of compScores) if (v > (scores.get(k) ?? 0)) scores.set(k, v);
        header = composite[c]!;
      }
    }
    columns.push({ c, letter: columnLetter(c), header, hidden: grid.hiddenCols.has(c), scores });
  }
  return { columns, dataStart };
}

/** Greedy assignment: required fields first, then the others; best score, visible, leftmost. */
export function assignFields(kind: ImportKind, columns: HeaderColumn[], minScore = 0.6): MappedField[] {
  const fields = FIELDS[kind];
  const used = new Set<number>();
  const result: MappedField[] = [];
  for (const pass of [true, false]) {
    const candidates: { field: FieldDef; col: HeaderColumn; score: number }[] = [];
    for (const field of fields.filter((f) => f.required === pass)) {
      for (const col of columns) {
        const score = col.scores.get(field.key) ?? 0;
        if (score >= minScore) candidates.push({ field, col, score });
      }
    }
    candidates.sort((a, b) => b.score - a.score || Number(a.col.hidden) - Number(b.col.hidden) || a.col.c - b.col.c);
    const done = new Set<string>();
    for (const { field, col, score } of candidates) {
      if (done.has(field.key) || used.has(col.c)) continue;
      done.add(field.key);
      used.add(col.c);
      // A hidden column is a weaker choice: the user may not know it is there.
      const confidence = Math.round((col.hidden ? score * 0.8 : score) * 100) / 100;
      result.push({ field: field.key, label: field.label, c: col.c, column: col.letter, header: col.header, confidence, source: 'detected' });
    }
  }
  const order = fields.map((f) => f.key);
  return result.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
}

/** Picks the header row among the first 20 rows: most required fields, then best total score. */
export function detectHeader(kind: ImportKind, grid: Grid): HeaderDetection {
  const scan = Math.min(grid.rows.length, HEADER_SCAN_ROWS);
  const width = gridWidth(grid, scan);
  let best: { r: number; required: number; total: number; columns: HeaderColumn[]; dataStart: number } | undefined;
  const required = FIELDS[kind].filter((f) => f.required).map((f) => f.key);
  for (let r = 0; r < scan; r++) {
    const { columns, dataStart } = columnsOf(kind, grid, r, width);
    if (columns.length === 0) continue;
    const mapped = assignFields(kind, columns);
    const req = mapped.filter((m) => required.includes(m.field)).length;
    const total = mapped.reduce((s, m) => s + m.confidence, 0);
    if (!best || req > best.required || (req === best.required && total > best.total + 1e-9)) best = { r, required: req, total, columns, dataStart };
  }
  if (!best) {
    throw new AppError('IMPORT_MISSING_COLUMN', `No header row found in the first ${HEADER_SCAN_ROWS} rows of sheet "${grid.sheet}": the sheet is empty.`, { details: { sheet: grid.sheet } });
  }
  return { headerRow: best.r, dataStart: best.dataStart, columns: best.columns };
}

function fieldByName(kind: ImportKind, name: string): FieldDef | undefined {
  const norm = normalizeHeader(name);
  return FIELDS[kind].find((f) => normalizeHeader(f.key) === norm || normalizeHeader(f.label) === norm) ?? FIELDS[kind].find((f) => f.synonyms.some((s) => normalizeHeader(typeof s === 'string' ? s : s[0]) === norm));
}

/** Parses `--map 'Field=Header,Field2=C'` into a record. Commas inside quotes are kept. */
export function parseMapOption(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.match(/(?:[^,"]+|"[^"]*")+/g) ?? []) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new AppError('BAD_INPUT', `--map: "${part.trim()}" is not Field=Header (e.g. 'Product Name=Item Desc,Base Price=D').`, { details: { map: text, part } });
    const key = part.slice(0, eq).trim().replace(/^"|"$/g, '');
    const value = part.slice(eq + 1).trim().replace(/^"|"$/g, '');
    out[key] = value;
  }
  return out;
}

/** Applies the user's overrides to a proposal: field -> header text or column letter ("" unmaps). */
export function applyOverrides(kind: ImportKind, mapping: MappedField[], columns: HeaderColumn[], overrides: Record<string, string>): MappedField[] {
  let result = mapping.slice();
  for (const [name, target] of Object.entries(overrides)) {
    const field = fieldByName(kind, name);
    if (!field) {
      throw new AppError('BAD_INPUT', `--map: unknown field "${name}" for ${kind}; fields are: ${FIELDS[kind].map((f) => `${f.label} (${f.key})`).join(', ')}.`, { details: { field: name } });
    }
    result = result.filter((m) => m.field !== field.key);
    if (target === '') continue;
    const norm = normalizeHeader(target);
    let col = columns.find((c) => c.header.trim() === target.trim()) ?? columns.find((c) => normalizeHeader(c.header) === norm);
    let c = col?.c;
    if (c === undefined) {
      const idx = columnIndex(target.trim());
      if (idx >= 0) {
        c = idx;
        col = columns.find((x) => x.c === idx);
      }
    }
    if (c === undefined) {
      throw new AppError('BAD_INPUT', `--map: no column headed "${target}" for ${field.label}; the headers are: ${columns.map((x) => `${x.letter} "${x.header}"`).join(', ')}.`, { details: { field: field.key, header: target } });
    }
    // The column now belongs to this field only.
    result = result.filter((m) => m.c !== c);
    result.push({ field: field.key, label: field.label, c, column: columnLetter(c), header: col?.header ?? '', confidence: 1, source: 'user' });
  }
  const order = FIELDS[kind].map((f) => f.key);
  return result.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
}

/** Throws IMPORT_MISSING_COLUMN naming the missing required fields and the headers seen. */
export function requireFields(kind: ImportKind, mapping: MappedField[], detection: HeaderDetection, sheet: string): void {
  const missing = FIELDS[kind].filter((f) => f.required && !mapping.some((m) => m.field === f.key));
  if (missing.length === 0) return;
  const seen = detection.columns.map((c) => `${c.letter} "${c.header}"`).join(', ');
  const names = missing.map((f) => f.label).join(' and ');
  throw new AppError(
    'IMPORT_MISSING_COLUMN',
    `Sheet "${sheet}" has no ${names} column (header row ${detection.headerRow + 1}: ${seen || 'empty'}). Rename the column or map it with --map '${missing[0]!.label}=<header>'.`,
    { details: { missing: missing.map((f) => f.key), headerRow: detection.headerRow + 1, headers: detection.columns.map((c) => ({ column: c.letter, header: c.header })) } },
  );
}
