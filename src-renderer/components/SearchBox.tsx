// A labelled search field that debounces typing and takes focus on Ctrl+F (Ctrl+K is the command palette).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.js';

export function SearchBox({ label, onSearch, id, initial = '' }: { label: string; onSearch: (value: string) => void; id: string; initial?: string }) {
  const { t } = useTranslation();
  const { searchRequest } = useApp();
  const [value, setValue] = useState(initial);
  const ref = useRef<HTMLInputElement>(null);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    ref.current?.focus();
    ref.current?.select();
  }, [searchRequest]);

  useEffect(() => {
    const timer = window.setTimeout(() => onSearch(value.trim()), 250);
    return () => window.clearTimeout(timer);
    // onSearch is a state setter or stable callback in every caller
  }, [value]);

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={ref}
        id={id}
        type="search"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder={t('common.searchPlaceholder')}
        title={t('common.searchShortcut')}
        aria-keyshortcuts="Control+F"
      />
    </div>
  );
}
