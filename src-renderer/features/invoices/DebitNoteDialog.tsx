// The debit-note dialog of an issued GST invoice (CGST Act s.34(3)): charge extra quantities on
// chosen lines, or a value spread over the lines; a reason is required. The dialog itself (steps,
// checks, the one-key-per-opening request) is the shared NoteDialog; this wrapper hands it the
// invoice's lines.
import { useTranslation } from 'react-i18next';
import { call } from '../../app/backend.js';
import type { InvoiceDetail } from '../../../src-shared/ipc/models.js';
import { NoteDialog, type IssuedNote } from './NoteDialog.js';
import { DEBIT_NOTE } from './note-checks.js';

export function DebitNoteDialog({ businessId, inv, open, onClose, onIssued }: { businessId: string; inv: InvoiceDetail; open: boolean; onClose: () => void; onIssued: (note: IssuedNote) => void }) {
  const { t } = useTranslation();
  return (
    <NoteDialog
      kind={DEBIT_NOTE}
      number={inv.number ?? ''}
      open={open}
      source={{ currency: inv.currency, lines: inv.lines.map((l) => ({ line: l.position, description: l.description, quantity: l.quantity })) }}
      lead={<p>{t('debit.lead')}</p>}
      send={async (request) => {
        const note = await call('invoices.debitNote', { businessId, id: inv.id, ...request });
        return { id: note.id, number: note.number };
      }}
      onClose={onClose}
      onIssued={onIssued}
    />
  );
}
