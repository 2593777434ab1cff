// How the importer read the sheet, in the UI's language: each note arrives as a code with its
// parameters (ImportNoteSchema) and is said here through i18next, counts with the plural forms of
// the language (Arabic has six, Hindi and English two).
import type { TFunction } from 'i18next';
import type { ImportNote } from '../../../src-shared/schemas/import.js';
import type { Formatters } from '../../i18n/format.js';
import { k } from '../../i18n/keys.js';
import { fieldLabel } from './fields.js';

const PERCENT_READINGS = {
  fraction: k('import.notes.percentReading.fraction'),
  percent: k('import.notes.percentReading.percent'),
  written: k('import.notes.percentReading.written'),
} as const;

const DATE_ORDERS = { dmy: k('import.notes.dateOrder.dmy'), mdy: k('import.notes.dateOrder.mdy') } as const;

/** Items as the language lists them, in its short unit style ("3, 5, 8"). */
function list(f: Formatters, items: string[]): string {
  return new Intl.ListFormat(f.locale, { style: 'short', type: 'unit' }).format(items);
}

/** The field a note is about and its column, as the messages name them. */
function where(t: TFunction, params: { field: string; column: string }): { field: string; column: string } {
  return { field: fieldLabel(t, params.field), column: params.column };
}

/** One note as a sentence in the UI's language. */
export function importNoteText(t: TFunction, f: Formatters, note: ImportNote): string {
  switch (note.code) {
    case 'totalsRow':
      return t('import.notes.totalsRow', { row: f.number(note.params.row) });
    case 'percentReading': {
      const reading = t(PERCENT_READINGS[note.params.reading], where(t, note.params));
      return note.params.mixed ? `${reading} ${t('import.notes.percentMixed')}` : reading;
    }
    case 'dateOrder':
      return t(DATE_ORDERS[note.params.order], where(t, note.params));
    case 'hsnPadded': {
      const { count, rows } = note.params;
      const shown = list(f, rows.map((row) => f.number(row)));
      return t('import.notes.hsnPadded', { ...where(t, note.params), count, n: f.number(count), rows: count > rows.length ? `${shown}…` : shown });
    }
    case 'hiddenColumnRead':
      return t('import.notes.hiddenColumnRead', where(t, note.params));
    case 'hiddenColumnsSkipped': {
      const { columns } = note.params;
      return t('import.notes.hiddenColumnsSkipped', { count: columns.length, columns: list(f, columns.map((c) => t('import.notes.columnNamed', { column: c.column, header: c.header }))) });
    }
    case 'nothingWrittenErrors':
      return t('import.notes.nothingWrittenErrors', { count: note.params.count, n: f.number(note.params.count) });
    case 'nothingWrittenEmpty':
      return t('import.notes.nothingWrittenEmpty');
  }
}
