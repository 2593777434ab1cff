// The numbering series of the open business (series.list / series.add): each with its pattern and
// the next number it gives, and a form to add one (a branch, a counter). The server checks the
// pattern against the regime (GST: at most 16 characters of letters, digits, "-" and "/", at the
// largest counter) and says what is wrong under the field.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../app/backend.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { errorTitle } from '../../components/errors.js';
import { ErrorState, Loading } from '../../components/States.js';
import type { BusinessView, SeriesView } from '../../../src-shared/ipc/models.js';
import { k } from '../../i18n/keys.js';
import { issuesByField } from '../hand/EntityForm.js';

const KIND_KEYS: Record<SeriesView['kind'], string> = {
  invoice: k('series.kindInvoice'),
  credit_note: k('series.kindCreditNote'),
  debit_note: k('series.kindDebitNote'),
};

function SeriesTable({ series }: { series: SeriesView[] }) {
  const { t } = useTranslation();
  return (
    <table className="simple" data-testid="series-table">
      <thead>
        <tr>
          <th scope="col">{t('series.code')}</th>
          <th scope="col">{t('series.kind')}</th>
          <th scope="col">{t('series.format')}</th>
          <th scope="col">{t('series.next')}</th>
        </tr>
      </thead>
      <tbody>
        {series.map((s) => (
          <tr key={s.id}>
            <td className="mono" dir="ltr">{s.code} {s.isDefault ? <span className="badge info">{t('series.isDefault')}</span> : null}</td>
            <td>{t(KIND_KEYS[s.kind])}</td>
            <td className="mono" dir="ltr">{s.format}</td>
            <td className="mono" dir="ltr">{s.next}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SeriesCard({ business }: { business: BusinessView }) {
  const { t } = useTranslation();
  const { notify } = useAnnouncer();
  const id = useId();
  const [series, setSeries] = useState<SeriesView[]>();
  const [listError, setListError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  const [code, setCode] = useState('');
  const [format, setFormat] = useState('');
  const [creditNote, setCreditNote] = useState(false);
  const [makeDefault, setMakeDefault] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    call('series.list', { businessId: business.id }).then((s) => live && setSeries(s), (e: unknown) => live && setListError(e));
    return () => {
      live = false;
    };
  }, [business.id, tick]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      const added = await call('series.add', { businessId: business.id, code: code.trim(), format: format.trim(), ...(creditNote ? { kind: 'credit_note' as const } : {}), ...(makeDefault ? { default: true } : {}) });
      notify(t('series.added', { code: added.code, next: added.next }), 'success', 'series-add');
      setCode('');
      setFormat('');
      setCreditNote(false);
      setMakeDefault(false);
      setErrors({});
      setTick((n) => n + 1);
    } catch (error) {
      setErrors(issuesByField(error, t));
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const field = (key: 'code' | 'format', label: string, value: string, set: (v: string) => void, help?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input id={`${id}-${key}`} name={key} value={value} dir="ltr" onChange={(e) => set(e.target.value)} aria-invalid={errors[key] ? true : undefined}
        aria-describedby={[help ? `${id}-${key}-help` : '', errors[key] ? `${id}-${key}-error` : ''].filter(Boolean).join(' ') || undefined} />
      {help ? <p className="hint" id={`${id}-${key}-help`}>{help}</p> : null}
      {errors[key] ? <p className="field-error" id={`${id}-${key}-error`}>{errors[key]}</p> : null}
    </div>
  );

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="series-card">
      <h2 id={`${id}-title`}>{t('series.title')}</h2>
      {listError ? <ErrorState error={listError} /> : series ? <SeriesTable series={series} /> : <Loading />}
      <form className="entity-form" onSubmit={(e) => void add(e)} noValidate data-testid="form-series">
        <h3>{t('series.addTitle')}</h3>
        {failure ? (
          <div role="alert" className="form-errors">
            <strong>{errorTitle(t, failure)}</strong> {Object.keys(errors).length > 0 ? t('hand.fixFields', { count: Object.keys(errors).length }) : (failure as Error).message}
          </div>
        ) : null}
        <div className="form-grid">
          {field('code', t('series.code'), code, setCode)}
          {field('format', t('series.format'), format, setFormat, t('series.formatHelp'))}
        </div>
        <div className="form-actions">
          <label><input type="checkbox" name="creditNote" checked={creditNote} onChange={(e) => setCreditNote(e.target.checked)} /> {t('series.creditNote')}</label>
          <label><input type="checkbox" name="default" checked={makeDefault} onChange={(e) => setMakeDefault(e.target.checked)} /> {t('series.makeDefault')}</label>
          <button type="submit" className="primary" disabled={busy}>{t('series.add')}</button>
        </div>
      </form>
    </section>
  );
}
