// The import wizard: a spreadsheet dropped anywhere on the window (or chosen) is previewed by the
// importer; the mapping editor shows each detected field with its column, confidence and sample
// values and lets the person correct it; per-row errors are listed; commit is all-or-nothing.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useApp } from '../../app/context.js';
import type { ScreenId } from '../../app/navigation.js';
import { BackendError, call, subscribe } from '../../app/backend.js';
import { useDroppedFile } from '../../app/dropped-file.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { Screen, WithBusiness } from '../../components/Screen.js';
import { Empty, ErrorAlert, Loading } from '../../components/States.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { FileButton } from '../../components/FileButton.js';
import { useFormat } from '../../i18n/format.js';
import type { BusinessView } from '../../../src-shared/ipc/models.js';
import { previewValue, type ImportKind, type ImportReport } from '../../../src-shared/schemas/import.js';
import { gstStateLabel } from '../../i18n/gst-state-names.js';
import type { EventPayload } from '../../../src-shared/ipc/events.js';
import { k } from '../../i18n/keys.js';
import { fieldLabel } from './fields.js';
import { ImportNotes } from './notes.js';
import { rowErrorText } from './row-error-text.js';

const KINDS: ImportKind[] = ['products', 'customers', 'orders'];
const KIND_LABELS: Record<ImportKind, string> = { products: k('import.kind.products'), customers: k('import.kind.customers'), orders: k('import.kind.orders') };

interface Missing {
  fields: string[];
  headerRow: number;
  headers: Array<{ column: string; header: string }>;
}

/** A sheet without a required column: the fields it lacks and the headers it has (from the error's details). */
function missingColumns(error: unknown): Missing | undefined {
  if (!(error instanceof BackendError) || error.code !== 'IMPORT_MISSING_COLUMN') return undefined;
  const { missing, headerRow, headers } = error.details as { missing?: unknown; headerRow?: unknown; headers?: unknown };
  if (!Array.isArray(missing) || !Array.isArray(headers)) return undefined;
  return { fields: missing.map(String), headerRow: Number(headerRow) || 1, headers: headers as Missing['headers'] };
}

/**
 * Says which required columns the sheet lacks, in the UI's language, and offers to pick the
 * column holding each (the CLI's --map, without naming a command-line flag to a shop owner).
 */
function MissingColumns({ missing, onChoose }: { missing: Missing; onChoose: (field: string, column: string) => void }) {
  const { t } = useTranslation();
  const labels = missing.fields.map((field) => fieldLabel(t, field));
  return (
    <div className="alert error" role="alert" data-testid="import-missing-columns">
      <strong>{t('errors.IMPORT_MISSING_COLUMN')}</strong>{' '}
      <span>{t('import.missingColumns', { fields: labels.join(', '), row: missing.headerRow })}</span>
      {missing.fields.map((field, i) => (
        <div className="field" key={field}>
          <label htmlFor={`missing-${field}`}>{t('import.chooseColumnFor', { field: labels[i] })}</label>
          <select id={`missing-${field}`} defaultValue="" onChange={(e) => e.target.value && onChoose(field, e.target.value)} data-field={field}>
            <option value="">{t('import.notMapped')}</option>
            {missing.headers.map((h) => (
              <option key={h.column} value={h.column}>{h.column} — {h.header}</option>
            ))}
          </select>
        </div>
      ))}
    </div>
  );
}

const STATE_FIELDS = new Set(['state', 'customerState', 'shipToState']);
const ACCEPT = '.xlsx,.xls,.ods,.csv';
const MAX_PREVIEW_ROWS = 10;

async function fileToBase64(file: File): Promise<string> {
  const buffer = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < buffer.length; i += chunk) binary += String.fromCharCode(...buffer.subarray(i, i + chunk));
  return btoa(binary);
}

function guessKind(name: string): ImportKind | undefined {
  const lower = name.toLowerCase();
  if (lower.includes('customer') || lower.includes('client')) return 'customers';
  if (lower.includes('order') || lower.includes('sale')) return 'orders';
  if (lower.includes('product') || lower.includes('item') || lower.includes('catalog')) return 'products';
  return undefined;
}

function Confidence({ value }: { value: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const label = t('import.confidenceValue', { percent: f.percent(value) });
  return (
    <span className="confidence" title={label}>
      <span className="confidence-bar" aria-hidden="true">
        <span style={{ inlineSize: `${Math.round(value * 100)}%` }} />
      </span>
      <span>{f.percent(value)}</span>
    </span>
  );
}

type Busy = 'preview' | 'commit' | undefined;

function Steps({ step }: { step: 1 | 2 | 3 }) {
  const { t } = useTranslation();
  return (
    <ol className="steps" aria-label={t('import.steps')}>
      <li aria-current={step === 1 ? 'step' : undefined}>{t('import.step1')}</li>
      <li aria-current={step === 2 ? 'step' : undefined}>{t('import.step2')}</li>
      <li aria-current={step === 3 ? 'step' : undefined}>{t('import.step3')}</li>
    </ol>
  );
}

interface FileStepProps {
  kind: ImportKind;
  file: File | undefined;
  inputRef: RefObject<HTMLInputElement | null>;
  onKind: (kind: ImportKind) => void;
  onFile: (file: File) => void;
  onReset: () => void;
}

/** Step 1: what the sheet holds and which file (chosen here or dropped anywhere on the window). */
function FileStep({ kind, file, inputRef, onKind, onFile, onReset }: FileStepProps) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section className="card" aria-labelledby="import-file-title">
      <h2 id="import-file-title">{t('import.fileTitle')}</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor="import-kind">{t('import.kindLabel')}</label>
          <select id="import-kind" value={kind} onChange={(e) => onKind(e.target.value as ImportKind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(KIND_LABELS[k])}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <FileButton ref={inputRef} id="import-file" label={t('import.chooseFile')} accept={ACCEPT} fileName={file?.name ?? null} onFile={onFile} />
        </div>
        {file ? (
          <button type="button" onClick={onReset}>
            {t('import.startOver')}
          </button>
        ) : null}
      </div>
      {!file ? (
        <div className="dropzone" style={{ marginBlockStart: 16 }}>
          <strong>{t('import.dropHere')}</strong>
          <span>{t('import.formats')}</span>
        </div>
      ) : (
        <p data-testid="import-file-name">
          {t('import.selected', { name: file.name, size: f.number(Math.ceil(file.size / 1024)) })}
        </p>
      )}
    </section>
  );
}

/** The progress bar of a commit with its row counts, else a spinner saying what runs. */
function BusyIndicator({ busy, progress }: { busy: Busy; progress: EventPayload<'import.progress'> | undefined }) {
  const { t } = useTranslation();
  if (!busy) return null;
  if (progress && busy === 'commit') return <ProgressBar label={t('import.committing')} done={progress.rowsDone} total={progress.rowsTotal ?? progress.rowsDone} />;
  return <Loading label={busy === 'preview' ? t('import.reading') : t('import.committing')} />;
}

/** Every column of the sheet (mapped or not), in sheet order, for the mapping dropdowns. */
function sheetColumns(report: ImportReport): Array<{ column: string; header: string }> {
  return [
    ...report.mapping.map((m) => ({ column: m.column, header: m.header })),
    ...report.unmapped.map((c) => ({ column: c.column, header: c.header })),
  ].sort((a, b) => a.column.length - b.column.length || a.column.localeCompare(b.column));
}

/** A mapped field's value in a preview row (stored under the row's own name), states by name too. */
function previewCell(t: TFunction, kind: ImportKind, row: Record<string, unknown>, field: string): string {
  const value = previewValue(kind, row, field);
  if (value === undefined) return '—';
  const text = String(value);
  const state = STATE_FIELDS.has(field) && /^\d{2}$/.test(text) ? gstStateLabel(t, text) : undefined;
  return state ? `${text} · ${state}` : text;
}

interface MappingStepProps {
  kind: ImportKind;
  report: ImportReport;
  map: Record<string, string>;
  sheet: string | undefined;
  onSheet: (sheet: string) => void;
  onMapping: (field: string, column: string) => void;
}

/** Step 2a: the sheet read, the header row found, each field's column with confidence and samples, and how values were read. */
function MappingStep({ kind, report, map, sheet, onSheet, onMapping }: MappingStepProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const columns = sheetColumns(report);
  return (
    <section className="card" aria-labelledby="import-mapping-title">
      <header>
        <h2 id="import-mapping-title">{t('import.mappingTitle')}</h2>
        {report.sheets.length > 1 ? (
          <div className="field">
            <label htmlFor="import-sheet">{t('import.sheet')}</label>
            <select id="import-sheet" value={sheet ?? report.sheet} onChange={(e) => onSheet(e.target.value)}>
              {report.sheets.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </header>
      <p>{t('import.headerRow', { row: f.number(report.headerRow), sheet: report.sheet })}</p>
      <table className="simple" data-testid="mapping-table">
        <thead>
          <tr>
            <th scope="col">{t('import.field')}</th>
            <th scope="col">{t('import.column')}</th>
            <th scope="col">{t('import.confidence')}</th>
            <th scope="col">{t('import.samples')}</th>
          </tr>
        </thead>
        <tbody>
          {report.mapping.map((m) => {
            const samples = report.preview.slice(0, 3).map((row) => previewCell(t, kind, row, m.field)).filter((v) => v !== '—');
            const selectId = `map-${m.field}`;
            return (
              <tr key={m.field}>
                <th scope="row">
                  <label htmlFor={selectId}>{fieldLabel(t, m.field)}</label>
                </th>
                <td>
                  <select id={selectId} value={map[m.field] ?? m.column} onChange={(e) => onMapping(m.field, e.target.value)} data-field={m.field}>
                    <option value="">{t('import.notMapped')}</option>
                    {columns.map((c) => (
                      <option key={c.column} value={c.column}>
                        {c.column} — {c.header}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <Confidence value={m.confidence} />
                </td>
                <td>{samples.join(' · ') || '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {report.unmapped.length ? (
        <>
          <h3 style={{ marginBlockStart: 16 }}>{t('import.unmapped')}</h3>
          <ul>
            {report.unmapped.map((c) => (
              <li key={c.column}>
                <span className="mono">{c.column}</span> {c.header}: {c.samples.slice(0, 3).join(' · ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <ImportNotes notes={report.notes} />
    </section>
  );
}

/** The row errors (the first 200), in a scrollable region. */
function RowErrors({ errors }: { errors: ImportReport['errors'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!errors.length) return <p>{t('import.noErrors')}</p>;
  return (
    <div role="region" aria-label={t('import.rowErrors')} tabIndex={0} style={{ maxBlockSize: 260, overflow: 'auto' }}>
      <table className="simple" data-testid="row-errors">
        <caption className="visually-hidden">{t('import.rowErrors')}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">{t('import.row')}</th>
            <th scope="col">{t('import.column')}</th>
            <th scope="col">{t('import.field')}</th>
            <th scope="col">{t('import.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {errors.slice(0, 200).map((e, i) => (
            <tr key={i}>
              <td className="num">{f.number(e.row)}</td>
              <td className="mono">{e.column}</td>
              <td>{fieldLabel(t, e.field)}</td>
              <td>{rowErrorText(t, f, e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The first rows as they would be stored, one column per mapped field. */
function PreviewTable({ kind, report }: { kind: ImportKind; report: ImportReport }) {
  const { t } = useTranslation();
  if (!report.preview.length) return null;
  return (
    <>
      <h3 style={{ marginBlockStart: 16 }}>{t('import.previewTitle')}</h3>
      <div role="region" aria-label={t('import.previewTitle')} tabIndex={0} style={{ overflow: 'auto' }}>
        <table className="simple">
          <thead>
            <tr>
              {report.mapping.map((m) => (
                <th key={m.field} scope="col">{fieldLabel(t, m.field)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.preview.slice(0, MAX_PREVIEW_ROWS).map((row, i) => (
              <tr key={i}>
                {report.mapping.map((m) => (
                  <td key={m.field}>{previewCell(t, kind, row, m.field)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Step 2b: valid and invalid rows, each row error, the preview, and the all-or-nothing commit. */
function RowsStep({ kind, report, busy, onCommit }: { kind: ImportKind; report: ImportReport; busy: Busy; onCommit: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section className="card" aria-labelledby="import-rows-title">
      <header>
        <h2 id="import-rows-title">{t('import.rowsTitle')}</h2>
        <div className="actions">
          <span className="badge ok">{t('import.validRows', { n: f.number(report.valid) })}</span>
          <span className={report.invalid ? 'badge bad' : 'badge'}>{t('import.invalidRows', { n: f.number(report.invalid) })}</span>
        </div>
      </header>
      <RowErrors errors={report.errors} />
      <PreviewTable kind={kind} report={report} />
      <div className="form-actions">
        <button type="button" className="primary" disabled={Boolean(busy) || report.valid === 0 || report.invalid > 0} onClick={onCommit} data-testid="import-commit">
          {t('import.commit', { count: report.valid, n: f.number(report.valid) })}
        </button>
        {report.invalid > 0 ? <span role="note">{t('import.fixFirst')}</span> : null}
      </div>
    </section>
  );
}

/** Where to go after an import of this kind: the list it filled, or batch generation for orders. */
const AFTER_IMPORT: Record<ImportKind, { route: ScreenId; label: string }> = {
  products: { route: 'products', label: k('import.goList') },
  customers: { route: 'customers', label: k('import.goList') },
  orders: { route: 'generate', label: k('import.goGenerate') },
};

/** Step 3: what was written, and where to go next. */
function DoneStep({ kind, result, onAnother }: { kind: ImportKind; result: ImportReport; onAnother: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const app = useApp();
  const next = AFTER_IMPORT[kind];
  return (
    <section className="card" aria-labelledby="import-done-title">
      <h2 id="import-done-title">{t('import.doneTitle')}</h2>
      <p role="status" data-testid="import-result">{t('import.committed', { created: f.number(result.created), updated: f.number(result.updated) })}</p>
      <div className="form-actions">
        <button type="button" className="primary" onClick={() => app.navigate(next.route)}>
          {t(next.label)}
        </button>
        <button type="button" onClick={onAnother}>
          {t('import.another')}
        </button>
      </div>
    </section>
  );
}

function Wizard({ business }: { business: BusinessView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const app = useApp();
  const { notify, announce } = useAnnouncer();
  const dropped = useDroppedFile();
  const [file, setFile] = useState<File>();
  const [kind, setKind] = useState<ImportKind>((app.route.params?.kind as ImportKind | undefined) ?? 'products');
  const [map, setMap] = useState<Record<string, string>>({});
  const [sheet, setSheet] = useState<string>();
  const [report, setReport] = useState<ImportReport>();
  const [result, setResult] = useState<ImportReport>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<Busy>();
  const [progress, setProgress] = useState<EventPayload<'import.progress'>>();
  const inputRef = useRef<HTMLInputElement>(null);

  /** A new file (chosen or dropped): its kind guessed from the name, mapping and result cleared. */
  const takeFile = (next: File) => {
    const guessed = guessKind(next.name);
    if (guessed) setKind(guessed);
    setFile(next);
    setMap({});
    setResult(undefined);
  };

  // A file dropped anywhere on the window arrives here.
  useEffect(() => {
    if (dropped.file) {
      const next = dropped.file;
      dropped.setFile(undefined);
      takeFile(next);
      setSheet(undefined);
    }
  }, [dropped]);

  useEffect(() => subscribe('import.progress', (p) => {
    if (p.businessId === business.id) setProgress(p);
  }), [business.id]);

  const runPreview = async (nextMap = map, nextSheet = sheet) => {
    if (!file) return;
    setBusy('preview');
    setError(undefined);
    try {
      const content = await fileToBase64(file);
      const rep = await call('imports.preview', {
        businessId: business.id, kind, fileName: file.name, content, ...(nextSheet ? { sheet: nextSheet } : {}), ...(Object.keys(nextMap).length ? { map: nextMap } : {}),
      });
      setReport(rep);
      announce(t('import.previewReady', { valid: f.number(rep.valid), invalid: f.number(rep.invalid) }));
    } catch (err) {
      setReport(undefined);
      setError(err);
    } finally {
      setBusy(undefined);
    }
  };

  useEffect(() => {
    if (file) void runPreview({}, undefined);
    // re-preview only when the file or the kind changes; mapping changes call runPreview directly
  }, [file, kind]);

  const commit = async () => {
    if (!file || !report) return;
    setBusy('commit');
    setError(undefined);
    try {
      const content = await fileToBase64(file);
      const rep = await call('imports.commit', {
        businessId: business.id, kind, fileName: file.name, content, ...(sheet ? { sheet } : {}), ...(Object.keys(map).length ? { map } : {}),
      });
      setResult(rep);
      notify(t('import.committed', { created: f.number(rep.created), updated: f.number(rep.updated) }), 'success');
    } catch (err) {
      setError(err);
      notify(t('import.commitFailed'), 'error');
    } finally {
      setBusy(undefined);
    }
  };

  const changeMapping = (field: string, column: string) => {
    const next = { ...map, [field]: column };
    setMap(next);
    void runPreview(next);
  };

  const changeKind = (next: ImportKind) => {
    setKind(next);
    setMap({});
    setResult(undefined);
  };

  const changeSheet = (next: string) => {
    setSheet(next);
    setMap({});
    void runPreview({}, next);
  };

  const reset = () => {
    setFile(undefined);
    setReport(undefined);
    setResult(undefined);
    setError(undefined);
    setMap({});
    setSheet(undefined);
    if (inputRef.current) inputRef.current.value = '';
  };

  const step = result ? 3 : report ? 2 : 1;
  const missing = missingColumns(error);
  return (
    <>
      <Steps step={step} />
      <FileStep kind={kind} file={file} inputRef={inputRef} onKind={changeKind} onFile={takeFile} onReset={reset} />
      {missing ? <MissingColumns missing={missing} onChoose={changeMapping} /> : <ErrorAlert error={error} />}
      <BusyIndicator busy={busy} progress={progress} />
      {report && !result ? (
        <>
          <MappingStep kind={kind} report={report} map={map} sheet={sheet} onSheet={changeSheet} onMapping={changeMapping} />
          <RowsStep kind={kind} report={report} busy={busy} onCommit={() => void commit()} />
        </>
      ) : null}
      {result ? <DoneStep kind={kind} result={result} onAnother={reset} /> : null}
      {!file && !report && !result ? <Empty title={t('import.emptyTitle')}>{t('import.emptyHint')}</Empty> : null}
    </>
  );
}

export function ImportScreen() {
  const { t } = useTranslation();
  return (
    <Screen testId="import" title={t('import.title')} subtitle={t('import.subtitle')}>
      <WithBusiness>{(business) => <Wizard key={business.id} business={business} />}</WithBusiness>
    </Screen>
  );
}
