// One polite and one assertive ARIA live region for the whole app, plus visible toasts: progress,
// results and errors are both shown and spoken (WCAG 4.1.3).
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

type Level = 'info' | 'success' | 'error';
interface Toast {
  id: number;
  level: Level;
  text: string;
  group?: string;
}
interface AnnouncerApi {
  /** Speak without showing (progress steps). */
  announce(text: string, assertive?: boolean): void;
  /** Show a toast and speak it; a toast of the same `group` replaces the earlier one (a "saved" never sits beside a stale "not saved"). */
  notify(text: string, level?: Level, group?: string): void;
}

const Ctx = createContext<AnnouncerApi>({ announce: () => undefined, notify: () => undefined });

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [polite, setPolite] = useState('');
  const [assertive, setAssertive] = useState('');
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const announce = useCallback((text: string, isAssertive = false) => {
    const set = isAssertive ? setAssertive : setPolite;
    // Clear first so the same sentence twice is spoken twice.
    set('');
    window.setTimeout(() => set(text), 30);
  }, []);

  const notify = useCallback(
    (text: string, level: Level = 'info', group?: string) => {
      const id = nextId.current++;
      setToasts((list) => [...list.filter((toast) => !group || toast.group !== group).slice(-3), { id, level, text, ...(group ? { group } : {}) }]);
      announce(text, level === 'error');
      window.setTimeout(() => setToasts((list) => list.filter((toast) => toast.id !== id)), level === 'error' ? 10_000 : 5_000);
    },
    [announce],
  );

  const api = useMemo(() => ({ announce, notify }), [announce, notify]);
  return (
    <Ctx.Provider value={api}>
      {children}
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="live-polite">
        {polite}
      </div>
      <div className="visually-hidden" aria-live="assertive" aria-atomic="true" data-testid="live-assertive">
        {assertive}
      </div>
      <div className="toast-region" aria-hidden="true">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast ${toast.level}`}>
            {toast.text}
          </div>
        ))}
      </div>
    </Ctx.Provider>
  );
}

export function useAnnouncer(): AnnouncerApi {
  return useContext(Ctx);
}
