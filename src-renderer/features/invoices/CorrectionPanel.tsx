// The corrections of an issued invoice on its detail screen: the credit notes against it (or, for
// a credit note, the invoice it corrects), and the buttons that open the credit-note and void dialogs.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnnouncer } from '../../components/Announcer.js';
import { useFormat } from '../../i18n/format.js';
import type { InvoiceDetail } from '../../../src-shared/ipc/models.js';
import { CreditNoteDialog } from './CreditNoteDialog.js';
import { DebitNoteDialog } from './DebitNoteDialog.js';
import { VoidDialog } from './VoidDialog.js';

function DebitLinks({ inv, onOpen }: { inv: InvoiceDetail; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (inv.debitNoteFor) {
    return (
      <section className="card" aria-labelledby="inv-debit-links">
        <h3 id="inv-debit-links">{t('debit.addsToTitle')}</h3>
        <p>
          {t('debit.addsTo')}{' '}
          <button type="button" className="link" onClick={() => onOpen(inv.debitNoteFor!.id)} data-testid="debit-note-for">
            <bdi className="mono">{inv.debitNoteFor.number}</bdi>
          </button>{' '}
          · {f.date(inv.debitNoteFor.date)}
        </p>
      </section>
    );
  }
  if (!inv.debitNotes?.length) return null;
  return (
    <section className="card" aria-labelledby="inv-debit-links">
      <h3 id="inv-debit-links">{t('debit.notesTitle')}</h3>
      <ul data-testid="debit-notes">
        {inv.debitNotes.map((n) => (
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
      <CreditLinks inv={inv} onOpen={onOpen} />
      <DebitLinks inv={inv} onOpen={onOpen} />
    </>
  );
}

function CreditLinks({ inv, onOpen }: { inv: InvoiceDetail; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (inv.creditNoteFor) {
    return (
      <section className="card" aria-labelledby="inv-links">
        <h3 id="inv-links">{t('credit.correctsTitle')}</h3>
        <p>
          {t('credit.corrects')}{' '}
          <button type="button" className="link" onClick={() => onOpen(inv.creditNoteFor!.id)} data-testid="credit-note-for">
            <bdi className="mono">{inv.creditNoteFor.number}</bdi>
          </button>{' '}
          · {f.date(inv.creditNoteFor.date)}
        </p>
      </section>
    );
  }
  if (!inv.creditNotes?.length) return null;
  return (
    <section className="card" aria-labelledby="inv-links">
      <h3 id="inv-links">{t('credit.notesTitle')}</h3>
      <ul data-testid="credit-notes">
        {inv.creditNotes.map((n) => (
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

export function CorrectionPanel({ businessId, inv, onChanged }: { businessId: string; inv: InvoiceDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { notify } = useAnnouncer();
  const [dialog, setDialog] = useState<'credit' | 'debit' | 'void' | undefined>();
  if (inv.status !== 'issued' || !inv.number) return null;
  const canVoid = !inv.creditNotes?.length && !inv.debitNotes?.length;
  const canCredit = inv.kind !== 'credit_note' && inv.kind !== 'debit_note';
  // Debit notes are a GST document (s.34(3)); Bahrain VAT and cash memos have none.
  const canDebit = canCredit && (inv.taxResult as { regime?: unknown }).regime === 'gst-in';
  if (!canVoid && !canCredit) return null;
  return (
    <section className="card" aria-labelledby="inv-actions">
      <h3 id="inv-actions">{t('invoices.correct')}</h3>
      <div className="form-actions">
        {canCredit ? (
          <button type="button" onClick={() => setDialog('credit')} data-testid="open-credit-dialog">
            {t('invoices.creditNote')}
          </button>
        ) : null}
        {canDebit ? (
          <button type="button" onClick={() => setDialog('debit')} data-testid="open-debit-dialog">
            {t('invoices.debitNote')}
          </button>
        ) : null}
        {canVoid ? (
          <button type="button" className="danger" onClick={() => setDialog('void')} data-testid="open-void-dialog">
            {t('invoices.void')}
          </button>
        ) : null}
      </div>
      {canCredit ? (
        <CreditNoteDialog
          businessId={businessId}
          invoiceId={inv.id}
          number={inv.number}
          open={dialog === 'credit'}
          onClose={() => setDialog(undefined)}
          onIssued={(note) => {
            setDialog(undefined);
            notify(t('credit.issued', { number: note.number }), 'success');
            onChanged();
          }}
        />
      ) : null}
      {canDebit ? (
        <DebitNoteDialog
          businessId={businessId}
          inv={inv}
          open={dialog === 'debit'}
          onClose={() => setDialog(undefined)}
          onIssued={(note) => {
            setDialog(undefined);
            notify(t('debit.issued', { number: note.number }), 'success');
            onChanged();
          }}
        />
      ) : null}
      {canVoid ? (
        <VoidDialog
          businessId={businessId}
          invoiceId={inv.id}
          number={inv.number}
          total={f.money(inv.total, inv.currency)}
          open={dialog === 'void'}
          onClose={() => setDialog(undefined)}
          onVoided={() => {
            setDialog(undefined);
            notify(t('invoices.voided'), 'success');
            onChanged();
          }}
        />
      ) : null}
    </section>
  );
}
