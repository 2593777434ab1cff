// Loading, empty and error states shared by every screen, so none of them is ever blank.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode, errorDetail, errorTitle } from './errors.js';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state" role="status" aria-live="polite">
      <div className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

export function Empty({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="state">
      <h3>{title}</h3>
      {children ? <div>{children}</div> : null}
      {action}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const notAvailable = errorCode(error) === 'NOT_AVAILABLE';
  return (
    <div className={notAvailable ? 'state' : 'state error'} role={notAvailable ? 'status' : 'alert'}>
      <h3>{errorTitle(t, error)}</h3>
      {notAvailable ? null : <p className="mono">{errorDetail(error)}</p>}
      {onRetry && !notAvailable ? (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="alert error" role="alert">
      <strong>{errorTitle(t, error)}</strong> <span>{errorDetail(error)}</span>
    </div>
  );
}
