// The debit-note dialog of an issued GST invoice (CGST Act s.34(3)): charge extra quantities on
// chosen lines, or a value spread over the lines; a reason is required. Nothing is issued until
// the second step is confirmed, and the request carries one key per opening of the dialog, so a
// second click (or a retried call) gets the debit note already issued, never a second one.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call } from '../../app/backend.js';
import { ErrorAlert } from '../../components/States.js';
import { useFormat } from '../../i18n/format.js';
import { currencyScale, Dec } from '../../../src-shared/money/index.js';
import type { InvoiceDetail } from '../../../src-shared/ipc/models.js';
import { readDecimalInput, type IssuedCreditNote } from './CreditNoteDialog.js';

type Mode = 'lines' | 'value';
type DebitRequest = { lines: Array<{ line: number; quantity: string }> } | { value: string };

function decimals(text: string): number {
  return text.includes('.') ? (text.split('.')[1] ?? '').length : 0;
}

/** The dialog's own checks, in the user's language, before anything is sent. */
function check(t: TFunction, inv: InvoiceDetail, mode: Mode, quantities: Record<number, string>, value: string, reason: string): { errors: Record<string, string>; request?: DebitRequest } {
  const errors: Record<string, string> = {};
  if (!reason.trim()) errors.reason = t('debit.errors.reason');
  if (mode === 'lines') {
    const lines: Array<{ line: number; quantity: string }> = [];
    for (const l of inv.lines) {
      const typed = (quantities[l.position] ?? '').trim();
      if (typed === '') continue;
      const q = readDecimalInput(typed);
      if (q === undefined || new Dec(q).lte(0)) errors[`line-${l.position}`] = t('debit.errors.quantity');
      else lines.push({ line: l.position, quantity: q });
    }
    if (lines.length === 0 && !Object.keys(errors).some((key) => key.startsWith('line-'))) errors.lines = t('debit.errors.noLines');
    return Object.keys(errors).length > 0 ? { errors } : { errors, request: { lines } };
  }
  const v = readDecimalInput(value.trim());
  if (v === undefined || new Dec(v).lte(0)) errors.value = t('debit.errors.value');
  else if (decimals(v) > currencyScale(inv.currency)) errors.value = t('credit.errors.valueDecimals', { places: String(currencyScale(inv.currency)) });
  return Object.keys(errors).length > 0 ? { errors } : { errors, request: { value: v! } };
}

function newRequestKey(): string {
  return `dn-${crypto.randomUUID()}`;
}

export function DebitNoteDialog({ businessId, inv, open, onClose, onIssued }: { businessId: string; inv: InvoiceDetail; open: boolean; onClose: () => void; onIssued: (note: IssuedCreditNote) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const ref = useRef<HTMLDialogElement>(null);
  const [mode, setMode] = useState<Mode>('lines');
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [request, setRequest] = useState<DebitRequest>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const requestKey = useRef(newRequestKey());
  const number = inv.number ?? '';

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setMode('lines');
      setQuantities({});
      setValue('');
      setReason('');
      setErrors({});
      setRequest(undefined);
      setFailure(undefined);
      requestKey.current = newRequestKey();
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const review = () => {
    const checked = check(t, inv, mode, quantities, value, reason);
    setErrors(checked.errors);
    setFailure(undefined);
    setRequest(checked.request);
  };

  const issue = async () => {
    if (sending.current || !request) return;
    sending.current = true;
    setBusy(true);
    setFailure(undefined);
    try {
      const note = await call('invoices.debitNote', { businessId, id: inv.id, reason: reason.trim(), requestKey: requestKey.current, ...request });
      onIssued({ id: note.id, number: note.number });
    } catch (error) {
      setFailure(error);
      setRequest(undefined);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  const fieldError = (key: string) =>
    errors[key] ? (
      <span id={`debit-${key}-error`} className="field-error" role="alert">
        {errors[key]}
      </span>
    ) : null;

  return (
    <dialog ref={ref} aria-labelledby="debit-title" onClose={onClose} data-testid="debit-dialog" className="wide-dialog">
      <h2 id="debit-title">{t('debit.title', { number })}</h2>
      {failure ? <ErrorAlert error={failure} /> : null}
      {!request ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            review();
          }}
        >
          <p>{t('debit.lead')}</p>
          <fieldset className="choice">
            <legend>{t('debit.how')}</legend>
            {(['lines', 'value'] as const).map((m) => (
              <label key={m}>
                <input type="radio" name="debit-mode" value={m} checked={mode === m} onChange={() => setMode(m)} /> {m === 'lines' ? t('debit.mode.lines') : t('debit.mode.value')}
              </label>
            ))}
          </fieldset>
          {mode === 'lines' ? (
            <>
              <table className="simple" aria-describedby={errors.lines ? 'debit-lines-error' : undefined}>
                <caption className="visually-hidden">{t('debit.linesCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('credit.line')}</th>
                    <th scope="col">{t('invoices.item')}</th>
                    <th scope="col" className="num">{t('credit.invoiced')}</th>
                    <th scope="col">{t('debit.extra')}</th>
                  </tr>
                </thead>
                <tbody>
                  {inv.lines.map((l) => (
                    <tr key={l.position} data-testid={`debit-line-${l.position}`}>
                      <td>{f.number(l.position)}</td>
                      <td>{l.description}</td>
                      <td className="num">{f.decimal(l.quantity)}</td>
                      <td>
                        <input
                          id={`debit-qty-${l.position}`}
                          inputMode="decimal"
                          size={6}
                          aria-label={t('debit.quantityOf', { item: l.description })}
                          aria-invalid={errors[`line-${l.position}`] ? true : undefined}
                          aria-describedby={errors[`line-${l.position}`] ? `debit-line-${l.position}-error` : undefined}
                          value={quantities[l.position] ?? ''}
                          onChange={(e) => setQuantities((q) => ({ ...q, [l.position]: e.target.value }))}
                        />
                        {fieldError(`line-${l.position}`)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {fieldError('lines')}
            </>
          ) : (
            <div className="field">
              <label htmlFor="debit-value">{t('debit.value', { currency: inv.currency })}</label>
              <input id="debit-value" inputMode="decimal" value={value} aria-invalid={errors.value ? true : undefined} aria-describedby={errors.value ? 'debit-value-error' : undefined} onChange={(e) => setValue(e.target.value)} />
              {fieldError('value')}
            </div>
          )}
          <div className="field">
            <label htmlFor="debit-reason">{t('credit.reason')}</label>
            <input id="debit-reason" value={reason} maxLength={500} aria-required="true" aria-invalid={errors.reason ? true : undefined} aria-describedby={errors.reason ? 'debit-reason-error' : undefined} onChange={(e) => setReason(e.target.value)} />
            {fieldError('reason')}
          </div>
          <div className="form-actions">
            <button type="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="primary">
              {t('credit.review')}
            </button>
          </div>
        </form>
      ) : (
        <div data-testid="debit-confirm">
          <p>
            <strong>{t('debit.confirmLead', { number })}</strong>
          </p>
          {'lines' in request ? (
            <ul>
              {request.lines.map((l) => (
                <li key={l.line}>{t('credit.confirmLine', { line: f.number(l.line), item: inv.lines[l.line - 1]?.description ?? '', quantity: f.decimal(l.quantity) })}</li>
              ))}
            </ul>
          ) : (
            <p>{t('debit.confirmValue', { value: f.money(request.value, inv.currency) })}</p>
          )}
          <p>{t('credit.confirmReason', { reason: reason.trim() })}</p>
          <p>{t('debit.confirmFinal')}</p>
          <div className="form-actions">
            <button type="button" disabled={busy} onClick={() => setRequest(undefined)}>
              {t('credit.back')}
            </button>
            <button type="button" className="primary" disabled={busy} aria-busy={busy} onClick={() => void issue()} data-testid="debit-issue">
              {busy ? t('credit.issuing') : t('debit.issue')}
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}
