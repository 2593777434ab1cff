// One form for everything entered by hand (a product, a customer, a business's details), drawn
// from a list of fields. The server checks with the shared schema and the importer's field rules
// and reports every problem at once; each lands under its field (never as a raw "$.taxId").
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BackendError } from '../../app/backend.js';
import { errorTitle } from '../../components/errors.js';
import { fieldMessage } from '../../i18n/field-messages.js';
import type { TFunction } from 'i18next';

export interface EntityField {
  key: string;
  label: string;
  multiline?: boolean;
  /** Codes, numbers and e-mail addresses read left to right in Arabic too. */
  ltr?: boolean;
  required?: boolean;
  inputMode?: 'decimal' | 'email' | 'tel' | 'text';
}

/**
 * The backend's issues by field key: "$.taxId", "$input.customer.taxId" and "$.lines[1].rate" all
 * name their last field. With `t`, each message is said in the UI language.
 */
export function issuesByField(error: unknown, t?: TFunction): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof BackendError)) return out;
  const issues = (error.details.issues as Array<{ path: string; message: string }> | undefined) ?? [];
  for (const issue of issues) {
    const key = issue.path.replace(/^\$(input)?\.?/, '').replace(/^(changes|product|customer|invoice)\./, '');
    const message = t ? fieldMessage(t, issue.message) : issue.message;
    out[key] = out[key] ? `${out[key]} ${message}` : message;
  }
  return out;
}

export function EntityForm({ fields, initial, onSubmit, onCancel, submitLabel, extra, testId }: {
  fields: EntityField[];
  initial: Record<string, string>;
  onSubmit: (values: Record<string, string>) => Promise<void>;
  onCancel?: () => void;
  submitLabel: string;
  extra?: React.ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      await onSubmit(values);
      setErrors({});
    } catch (error) {
      const byField = issuesByField(error, t);
      setErrors(byField);
      setFailure(error);
      // Focus the first field in error so a keyboard user lands on it.
      const firstKey = fields.find((f) => byField[f.key])?.key;
      if (firstKey) document.getElementById(`${id}-${firstKey}`)?.focus();
    } finally {
      setBusy(false);
    }
  };
  const count = Object.keys(errors).length;
  return (
    <form className="card entity-form" onSubmit={(e) => void submit(e)} noValidate data-testid={`form-${testId}`}>
      {failure ? (
        <div role="alert" className="form-errors">
          <strong>{errorTitle(t, failure)}</strong> {count > 0 ? t('hand.fixFields', { count }) : (failure as Error).message}
        </div>
      ) : null}
      <div className="form-grid">
        {fields.map((field, index) => {
          const inputId = `${id}-${field.key}`;
          const error = errors[field.key];
          const common = {
            id: inputId,
            name: field.key,
            value: values[field.key] ?? '',
            'aria-invalid': error ? true : undefined,
            'aria-describedby': error ? `${inputId}-error` : undefined,
            'aria-required': field.required || undefined,
            dir: field.ltr ? 'ltr' : undefined,
            onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field.key]: e.target.value })),
          };
          return (
            <div className={`field${field.multiline ? ' wide' : ''}`} key={field.key}>
              <label htmlFor={inputId}>
                {field.label}
                {field.required ? <span aria-hidden="true"> *</span> : null}
              </label>
              {field.multiline ? <textarea {...common} rows={3} ref={index === 0 ? first : undefined} /> : <input {...common} inputMode={field.inputMode} ref={index === 0 ? first : undefined} />}
              {error ? (
                <p className="field-error" id={`${inputId}-error`}>
                  {error}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
        {extra}
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** Values typed in a form as the object a create/update call takes: empty fields left out. */
export function filled(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ''));
}
