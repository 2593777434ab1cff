// Exports: write a batch's ZIP (PDFs, manifest, checksums, register) to a chosen place, with
// progress, then open its folder. The desktop app asks with a native save dialog; the browser
// preview lets the backend pick its exports folder, or download the bytes.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context.js';
import { call, subscribe } from '../../app/backend.js';
import { files } from '../../ipc/client.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { Screen, WithBusiness } from '../../components/Screen.js';
import { ErrorAlert, Loading } from '../../components/States.js';
import { useAsync } from '../../components/useAsync.js';
import { useFormat } from '../../i18n/format.js';
import type { BusinessView, ExportView } from '../../../src-shared/ipc/models.js';
import type { EventPayload } from '../../../src-shared/ipc/events.js';
import { FileExports, lastMonth, toPeriod } from '../gst/GstScreen.js';

type ExportReply = ExportView;

/** Writes the export (to `dest`, or where the backend chooses), keeping its progress and reply. */
function useExport(business: BusinessView) {
  const { t } = useTranslation();
  const { notify } = useAnnouncer();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<EventPayload<'batch.progress'>>();
  const [reply, setReply] = useState<ExportReply>();
  const [download, setDownload] = useState<string>();
  const [error, setError] = useState<unknown>();

  useEffect(() => subscribe('batch.progress', (p) => {
    if (p.businessId === business.id && p.phase === 'exporting') setProgress(p);
  }), [business.id]);

  useEffect(() => () => {
    if (download) URL.revokeObjectURL(download);
  }, [download]);

  const run = async (batchId: string, dest: string) => {
    setBusy(true);
    setError(undefined);
    setReply(undefined);
    setProgress(undefined);
    try {
      const result = await call('exports.create', { businessId: business.id, batchId, ...(dest ? { out: dest } : {}) });
      setReply(result);
      if (result.base64) {
        const bytes = Uint8Array.from(atob(result.base64), (c) => c.charCodeAt(0));
        setDownload(URL.createObjectURL(new Blob([bytes], { type: 'application/zip' })));
      }
      notify(t('exports.done'), 'success');
    } catch (err) {
      setError(err);
      notify(t('exports.failed'), 'error');
    } finally {
      setBusy(false);
    }
  };
  return { busy, progress, reply, download, error, run };
}

/** The batches of the business to choose from, or (none listed) a field for a batch id. */
function BatchPicker({ business, batchId, onChange }: { business: BusinessView; batchId: string; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const batches = useAsync(async () => (await call('batches.list', { businessId: business.id, limit: 50 })).items, [business.id]);
  if (batches.loading) return <Loading />;
  if (!batches.value?.length) {
    return <input id="export-batch" className="mono" dir="ltr" value={batchId} onChange={(e) => onChange(e.target.value.trim())} placeholder={t('exports.batchIdPlaceholder')} />;
  }
  return (
    <select id="export-batch" value={batchId} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('exports.chooseBatch')}</option>
      {batches.value.map((b) => (
        <option key={b.id} value={b.id}>
          {f.dateTime(b.createdAt)} · {t('exports.invoiceCount', { count: b.created, n: f.number(b.created) })}
        </option>
      ))}
    </select>
  );
}

function ExportProgress({ progress }: { progress: EventPayload<'batch.progress'> | undefined }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="export-progress-title">
      <h2 id="export-progress-title">{t('exports.progressTitle')}</h2>
      {progress ? <ProgressBar label={t('exports.writing')} done={progress.done} total={progress.total} /> : <Loading label={t('exports.writing')} />}
    </section>
  );
}

function ExportResult({ reply, download }: { reply: ExportReply; download: string | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section className="card" aria-labelledby="export-done-title" data-testid="export-result">
      <h2 id="export-done-title">{t('exports.doneTitle')}</h2>
      <dl className="facts">
        {reply.path ? (
          <>
            <dt>{t('exports.file')}</dt>
            <dd className="mono" dir="ltr">{reply.path}</dd>
          </>
        ) : null}
        {reply.bytes !== undefined ? (
          <>
            <dt>{t('exports.size')}</dt>
            <dd>{t('exports.kilobytes', { n: f.number(Math.ceil(reply.bytes / 1024)) })}</dd>
          </>
        ) : null}
        {reply.sha256 ? (
          <>
            <dt>SHA-256</dt>
            <dd className="mono" dir="ltr">{reply.sha256}</dd>
          </>
        ) : null}
      </dl>
      <div className="form-actions">
        {download ? (
          <a className="button" href={download} download={reply.fileName ?? 'ledgerflow-export.zip'}>
            {t('exports.download')}
          </a>
        ) : null}
      </div>
    </section>
  );
}

function Exporter({ business }: { business: BusinessView }) {
  const { t } = useTranslation();
  const app = useApp();
  const [batchId, setBatchId] = useState(app.route.params?.batchId ?? '');
  const [dest, setDest] = useState('');
  const exp = useExport(business);

  const chooseDest = async () => {
    const chosen = await files.saveFile({ defaultName: `${business.name.replace(/[^\w-]+/g, '-')}-${batchId.slice(0, 8)}.zip`, filters: [{ name: 'ZIP', extensions: ['zip'] }] });
    if (chosen) setDest(chosen.path);
  };

  return (
    <>
      <section className="card" aria-labelledby="export-form-title">
        <h2 id="export-form-title">{t('exports.formTitle')}</h2>
        <div className="filters">
          <div className="field">
            <label htmlFor="export-batch">{t('exports.batch')}</label>
            <BatchPicker business={business} batchId={batchId} onChange={setBatchId} />
          </div>
          <div className="field">
            <span>{t('exports.destination')}</span>
            <span className={dest ? 'mono' : undefined} dir="auto" data-testid="export-dest">{dest || t('exports.destinationDefault')}</span>
          </div>
          {files.available ? (
            <button type="button" onClick={() => void chooseDest()}>
              {t('exports.choose')}
            </button>
          ) : null}
          <button type="button" className="primary" disabled={exp.busy || !batchId} onClick={() => void exp.run(batchId, dest)} data-testid="export-run">
            {exp.busy ? t('exports.running') : t('exports.run')}
          </button>
        </div>
      </section>
      {exp.busy ? <ExportProgress progress={exp.progress} /> : null}
      <ErrorAlert error={exp.error} />
      {business.taxRegime === 'gst-in' ? <GstReturnExport business={business} /> : null}
      {exp.reply ? <ExportResult reply={exp.reply} download={exp.download} /> : null}
    </>
  );
}

/** GSTR-1 and e-invoice JSON of a month, written by the GST workspace's own file buttons. */
function GstReturnExport({ business }: { business: BusinessView }) {
  const { t } = useTranslation();
  const app = useApp();
  const [month, setMonth] = useState(lastMonth);
  const period = /^\d{4}-\d{2}$/.test(month) ? toPeriod(month) : '';
  return (
    <>
      <section className="card" aria-labelledby="export-gst-title">
        <h2 id="export-gst-title">{t('exports.gstTitle')}</h2>
        <p className="muted">{t('exports.gstHint')}</p>
        <div className="filters">
          <div className="field">
            <label htmlFor="export-gst-period">{t('gst.period')}</label>
            <input id="export-gst-period" type="month" value={month} onChange={(e) => setMonth(e.target.value)} data-testid="export-gst-period" />
          </div>
          <button type="button" onClick={() => app.navigate('gst', period ? { period } : undefined)} data-testid="export-open-gst">
            {t('exports.gstOpen')}
          </button>
        </div>
      </section>
      {period ? <FileExports key={period} business={business} period={period} /> : null}
    </>
  );
}

export function ExportsScreen() {
  const { t } = useTranslation();
  return (
    <Screen testId="exports" title={t('exports.title')} subtitle={t('exports.subtitle')}>
      <WithBusiness>{(business) => <Exporter key={business.id} business={business} />}</WithBusiness>
    </Screen>
  );
}
