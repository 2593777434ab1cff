// Finishing a batch asks first: resuming a batch whose process stopped, or retrying its failed
// invoices, issues invoices (numbers are taken), so the dialog says what will happen before it runs,
// shows the batch's progress while it runs and says the outcome.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, subscribe } from '../../app/backend.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { ErrorAlert } from '../../components/States.js';
import { useFormat } from '../../i18n/format.js';
import type { BatchSummary } from '../../../src-shared/ipc/models.js';
import type { EventPayload } from '../../../src-shared/ipc/events.js';

export type RecoveryAction = 'resume' | 'retry';

export function BatchRecoveryDialog({ batch, action, onClose, onDone }: { batch: BatchSummary; action: RecoveryAction; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { notify } = useAnnouncer();
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [progress, setProgress] = useState<EventPayload<'batch.progress'>>();
  const sending = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  useEffect(() => subscribe('batch.progress', (p) => {
    if (p.batchId === batch.id) setProgress(p);
  }), [batch.id]);

  const confirm = async () => {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    setFailure(undefined);
    try {
      const input = { businessId: batch.businessId, batchId: batch.id };
      const report = action === 'resume' ? await call('batches.resume', input) : await call('batches.retry', input);
      notify(
        report.failed
          ? t('recovery.doneWithErrors', { created: f.number(report.created), failed: f.number(report.failed) })
          : t('recovery.done', { created: f.number(report.created) }),
        report.failed ? 'error' : 'success',
      );
      ref.current?.close();
      onDone();
    } catch (error) {
      setFailure(error);
      notify(t('recovery.failed'), 'error');
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  const facts = { date: f.dateTime(batch.createdAt), created: f.number(batch.created), requested: f.number(batch.requested), failed: f.number(batch.failed) };
  return (
    <dialog ref={ref} aria-labelledby="recovery-title" aria-describedby="recovery-warning" onClose={() => (busy ? undefined : onClose())} onCancel={(e) => busy && e.preventDefault()} data-testid="recovery-dialog">
      <h2 id="recovery-title">{action === 'resume' ? t('recovery.resumeTitle', facts) : t('recovery.retryTitle', facts)}</h2>
      <p id="recovery-warning">{action === 'resume' ? t('recovery.resumeWarning', facts) : t('recovery.retryWarning', { ...facts, count: batch.failed })}</p>
      {busy ? (
        <ProgressBar label={t('recovery.working')} done={progress?.done ?? 0} total={progress?.total ?? batch.requested} failed={progress?.failed} />
      ) : null}
      <ErrorAlert error={failure} />
      <div className="form-actions">
        <button type="button" disabled={busy} onClick={() => ref.current?.close()}>
          {t('common.cancel')}
        </button>
        <button type="button" className="primary" disabled={busy} aria-busy={busy} onClick={() => void confirm()} data-testid="recovery-confirm">
          {busy ? t('recovery.working') : action === 'resume' ? t('recovery.resumeConfirm') : t('recovery.retryConfirm')}
        </button>
      </div>
    </dialog>
  );
}
