// settings.get/set over the settings repository (db/repos/settings.ts). Changes are audited.
import { appendAudit } from '../../audit/audit.js';
import { SETTING_KEYS, type Settings } from '../../../src-shared/schemas/settings.js';
import { readSettings, storeSettings } from '../../db/repos/settings.js';
import type { Handler } from './types.js';

export const settingsGet: Handler<'settings.get'> = async (core) => core.store.read((db) => readSettings(db));

export const settingsSet: Handler<'settings.set'> = async (core, input, ctx) => core.store.write((db) => {
  const before = readSettings(db);
  const now = new Date().toISOString();
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of SETTING_KEYS) {
    if (!Object.prototype.hasOwnProperty.call(input, key)) continue;
    const value = input[key];
    if (JSON.stringify(before[key]) === JSON.stringify(value)) continue;
    changed[key] = { from: before[key], to: value };
  }
  if (Object.keys(changed).length > 0) {
    storeSettings(db, Object.fromEntries(Object.entries(changed).map(([key, change]) => [key, change.to])) as Partial<Settings>, now);
    appendAudit(db, { businessId: null, actor: ctx.actor, action: 'settings.update', entity: 'settings', entityId: null, details: changed });
  }
  return readSettings(db);
});
