// The frame of every screen: its heading (focused after navigation), a subtitle and actions.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.js';
import { Empty, ErrorState, Loading } from './States.js';
import type { BusinessView } from '../../src-shared/ipc/models.js';

export function Screen({ title, subtitle, actions, children, testId }: { title: string; subtitle?: ReactNode; actions?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <section className="screen" aria-labelledby={`${testId}-title`} data-testid={`screen-${testId}`}>
      <div className="screen-header">
        <div>
          <h1 id={`${testId}-title`}>{title}</h1>
          {subtitle ? <p>{subtitle}</p> : null}
        </div>
        {actions ? <div className="actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

/** Renders children with the open business, or the right state when there is none yet. */
export function WithBusiness({ children }: { children: (business: BusinessView) => ReactNode }) {
  const { t } = useTranslation();
  const app = useApp();
  if (app.businessesError) return <ErrorState error={app.businessesError} onRetry={() => void app.reloadBusinesses().catch(() => undefined)} />;
  if (!app.businesses) return <Loading />;
  if (!app.business)
    return (
      <div className="card">
        <Empty
          title={t('business.noneTitle')}
          action={
            <button type="button" className="primary" onClick={() => app.navigate('businesses', { mode: 'new' })}>
              {t('business.create')}
            </button>
          }
        >
          {t('business.noneHint')}
        </Empty>
      </div>
    );
  return <>{children(app.business)}</>;
}
