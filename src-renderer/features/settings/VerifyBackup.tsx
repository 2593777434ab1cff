// Verify a backup file before trusting it: the same checks restore makes first (manifest hashes,
// database integrity, audit chain, numbering), the data folder untouched; says what it holds.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../app/backend.js';
import { files } from '../../ipc/client.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { ErrorAlert } from '../../components/States.js';
import { useFormat } from '../../i18n/format.js';
import type { Output } from '../../../src-shared/ipc/contract.js';

export function VerifyBackup() {
  const { t } = useTranslation();
  const f = useFormat();
  const { notify } = useAnnouncer();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<Output<'backup.verify'>>();

  const choose = async () => {
    const chosen = await files.openFile({ filters: [{ name: 'LedgerFlow backup', extensions: ['tar', 'gz', 'sqlite'] }] });
    if (chosen) setPath(chosen.path);
  };

  const verify = async () => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const checked = await call('backup.verify', { path: path.trim() });
      setResult(checked);
      notify(checked.ok ? t('backupVerify.ok') : t('backupVerify.bad', { count: checked.problems.length, n: f.number(checked.problems.length) }), checked.ok ? 'success' : 'error');
    } catch (err) {
      setError(err);
      notify(t('backupVerify.failed'), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="verify-backup-title" data-testid="verify-backup">
      <h2 id="verify-backup-title">{t('backupVerify.title')}</h2>
      <p className="muted">{t('backupVerify.hint')}</p>
      <div className="filters">
        <div className="field">
          <label htmlFor="verify-backup-path">{t('backupVerify.file')}</label>
          <input id="verify-backup-path" className="mono" dir="ltr" value={path} onChange={(e) => setPath(e.target.value)} data-testid="verify-backup-path" />
        </div>
        {files.available ? (
          <button type="button" onClick={() => void choose()}>
            {t('backupVerify.choose')}
          </button>
        ) : null}
        <button type="button" className="primary" disabled={busy || !path.trim()} aria-busy={busy} onClick={() => void verify()} data-testid="verify-backup-run">
          {busy ? t('backupVerify.running') : t('backupVerify.run')}
        </button>
      </div>
      <ErrorAlert error={error} />
      {result ? (
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
          {result.problems.length ? (
            <ul className="problems" dir="auto">
              {result.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
