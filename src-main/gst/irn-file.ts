// The IRP's answer as a file, in the forms the portal hands out: the JSON of the registrations
// (one, an array, or wrapped in `data`), or the list of generated IRNs as a spreadsheet (.xlsx or
// .csv, one row per document with IRN, acknowledgement number and date, and the signed QR code).
// Both become the same IrpRegistration entries that attachRegistrations checks one by one.
import * as XLSX from 'xlsx';
import { AppError } from '../../src-shared/errors.js';
import { readGrid, type Cell } from '../importer/read.js';
import { DEFAULT_LIMITS } from '../importer/sniff.js';
import { parseIrpResponse, type IrpRegistration } from './irn.js';

/** Column headers as the portal and its utilities write them, compared without case, spaces or dots. */
const COLUMNS: Record<keyof IrpRegistration, string[]> = {
  Irn: ['irn', 'irnno', 'invoicereferencenumber'],
  AckNo: ['ackno', 'acknumber', 'acknowledgementno', 'acknowledgementnumber'],
  AckDt: ['ackdt', 'ackdate', 'acknowledgementdate'],
  SignedQRCode: ['signedqrcode', 'signedqr', 'qrcode'],
};
const normalise = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

function cellText(cell: Cell | undefined, field: keyof IrpRegistration): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  if (typeof cell.v === 'number') {
    // A date typed as a date: the serial day number back to the portal's "yyyy-mm-dd hh:mm:ss".
    if (field === 'AckDt') {
      const d = XLSX.SSF.parse_date_code(cell.v);
      const two = (n: number) => String(n).padStart(2, '0');
      return `${d.y}-${two(d.m)}-${two(d.d)} ${two(d.H)}:${two(d.M)}:${two(Math.floor(d.S))}`;
    }
    // An acknowledgement number stored as a number (15 digits are exact in a double).
    return Number.isInteger(cell.v) ? cell.v.toFixed(0) : String(cell.v);
  }
  return String(cell.v).trim();
}

/** "the column SignedQRCode" or "the columns Irn, AckNo" (never "column(s)"). */
function theColumns(names: string[]): string {
  return `the ${names.length === 1 ? 'column' : 'columns'} ${names.join(', ')}`;
}

function parseIrpSheet(bytes: Uint8Array, file: string): IrpRegistration[] {
  const grid = readGrid(bytes, { limits: DEFAULT_LIMITS });
  // The header row is the first (of the first ten) naming an IRN and a signed QR code column.
  let headerRow = -1;
  let columns: Partial<Record<keyof IrpRegistration, number>> = {};
  for (let r = 0; r < Math.min(grid.rows.length, 10) && headerRow < 0; r++) {
    const found: Partial<Record<keyof IrpRegistration, number>> = {};
    (grid.rows[r] ?? []).forEach((cell, c) => {
      const name = normalise(cellText(cell, 'Irn'));
      for (const [field, names] of Object.entries(COLUMNS) as Array<[keyof IrpRegistration, string[]]>) if (found[field] === undefined && names.includes(name)) found[field] = c;
    });
    if (found.Irn !== undefined) {
      headerRow = r;
      columns = found;
    }
  }
  if (headerRow < 0) throw new AppError('BAD_INPUT', `${file}: sheet "${grid.sheet}" has no header row with an IRN column`, { details: { file, sheet: grid.sheet } });
  const absent = (Object.keys(COLUMNS) as Array<keyof IrpRegistration>).filter((f) => columns[f] === undefined);
  if (absent.length > 0) {
    const why = absent.includes('SignedQRCode') ? ' (the signed QR code is what the invoice prints and what proves the registration; download the IRN list with it)' : '';
    throw new AppError('BAD_INPUT', `${file}: sheet "${grid.sheet}" row ${headerRow + 1} lacks ${theColumns(absent)}${why}`, { details: { file, sheet: grid.sheet, missing: absent } });
  }
  const entries: Array<Record<string, unknown>> = [];
  const rows: number[] = [];
  for (let r = headerRow + 1; r < grid.rows.length; r++) {
    const row = grid.rows[r] ?? [];
    const values = Object.fromEntries((Object.keys(COLUMNS) as Array<keyof IrpRegistration>).map((f) => [f, cellText(row[columns[f]!], f)]));
    if (Object.values(values).every((v) => v === '')) continue;
    entries.push(values);
    rows.push(r + 1);
  }
  if (entries.length === 0) throw new AppError('BAD_INPUT', `${file}: sheet "${grid.sheet}" has no rows under its header`, { details: { file, sheet: grid.sheet } });
  try {
    return parseIrpResponse(JSON.stringify(entries), file);
  } catch (error) {
    // Name the sheet row rather than the entry number.
    if (error instanceof AppError && typeof error.details.entry === 'number') {
      const row = rows[error.details.entry - 1]!;
      throw new AppError('BAD_INPUT', error.message.replace(`entry ${error.details.entry}`, `sheet "${grid.sheet}" row ${row}`), { details: { ...error.details, sheet: grid.sheet, row } });
    }
    throw error;
  }
}

/** Reads an IRP response file by its content: JSON text, or a spreadsheet (.xlsx, .xls, .ods, .csv). */
export function readIrpResponseFile(bytes: Uint8Array, file: string): IrpRegistration[] {
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  while (start < bytes.length && (bytes[start] === 0x20 || bytes[start] === 0x0a || bytes[start] === 0x0d || bytes[start] === 0x09)) start++;
  if (bytes[start] === 0x7b || bytes[start] === 0x5b) return parseIrpResponse(new TextDecoder().decode(bytes.subarray(start)), file);
  if (bytes.length === 0) throw new AppError('BAD_INPUT', `${file}: the file is empty`, { details: { file } });
  return parseIrpSheet(bytes, file);
}
