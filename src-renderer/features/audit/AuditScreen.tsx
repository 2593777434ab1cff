// Audit: the hash chain's status (verified on demand), and its entries newest first.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../app/backend.js';
import { useApp } from '../../app/context.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { Screen } from '../../components/Screen.js';
import { ErrorState, Loading } from '../../components/States.js';
import { VirtualTable, type Column } from '../../components/VirtualTable.js';
import { useAsync } from '../../components/useAsync.js';
import { useFormat } from '../../i18n/format.js';
import type { AuditEntryView } from '../../../src-shared/ipc/models.js';
import { auditActionLabel, auditEntityLabel } from '../../i18n/audit-actions.js';

export function AuditScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const app = useApp();
  const { announce } = useAnnouncer();
  const [onlyBusiness, setOnlyBusiness] = useState(false);
  const verify = useAsync(async () => {
    const result = await call('audit.verify', {});
    announce(result.ok ? t('audit.intact', { n: f.number(result.entries) }) : t('audit.broken', { seq: result.firstBroken?.seq ?? '?' }));
    return result;
  }, []);
  const columns: Column<AuditEntryView>[] = [
    { id: 'seq', header: t('audit.seq'), width: '80px', numeric: true, render: (e) => f.number(e.seq) },
    { id: 'at', header: t('audit.at'), width: 'minmax(150px, 1fr)', render: (e) => f.dateTime(e.at) },
    { id: 'action', header: t('audit.action'), width: 'minmax(140px, 1fr)', render: (e) => <span title={e.action}>{auditActionLabel(t, e.action)}</span> },
    { id: 'entity', header: t('audit.entity'), width: 'minmax(120px, 1fr)', render: (e) => <span title={e.entity}>{auditEntityLabel(t, e.entity)}</span> },
    { id: 'actor', header: t('audit.actor'), width: '110px', render: (e) => e.actor },
    { id: 'hash', header: t('audit.hash'), width: 'minmax(120px, 1fr)', render: (e) => <span className="mono" dir="ltr" title={e.hash}>{e.hash.slice(0, 12)}…</span> },
  ];
  return (
    <Screen
      testId="audit"
      title={t('audit.title')}
      subtitle={t('audit.subtitle')}
      actions={
        <button type="button" className="primary" onClick={verify.reload} disabled={verify.loading} data-testid="audit-verify">
          {t('audit.verify')}
        </button>
      }
    >
      <section className="card" aria-labelledby="audit-status-title" aria-busy={verify.loading}>
        <h2 id="audit-status-title">{t('audit.status')}</h2>
        {verify.loading ? (
          <Loading label={t('audit.verifying')} />
        ) : verify.error ? (
          <ErrorState error={verify.error} onRetry={verify.reload} />
        ) : verify.value ? (
          <dl className="facts" data-testid="audit-status">
            <dt>{t('audit.chain')}</dt>
            <dd>
              {verify.value.ok ? (
                <span className="badge ok">{t('audit.intact', { n: f.number(verify.value.entries) })}</span>
              ) : (
                <span className="badge bad">{t('audit.broken', { seq: verify.value.firstBroken?.seq ?? '?' })}</span>
              )}
            </dd>
            {verify.value.firstBroken ? (
              <>
                <dt>{t('audit.reason')}</dt>
                <dd>{verify.value.firstBroken.reason}</dd>
              </>
            ) : null}
            <dt>{t('audit.lastHash')}</dt>
            <dd className="mono" dir="ltr">{verify.value.lastHash}</dd>
          </dl>
        ) : null}
      </section>
      <section className="card" aria-labelledby="audit-entries-title">
        <header>
          <h2 id="audit-entries-title">{t('audit.entries')}</h2>
          {app.business ? (
            <label>
              <input type="checkbox" checked={onlyBusiness} onChange={(e) => setOnlyBusiness(e.target.checked)} /> {t('audit.onlyBusiness', { name: app.business.name })}
            </label>
          ) : null}
        </header>
        <VirtualTable<AuditEntryView>
          label={t('audit.entries')}
          columns={columns}
          queryKey={`${onlyBusiness ? (app.business?.id ?? '') : ''}|${verify.value?.entries ?? 0}`}
          rowKey={(e) => e.id}
          fetchPage={(offset, limit) => call('audit.list', { ...(onlyBusiness && app.business ? { businessId: app.business.id } : {}), offset, limit })}
          emptyTitle={t('audit.empty')}
          height={420}
        />
      </section>
    </Screen>
  );
}
