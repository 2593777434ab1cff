// Home: today's figures for the open business, recent batches, and the health of the data
// (audit chain, plugin failures, numbering) — each card loads, fails and empties on its own.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context.js';
import { call } from '../../app/backend.js';
import { useAsync, type AsyncState } from '../../components/useAsync.js';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { Empty, ErrorState, Loading } from '../../components/States.js';
import { Screen } from '../../components/Screen.js';
import { useFormat } from '../../i18n/format.js';
import type { BatchSummary, BusinessView } from '../../../src-shared/ipc/models.js';
import { k } from '../../i18n/keys.js';
import { BatchRecoveryDialog, type RecoveryAction } from './BatchRecoveryDialog.js';

export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Sales net of credit notes, voided invoices left out: computed by the backend over every invoice. */
function figures(businessId: string, from: string, to: string) {
  return call('invoices.figures', { businessId, from, to });
}

function FiguresCard({ business }: { business: BusinessView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const today = todayIso();
  const monthStart = `${today.slice(0, 8)}01`;
  const state = useAsync(
    async () => ({ today: await figures(business.id, today, today), month: await figures(business.id, monthStart, today) }),
    [business.id, today],
  );
  const rows = state.value
    ? ([
        ['today', t('home.today', { date: f.date(today) }), state.value.today],
        ['month', t('home.thisMonth'), state.value.month],
      ] as const)
    : [];
  return (
    <section className="card" aria-labelledby="today-title">
      <h2 id="today-title">{t('home.figures')}</h2>
      {state.loading ? (
        <Loading />
      ) : state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : (
        <table className="simple">
          <thead>
            <tr>
              <th scope="col">{t('home.period')}</th>
              <th scope="col" className="num">{t('home.invoicesIssued')}</th>
              <th scope="col" className="num">{t('home.creditNotes')}</th>
              <th scope="col" className="num">{t('home.sales')}</th>
              <th scope="col" className="num">{t('home.taxCollected')}</th>
              <th scope="col" className="num">{t('home.voided')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([key, label, v]) => (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td className="num" data-testid={`${key}-count`}>{f.number(v.invoices)}</td>
                <td className="num" data-testid={`${key}-credit-notes`}>{f.number(v.creditNotes)}</td>
                <td className="num" data-testid={`${key}-sales`}>{f.money(v.sales, business.currency)}</td>
                <td className="num">{f.money(v.tax, business.currency)}</td>
                <td className="num">{f.number(v.voided)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

type BatchRow = BatchSummary;

export const BATCH_STATUS_KEYS: Record<string, string> = {
  running: k('batchStatus.running'),
  completed: k('batchStatus.completed'),
  completed_with_errors: k('batchStatus.completed_with_errors'),
  failed: k('batchStatus.failed'),
  cancelled: k('batchStatus.cancelled'),
};

function RecentBatches({ business }: { business: BusinessView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const app = useApp();
  const state = useAsync(() => call('batches.list', { businessId: business.id, limit: 5 }), [business.id]);
  const [recovering, setRecovering] = useState<{ batch: BatchRow; action: RecoveryAction }>();
  // A stale batch (its process is gone) is resumed; one that ended with failures is retried.
  const recoveryOf = (b: BatchRow): RecoveryAction | null =>
    b.stale ? 'resume' : b.status === 'failed' || b.status === 'completed_with_errors' || (b.status !== 'running' && b.status !== 'cancelled' && b.failed > 0) ? 'retry' : null;
  return (
    <section className="card" aria-labelledby="batches-title">
      <header>
        <h2 id="batches-title">{t('home.recentBatches')}</h2>
        <button type="button" onClick={() => app.navigate('generate')} title="Ctrl+G" aria-keyshortcuts="Control+G">
          {t('home.newBatch')} <kbd dir="ltr">Ctrl+G</kbd>
        </button>
      </header>
      {state.loading ? (
        <Loading />
      ) : state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : !state.value?.items.length ? (
        <Empty title={t('home.noBatches')}>{t('home.noBatchesHint')}</Empty>
      ) : (
        <table className="simple">
          <thead>
            <tr>
              <th scope="col">{t('home.batchDate')}</th>
              <th scope="col">{t('home.batchStatus')}</th>
              <th scope="col" className="num">{t('home.batchCreated')}</th>
              <th scope="col" className="num">{t('home.batchFailed')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('home.openBatch')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.value.items.map((b) => (
              <tr key={b.id}>
                <td>{f.dateTime(b.createdAt)}</td>
                <td>
                  {b.stale ? (
                    <span className="badge bad" data-testid="batch-stale">{t('recovery.stale')}</span>
                  ) : (
                    <span className={b.status === 'completed' ? 'badge ok' : b.status === 'running' ? 'badge info' : 'badge bad'}>{t(BATCH_STATUS_KEYS[b.status] ?? 'batchStatus.failed')}</span>
                  )}
                </td>
                <td className="num">{f.number(b.created)}</td>
                <td className="num">{f.number(b.failed)}</td>
                <td>
                  <button type="button" onClick={() => app.navigate('invoices', { batchId: b.id })} aria-label={t('home.openBatchNamed', { date: f.dateTime(b.createdAt) })}>
                    {t('home.openBatch')}
                  </button>
                  {(() => {
                    const action = recoveryOf(b);
                    if (!action) return null;
                    const date = f.dateTime(b.createdAt);
                    return (
                      <button type="button" onClick={() => setRecovering({ batch: b, action })} aria-label={action === 'resume' ? t('recovery.resumeNamed', { date }) : t('recovery.retryNamed', { date })} data-testid={`batch-${action}`}>
                        {action === 'resume' ? t('recovery.resume') : t('recovery.retry')}
                      </button>
                    );
                  })()}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {recovering ? (
        <BatchRecoveryDialog
          key={recovering.batch.id}
          batch={recovering.batch}
          action={recovering.action}
          onClose={() => setRecovering(undefined)}
          onDone={() => {
            setRecovering(undefined);
            state.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function AuditBadge({ audit }: { audit: AsyncState<Output<'audit.verify'>> }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (audit.loading) return t('common.loading');
  if (audit.error) return <span className="badge bad">{t('audit.unknown')}</span>;
  if (audit.value?.ok) return <span className="badge ok">{t('audit.intact', { n: f.number(audit.value.entries) })}</span>;
  return <span className="badge bad">{t('audit.broken', { seq: audit.value?.firstBroken?.seq ?? '?' })}</span>;
}

function PluginsBadge() {
  const { t } = useTranslation();
  const f = useFormat();
  const app = useApp();
  if (!app.info) return t('common.loading');
  const pluginErrors = app.info.pluginErrors ?? [];
  if (pluginErrors.length === 0) return <span className="badge ok">{t('home.pluginsOk', { n: f.number(app.info.plugins.length) })}</span>;
  return <span className="badge bad">{t('home.pluginsFailed', { n: f.number(pluginErrors.length), ids: pluginErrors.map((p) => p.id).join(', ') })}</span>;
}

function HealthCard() {
  const { t } = useTranslation();
  const f = useFormat();
  const app = useApp();
  const audit = useAsync(() => call('audit.verify', {}), []);
  const last = useAsync(() => call('backup.last', {}), []);
  const [backingUp, setBackingUp] = useState(false);
  const [backupError, setBackupError] = useState<string | null>(null);
  const backUpNow = async () => {
    setBackingUp(true);
    setBackupError(null);
    try {
      await call('backup.now', {});
      last.reload();
    } catch (error) {
      setBackupError((error as Error).message);
    } finally {
      setBackingUp(false);
    }
  };
  return (
    <section className="card" aria-labelledby="health-title">
      <header>
        <h2 id="health-title">{t('home.health')}</h2>
        <button type="button" onClick={() => app.navigate('audit')}>
          {t('home.openAudit')}
        </button>
      </header>
      <dl className="facts">
        <dt>{t('home.auditChain')}</dt>
        <dd data-testid="home-audit">
          <AuditBadge audit={audit} />
        </dd>
        <dt>{t('home.plugins')}</dt>
        <dd>
          <PluginsBadge />
        </dd>
        <dt>{t('home.lastBackup')}</dt>
        <dd data-testid="home-last-backup">
          {last.value ? <time dateTime={last.value.at}>{f.dateTime(last.value.at)}</time> : last.loading ? t('common.loading') : t('home.noBackupInfo')}{' '}
          <button type="button" disabled={backingUp} onClick={() => void backUpNow()}>
            {backingUp ? t('home.backingUp') : t('home.backUpNow')}
          </button>
          {backupError ? <span className="badge bad" role="alert">{backupError}</span> : null}
        </dd>
        <dt>{t('home.dataFolder')}</dt>
        <dd className="mono" dir="ltr">{app.info?.dataDir ?? '—'}</dd>
      </dl>
    </section>
  );
}

export function HomeScreen() {
  const { t } = useTranslation();
  const app = useApp();
  const business = app.business;
  return (
    <Screen
      testId="home"
      title={t('home.title')}
      subtitle={business ? t('home.subtitle', { name: business.name }) : t('home.subtitleNone')}
      actions={
        <>
          <button type="button" onClick={() => app.navigate('import')} title="Ctrl+I" aria-keyshortcuts="Control+I">
            {t('nav.import')} <kbd dir="ltr">Ctrl+I</kbd>
          </button>
          <button type="button" onClick={() => app.navigate('generate')} title="Ctrl+G" aria-keyshortcuts="Control+G">
            {t('home.generateBatch')} <kbd dir="ltr">Ctrl+G</kbd>
          </button>
          <button type="button" className="primary" onClick={() => app.navigate('invoice-editor')} title="Ctrl+N" aria-keyshortcuts="Control+N" data-testid="home-new-invoice">
            {t('home.newInvoice')} <kbd dir="ltr">Ctrl+N</kbd>
          </button>
        </>
      }
    >
      {app.businessesError ? <ErrorState error={app.businessesError} /> : null}
      {app.businesses && app.businesses.length === 0 ? (
        <section className="card">
          <Empty
            title={t('home.welcomeTitle')}
            action={
              <button type="button" className="primary" onClick={() => app.navigate('businesses', { mode: 'new' })} title="Ctrl+Shift+B" aria-keyshortcuts="Control+Shift+B">
                {t('business.create')} <kbd dir="ltr">Ctrl+Shift+B</kbd>
              </button>
            }
          >
            {t('home.welcomeHint')}
          </Empty>
        </section>
      ) : null}
      {business ? (
        <div className="grid cols-2">
          <FiguresCard business={business} />
          <RecentBatches business={business} />
        </div>
      ) : null}
      <HealthCard />
    </Screen>
  );
}
