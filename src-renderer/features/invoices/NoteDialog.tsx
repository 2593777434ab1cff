// The core of the credit-note and debit-note dialogs: choose lines and quantities, a value (or,
// for a credit note, all that is left), a required reason; nothing is issued until the second
// step is confirmed. The request carries one key per opening of the dialog, so a second click (or
// a retried call) gets the note already issued, never a second one. What differs between the two
// kinds is their NoteKind (texts and rules, note-checks.ts) and the props the wrappers pass.
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/States.js';
import { useFormat } from '../../i18n/format.js';
import { checkNote, type NoteKind, type NoteLine, type NoteMode, type NoteRequest, type NoteSource } from './note-checks.js';

export interface IssuedNote {
  id: string;
  number: string;
}

export interface NoteDialogProps {
  kind: NoteKind;
  number: string;
  open: boolean;
  /** The invoice as the dialog needs it; undefined while it loads. */
  source: NoteSource | undefined;
  /** Shown under the heading: loading and load-error states (credit notes load what is left). */
  status?: ReactNode;
  /** The paragraph that opens the form. */
  lead: ReactNode;
  /** Shown after the reason (earlier notes). */
  extra?: ReactNode;
  /** False when nothing can be noted (a fully credited invoice). */
  canReview?: boolean;
  /** Sends the request; resolves to the note issued. */
  send: (request: NoteRequest & { reason: string; requestKey: string }) => Promise<IssuedNote>;
  /** The backend's refusal said in the user's language, or undefined to show it as it came. */
  refusal?: (error: unknown) => string | undefined;
  /** Called after the backend refused (to reload what is left). */
  onRefused?: () => void;
  onClose: () => void;
  onIssued: (note: IssuedNote) => void;
}

interface NoteForm {
  mode: NoteMode;
  quantities: Record<number, string>;
  value: string;
  reason: string;
}

const EMPTY_FORM: NoteForm = { mode: 'lines', quantities: {}, value: '', reason: '' };

function newRequestKey(kind: NoteKind): string {
  return `${kind.id === 'credit' ? 'cn' : 'dn'}-${crypto.randomUUID()}`;
}

/** The dialog's state: the form, its errors, the checked request (the confirm step), the send. */
function useNoteDialog(props: NoteDialogProps, ref: RefObject<HTMLDialogElement | null>) {
  const { t } = useTranslation();
  const f = useFormat();
  const { kind, open } = props;
  const [form, setForm] = useState<NoteForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [request, setRequest] = useState<NoteRequest>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // A ref, not only state: a second click can arrive before React has disabled the button.
  const sending = useRef(false);
  const requestKey = useRef(newRequestKey(kind));

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setForm(EMPTY_FORM);
      setErrors({});
      setRequest(undefined);
      setFailure(undefined);
      requestKey.current = newRequestKey(kind);
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const review = () => {
    if (!props.source) return;
    const checked = checkNote(t, f, kind, props.source, form);
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
      props.onIssued(await props.send({ reason: form.reason.trim(), requestKey: requestKey.current, ...request }));
    } catch (error) {
      setFailure(error);
      setRequest(undefined);
      props.onRefused?.();
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  const update = (change: Partial<NoteForm>) => setForm((old) => ({ ...old, ...change }));
  return { form, update, errors, request, back: () => setRequest(undefined), failure, busy, review, issue };
}

function FieldError({ kind, errors, field }: { kind: NoteKind; errors: Record<string, string>; field: string }) {
  return errors[field] ? (
    <span id={`${kind.id}-${field}-error`} className="field-error" role="alert">
      {errors[field]}
    </span>
  ) : null;
}

/** aria-invalid and aria-describedby of an input whose error is `errors[field]`. */
function described(kind: NoteKind, errors: Record<string, string>, field: string) {
  return { 'aria-invalid': errors[field] ? true : undefined, 'aria-describedby': errors[field] ? `${kind.id}-${field}-error` : undefined } as const;
}

function Failure({ failure, refusal }: { failure: unknown; refusal?: (error: unknown) => string | undefined }) {
  if (!failure) return null;
  const translated = refusal?.(failure);
  return translated ? (
    <div className="alert error" role="alert">
      <strong>{translated}</strong>
    </div>
  ) : (
    <ErrorAlert error={failure} />
  );
}

function LineRow({ kind, source, l, errors, typed, onType }: { kind: NoteKind; source: NoteSource; l: NoteLine; errors: Record<string, string>; typed: string; onType: (text: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const field = `line-${l.line}`;
  return (
    <tr data-testid={`${kind.id}-line-${l.line}`}>
      <td>{f.number(l.line)}</td>
      <td>{l.description}</td>
      <td className="num">{f.decimal(l.quantity)}</td>
      {kind.capped ? (
        <>
          <td className="num">{f.decimal(l.leftQuantity ?? '0')}</td>
          <td className="num">{f.money(l.leftTotal ?? '0', source.currency)}</td>
        </>
      ) : null}
      <td>
        <input
          id={`${kind.id}-qty-${l.line}`}
          inputMode="decimal"
          size={6}
          aria-label={t(kind.text.quantityOf, { item: l.description })}
          {...described(kind, errors, field)}
          disabled={l.leftQuantity === '0'}
          value={typed}
          onChange={(e) => onType(e.target.value)}
        />
        <FieldError kind={kind} errors={errors} field={field} />
      </td>
    </tr>
  );
}

function LinesTable({ kind, source, errors, quantities, onType }: { kind: NoteKind; source: NoteSource; errors: Record<string, string>; quantities: Record<number, string>; onType: (line: number, text: string) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <table className="simple" aria-describedby={errors.lines ? `${kind.id}-lines-error` : undefined}>
        <caption className="visually-hidden">{t(kind.text.linesCaption)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('credit.line')}</th>
            <th scope="col">{t('invoices.item')}</th>
            <th scope="col" className="num">{t('credit.invoiced')}</th>
            {kind.capped ? (
              <>
                <th scope="col" className="num">{t('credit.leftQuantity')}</th>
                <th scope="col" className="num">{t('credit.leftValue')}</th>
              </>
            ) : null}
            <th scope="col">{t(kind.text.toNote)}</th>
          </tr>
        </thead>
        <tbody>
          {source.lines.map((l) => (
            <LineRow key={l.line} kind={kind} source={source} l={l} errors={errors} typed={quantities[l.line] ?? ''} onType={(text) => onType(l.line, text)} />
          ))}
        </tbody>
      </table>
      <FieldError kind={kind} errors={errors} field="lines" />
    </>
  );
}

/** What the chosen mode asks for: quantities per line, a value, or (credit) nothing more. */
function ModeBody({ kind, source, state }: { kind: NoteKind; source: NoteSource; state: ReturnType<typeof useNoteDialog> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { form, errors, update } = state;
  if (form.mode === 'lines') {
    return <LinesTable kind={kind} source={source} errors={errors} quantities={form.quantities} onType={(line, text) => update({ quantities: { ...form.quantities, [line]: text } })} />;
  }
  if (form.mode === 'value') {
    return (
      <div className="field">
        <label htmlFor={`${kind.id}-value`}>{t(kind.text.value, { currency: source.currency })}</label>
        <input id={`${kind.id}-value`} inputMode="decimal" value={form.value} {...described(kind, errors, 'value')} onChange={(e) => update({ value: e.target.value })} />
        <FieldError kind={kind} errors={errors} field="value" />
      </div>
    );
  }
  return <p>{t('credit.restNote', { left: f.money(source.left ?? '0', source.currency) })}</p>;
}

function ChooseStep({ props, source, state }: { props: NoteDialogProps; source: NoteSource; state: ReturnType<typeof useNoteDialog> }) {
  const { t } = useTranslation();
  const { kind } = props;
  const { form, errors, update } = state;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        state.review();
      }}
    >
      {props.lead}
      <fieldset className="choice">
        <legend>{t(kind.text.how)}</legend>
        {kind.modes.map((m) => (
          <label key={m.mode}>
            <input type="radio" name={`${kind.id}-mode`} value={m.mode} checked={form.mode === m.mode} onChange={() => update({ mode: m.mode })} /> {t(m.label)}
          </label>
        ))}
      </fieldset>
      <ModeBody kind={kind} source={source} state={state} />
      <div className="field">
        <label htmlFor={`${kind.id}-reason`}>{t('credit.reason')}</label>
        <input id={`${kind.id}-reason`} value={form.reason} maxLength={500} aria-required="true" {...described(kind, errors, 'reason')} onChange={(e) => update({ reason: e.target.value })} />
        <FieldError kind={kind} errors={errors} field="reason" />
      </div>
      {props.extra}
      <div className="form-actions">
        <button type="button" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="primary" disabled={props.canReview === false}>
          {t('credit.review')}
        </button>
      </div>
    </form>
  );
}

function RequestSummary({ kind, source, request }: { kind: NoteKind; source: NoteSource; request: NoteRequest }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (request.lines) {
    return (
      <ul>
        {request.lines.map((l) => (
          <li key={l.line}>{t('credit.confirmLine', { line: f.number(l.line), item: source.lines[l.line - 1]?.description ?? '', quantity: f.decimal(l.quantity) })}</li>
        ))}
      </ul>
    );
  }
  return request.value ? <p>{t(kind.text.confirmValue, { value: f.money(request.value, source.currency) })}</p> : <p>{t('credit.confirmRest', { left: f.money(source.left ?? '0', source.currency) })}</p>;
}

function ConfirmStep({ kind, number, source, state, request }: { kind: NoteKind; number: string; source: NoteSource; state: ReturnType<typeof useNoteDialog>; request: NoteRequest }) {
  const { t } = useTranslation();
  const { busy } = state;
  return (
    <div data-testid={`${kind.id}-confirm`}>
      <p>
        <strong>{t(kind.text.confirmLead, { number })}</strong>
      </p>
      <RequestSummary kind={kind} source={source} request={request} />
      <p>{t('credit.confirmReason', { reason: state.form.reason.trim() })}</p>
      <p>{t(kind.text.confirmFinal)}</p>
      <div className="form-actions">
        <button type="button" disabled={busy} onClick={state.back}>
          {t('credit.back')}
        </button>
        <button type="button" className="primary" disabled={busy} aria-busy={busy} onClick={() => void state.issue()} data-testid={`${kind.id}-issue`}>
          {busy ? t('credit.issuing') : t(kind.text.issue)}
        </button>
      </div>
    </div>
  );
}

export function NoteDialog(props: NoteDialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const state = useNoteDialog(props, ref);
  const { kind, source } = props;
  return (
    <dialog ref={ref} aria-labelledby={`${kind.id}-title`} onClose={props.onClose} data-testid={`${kind.id}-dialog`} className="wide-dialog">
      <h2 id={`${kind.id}-title`}>{t(kind.text.title, { number: props.number })}</h2>
      {props.status}
      <Failure failure={state.failure} refusal={props.refusal} />
      {source && !state.request ? <ChooseStep props={props} source={source} state={state} /> : null}
      {source && state.request ? <ConfirmStep kind={kind} number={props.number} source={source} state={state} request={state.request} /> : null}
    </dialog>
  );
}
