// settings.get/set over the `settings` table (one JSON value per key). A stored value that no
// longer fits the schema (an older app wrote it, or someone edited the file) reads as the default,
// so a bad setting can never stop the app from starting. Changes are audited.
import type Database from 'better-sqlite3';
import { appendAudit } from '../../audit/audit.js';
import { compile } from '../../../src-shared/schemas/validate.js';
import { DEFAULT_SETTINGS, SETTING_KEYS, settingsProperties, type Settings } from '../../../src-shared/schemas/settings.js';
import type { Handler } from './types.js';

/** All settings with defaults filled in; other modules (engine, importer) read them through this. */
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

export const settingsGet: Handler<'settings.get'> = async (core) => core.store.read((db) => readSettings(db));

export const settingsSet: Handler<'settings.set'> = async (core, input, ctx) => core.store.write((db) => {
  const before = readSettings(db);
  const now = new Date().toISOString();
  const upsert = db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at');
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of SETTING_KEYS) {
    if (!Object.prototype.hasOwnProperty.call(input, key)) continue;
    const value = input[key];
    if (JSON.stringify(before[key]) === JSON.stringify(value)) continue;
    upsert.run(key, JSON.stringify(value), now);
    changed[key] = { from: before[key], to: value };
  }
  if (Object.keys(changed).length > 0) {
    appendAudit(db, { businessId: null, actor: ctx.actor, action: 'settings.update', entity: 'settings', entityId: null, details: changed });
  }
  return readSettings(db);
});
