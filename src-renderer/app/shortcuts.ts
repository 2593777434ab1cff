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

// Ctrl/Cmd + key, without Shift; with Shift; and either way.
const MOD_KEYS = new Map<string, ShortcutAction>([
  ['n', { kind: 'go', screen: 'invoice-editor' }],
  ['i', { kind: 'go', screen: 'import' }],
  ['g', { kind: 'go', screen: 'generate' }],
  ['k', { kind: 'palette' }],
  ['f', { kind: 'search' }],
]);
const MOD_SHIFT_KEYS = new Map<string, ShortcutAction>([['b', { kind: 'go', screen: 'businesses', params: { mode: 'new' } }]]);
const MOD_ANY_KEYS = new Map<string, ShortcutAction>([[',', { kind: 'go', screen: 'settings' }]]);

type KeyEvent = Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'key' | 'code' | 'target'>;

function withModifier(event: KeyEvent): ShortcutAction | undefined {
  const key = event.key.toLowerCase();
  return (event.shiftKey ? MOD_SHIFT_KEYS : MOD_KEYS).get(key) ?? MOD_ANY_KEYS.get(key);
}

function withoutModifier(event: KeyEvent): ShortcutAction | undefined {
  // event.code, not key: Alt+digit types other characters on Arabic and Hindi layouts.
  const digit = event.code.replace('Digit', '').replace('Numpad', '');
  if (event.altKey) return Object.hasOwn(ALT_DIGITS, digit) ? { kind: 'go', screen: ALT_DIGITS[digit]! } : undefined;
  return event.key === '?' && !isTyping(event.target) ? { kind: 'help' } : undefined;
}

/** What a key press asks for, or undefined: pure, so the whole table is tested without a DOM. */
export function shortcutFor(event: KeyEvent): ShortcutAction | undefined {
  const action = event.ctrlKey || event.metaKey ? withModifier(event) : withoutModifier(event);
  // A copy: the tables are shared.
  return action && structuredClone(action);
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
