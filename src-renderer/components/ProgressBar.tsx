// A labelled progress bar (role=progressbar) with done/total, rate and ETA under it.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format.js';

export interface ProgressBarProps {
  label: string;
  done: number;
  total: number;
  /** Items per second, when known. */
  rate?: number | null;
  etaSeconds?: number | null;
  failed?: number;
  testId?: string;
}

export function ProgressBar({ label, done, total, rate, etaSeconds, failed, testId }: ProgressBarProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const valueText = t('progress.valueText', { done: f.number(done), total: f.number(total), percent: f.percent(ratio) });
  return (
    <div className="progress" data-testid={testId}>
      <div className="progress-meta">
        <strong>{label}</strong>
        <span>{valueText}</span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total || 1}
        aria-valuenow={done}
        aria-valuetext={valueText}
      >
        <div className="progress-fill" style={{ inlineSize: `${(ratio * 100).toFixed(1)}%` }} />
      </div>
      <div className="progress-meta">
        {rate != null ? <span>{t('progress.rate', { rate: f.number(rate, 1) })}</span> : null}
        {etaSeconds != null ? <span>{t('progress.eta', { time: formatDuration(etaSeconds, f.number, t) })}</span> : null}
        {failed ? <span className="badge bad">{t('progress.failed', { n: f.number(failed) })}</span> : null}
      </div>
    </div>
  );
}

export function formatDuration(seconds: number, num: (n: number) => string, t: TFunction): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? t('progress.minutesSeconds', { m: num(m), s: num(s % 60) }) : t('progress.seconds', { s: num(s) });
}
