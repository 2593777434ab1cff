// Global keyboard shortcuts (shown in the nav, in tooltips and in the Shift+? dialog).
// Ctrl on Windows/Linux, Cmd on macOS.
import { useEffect } from 'react';
import type { ScreenId } from './navigation.js';

export interface ShortcutHandlers {
  go(screen: ScreenId, params?: Record<string, string>): void;
  search(): void;
  palette(): void;
  help(): void;
}

// Alt+digit opens the screens the nav shows with one (Generate keeps Ctrl+G; Alt+6 is the GST workspace).
const ALT_DIGITS: Record<string, ScreenId> = {
  '1': 'home', '2': 'businesses', '3': 'customers', '4': 'products', '5': 'import', '6': 'gst', '7': 'invoices', '8': 'exports', '9': 'audit',
};

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

export type ShortcutAction =
  | { kind: 'go'; screen: ScreenId; params?: Record<string, string> }
  | { kind: 'search' }
  | { kind: 'palette' }
  | { kind: 'help' };

/** What a key press asks for, or undefined: pure, so the whole table is tested without a DOM. */
export function shortcutFor(event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'key' | 'code' | 'target'>): ShortcutAction | undefined {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && event.shiftKey && key === 'b') return { kind: 'go', screen: 'businesses', params: { mode: 'new' } };
  if (mod && !event.shiftKey && key === 'n') return { kind: 'go', screen: 'invoice-editor' };
  if (mod && !event.shiftKey && key === 'i') return { kind: 'go', screen: 'import' };
  if (mod && !event.shiftKey && key === 'g') return { kind: 'go', screen: 'generate' };
  if (mod && !event.shiftKey && key === 'k') return { kind: 'palette' };
  if (mod && !event.shiftKey && key === 'f') return { kind: 'search' };
  if (mod && key === ',') return { kind: 'go', screen: 'settings' };
  // event.code, not key: Alt+digit types other characters on Arabic and Hindi layouts.
  const digit = event.code.replace('Digit', '').replace('Numpad', '');
  if (event.altKey && !mod && ALT_DIGITS[digit]) return { kind: 'go', screen: ALT_DIGITS[digit] };
  if (!mod && !event.altKey && event.key === '?' && !isTyping(event.target)) return { kind: 'help' };
  return undefined;
}

export function useShortcuts(handlers: ShortcutHandlers): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutFor(event);
      if (!action) return;
      event.preventDefault();
      if (action.kind === 'go') handlers.go(action.screen, action.params);
      else if (action.kind === 'search') handlers.search();
      else if (action.kind === 'palette') handlers.palette();
      else handlers.help();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [handlers]);
}
