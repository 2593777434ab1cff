// What verifying a backup found (backup.verify): shown under Settings → Backups and in the restore
// confirmation, so the user sees what they are about to restore.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.js';
import type { Output } from '../../../src-shared/ipc/contract.js';

type Check = Output<'backup.verify'>;

/** What a verification found: the badge, the facts, the last number per series, the problems. */
export function CheckFacts({ result }: { result: Check }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div data-testid="verify-backup-result">
      <p>{result.ok ? <span className="badge ok">{t('backupVerify.ok')}</span> : <span className="badge bad">{t('backupVerify.bad', { count: result.problems.length, n: f.number(result.problems.length) })}</span>}</p>
      <dl className="facts">
        {result.createdAt ? (
          <>
            <dt>{t('backupVerify.createdAt')}</dt>
            <dd>{f.dateTime(result.createdAt)}</dd>
          </>
        ) : null}
        <dt>{t('backupVerify.businesses')}</dt>
        <dd>{f.number(result.businesses)}</dd>
        <dt>{t('backupVerify.invoices')}</dt>
        <dd data-testid="verify-backup-invoices">{f.number(result.invoices)}</dd>
        <dt>{t('backupVerify.documents')}</dt>
        <dd>{f.number(result.documents)}</dd>
        <dt>{t('backupVerify.auditEntries')}</dt>
        <dd>{f.number(result.auditEntries)}</dd>
      </dl>
      {result.series.length ? (
        <>
          <h3>{t('backupVerify.series')}</h3>
          <ul data-testid="verify-backup-series">
            {result.series.map((s) => (
              <li key={`${s.business}/${s.seriesCode}/${s.fiscalYear}`}>
                {t('backupVerify.seriesLine', { business: s.business, series: s.seriesCode, fiscalYear: s.fiscalYear })} <bdi className="mono">{s.lastNumber ?? f.number(s.lastSeq)}</bdi>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {result.problems.length ? (
        <ul className="problems" dir="auto">
          {result.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
