// The importer's notes under the mapping table, in the UI's language (see note-text.ts).
import { useTranslation } from 'react-i18next';
import type { ImportNote } from '../../../src-shared/schemas/import.js';
import { useFormat } from '../../i18n/format.js';
import { importNoteText } from './note-text.js';

/** The notes of a preview, as an info list (nothing when there are none). */
export function ImportNotes({ notes }: { notes: ImportNote[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (notes.length === 0) return null;
  return (
    <ul className="alert info notes" data-testid="import-notes">
      {notes.map((note, i) => (
        <li key={i}>{importNoteText(t, f, note)}</li>
      ))}
    </ul>
  );
}
