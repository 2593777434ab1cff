// The sync status, read with sync.status: again whenever the main process announces a change
// (the background loop's `sync.status` events) and every few seconds while shown.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { call, subscribe } from '../../app/backend.js';

export type SyncStatusValue = Output<'sync.status'>;

export function useSyncStatus(pollMs = 5_000): { status: SyncStatusValue | undefined; error: unknown; reload: () => void } {
  const [status, setStatus] = useState<SyncStatusValue | undefined>();
  const [error, setError] = useState<unknown>();
  const generation = useRef(0);
  const reload = useCallback(() => {
    const mine = ++generation.current;
    call('sync.status', {}).then(
      (value) => {
        if (generation.current !== mine) return;
        setStatus(value);
        setError(undefined);
      },
      (e: unknown) => {
        if (generation.current === mine) setError(e);
      },
    );
  }, []);
  useEffect(() => {
    reload();
    const timer = window.setInterval(reload, pollMs);
    const off = subscribe('sync.status', () => reload());
    return () => {
      window.clearInterval(timer);
      off();
    };
  }, [reload, pollMs]);
  return { status, error, reload };
}
