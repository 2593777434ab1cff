// The corrections of an issued invoice on its detail screen: the credit notes against it (or, for
// a credit note, the invoice it corrects), and the buttons that open the credit-note and void dialogs.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnnouncer } from '../../components/Announcer.js';
import { useFormat } from '../../i18n/format.js';
import { k } from '../../i18n/keys.js';
import type { InvoiceDetail } from '../../../src-shared/ipc/models.js';
import { CreditNoteDialog } from './CreditNoteDialog.js';
import { DebitNoteDialog } from './DebitNoteDialog.js';
import { VoidDialog } from './VoidDialog.js';

type LinkedNote = NonNullable<InvoiceDetail['creditNotes']>[number];
type LinkedInvoice = NonNullable<InvoiceDetail['creditNoteFor']>;

/** The ids and texts of one kind of link: credit notes against the invoice, or debit notes. */
const LINKS = {
  credit: { section: 'inv-links', forTitle: k('credit.correctsTitle'), forLead: k('credit.corrects'), notesTitle: k('credit.notesTitle') },
  debit: { section: 'inv-debit-links', forTitle: k('debit.addsToTitle'), forLead: k('debit.addsTo'), notesTitle: k('debit.notesTitle') },
} as const;

/** On a note: the invoice it corrects; on an invoice: its notes of one kind. */
function NoteLinks({ kind, inv, linkedTo, notes, onOpen }: { kind: keyof typeof LINKS; inv: InvoiceDetail; linkedTo: LinkedInvoice | undefined; notes: LinkedNote[] | undefined; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const text = LINKS[kind];
  if (linkedTo) {
    return (
      <section className="card" aria-labelledby={text.section}>
        <h3 id={text.section}>{t(text.forTitle)}</h3>
        <p>
          {t(text.forLead)}{' '}
          <button type="button" className="link" onClick={() => onOpen(linkedTo.id)} data-testid={`${kind}-note-for`}>
            <bdi className="mono">{linkedTo.number}</bdi>
          </button>{' '}
          · {f.date(linkedTo.date)}
        </p>
      </section>
    );
  }
  if (!notes?.length) return null;
  return (
    <section className="card" aria-labelledby={text.section}>
      <h3 id={text.section}>{t(text.notesTitle)}</h3>
      <ul data-testid={`${kind}-notes`}>
        {notes.map((n) => (
          <li key={n.id}>
            <button type="button" className="link" onClick={() => onOpen(n.id)}>
              <bdi className="mono">{n.number}</bdi>
            </button>{' '}
            · {f.date(n.date)} · {f.money(n.total, inv.currency)}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function DocumentLinks({ inv, onOpen }: { inv: InvoiceDetail; onOpen: (id: string) => void }) {
  return (
    <>
      <NoteLinks kind="credit" inv={inv} linkedTo={inv.creditNoteFor} notes={inv.creditNotes} onOpen={onOpen} />
      <NoteLinks kind="debit" inv={inv} linkedTo={inv.debitNoteFor} notes={inv.debitNotes} onOpen={onOpen} />
    </>
  );
}

type Correction = 'credit' | 'debit' | 'void';

/** Which corrections an issued invoice allows. */
function correctionsOf(inv: InvoiceDetail): Record<Correction, boolean> {
  const canCredit = inv.kind !== 'credit_note' && inv.kind !== 'debit_note';
  return {
    void: !inv.creditNotes?.length && !inv.debitNotes?.length,
    credit: canCredit,
    // Debit notes are a GST document (s.34(3)); Bahrain VAT and cash memos have none.
    debit: canCredit && (inv.taxResult as { regime?: unknown }).regime === 'gst-in',
  };
}

function CorrectionButtons({ can, onOpen }: { can: Record<Correction, boolean>; onOpen: (dialog: Correction) => void }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      {can.credit ? (
        <button type="button" onClick={() => onOpen('credit')} data-testid="open-credit-dialog">
          {t('invoices.creditNote')}
        </button>
      ) : null}
      {can.debit ? (
        <button type="button" onClick={() => onOpen('debit')} data-testid="open-debit-dialog">
          {t('invoices.debitNote')}
        </button>
      ) : null}
      {can.void ? (
        <button type="button" className="danger" onClick={() => onOpen('void')} data-testid="open-void-dialog">
          {t('invoices.void')}
        </button>
      ) : null}
    </div>
  );
}

export function CorrectionPanel({ businessId, inv, onChanged }: { businessId: string; inv: InvoiceDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { notify } = useAnnouncer();
  const [dialog, setDialog] = useState<Correction | undefined>();
  if (inv.status !== 'issued' || !inv.number) return null;
  const can = correctionsOf(inv);
  if (!can.void && !can.credit) return null;
  const close = () => setDialog(undefined);
  const done = (message: string) => {
    setDialog(undefined);
    notify(message, 'success');
    onChanged();
  };
  return (
    <section className="card" aria-labelledby="inv-actions">
      <h3 id="inv-actions">{t('invoices.correct')}</h3>
      <CorrectionButtons can={can} onOpen={setDialog} />
      {can.credit ? <CreditNoteDialog businessId={businessId} invoiceId={inv.id} number={inv.number} open={dialog === 'credit'} onClose={close} onIssued={(note) => done(t('credit.issued', { number: note.number }))} /> : null}
      {can.debit ? <DebitNoteDialog businessId={businessId} inv={inv} open={dialog === 'debit'} onClose={close} onIssued={(note) => done(t('debit.issued', { number: note.number }))} /> : null}
      {can.void ? <VoidDialog businessId={businessId} invoiceId={inv.id} number={inv.number} total={f.money(inv.total, inv.currency)} open={dialog === 'void'} onClose={close} onVoided={() => done(t('invoices.voided'))} /> : null}
    </section>
  );
}
