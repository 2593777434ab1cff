// The importer's notes in English, for the CLI (its human lines and the English `notes` of --json).
// The report carries each note as a code with parameters (ImportNoteSchema); the wizard says the
// same in the UI's language from locales/*/translation.json (import.notes.*).
import type { ImportKind, ImportNote } from '../../src-shared/schemas/import.js';
import { plural } from '../../src-shared/plural.js';
import { FIELDS } from './fields.js';

/** How the CLI names a field: its label ("GST %"), the key for a field the kind does not know. */
function fieldName(kind: ImportKind, field: string): string {
  return FIELDS[kind].find((f) => f.key === field)?.label ?? field;
}

const PERCENT_READINGS = {
  fraction: 'plain numbers read as fractions (0.18 = 18%)',
  percent: 'plain numbers read as percentages (18 = 18%)',
  written: 'values written with %',
} as const;

const DATE_ORDERS = { dmy: 'day/month/year', mdy: 'month/day/year' } as const;

/** "rows 3, 5, 8" or "row 3", with ", ..." when there were more than listed. */
function rowList(rows: number[], count: number): string {
  return `${rows.length === 1 ? 'row' : 'rows'} ${rows.join(', ')}${count > rows.length ? ', ...' : ''}`;
}

/** One note as an English sentence (with real plurals: "1 row has errors", "3 rows have errors"). */
export function noteText(kind: ImportKind, note: ImportNote): string {
  switch (note.code) {
    case 'totalsRow':
      return `Row ${note.params.row} looks like a totals row and was left out.`;
    case 'percentReading': {
      const { field, column, reading, mixed } = note.params;
      return `${fieldName(kind, field)} (column ${column}): ${PERCENT_READINGS[reading]}${mixed ? '; values written with % read as written' : ''}.`;
    }
    case 'dateOrder':
      return `${fieldName(kind, note.params.field)} (column ${note.params.column}): text dates read as ${DATE_ORDERS[note.params.order]}.`;
    case 'hsnPadded': {
      const { field, column, count, rows } = note.params;
      return `${fieldName(kind, field)} (column ${column}): ${plural(count, 'numeric code had lost a leading zero and was', 'numeric codes had lost a leading zero and were')} read with it (${rowList(rows, count)}).`;
    }
    case 'hiddenColumnRead':
      return `${fieldName(kind, note.params.field)} is read from column ${note.params.column}, which is hidden in the sheet.`;
    case 'hiddenColumnsSkipped': {
      const { columns } = note.params;
      return `Hidden ${columns.length === 1 ? 'column' : 'columns'} ${columns.map((c) => `${c.column} "${c.header}"`).join(', ')} not imported.`;
    }
    case 'nothingWrittenErrors':
      return `Nothing was written: ${plural(note.params.count, 'row has', 'rows have')} errors (the import is all or nothing).`;
    case 'nothingWrittenEmpty':
      return 'Nothing was written: the sheet has no data rows.';
  }
}
