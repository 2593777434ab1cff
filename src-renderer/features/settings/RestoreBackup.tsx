// Restore from a backup: the confirmation verifies the backup first and shows what it holds, says
// that the current data moves aside (where) and that nothing is deleted; restoring closes the data
// folder, restores and reopens it (backup.restore), then the page reloads and RestoredNotice (in the
// app shell, above whichever screen the app opens on) says what happened, carried across the reload
// in sessionStorage.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../app/backend.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { ErrorAlert, Loading } from '../../components/States.js';
import { useFormat } from '../../i18n/format.js';
import { isIpcError } from '../../ipc/client.js';
import type { Input, Output } from '../../../src-shared/ipc/contract.js';
import { CheckFacts } from './BackupFacts.js';

const RESTORED_KEY = 'ledgerflow.restored';

type Restored = Output<'backup.restore'>;

/** The problems a refused restore names (a backup that does not verify). */
function problemsOf(error: unknown): string[] {
  if (!isIpcError(error)) return [];
  const problems = error.details.problems;
  return Array.isArray(problems) ? problems.filter((p): p is string => typeof p === 'string') : [];
}

function RefusedRestore({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const problems = problemsOf(error);
  const restoring = isIpcError(error) && error.code === 'RESTORING';
  return (
    <div data-testid="restore-refused">
      <p className="alert error" role="alert">
        <strong>{restoring ? t('errors.RESTORING') : problems.length ? t('backupRestore.refusedBad') : t('backupRestore.failed')}</strong>
      </p>
      {problems.length ? (
        <ul className="problems" dir="auto">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : (
        <ErrorAlert error={error} />
      )}
    </div>
  );
}

function useVerification(file: Input<'backup.verify'>) {
  const [check, setCheck] = useState<Output<'backup.verify'>>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let live = true;
    call('backup.verify', file).then((c) => live && setCheck(c), (e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [file]);
  return { check, error };
}

/** What restoring the verified backup does (the current data moves aside), or that it cannot. */
function RestoreWarning({ check }: { check: Output<'backup.verify'> }) {
  const { t } = useTranslation();
  if (!check.ok) {
    return (
      <p className="alert error" role="alert" data-testid="restore-not-verified">
        <strong>{t('backupRestore.refusedBad')}</strong>
      </p>
    );
  }
  return (
    <div id="restore-warning" data-testid="restore-warning">
      <p>
        <strong>{t('backupRestore.aside', { dataDir: check.dataDir })}</strong>
      </p>
      <p>{t('backupRestore.numbering')}</p>
      <p>{t('backupRestore.reload')}</p>
    </div>
  );
}

export function RestoreDialog({ file, onClose }: { file: Input<'backup.restore'>; onClose: () => void }) {
  const { t } = useTranslation();
  const { notify } = useAnnouncer();
  const ref = useRef<HTMLDialogElement>(null);
  const { check, error: verifyError } = useVerification(file);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const restore = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const result = await call('backup.restore', file);
      sessionStorage.setItem(RESTORED_KEY, JSON.stringify(result));
      // The data folder is a different one now: start the page again on it.
      window.location.reload();
    } catch (error) {
      setFailure(error);
      notify(t('backupRestore.failed'), 'error');
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="wide-dialog" aria-labelledby="restore-title" onClose={() => (busy ? undefined : onClose())} onCancel={(e) => busy && e.preventDefault()} data-testid="restore-dialog">
      <h2 id="restore-title">{t('backupRestore.title')}</h2>
      <p className="mono" dir="ltr">{check?.file ?? file.name ?? file.path}</p>
      {!check && !verifyError ? <Loading label={t('backupRestore.verifying')} /> : null}
      <ErrorAlert error={verifyError} />
      {check ? <CheckFacts result={check} /> : null}
      {check ? <RestoreWarning check={check} /> : null}
      <RefusedRestore error={failure} />
      <div className="form-actions">
        <button type="button" disabled={busy} onClick={() => ref.current?.close()}>
          {t('common.cancel')}
        </button>
        <button type="button" className="primary" disabled={busy || !check?.ok} aria-busy={busy} aria-describedby={check?.ok ? "restore-warning" : undefined} onClick={() => void restore()} data-testid="restore-confirm">
          {busy ? t('backupRestore.running') : t('backupRestore.confirm')}
        </button>
      </div>
    </dialog>
  );
}

/**
 * What the restore before this page load left for the notice (read and removed once per page load,
 * so the notice shows once, wherever the app lands after the reload).
 */
let carried: Restored | null | undefined;
function takeRestored(): Restored | undefined {
  if (carried === undefined) {
    const saved = sessionStorage.getItem(RESTORED_KEY);
    sessionStorage.removeItem(RESTORED_KEY);
    try {
      carried = saved ? (JSON.parse(saved) as Restored) : null;
    } catch {
      carried = null;
    }
  }
  return carried ?? undefined;
}

/**
 * After the reload that follows a restore, above every screen: what was restored (from which
 * backup), where the old data is, which series skipped numbers. Shown until dismissed.
 */
export function RestoredNotice() {
  const { t } = useTranslation();
  const f = useFormat();
  const [restored, setRestored] = useState<Restored | undefined>(takeRestored);
  if (!restored) return null;
  return (
    <div className="alert success restored-notice" role="status" data-testid="restore-done">
      <p>
        <strong>{t('backupRestore.done', { invoices: f.number(restored.invoices), documents: f.number(restored.documents), file: restored.from })}</strong>
      </p>
      {restored.aside ? <p>{t('backupRestore.doneAside', { aside: restored.aside })}</p> : null}
      {restored.skipped.map((s) => (
        <p key={`${s.seriesCode}/${s.fiscalYear}`}>{t('backupRestore.doneSkipped', { series: s.seriesCode, fiscalYear: s.fiscalYear, from: f.number(s.from), to: f.number(s.to) })}</p>
      ))}
      {restored.warnings.map((w) => (
        <p key={w} dir="auto">{w}</p>
      ))}
      <button type="button" onClick={() => setRestored(undefined)} data-testid="restore-done-dismiss">
        {t('backupRestore.dismiss')}
      </button>
    </div>
  );
}
