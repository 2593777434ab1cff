// The sync status in the window's chrome: Synced / N waiting / Offline (with the last error in
// its tooltip and accessible name). Only shown when this data folder is a seat; opens Settings.
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context.js';
import { useFormat } from '../../i18n/format.js';
import { useSyncStatus } from './useSyncStatus.js';

export function SyncPill() {
  const { t } = useTranslation();
  const f = useFormat();
  const app = useApp();
  const { status } = useSyncStatus(10_000);
  if (!status || status.state === 'disabled') return null;
  const n = f.number(status.pending);
  const failing = status.state === 'offline' || status.state === 'error';
  const text = status.state === 'offline'
    ? t('sync.pill.offline', { n })
    : status.state === 'error'
      ? t('sync.pill.error', { n })
      : status.state === 'syncing'
        ? t('sync.state.syncing')
        : status.pending > 0
          ? t('sync.pill.pending', { n })
          : t('sync.state.idle');
  const tone = failing ? 'bad' : status.pending > 0 || status.state === 'syncing' ? 'warn' : 'ok';
  const detail = failing && status.lastError ? `${text}: ${status.lastError}` : text;
  return (
    <span role="status" aria-live="polite" className="sync-pill-wrap">
      <button
        type="button"
        className={`badge ${tone} sync-pill`}
        data-testid="sync-pill"
        data-state={status.state}
        title={`${detail}. ${t('sync.pill.open')}`}
        aria-label={`${t('sync.title')}: ${detail}`}
        onClick={() => app.navigate('settings', { section: 'sync' })}
      >
        <span aria-hidden="true">{failing ? '⚠ ' : status.pending > 0 ? '↻ ' : '✓ '}</span>
        {text}
      </button>
    </span>
  );
}
