// Generate: the batch form drawn by RJSF from the shared batch schema (simulation or orders),
// a live progress bar fed by `batch.progress` events with rate and ETA computed here, cancel,
// and the per-invoice failures with retry.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { useApp } from '../../app/context.js';
import { call, subscribe } from '../../app/backend.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { SchemaForm, plainSchema, type FieldText } from '../../components/SchemaForm.js';
import { Screen, WithBusiness } from '../../components/Screen.js';
import { ErrorAlert } from '../../components/States.js';
import { useFormat } from '../../i18n/format.js';
import { OrdersConfig, SimulationConfig } from '../../../src-shared/schemas/batch.js';
import type { BatchReportView as BatchReport } from '../../../src-shared/ipc/models.js';
import type { BusinessView } from '../../../src-shared/ipc/models.js';
import type { EventPayload } from '../../../src-shared/ipc/events.js';
import type { Input, Output } from '../../../src-shared/ipc/contract.js';
import { k } from '../../i18n/keys.js';

type PendingOrders = Output<'orders.pending'>;

type Source = 'simulation' | 'orders';
type Config = Record<string, unknown>;

const FIELDS: Record<string, FieldText> = {
  count: { label: k('generate.fields.count') },
  profile: { label: k('generate.fields.profile'), help: k('generate.fields.profileHelp') },
  seed: { label: k('generate.fields.seed'), help: k('generate.fields.seedHelp') },
  startDate: { label: k('generate.fields.startDate') },
  endDate: { label: k('generate.fields.endDate') },
  b2bShare: { label: k('generate.fields.b2bShare') },
  interStateShare: { label: k('generate.fields.interStateShare') },
  creditNoteShare: { label: k('generate.fields.creditNoteShare') },
  maxLines: { label: k('generate.fields.maxLines') },
  pdf: { label: k('generate.fields.pdf') },
  chunkSize: { label: k('generate.fields.chunkSize') },
};

const PHASE_KEYS: Record<string, string> = {
  queued: k('generate.phase.queued'),
  generating: k('generate.phase.generating'),
  rendering: k('generate.phase.rendering'),
  exporting: k('generate.phase.exporting'),
  done: k('generate.phase.done'),
  failed: k('generate.phase.failed'),
  cancelled: k('generate.phase.cancelled'),
};

interface Live {
  progress: EventPayload<'batch.progress'>;
  startedAt: number;
  rate: number | null;
  eta: number | null;
  /** The PDF stage, kept once it started (the final "done" event carries no PDF counts). */
  pdfs?: { done: number; total: number; rate: number | null; eta: number | null };
}

/** PDFs written out of issued, with a rate and ETA of their own from when the first PDF stage began. */
function pdfStage(p: EventPayload<'batch.progress'>, previous: Live['pdfs'], startedAt: { current: number }): Live['pdfs'] {
  if (p.pdfsTotal === undefined) return previous;
  if (!previous) startedAt.current = Date.now();
  const done = p.pdfsDone ?? 0;
  const elapsed = (Date.now() - startedAt.current) / 1000;
  const rate = elapsed > 0.2 && done > 0 ? done / elapsed : null;
  return { done, total: p.pdfsTotal, rate, eta: rate && p.pdfsTotal > done ? (p.pdfsTotal - done) / rate : null };
}

/** The business's orders not yet invoiced, while the orders source is chosen; `refresh` reads them again. */
function usePendingOrders(source: Source, businessId: string) {
  const [pending, setPending] = useState<PendingOrders>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (source !== 'orders') return;
    let live = true;
    call('orders.pending', { businessId }).then((p) => live && setPending(p), () => live && setPending(undefined));
    return () => {
      live = false;
    };
  }, [source, businessId, tick]);
  return { pending, refresh: () => setTick((n) => n + 1) };
}

/** The form's schema: the chosen source's batch schema without what is chosen outside the form. */
function useBatchSchema(source: Source): RJSFSchema {
  return useMemo(() => {
    const base = plainSchema(source === 'simulation' ? SimulationConfig : OrdersConfig) as RJSFSchema & { properties: Record<string, RJSFSchema>; required?: string[] };
    // The business and the source are chosen outside the form.
    delete base.properties.businessId;
    delete base.properties.source;
    // Over IPC a batch from orders uses the business's imported orders (no file path from the renderer).
    delete base.properties.ordersFile;
    base.required = (base.required ?? []).filter((k) => k !== 'businessId' && k !== 'source');
    delete base.title;
    return base as RJSFSchema;
  }, [source]);
}

function useBatchUiSchema(): UiSchema {
  const { t } = useTranslation();
  return useMemo<UiSchema>(
    () => ({
      profile: { 'ui:widget': 'radio', 'ui:enumNames': [t('generate.profile.basic'), t('generate.profile.realistic'), t('generate.profile.advanced')] },
      startDate: { 'ui:widget': 'date' },
      endDate: { 'ui:widget': 'date' },
      // Shown and typed as percentages; the batch schema (and the CLI) keep the 0..1 share.
      b2bShare: { 'ui:widget': 'percent' },
      interStateShare: { 'ui:widget': 'percent' },
      creditNoteShare: { 'ui:widget': 'percent' },
    }),
    [t],
  );
}

/** Progress as `batch.progress` events say it, with rate and ETA from `start()`; spoken every 5 s at most. */
function useBatchProgress(businessId: string) {
  const { t } = useTranslation();
  const f = useFormat();
  const { announce } = useAnnouncer();
  const [live, setLive] = useState<Live>();
  const startedAt = useRef(0);
  const lastSpoken = useRef(0);
  const pdfsStartedAt = useRef(0);
  useEffect(
    () =>
      subscribe('batch.progress', (p) => {
        if (p.businessId !== businessId) return;
        const elapsed = (Date.now() - startedAt.current) / 1000;
        const rate = elapsed > 0.2 && p.done > 0 ? p.done / elapsed : null;
        const eta = rate && p.total > p.done ? (p.total - p.done) / rate : null;
        setLive((previous) => ({ progress: p, startedAt: startedAt.current, rate, eta, pdfs: pdfStage(p, previous?.progress.batchId === p.batchId ? previous.pdfs : undefined, pdfsStartedAt) }));
        // Speak progress at most every 5 s so a screen reader is not flooded.
        if (Date.now() - lastSpoken.current > 5000 || p.phase === 'done') {
          lastSpoken.current = Date.now();
          announce(p.phase === 'rendering' && p.pdfsTotal !== undefined
            ? t('generate.pdfsSpoken', { done: f.number(p.pdfsDone ?? 0), total: f.number(p.pdfsTotal) })
            : t('generate.progressSpoken', { done: f.number(p.done), total: f.number(p.total) }));
        }
      }),
    [businessId, announce, t, f],
  );
  const start = () => {
    setLive(undefined);
    startedAt.current = Date.now();
  };
  return { live, start };
}

function SourceChoice({ source, onChange, disabled }: { source: Source; onChange: (source: Source) => void; disabled: boolean }) {
  const { t } = useTranslation();
  return (
    <fieldset className="field" style={{ border: 0, padding: 0, margin: '0 0 12px' }}>
      <legend>{t('generate.source')}</legend>
      <div className="actions">
        <label>
          <input type="radio" name="gen-source" value="simulation" checked={source === 'simulation'} onChange={() => onChange('simulation')} disabled={disabled} />{' '}
          {t('generate.sourceSimulation')}
        </label>
        <label>
          <input type="radio" name="gen-source" value="orders" checked={source === 'orders'} onChange={() => onChange('orders')} disabled={disabled} /> {t('generate.sourceOrders')}
        </label>
      </div>
    </fieldset>
  );
}

function PendingOrdersList({ pending }: { pending: PendingOrders }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section aria-labelledby="gen-pending-title" data-testid="pending-orders">
      <h3 id="gen-pending-title">{t('generate.pendingTitle', { n: f.number(pending.count) })}</h3>
      {pending.count === 0 ? (
        <p>{t('generate.pendingNone')}</p>
      ) : (
        <table className="simple">
          <thead>
            <tr>
              <th scope="col">{t('generate.pendingOrder')}</th>
              <th scope="col">{t('generate.pendingDate')}</th>
              <th scope="col">{t('generate.pendingCustomer')}</th>
              <th scope="col">{t('generate.pendingLines')}</th>
            </tr>
          </thead>
          <tbody>
            {pending.orders.map((o, i) => (
              <tr key={`${o.orderId ?? ''}-${i}`}>
                <td dir="ltr">{o.orderId ?? '—'}</td>
                <td>{f.date(o.date)}</td>
                <td>{o.customer ? <bdi>{o.customer}</bdi> : '—'}</td>
                <td>{f.number(o.lines)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** What the chosen source needs said above the form. */
function SourceNotes({ source, business, pending }: { source: Source; business: BusinessView; pending: PendingOrders | undefined }) {
  const { t } = useTranslation();
  if (source === 'simulation') return business.sandbox ? null : <div className="alert info" role="note">{t('generate.sandboxOnly')}</div>;
  return (
    <>
      <p className="field-description">{t('generate.ordersHint')}</p>
      {pending ? <PendingOrdersList pending={pending} /> : null}
    </>
  );
}

function BatchProgress({ live, running, count }: { live: Live | undefined; running: boolean; count: number }) {
  const { t } = useTranslation();
  const p = live?.progress;
  if (!p && !running) return null;
  return (
    <section className="card lead" aria-labelledby="gen-progress-title" data-testid="batch-progress">
      <h2 id="gen-progress-title">{t('generate.progressTitle')}</h2>
      {live && p ? (
        <>
          {live.pdfs ? (
            // Two stages, each its own bar: issuing is finished while PDFs are still being written.
            <>
              <ProgressBar label={t('generate.issuedStage')} done={p.done} total={p.total} failed={p.failed} />
              <ProgressBar label={t('generate.pdfStage')} done={live.pdfs.done} total={live.pdfs.total} rate={live.pdfs.rate} etaSeconds={live.pdfs.eta} testId="pdf-progress" />
            </>
          ) : (
            <ProgressBar label={t(PHASE_KEYS[p.phase] ?? k('generate.phase.generating'))} done={p.done} total={p.total} rate={live.rate} etaSeconds={live.eta} failed={p.failed} />
          )}
          {p.traceId ? <p>{t('generate.traceId')}: <span className="mono" dir="ltr">{p.traceId}</span></p> : null}
        </>
      ) : (
        <ProgressBar label={t('generate.phase.queued')} done={0} total={count} />
      )}
    </section>
  );
}

function BatchFailures({ report, running, onRetry }: { report: BatchReport; running: boolean; onRetry: () => void }) {
  const { t } = useTranslation();
  if (!report.failures.length) return null;
  return (
    <>
      <h3 style={{ marginBlockStart: 16 }}>{t('generate.failures')}</h3>
      <table className="simple">
        <thead>
          <tr>
            <th scope="col">{t('generate.failureSource')}</th>
            <th scope="col">{t('generate.failureMessage')}</th>
          </tr>
        </thead>
        <tbody>
          {report.failures.map((fail, i) => (
            <tr key={i}>
              <td>{fail.source}</td>
              <td>{fail.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-actions">
        <button type="button" onClick={onRetry} disabled={running}>
          {t('generate.retryFailed')}
        </button>
      </div>
    </>
  );
}

function BatchReportCard({ report, running, onRetry }: { report: BatchReport; running: boolean; onRetry: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const app = useApp();
  return (
    <section className="card lead" aria-labelledby="gen-report-title" data-testid="batch-report">
      <header>
        <h2 id="gen-report-title">{t('generate.reportTitle')}</h2>
        <div className="actions">
          <button type="button" className="primary" onClick={() => app.navigate('invoices', { batchId: report.batchId })}>
            {t('generate.openInvoices')}
          </button>
          <button type="button" onClick={() => app.navigate('exports', { batchId: report.batchId })}>
            {t('generate.export')}
          </button>
        </div>
      </header>
      <dl className="facts">
        <dt>{t('generate.created')}</dt>
        <dd data-testid="batch-created">{f.number(report.created)}</dd>
        <dt>{t('generate.failedCount')}</dt>
        <dd>{f.number(report.failed)}</dd>
        {report.alreadyInvoiced ? (
          <>
            <dt>{t('generate.alreadyInvoiced')}</dt>
            <dd data-testid="batch-already">{f.number(report.alreadyInvoiced)}</dd>
          </>
        ) : null}
        <dt>{t('generate.duration')}</dt>
        <dd>{t('progress.seconds', { s: f.number(report.durationMs / 1000, 1) })}</dd>
        <dt>{t('generate.batchId')}</dt>
        <dd className="mono" dir="ltr">{report.batchId}</dd>
      </dl>
      <BatchFailures report={report} running={running} onRetry={onRetry} />
    </section>
  );
}

function Generator({ business }: { business: BusinessView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { notify, announce } = useAnnouncer();
  const [source, setSource] = useState<Source>(business.sandbox ? 'simulation' : 'orders');
  // One form state per source: the orders schema refuses the simulation's fields (count, profile,
  // seed…) as unknown keys, so the mode decides which fields exist, not a filter after the fact.
  const [forms, setForms] = useState<Record<Source, Config>>({ simulation: { count: 50, profile: 'realistic', seed: '1', pdf: true }, orders: { pdf: true } });
  const data = forms[source];
  const setData = (value: Config) => setForms((all) => ({ ...all, [source]: value }));
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<BatchReport>();
  const [error, setError] = useState<unknown>();
  const { pending, refresh } = usePendingOrders(source, business.id);
  const schema = useBatchSchema(source);
  const uiSchema = useBatchUiSchema();
  const { live, start } = useBatchProgress(business.id);

  const run = async (value: Config, retryOf?: string) => {
    setRunning(true);
    setError(undefined);
    setReport(undefined);
    start();
    try {
      // Only the fields of the chosen source's schema (the form keeps the other source's values).
      const fields = Object.keys((schema as { properties?: Record<string, unknown> }).properties ?? {});
      const picked = Object.fromEntries(Object.entries(value).filter(([key, v]) => fields.includes(key) && v !== undefined && v !== ''));
      // The form's values follow the chosen source's schema; the main process validates them again.
      const rep = retryOf
        ? await call('batches.retry', { businessId: business.id, batchId: retryOf })
        : await call('batches.run', { ...picked, source, businessId: business.id } as Input<'batches.run'>);
      setReport(rep);
      notify(
        rep.failed ? t('generate.doneWithErrors', { created: f.number(rep.created), failed: f.number(rep.failed) }) : t('generate.done', { created: f.number(rep.created) }),
        rep.failed ? 'error' : 'success',
      );
    } catch (err) {
      setError(err);
      notify(t('generate.failed'), 'error');
    } finally {
      setRunning(false);
      refresh();
    }
  };

  const cancel = async () => {
    const batchId = live?.progress.batchId;
    if (!batchId) return;
    try {
      await call('batches.cancel', { businessId: business.id, batchId });
      announce(t('generate.cancelling'), true);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <section className="card" aria-labelledby="gen-form-title">
        <h2 id="gen-form-title">{t('generate.formTitle')}</h2>
        <SourceChoice source={source} onChange={setSource} disabled={running} />
        <SourceNotes source={source} business={business} pending={pending} />
        <SchemaForm<Config>
          id="batch"
          schema={schema}
          fields={FIELDS}
          uiSchema={uiSchema}
          formData={data}
          onChange={setData}
          onSubmit={(v) => void run(v)}
          submitLabel={running ? t('generate.running') : t('generate.start')}
          busy={running}
        >
          <button type="button" onClick={() => void cancel()} disabled={!running || !live} className="danger" data-testid="batch-cancel">
            {t('common.cancel')}
          </button>
        </SchemaForm>
      </section>
      <BatchProgress live={live} running={running} count={Number(data.count ?? 0)} />
      <ErrorAlert error={error} />
      {report ? <BatchReportCard report={report} running={running} onRetry={() => void run(data, report.batchId)} /> : null}
    </>
  );
}

export function GenerateScreen() {
  const { t } = useTranslation();
  return (
    <Screen testId="generate" title={t('generate.title')} subtitle={t('generate.subtitle')}>
      <WithBusiness>{(business) => <Generator key={business.id} business={business} />}</WithBusiness>
    </Screen>
  );
}
