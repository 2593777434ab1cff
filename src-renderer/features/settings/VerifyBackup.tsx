// Settings → Backups: pick a backup (one of the backup folder's files, or in the desktop app any
// file through the native open dialog: docs/ARCHITECTURE.md "Paths from the renderer"), verify it
// the way restore does first (hashes, database, audit chain, numbering) without touching the data,
// and restore it after a confirmation that says where the current data goes. The app closes the
// data folder, restores and reopens it, then the page reloads and the shell says what was restored
// (RestoredNotice).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../app/backend.js';
import { files } from '../../ipc/client.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { ErrorAlert } from '../../components/States.js';
import { useFormat } from '../../i18n/format.js';
import type { Input, Output } from '../../../src-shared/ipc/contract.js';
import { CheckFacts } from './BackupFacts.js';
import { RestoreDialog } from './RestoreBackup.js';

type BackupFile = Input<'backup.verify'>;
type Check = Output<'backup.verify'>;

function sameFile(a: BackupFile | undefined, b: BackupFile | undefined): boolean {
  return a?.name === b?.name && a?.path === b?.path;
}

function useBackupList() {
  const [list, setList] = useState<Output<'backup.list'>>();
  const [error, setError] = useState<unknown>();
  const reload = useCallback(() => {
    call('backup.list', {}).then(setList, setError);
  }, []);
  useEffect(reload, [reload]);
  return { list, error, reload };
}

function FilePicker({ list, chosen, onChoose }: { list: Output<'backup.list'> | undefined; chosen: BackupFile | undefined; onChoose: (file: BackupFile | undefined) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const pickNative = async () => {
    const picked = await files.openFile({ filters: [{ name: 'LedgerFlow backup', extensions: ['tar', 'gz', 'tgz', 'sqlite'] }] });
    if (picked) onChoose({ path: picked.path });
  };
  return (
    <div className="filters">
      <div className="field">
        <label htmlFor="verify-backup-file">{t('backupVerify.file')}</label>
        <select id="verify-backup-file" value={chosen?.name ?? ''} onChange={(e) => onChoose(e.target.value ? { name: e.target.value } : undefined)} data-testid="verify-backup-file">
          <option value="">{chosen?.path ?? t('backupVerify.pick')}</option>
          {list?.files.map((file) => (
            <option key={file.name} value={file.name}>
              {`${file.name} · ${f.dateTime(file.modifiedAt)}`}
            </option>
          ))}
        </select>
      </div>
      {files.available ? (
        <button type="button" onClick={() => void pickNative()}>
          {t('backupVerify.choose')}
        </button>
      ) : null}
    </div>
  );
}

export function VerifyBackup() {
  const { t } = useTranslation();
  const f = useFormat();
  const { notify } = useAnnouncer();
  const { list, error: listError } = useBackupList();
  const [chosen, setChosen] = useState<BackupFile>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<{ file: BackupFile; check: Check }>();
  const [restoring, setRestoring] = useState(false);

  const choose = (file: BackupFile | undefined) => {
    setChosen(file);
    setResult(undefined);
    setError(undefined);
  };

  const verify = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const checked = await call('backup.verify', chosen);
      setResult({ file: chosen, check: checked });
      notify(checked.ok ? t('backupVerify.ok') : t('backupVerify.bad', { count: checked.problems.length, n: f.number(checked.problems.length) }), checked.ok ? 'success' : 'error');
    } catch (err) {
      setError(err);
      notify(t('backupVerify.failed'), 'error');
    } finally {
      setBusy(false);
    }
  };

  const shown = result && sameFile(result.file, chosen) ? result.check : undefined;
  return (
    <section className="card" aria-labelledby="verify-backup-title" data-testid="verify-backup">
      <h2 id="verify-backup-title">{t('backupVerify.title')}</h2>
      <p className="muted">{t('backupVerify.hint')}</p>
      {list ? <p className="muted" data-testid="verify-backup-folder">{list.files.length ? t('backupVerify.folder', { folder: list.folder }) : t('backupVerify.none', { folder: list.folder })}</p> : null}
      <ErrorAlert error={listError} />
      <FilePicker list={list} chosen={chosen} onChoose={choose} />
      <div className="form-actions">
        <button type="button" disabled={busy || !chosen} aria-busy={busy} onClick={() => void verify()} data-testid="verify-backup-run">
          {busy ? t('backupVerify.running') : t('backupVerify.run')}
        </button>
        <button type="button" className="primary" disabled={busy || !chosen} onClick={() => setRestoring(true)} data-testid="restore-backup-start">
          {t('backupRestore.start')}
        </button>
      </div>
      <ErrorAlert error={error} />
      {shown ? <CheckFacts result={shown} /> : null}
      {restoring && chosen ? <RestoreDialog file={chosen} onClose={() => setRestoring(false)} /> : null}
    </section>
  );
}
