// The keyboard shortcuts: every screen the nav shows with a shortcut really opens with it (Alt+5
// did nothing), on any keyboard layout (the key's code, not the typed character).
import { describe, expect, it } from 'vitest';
import { shortcutFor } from '../../../src-renderer/app/shortcuts.js';
import { ACTION_SHORTCUTS, SCREENS } from '../../../src-renderer/app/navigation.js';

const press = (keys: string, key = '') => {
  const parts = keys.split('+');
  const last = parts[parts.length - 1]!;
  return {
    ctrlKey: parts.includes('Ctrl'), metaKey: false, shiftKey: parts.includes('Shift'), altKey: parts.includes('Alt'),
    key: key || (last.length === 1 ? last.toLowerCase() : last), code: /^\d$/.test(last) ? `Digit${last}` : `Key${last.toUpperCase()}`, target: null,
  };
};

describe('keyboard shortcuts', () => {
  it('opens every screen whose shortcut the nav shows', () => {
    for (const screen of SCREENS.filter((s) => s.shortcut)) {
      expect(shortcutFor(press(screen.shortcut!)), screen.shortcut).toMatchObject({ kind: 'go', screen: screen.id });
    }
  });

  it('opens Import with Alt+5 and the GST workspace with Alt+6, also when an Arabic layout types other digits', () => {
    expect(shortcutFor(press('Alt+5', '٥'))).toEqual({ kind: 'go', screen: 'import' });
    expect(shortcutFor(press('Alt+6', '٦'))).toEqual({ kind: 'go', screen: 'gst' });
  });

  it('gives no two screens the same shortcut', () => {
    const keys = SCREENS.map((s) => s.shortcut).filter(Boolean);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('does what the help dialog lists for each action', () => {
    const expected: Record<string, unknown> = {
      'Ctrl+N': { kind: 'go', screen: 'invoice-editor' }, 'Ctrl+Shift+B': { kind: 'go', screen: 'businesses', params: { mode: 'new' } },
      'Ctrl+I': { kind: 'go', screen: 'import' }, 'Ctrl+G': { kind: 'go', screen: 'generate' }, 'Ctrl+K': { kind: 'palette' }, 'Ctrl+F': { kind: 'search' }, 'Shift+?': { kind: 'help' },
    };
    for (const s of ACTION_SHORTCUTS) expect(shortcutFor(press(s.keys, s.keys === 'Shift+?' ? '?' : '')), s.keys).toEqual(expected[s.keys]);
  });

  it('leaves plain typing alone', () => {
    expect(shortcutFor(press('a'))).toBeUndefined();
    expect(shortcutFor({ ...press('Shift+?', '?'), target: { tagName: 'INPUT', isContentEditable: false } as unknown as EventTarget })).toBeUndefined();
  });

  it('matches each table exactly: Shift only where listed, Ctrl+, either way, no Alt digits with Ctrl, no inherited keys', () => {
    expect(shortcutFor(press('Ctrl+Shift+N'))).toBeUndefined();
    expect(shortcutFor(press('Ctrl+B'))).toBeUndefined();
    expect(shortcutFor(press('Ctrl+,', ','))).toEqual({ kind: 'go', screen: 'settings' });
    expect(shortcutFor(press('Ctrl+Shift+,', ','))).toEqual({ kind: 'go', screen: 'settings' });
    expect(shortcutFor(press('Ctrl+Alt+1'))).toBeUndefined();
    expect(shortcutFor(press('Alt+0'))).toBeUndefined();
    expect(shortcutFor({ ...press('Ctrl+N'), key: 'constructor' })).toBeUndefined();
    expect(shortcutFor({ ...press('Alt+1'), code: 'constructor' })).toBeUndefined();
    expect(shortcutFor(press('Ctrl+?', '?'))).toBeUndefined();
  });

  it('hands out a copy, so a caller changing its params cannot change the table', () => {
    const first = shortcutFor(press('Ctrl+Shift+B')) as { params: Record<string, string> };
    first.params.mode = 'changed';
    expect(shortcutFor(press('Ctrl+Shift+B'))).toEqual({ kind: 'go', screen: 'businesses', params: { mode: 'new' } });
  });
});
