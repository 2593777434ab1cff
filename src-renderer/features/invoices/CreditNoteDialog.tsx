// The credit-note dialog of an issued invoice: credit chosen lines and quantities, a value, or
// all that is left; a reason is required; each line shows what is left of it. Nothing is issued
// until the second step is confirmed. The request carries one key per opening of the dialog, so a
// second click (or a retried call) gets the credit note already issued, never a second one.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call } from '../../app/backend.js';
import { BackendError } from '../../app/backend.js';
import { ErrorAlert, ErrorState, Loading } from '../../components/States.js';
import { useAsync } from '../../components/useAsync.js';
import { useFormat, type Formatters } from '../../i18n/format.js';
import { latinDigits } from '../../i18n/dates.js';
import { currencyScale, Dec } from '../../../src-shared/money/index.js';
import type { CreditableView } from '../../../src-shared/ipc/models.js';

type Mode = 'lines' | 'value' | 'rest';

export interface IssuedCreditNote {
  id: string;
  number: string;
}

/** A typed amount or quantity ("2", "1,234.50", "٢٫٥") as a plain decimal string; undefined if unreadable. */
export function readDecimalInput(text: string): string | undefined {
  const cleaned = latinDigits(text).replace(/[\u200e\u200f\u061c\u2066-\u2069\s,\u066c]/g, '').replace(/\u066b/g, '.');
  if (cleaned === '') return undefined;
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return undefined;
  return cleaned;
}

function decimals(text: string): number {
  return text.includes('.') ? (text.split('.')[1] ?? '').length : 0;
}

interface Checked {
  errors: Record<string, string>;
  request?: { lines?: Array<{ line: number; quantity: string }>; value?: string };
}

/** The dialog's own checks, in the user's language, before anything is sent. */
function check(t: TFunction, f: Formatters, view: CreditableView, mode: Mode, quantities: Record<number, string>, value: string, reason: string): Checked {
  const errors: Record<string, string> = {};
  if (!reason.trim()) errors.reason = t('credit.errors.reason');
  let request: Checked['request'];
  if (mode === 'lines') {
    const lines: Array<{ line: number; quantity: string }> = [];
    for (const l of view.lines) {
      const typed = (quantities[l.line] ?? '').trim();
      if (typed === '') continue;
      const q = readDecimalInput(typed);
      if (q === undefined) {
        errors[`line-${l.line}`] = t('credit.errors.quantity');
        continue;
      }
      if (new Dec(q).isZero()) continue;
      if (new Dec(q).gt(l.leftQuantity)) {
        errors[`line-${l.line}`] = t('credit.errors.quantityLeft', { left: f.decimal(l.leftQuantity) });
        continue;
      }
      lines.push({ line: l.line, quantity: q });
    }
    if (lines.length === 0 && !Object.keys(errors).some((key) => key.startsWith('line-'))) errors.lines = t('credit.errors.noLines');
    request = { lines };
  } else if (mode === 'value') {
    const v = readDecimalInput(value.trim());
    if (v === undefined) errors.value = t('credit.errors.value');
    else if (decimals(v) > currencyScale(view.currency)) errors.value = t('credit.errors.valueDecimals', { places: f.number(currencyScale(view.currency)) });
    else if (new Dec(v).lte(0)) errors.value = t('credit.errors.value');
    else if (new Dec(v).gt(view.left)) errors.value = t('credit.errors.valueLeft', { left: f.money(view.left, view.currency) });
    else request = { value: v };
  } else {
    request = {};
  }
  return Object.keys(errors).length > 0 ? { errors } : { errors, ...(request ? { request } : {}) };
}

/** A refusal from the backend, said in the user's language when it names what is left. */
function refusalText(t: TFunction, f: Formatters, error: unknown, currency: string): string | undefined {
  if (!(error instanceof BackendError)) return undefined;
  const left = error.details.left;
  if (error.code === 'BAD_INPUT' && typeof left === 'string') return t('credit.errors.overLeft', { left: f.money(left, currency) });
  if (error.code === 'CONFLICT') return t('credit.errors.conflict');
  return undefined;
}

function newRequestKey(): string {
  return `cn-${crypto.randomUUID()}`;
}

export function CreditNoteDialog({ businessId, invoiceId, number, open, onClose, onIssued }: { businessId: string; invoiceId: string; number: string; open: boolean; onClose: () => void; onIssued: (note: IssuedCreditNote) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const ref = useRef<HTMLDialogElement>(null);
  const state = useAsync(async () => (open ? call('invoices.creditable', { businessId, id: invoiceId }) : undefined), [businessId, invoiceId, open]);
  const [mode, setMode] = useState<Mode>('lines');
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [step, setStep] = useState<'choose' | 'confirm'>('choose');
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // A ref, not only state: a second click can arrive before React has disabled the button.
  const sending = useRef(false);
  const requestKey = useRef(newRequestKey());
  const [request, setRequest] = useState<Checked['request']>();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setMode('lines');
      setQuantities({});
      setValue('');
      setReason('');
      setErrors({});
      setStep('choose');
      setFailure(undefined);
      requestKey.current = newRequestKey();
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const view = state.value;
  const review = () => {
    if (!view) return;
    const checked = check(t, f, view, mode, quantities, value, reason);
    setErrors(checked.errors);
    setFailure(undefined);
    if (!checked.request) return;
    setRequest(checked.request);
    setStep('confirm');
  };

  const issue = async () => {
    if (sending.current || !request) return;
    sending.current = true;
    setBusy(true);
    setFailure(undefined);
    try {
      const note = await call('invoices.creditNote', { businessId, id: invoiceId, reason: reason.trim(), requestKey: requestKey.current, ...request });
      onIssued({ id: note.id, number: note.number });
    } catch (error) {
      setFailure(error);
      setStep('choose');
      state.reload();
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  const fieldError = (key: string) =>
    errors[key] ? (
      <span id={`credit-${key}-error`} className="field-error" role="alert">
        {errors[key]}
      </span>
    ) : null;
  const translated = failure && view ? refusalText(t, f, failure, view.currency) : undefined;

  return (
    <dialog ref={ref} aria-labelledby="credit-title" onClose={onClose} data-testid="credit-dialog" className="wide-dialog">
      <h2 id="credit-title">{t('credit.title', { number })}</h2>
      {state.loading || (open && !view && !state.error) ? <Loading /> : null}
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      {failure ? (
        translated ? (
          <div className="alert error" role="alert">
            <strong>{translated}</strong>
          </div>
        ) : (
          <ErrorAlert error={failure} />
        )
      ) : null}
      {view && step === 'choose' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            review();
          }}
        >
          <p>{t('credit.left', { left: f.money(view.left, view.currency), total: f.money(view.grandTotal, view.currency) })}</p>
          <fieldset className="choice">
            <legend>{t('credit.how')}</legend>
            {(['lines', 'value', 'rest'] as const).map((m) => (
              <label key={m}>
                <input type="radio" name="credit-mode" value={m} checked={mode === m} onChange={() => setMode(m)} />{' '}
                {m === 'lines' ? t('credit.mode.lines') : m === 'value' ? t('credit.mode.value') : t('credit.mode.rest')}
              </label>
            ))}
          </fieldset>
          {mode === 'lines' ? (
            <>
              <table className="simple" aria-describedby={errors.lines ? 'credit-lines-error' : undefined}>
                <caption className="visually-hidden">{t('credit.linesCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('credit.line')}</th>
                    <th scope="col">{t('invoices.item')}</th>
                    <th scope="col" className="num">{t('credit.invoiced')}</th>
                    <th scope="col" className="num">{t('credit.leftQuantity')}</th>
                    <th scope="col" className="num">{t('credit.leftValue')}</th>
                    <th scope="col">{t('credit.toCredit')}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.lines.map((l) => (
                    <tr key={l.line} data-testid={`credit-line-${l.line}`}>
                      <td>{f.number(l.line)}</td>
                      <td>{l.description}</td>
                      <td className="num">{f.decimal(l.quantity)}</td>
                      <td className="num">{f.decimal(l.leftQuantity)}</td>
                      <td className="num">{f.money(l.leftTotal, view.currency)}</td>
                      <td>
                        <input
                          id={`credit-qty-${l.line}`}
                          inputMode="decimal"
                          size={6}
                          aria-label={t('credit.quantityOf', { item: l.description })}
                          aria-invalid={errors[`line-${l.line}`] ? true : undefined}
                          aria-describedby={errors[`line-${l.line}`] ? `credit-line-${l.line}-error` : undefined}
                          disabled={l.leftQuantity === '0'}
                          value={quantities[l.line] ?? ''}
                          onChange={(e) => setQuantities((q) => ({ ...q, [l.line]: e.target.value }))}
                        />
                        {fieldError(`line-${l.line}`)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {fieldError('lines')}
            </>
          ) : null}
          {mode === 'value' ? (
            <div className="field">
              <label htmlFor="credit-value">{t('credit.value', { currency: view.currency })}</label>
              <input id="credit-value" inputMode="decimal" value={value} aria-invalid={errors.value ? true : undefined} aria-describedby={errors.value ? 'credit-value-error' : undefined} onChange={(e) => setValue(e.target.value)} />
              {fieldError('value')}
            </div>
          ) : null}
          {mode === 'rest' ? <p>{t('credit.restNote', { left: f.money(view.left, view.currency) })}</p> : null}
          <div className="field">
            <label htmlFor="credit-reason">{t('credit.reason')}</label>
            <input id="credit-reason" value={reason} maxLength={500} aria-required="true" aria-invalid={errors.reason ? true : undefined} aria-describedby={errors.reason ? 'credit-reason-error' : undefined} onChange={(e) => setReason(e.target.value)} />
            {fieldError('reason')}
          </div>
          {view.creditNotes.length > 0 ? (
            <p>
              {t('credit.earlier')} {view.creditNotes.map((n) => <bdi key={n.id} className="mono">{n.number} </bdi>)}
            </p>
          ) : null}
          <div className="form-actions">
            <button type="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="primary" disabled={new Dec(view.left).lte(0)}>
              {t('credit.review')}
            </button>
          </div>
        </form>
      ) : null}
      {view && step === 'confirm' && request ? (
        <div data-testid="credit-confirm">
          <p>
            <strong>{t('credit.confirmLead', { number })}</strong>
          </p>
          {request.lines ? (
            <ul>
              {request.lines.map((l) => (
                <li key={l.line}>{t('credit.confirmLine', { line: f.number(l.line), item: view.lines[l.line - 1]?.description ?? '', quantity: f.decimal(l.quantity) })}</li>
              ))}
            </ul>
          ) : request.value ? (
            <p>{t('credit.confirmValue', { value: f.money(request.value, view.currency) })}</p>
          ) : (
            <p>{t('credit.confirmRest', { left: f.money(view.left, view.currency) })}</p>
          )}
          <p>{t('credit.confirmReason', { reason: reason.trim() })}</p>
          <p>{t('credit.confirmFinal')}</p>
          <div className="form-actions">
            <button type="button" disabled={busy} onClick={() => setStep('choose')}>
              {t('credit.back')}
            </button>
            <button type="button" className="primary" disabled={busy} aria-busy={busy} onClick={() => void issue()} data-testid="credit-issue">
              {busy ? t('credit.issuing') : t('credit.issue')}
            </button>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
