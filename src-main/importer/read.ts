// Bytes -> one sheet as a grid of cells (SheetJS for .xlsx/.xls/.ods, our CSV reader for text).
// Runs inside the import worker. Cells keep SheetJS's shape: t (type), v (value), w (formatted
// text), z (number format), f (formula), so value parsing can tell 0.18 shown as "18%" from 0.18.
import * as XLSX from 'xlsx';
import { AppError } from '../../src-shared/errors.js';
import { parseCsv } from './csv.js';
import { DEFAULT_LIMITS, sniff, type ImportLimits, type SheetFormat } from './sniff.js';

export interface Cell {
  t: string;
  v?: unknown;
  w?: string;
  z?: string | number;
  f?: string;
}

export interface CellRange {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

export interface Grid {
  format: SheetFormat;
  sheet: string;
  sheets: string[];
  /** rows[r][c], 0-based; missing rows/cells are empty. */
  rows: (Cell | undefined)[][];
  merges: CellRange[];
  hiddenCols: Set<number>;
  date1904: boolean;
}

function sheetJsError(error: unknown, format: SheetFormat): AppError {
  const message = error instanceof Error ? error.message : String(error);
  if (/password|encrypt/i.test(message)) {
    return new AppError('IMPORT_UNREADABLE', 'The spreadsheet is password-protected. Remove the password in your office suite and try again.', { details: { reason: 'encrypted', format } });
  }
  const label = format === 'xls' ? 'an Excel 97-2003 workbook (.xls)' : format === 'ods' ? 'an OpenDocument spreadsheet (.ods)' : 'an Excel workbook (.xlsx)';
  return new AppError('IMPORT_UNREADABLE', `The file looks like ${label} but could not be read (${message}); it is probably damaged or truncated. Open and save it again in your office suite.`, {
    details: { reason: 'malformed', format, parser: message },
    cause: error,
  });
}

function noSuchSheet(wanted: string, sheets: string[]): AppError {
  return new AppError('BAD_INPUT', `There is no sheet named "${wanted}"; the sheets are: ${sheets.map((s) => `"${s}"`).join(', ')}.`, { details: { sheet: wanted, sheets } });
}

/** Refuses a sheet wider than the column limit before header detection looks at its columns. */
function checkColumns(sheet: string, row: number, columns: number, limits: ImportLimits): void {
  const limit = limits.maxColumns ?? DEFAULT_LIMITS.maxColumns;
  if (columns <= limit) return;
  throw new AppError('IMPORT_TOO_LARGE', `Sheet "${sheet}": row ${row} has ${columns.toLocaleString('en-US')} columns; the import limit is ${limit.toLocaleString('en-US')} columns. A catalogue, customer or orders sheet needs a few dozen: remove the extra columns.`, {
    details: { reason: 'too-many-columns', sheet, row, columns, limit },
  });
}

function readCsv(text: string, sheet: string | undefined, limits: ImportLimits): Grid {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parsed = parseCsv(body);
  parsed.forEach((cells, r) => checkColumns('Sheet1', r + 1, cells.length, limits));
  const rows = parsed.map((cells) => cells.map((value): Cell | undefined => (value === '' ? undefined : { t: 's', v: value })));
  if (sheet !== undefined && sheet !== 'Sheet1' && sheet !== 'CSV') throw noSuchSheet(sheet, ['Sheet1']);
  return { format: 'csv', sheet: 'Sheet1', sheets: ['Sheet1'], rows, merges: [], hiddenCols: new Set(), date1904: false };
}

/** Parses the workbook for one sheet (by name or index); a parser failure becomes IMPORT_UNREADABLE. */
function parseWorkbook(bytes: Uint8Array, format: SheetFormat, sheets: string | number): XLSX.WorkBook {
  try {
    // cellText off for .xlsx/.xls (about a fifth of SheetJS's time on big sheets): number formats
    // (cellNF) are kept and formatted on demand by cellText(); .ods needs SheetJS's text for %.
    return XLSX.read(bytes, { type: 'array', dense: true, cellNF: true, cellText: format === 'ods', cellHTML: false, cellStyles: true, cellFormula: true, cellDates: false, sheets });
  } catch (error) {
    throw sheetJsError(error, format);
  }
}

/** The workbook with the chosen sheet (or the first) parsed, and that sheet's name; a name differing only in case or spaces is found. */
function openSheet(bytes: Uint8Array, format: SheetFormat, wanted: string | undefined): { wb: XLSX.WorkBook; name: string; ws: XLSX.WorkSheet } {
  const wb = parseWorkbook(bytes, format, wanted ?? 0);
  const name = wanted ?? wb.SheetNames[0];
  if (name === undefined || wb.SheetNames.length === 0) {
    throw new AppError('IMPORT_UNREADABLE', 'The workbook has no sheets.', { details: { reason: 'no-sheets' } });
  }
  const ws = wb.Sheets[name];
  if (ws) return { wb, name, ws };
  const match = wb.SheetNames.find((s) => s.trim().toLowerCase() === name.trim().toLowerCase());
  if (!match) throw noSuchSheet(name, wb.SheetNames);
  const again = parseWorkbook(bytes, format, match);
  const matched = again.Sheets[match];
  if (!matched) throw noSuchSheet(match, again.SheetNames);
  return { wb: again, name: match, ws: matched };
}

/** Hidden columns by index: SheetJS's column flags, plus the .ods column styles SheetJS does not report. */
function hiddenColumns(bytes: Uint8Array, format: SheetFormat, ws: XLSX.WorkSheet, name: string): Set<number> {
  const hidden = new Set<number>();
  (ws['!cols'] ?? []).forEach((col, i) => {
    if (col?.hidden) hidden.add(i);
  });
  if (format === 'ods') for (const c of odsHiddenColumns(bytes, name)) hidden.add(c);
  return hidden;
}

/** Reads the chosen sheet (or the first). Throws IMPORT_UNREADABLE / IMPORT_TOO_LARGE / BAD_INPUT. */
export function readGrid(bytes: Uint8Array, options: { sheet?: string; limits: ImportLimits }): Grid {
  const sniffed = sniff(bytes, options.limits);
  if (sniffed.format === 'csv') return readCsv(sniffed.text ?? '', options.sheet, options.limits);
  const { wb, name, ws } = openSheet(bytes, sniffed.format, options.sheet);
  const dense = (ws as unknown as { '!data'?: (Cell | undefined)[][] })['!data'] ?? [];
  dense.forEach((cells, r) => checkColumns(name, r + 1, cells?.length ?? 0, options.limits));
  return {
    format: sniffed.format,
    sheet: name,
    sheets: wb.SheetNames,
    rows: dense,
    merges: (ws['!merges'] ?? []) as CellRange[],
    hiddenCols: hiddenColumns(bytes, sniffed.format, ws, name),
    date1904: Boolean(wb.Workbook?.WBProps?.date1904),
  };
}

/** Column letter as the spreadsheet shows it (0 -> "A", 27 -> "AB"). */
export function columnLetter(c: number): string {
  return XLSX.utils.encode_col(c);
}

/** Column index from a letter ("AB" -> 27), or -1 when it is not a letter reference. */
export function columnIndex(letter: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letter)) return -1;
  return XLSX.utils.decode_col(letter.toUpperCase());
}

/** The text a person sees in a cell ("" for empty). */
export function cellText(cell: Cell | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  if (cell.t === 's') return String(cell.v).trim();
  if (cell.w !== undefined) return cell.w.trim();
  if (cell.t === 'n' && typeof cell.z === 'string' && cell.z !== 'General') {
    try {
      const shown = XLSX.SSF.format(cell.z, cell.v as number);
      cell.w = shown;
      return shown.trim();
    } catch {
      // fall through to the raw value
    }
  }
  return String(cell.v).trim();
}

/** Excel serial date -> {y, m, d} (1900 or 1904 system; Excel's 1900 leap-year bug honoured). */
export function serialToYmd(serial: number, date1904: boolean): { y: number; m: number; d: number } | null {
  const parsed = XLSX.SSF.parse_date_code(serial, { date1904 });
  if (!parsed || !parsed.y) return null;
  return { y: parsed.y, m: parsed.m, d: parsed.d };
}

/** Whether a number format is a date format (day/month/year tokens outside quotes). */
export function isDateFormat(z: string | number | undefined): boolean {
  if (z === undefined) return false;
  if (typeof z === 'number') return (z >= 14 && z <= 22) || (z >= 45 && z <= 47);
  return XLSX.SSF.is_date(z);
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/**
 * Hidden columns of an .ods sheet (SheetJS does not report them): the table:table-column elements
 * before the first row, expanded by number-columns-repeated, with visibility "collapse" or "filter".
 */
export function odsHiddenColumns(bytes: Uint8Array, sheet: string): number[] {
  try {
    const zip = XLSX.CFB.read(bytes, { type: 'buffer' });
    const entry = XLSX.CFB.find(zip, 'content.xml');
    if (!entry?.content) return [];
    const xml = new TextDecoder().decode(entry.content as Uint8Array);
    let start = -1;
    for (const candidate of [sheet, xmlEscape(sheet)]) {
      start = xml.indexOf(`table:name="${candidate}"`);
      if (start >= 0) break;
    }
    if (start < 0) return [];
    const firstRow = xml.indexOf('<table:table-row', start);
    const head = xml.slice(start, firstRow < 0 ? undefined : firstRow);
    const hidden: number[] = [];
    let c = 0;
    for (const m of head.matchAll(/<table:table-column\b([^>]*)>/g)) {
      const attrs = m[1] ?? '';
      const repeated = Number(/table:number-columns-repeated="(\d+)"/.exec(attrs)?.[1] ?? 1);
      if (/table:visibility="(collapse|filter)"/.test(attrs)) for (let i = 0; i < Math.min(repeated, 1024); i++) hidden.push(c + i);
      c += repeated;
    }
    return hidden;
  } catch {
    return [];
  }
}
