// The one reader and writer of the app-wide `settings` table (one JSON value per key). Every
// module that needs a setting (handlers, services, the importer's size limit, auto-backup) reads
// it here. A stored value that no longer fits the schema (an older app wrote it, or someone edited
// the file) reads as the default, so a bad setting can never stop the app from starting.
import type Database from 'better-sqlite3';
import { compile } from '../../../src-shared/schemas/validate.js';
import { DEFAULT_SETTINGS, SETTING_KEYS, settingsProperties, type Settings } from '../../../src-shared/schemas/settings.js';

/** All settings with defaults filled in. */
export function readSettings(db: Database.Database): Settings {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const rows = db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
  for (const row of rows) {
    if (!(SETTING_KEYS as string[]).includes(row.key)) continue;
    let value: unknown;
    try {
      value = JSON.parse(row.value);
    } catch {
      continue;
    }
    if (compile(settingsProperties[row.key as keyof Settings])(value)) settings[row.key] = value;
  }
  return settings as Settings;
}

/** Stores the given keys (already validated) as of `now`; call inside a write transaction. */
export function storeSettings(db: Database.Database, values: Partial<Settings>, now: string): void {
  const upsert = db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at');
  for (const [key, value] of Object.entries(values)) upsert.run(key, JSON.stringify(value), now);
}
