// Voiding an issued invoice asks first: the dialog names the invoice and its total, says that its
// number stays used and that a void cannot be undone, and requires a reason.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../app/backend.js';
import { ErrorAlert } from '../../components/States.js';

export function VoidDialog({ businessId, invoiceId, number, total, open, onClose, onVoided }: { businessId: string; invoiceId: string; number: string; total: string; open: boolean; onClose: () => void; onVoided: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setReason('');
      setMissing(false);
      setFailure(undefined);
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const confirm = async () => {
    if (sending.current) return;
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    sending.current = true;
    setBusy(true);
    setFailure(undefined);
    try {
      await call('invoices.void', { businessId, id: invoiceId, reason: reason.trim() });
      onVoided();
    } catch (error) {
      setFailure(error);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} aria-labelledby="void-title" aria-describedby="void-warning" onClose={onClose} data-testid="void-dialog">
      <h2 id="void-title">{t('voiding.title', { number })}</h2>
      <p id="void-warning">{t('voiding.warning', { number, total })}</p>
      <ErrorAlert error={failure} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void confirm();
        }}
      >
        <div className="field">
          <label htmlFor="void-reason">{t('voiding.reason')}</label>
          <input id="void-reason" value={reason} maxLength={500} aria-required="true" aria-invalid={missing ? true : undefined} aria-describedby={missing ? 'void-reason-error' : undefined} onChange={(e) => setReason(e.target.value)} />
          {missing ? (
            <span id="void-reason-error" className="field-error" role="alert">
              {t('voiding.reasonRequired')}
            </span>
          ) : null}
        </div>
        <div className="form-actions">
          <button type="button" disabled={busy} onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="danger" disabled={busy} aria-busy={busy} data-testid="void-confirm">
            {t('voiding.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
