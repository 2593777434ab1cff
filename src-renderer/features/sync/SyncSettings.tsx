// Settings → Sync: this data folder as a seat of a PostgreSQL server. The seat URL (from
// `sync add-seat`) is tested, then stored by the main process (OS keychain on the desktop) and
// never shown again; the status says the seat, what is waiting, the last success and error; the
// changes the server refused and the edits that lost to another seat are listed with reasons.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { call } from '../../app/backend.js';
import { useApp } from '../../app/context.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { ErrorAlert } from '../../components/States.js';
import { useFormat } from '../../i18n/format.js';
import { k } from '../../i18n/keys.js';
import { useSyncStatus, type SyncStatusValue } from './useSyncStatus.js';

type Busy = 'test' | 'connect' | 'push' | 'pull' | null;

export const STATE_KEY = {
  disabled: k('sync.state.disabled'),
  idle: k('sync.state.idle'),
  syncing: k('sync.state.syncing'),
  offline: k('sync.state.offline'),
  error: k('sync.state.error'),
} as const;

const NOTE = {
  tested: k('sync.tested'),
  connectedAs: k('sync.connectedAs'),
  pushed: k('sync.pushed'),
  pulled: k('sync.pulled'),
} as const;
type NoteKey = (typeof NOTE)[keyof typeof NOTE];

type Note = { key: NoteKey; values: Record<string, string> };

/** The badge tone of each state; an idle seat with changes waiting is a warning. */
const STATE_TONE: Record<SyncStatusValue['state'], string> = { disabled: 'info', idle: 'ok', syncing: 'warn', offline: 'bad', error: 'bad' };
function toneOf(status: SyncStatusValue): string {
  return status.state === 'idle' && status.pending > 0 ? 'warn' : STATE_TONE[status.state];
}

/** A time, or "never". */
function useWhen() {
  const { t } = useTranslation();
  const f = useFormat();
  return (iso: string | null | undefined) => (iso ? <time dateTime={iso}>{f.dateTime(iso)}</time> : t('sync.never'));
}

/** Test, connect, push and pull: one at a time, each ending in a note (announced) or an error. */
function useSyncActions(reload: () => void) {
  const { t } = useTranslation();
  const f = useFormat();
  const app = useApp();
  const { announce } = useAnnouncer();
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<unknown>();
  // Kept as key and values, so a language switch translates it too.
  const [note, setNote] = useState<Note | null>(null);
  const [tested, setTested] = useState<Output<'sync.test'> | null>(null);

  const run = async (what: Exclude<Busy, null>, fn: () => Promise<Note>) => {
    setBusy(what);
    setError(undefined);
    setNote(null);
    try {
      const message = await fn();
      setNote(message);
      announce(t(message.key, message.values));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
      reload();
    }
  };

  const test = (url: string) => run('test', async () => {
    const who = await call('sync.test', { url: url.trim() });
    setTested(who);
    return { key: NOTE.tested, values: { seat: who.seatName ?? who.role, role: who.role, n: f.number(who.businesses.length), server: who.server } };
  });
  const connect = (url: string, onConnected: () => void) => run('connect', async () => {
    const result = await call('sync.connect', { url: url.trim() });
    onConnected();
    setTested(null);
    await app.reloadBusinesses().catch(() => undefined);
    return { key: NOTE.connectedAs, values: { seat: result.seatName ?? result.role, businesses: f.number(result.pulled.businesses), products: f.number(result.pulled.products), customers: f.number(result.pulled.customers), series: f.number(result.pulled.series) } };
  });
  const push = () => run('push', async () => {
    const r = await call('sync.push', {});
    return { key: NOTE.pushed, values: { pushed: f.number(r.pushed), duplicates: f.number(r.duplicates), rejected: f.number(r.rejected), pending: f.number(r.pending) } };
  });
  const pull = () => run('pull', async () => {
    const r = await call('sync.pull', {});
    await app.reloadBusinesses().catch(() => undefined);
    return { key: NOTE.pulled, values: { businesses: f.number(r.businesses), products: f.number(r.products), customers: f.number(r.customers), series: f.number(r.series), conflicts: f.number(r.conflicts) } };
  });
  return { busy, error, note, tested, untest: () => setTested(null), test, connect, push, pull };
}

type SyncActions = ReturnType<typeof useSyncActions>;

function ConnectForm({ connected, actions }: { connected: boolean | undefined; actions: SyncActions }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState('');
  const [showUrl, setShowUrl] = useState(false);
  const { busy, tested } = actions;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void actions.connect(url, () => setUrl(''));
  };
  return (
    <form className="sync-connect" onSubmit={onSubmit} aria-labelledby="sync-connect-title">
      <h3 id="sync-connect-title">{connected ? t('sync.changeSeat') : t('sync.connectTitle')}</h3>
      <div className="field">
        <label htmlFor="sync-url">{t('sync.url')}</label>
        <input
          id="sync-url"
          data-testid="sync-url"
          type={showUrl ? 'text' : 'password'}
          dir="ltr"
          autoComplete="off"
          spellCheck={false}
          required
          value={url}
          placeholder="postgresql://…"
          aria-describedby="sync-url-help"
          onChange={(e) => {
            setUrl(e.target.value);
            actions.untest();
          }}
        />
        <p id="sync-url-help" className="field-help">{t('sync.urlHelp')}</p>
        <label className="radio-option">
          <input type="checkbox" checked={showUrl} onChange={(e) => setShowUrl(e.target.checked)} /> {t('sync.showUrl')}
        </label>
      </div>
      {tested && (tested.superuser || tested.bypassRls) ? <div className="alert error" role="alert">{t('sync.notASeat')}</div> : null}
      <div className="form-actions">
        <button type="button" data-testid="sync-test" disabled={busy !== null || !url.trim()} onClick={() => void actions.test(url)}>
          {busy === 'test' ? t('sync.testing') : t('sync.test')}
        </button>
        <button type="submit" className="primary" data-testid="sync-connect" disabled={busy !== null || !url.trim()}>
          {busy === 'connect' ? t('sync.connecting') : t('sync.connect')}
        </button>
      </div>
    </form>
  );
}

function StatusFacts({ status }: { status: SyncStatusValue }) {
  const { t } = useTranslation();
  const f = useFormat();
  const when = useWhen();
  return (
    <dl className="facts" aria-labelledby="sync-status-title" data-testid="sync-status">
      <dt>{t('sync.state.label')}</dt>
      <dd>
        <span className={`badge ${toneOf(status)}`} data-testid="sync-state" data-state={status.state}>{t(STATE_KEY[status.state])}</span>
      </dd>
      <dt>{t('sync.seat')}</dt>
      <dd data-testid="sync-seat">{status.seat ? <>{status.seatName ?? '—'} <span className="mono" dir="ltr">({status.seat})</span></> : t('sync.notConnected')}</dd>
      <dt>{t('sync.server')}</dt>
      <dd className="mono" dir="ltr">{status.server ?? '—'}</dd>
      <dt>{t('sync.credentials')}</dt>
      <dd className="mono" dir="ltr">{status.credentials}</dd>
      <dt>{t('sync.device')}</dt>
      <dd className="mono" dir="ltr">{status.deviceId}</dd>
      <dt>{t('sync.pending')}</dt>
      <dd data-testid="sync-pending">{f.number(status.pending)}</dd>
      <dt>{t('sync.lastSuccess')}</dt>
      <dd data-testid="sync-last-success">{when(status.lastSuccessAt)}</dd>
      <dt>{t('sync.lastAttempt')}</dt>
      <dd>{when(status.lastAttemptAt)}</dd>
      <dt>{t('sync.lastError')}</dt>
      <dd data-testid="sync-last-error">{status.lastError ? <><span className="mono">{status.lastError}</span> ({when(status.lastErrorAt)})</> : t('sync.none')}</dd>
      {status.nextAttemptAt ? (
        <>
          <dt>{t('sync.nextAttempt')}</dt>
          <dd>{when(status.nextAttemptAt)}</dd>
        </>
      ) : null}
      <dt>{t('sync.background')}</dt>
      <dd>{status.background ? t('sync.backgroundOn') : t('sync.backgroundOff')}</dd>
    </dl>
  );
}

function PushPull({ connected, actions }: { connected: boolean; actions: SyncActions }) {
  const { t } = useTranslation();
  const { busy } = actions;
  return (
    <div className="form-actions">
      <button type="button" className="primary" data-testid="sync-push" disabled={busy !== null || !connected} onClick={() => void actions.push()}>
        {busy === 'push' ? t('sync.pushing') : t('sync.pushNow')}
      </button>
      <button type="button" data-testid="sync-pull" disabled={busy !== null || !connected} onClick={() => void actions.pull()}>
        {busy === 'pull' ? t('sync.pulling') : t('sync.pullNow')}
      </button>
    </div>
  );
}

function RefusedChanges({ status }: { status: SyncStatusValue }) {
  const { t } = useTranslation();
  const f = useFormat();
  const when = useWhen();
  return (
    <>
      <h3 id="sync-errors-title">{t('sync.errorsTitle', { n: f.number(status.errorCount) })}</h3>
      {status.errors.length === 0 ? (
        <p>{t('sync.errorsEmpty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="simple" aria-labelledby="sync-errors-title" data-testid="sync-errors">
            <thead>
              <tr>
                <th scope="col">{t('sync.col.at')}</th>
                <th scope="col">{t('sync.col.entity')}</th>
                <th scope="col">{t('sync.col.code')}</th>
                <th scope="col">{t('sync.col.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {status.errors.map((e) => (
                <tr key={e.id}>
                  <td>{when(e.at)}</td>
                  <td>
                    {e.op} {e.entity} <span className="mono" dir="ltr">{e.entityId}</span>
                  </td>
                  <td className="mono" dir="ltr">{e.code}</td>
                  <td>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function LostEdits({ status }: { status: SyncStatusValue }) {
  const { t } = useTranslation();
  const f = useFormat();
  const when = useWhen();
  return (
    <>
      <h3 id="sync-conflicts-title">{t('sync.conflictsTitle', { n: f.number(status.conflictCount) })}</h3>
      {status.conflicts.length === 0 ? (
        <p>{t('sync.conflictsEmpty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="simple" aria-labelledby="sync-conflicts-title" data-testid="sync-conflicts">
            <thead>
              <tr>
                <th scope="col">{t('sync.col.at')}</th>
                <th scope="col">{t('sync.col.entity')}</th>
                <th scope="col">{t('sync.col.losing')}</th>
                <th scope="col">{t('sync.col.winning')}</th>
                <th scope="col">{t('sync.col.data')}</th>
              </tr>
            </thead>
            <tbody>
              {status.conflicts.map((c) => (
                <tr key={c.id}>
                  <td>{when(c.at)}</td>
                  <td>
                    {c.entity} <span className="mono" dir="ltr">{c.entityId}</span>
                  </td>
                  <td>{t('sync.versionBy', { version: f.number(c.losingVersion), device: c.losingDevice.slice(0, 8) })}</td>
                  <td>{t('sync.versionBy', { version: f.number(c.winningVersion), device: c.winningDevice.slice(0, 8) })}</td>
                  <td>
                    <details>
                      <summary>{t('sync.showValues')}</summary>
                      <pre className="mono" dir="ltr">{JSON.stringify(c.losingData, null, 2)}</pre>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function SyncSettings() {
  const { t } = useTranslation();
  const app = useApp();
  const { status, error: statusError, reload } = useSyncStatus();
  const actions = useSyncActions(reload);
  const section = useRef<HTMLElement>(null);

  // The status pill opens Settings at this section.
  useEffect(() => {
    if (app.route.params?.section === 'sync') section.current?.scrollIntoView({ block: 'start' });
  }, [app.route.params?.section]);

  return (
    <section className="card sync-settings" aria-labelledby="sync-title" ref={section} data-testid="sync-settings">
      <h2 id="sync-title">{t('sync.title')}</h2>
      <p>{t('sync.intro')}</p>
      <ErrorAlert error={actions.error ?? statusError} />
      {actions.note ? <div className="alert success" role="status" data-testid="sync-note">{t(actions.note.key, actions.note.values)}</div> : null}
      <ConnectForm connected={status?.connected} actions={actions} />
      <h3 id="sync-status-title">{t('sync.status')}</h3>
      {status ? (
        <>
          <StatusFacts status={status} />
          <PushPull connected={status.connected} actions={actions} />
          <RefusedChanges status={status} />
          <LostEdits status={status} />
        </>
      ) : null}
    </section>
  );
}
