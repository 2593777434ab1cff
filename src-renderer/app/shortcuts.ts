// Global keyboard shortcuts (shown in the nav, in tooltips and in the Shift+? dialog).
// Ctrl on Windows/Linux, Cmd on macOS.
import { useEffect } from 'react';
import type { ScreenId } from './navigation.js';

export interface ShortcutHandlers {
  go(screen: ScreenId, params?: Record<string, string>): void;
  search(): void;
  help(): void;
}

const ALT_DIGITS: Record<string, ScreenId> = {
  '1': 'home', '2': 'businesses', '3': 'customers', '4': 'products', '6': 'gst', '7': 'invoices', '8': 'exports', '9': 'audit',
};

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

export function useShortcuts(handlers: ShortcutHandlers): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      let handled = true;
      if (mod && event.shiftKey && key === 'b') handlers.go('businesses', { mode: 'new' });
      else if (mod && !event.shiftKey && key === 'n') handlers.go('invoice-editor');
      else if (mod && !event.shiftKey && key === 'i') handlers.go('import');
      else if (mod && !event.shiftKey && key === 'g') handlers.go('generate');
      else if (mod && !event.shiftKey && key === 'k') handlers.search();
      else if (mod && key === ',') handlers.go('settings');
      else if (event.altKey && !mod && ALT_DIGITS[event.code.replace('Digit', '')]) handlers.go(ALT_DIGITS[event.code.replace('Digit', '')] as ScreenId);
      else if (!mod && !event.altKey && event.key === '?' && !isTyping(event.target)) handlers.help();
      else handled = false;
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [handlers]);
}
