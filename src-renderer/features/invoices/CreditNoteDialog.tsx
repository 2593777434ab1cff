// The credit-note dialog of an issued invoice: credit chosen lines and quantities, a value, or
// all that is left; a reason is required; each line shows what is left of it. The dialog itself
// (steps, checks, the one-key-per-opening request) is the shared NoteDialog; this wrapper loads
// what is left and says the backend's refusals in the user's language.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call, BackendError } from '../../app/backend.js';
import { ErrorState, Loading } from '../../components/States.js';
import { useAsync } from '../../components/useAsync.js';
import { useFormat, type Formatters } from '../../i18n/format.js';
import { Dec } from '../../../src-shared/money/index.js';
import type { CreditableView } from '../../../src-shared/ipc/models.js';
import { NoteDialog, type IssuedNote } from './NoteDialog.js';
import { CREDIT_NOTE, type NoteSource } from './note-checks.js';


/** A refusal from the backend, said in the user's language when it names what is left. */
function refusalText(t: TFunction, f: Formatters, error: unknown, currency: string): string | undefined {
  if (!(error instanceof BackendError)) return undefined;
  const left = error.details.left;
  if (error.code === 'BAD_INPUT' && typeof left === 'string') return t('credit.errors.overLeft', { left: f.money(left, currency) });
  if (error.code === 'CONFLICT') return t('credit.errors.conflict');
  return undefined;
}

function sourceOf(view: CreditableView | undefined): NoteSource | undefined {
  return view && { currency: view.currency, left: view.left, lines: view.lines.map((l) => ({ line: l.line, description: l.description, quantity: l.quantity, leftQuantity: l.leftQuantity, leftTotal: l.leftTotal })) };
}

export function CreditNoteDialog({ businessId, invoiceId, number, open, onClose, onIssued }: { businessId: string; invoiceId: string; number: string; open: boolean; onClose: () => void; onIssued: (note: IssuedNote) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const state = useAsync(async () => (open ? call('invoices.creditable', { businessId, id: invoiceId }) : undefined), [businessId, invoiceId, open]);
  const view = state.value;
  return (
    <NoteDialog
      kind={CREDIT_NOTE}
      number={number}
      open={open}
      source={sourceOf(view)}
      status={
        <>
          {state.loading || (open && !view && !state.error) ? <Loading /> : null}
          {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
        </>
      }
      lead={view ? <p>{t('credit.left', { left: f.money(view.left, view.currency), total: f.money(view.grandTotal, view.currency) })}</p> : null}
      extra={
        view && view.creditNotes.length > 0 ? (
          <p>
            {t('credit.earlier')} {view.creditNotes.map((n) => <bdi key={n.id} className="mono">{n.number} </bdi>)}
          </p>
        ) : null
      }
      canReview={view ? !new Dec(view.left).lte(0) : false}
      send={async (request) => {
        const note = await call('invoices.creditNote', { businessId, id: invoiceId, ...request });
        return { id: note.id, number: note.number };
      }}
      refusal={(error) => (view ? refusalText(t, f, error, view.currency) : undefined)}
      onRefused={state.reload}
      onClose={onClose}
      onIssued={onIssued}
    />
  );
}
