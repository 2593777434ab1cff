// Loads data for a screen and keeps its three states (loading, error, value) plus a reload.
// A newer load wins: results of an older one that finishes late are dropped.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  loading: boolean;
  error: unknown;
  value: T | undefined;
  reload: () => void;
}

export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ loading: boolean; error: unknown; value: T | undefined }>({ loading: true, error: undefined, value: undefined });
  const generation = useRef(0);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load().then(
      (value) => {
        if (generation.current === mine) setState({ loading: false, error: undefined, value });
      },
      (error: unknown) => {
        if (generation.current === mine) setState({ loading: false, error, value: undefined });
      },
    );
    // The caller names the dependencies (like useEffect's own list).
  }, [...deps, tick]);

  return { ...state, reload };
}
