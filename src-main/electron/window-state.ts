// Window position and size, remembered in <userData>/window-state.json. A saved state is used
// only if it is well-formed and still mostly on one of the current displays (a monitor may have
// been unplugged); otherwise the window opens centred at the default size.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../runtime/atomic-file.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 };
export const MIN_SIZE = { width: 900, height: 600 };
const FILE = 'window-state.json';

function isRect(value: unknown): value is Rect {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((k) => typeof r[k] === 'number' && Number.isFinite(r[k]) && Math.abs(r[k]) < 100_000);
}

export function parseWindowState(text: string): WindowState | null {
  try {
    const value = JSON.parse(text) as { bounds?: unknown; maximized?: unknown };
    if (!isRect(value.bounds) || typeof value.maximized !== 'boolean') return null;
    return { bounds: value.bounds, maximized: value.maximized };
  } catch {
    return null;
  }
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The bounds to open with: the saved ones if at least half the window is on a display. */
export function restoreBounds(saved: WindowState | null, displays: Rect[]): { bounds: Partial<Rect> & { width: number; height: number }; maximized: boolean } {
  if (saved && saved.bounds.width >= MIN_SIZE.width && saved.bounds.height >= MIN_SIZE.height) {
    const area = saved.bounds.width * saved.bounds.height;
    if (displays.some((d) => overlap(d, saved.bounds) >= area / 2)) return { bounds: saved.bounds, maximized: saved.maximized };
  }
  return { bounds: { ...DEFAULT_SIZE }, maximized: saved?.maximized ?? false };
}

export function loadWindowState(userData: string): WindowState | null {
  try {
    return parseWindowState(readFileSync(join(userData, FILE), 'utf8'));
  } catch {
    return null;
  }
}

export function saveWindowState(userData: string, state: WindowState): void {
  writeFileAtomicSync(join(userData, FILE), JSON.stringify(state), { mode: 0o600, mkdir: true });
}
