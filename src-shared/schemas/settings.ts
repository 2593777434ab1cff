// App-wide settings (the Settings screen, `settings.get`/`settings.set`): one schema for the
// stored values, the IPC patch and the RJSF form. Stored per key as JSON in the `settings` table;
// a stored value that no longer fits the schema falls back to its default instead of failing.
import { Type, type Static } from '@sinclair/typebox';

export const Language = Type.Union([Type.Literal('en'), Type.Literal('ar'), Type.Literal('hi')], { title: 'Language', default: 'en' });
export type Language = Static<typeof Language>;

export const Theme = Type.Union([Type.Literal('system'), Type.Literal('light'), Type.Literal('dark')], { title: 'Theme', default: 'system' });
export type Theme = Static<typeof Theme>;

export const settingsProperties = {
  language: Language,
  theme: Theme,
  importMaxBytes: Type.Integer({ minimum: 1024, maximum: 1024 * 1024 * 1024, title: 'Largest spreadsheet to import (bytes)', default: 5 * 1024 * 1024 }),
  pdfWorkers: Type.Integer({ minimum: 1, maximum: 16, title: 'PDF worker threads', default: 2 }),
  includeGroundTruth: Type.Boolean({ title: 'Add ground-truth JSON to exports (test data)', default: false }),
  defaultBusinessId: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], { title: 'Business opened at start', default: null }),
  reduceMotion: Type.Boolean({ title: 'Reduce motion', default: false }),
  autoBackup: Type.Boolean({ title: 'Back up automatically', default: true }),
  backupFolder: Type.Union([Type.String({ minLength: 1, maxLength: 1024 }), Type.Null()], { title: 'Backup folder (empty: backups/ in the data folder)', default: null }),
  backupEveryHours: Type.Integer({ minimum: 1, maximum: 24 * 7, title: 'Back up every (hours)', default: 24 }),
  backupKeep: Type.Integer({ minimum: 1, maximum: 365, title: 'Automatic backups to keep', default: 7 }),
};

export const Settings = Type.Object(settingsProperties, { additionalProperties: false, title: 'Settings' });
export type Settings = Static<typeof Settings>;

/** `settings.set` input: any subset of the keys, at least one; unknown keys are refused by name. */
export const SettingsPatch = Type.Partial(Settings, { additionalProperties: false, minProperties: 1, title: 'Settings change' });
export type SettingsPatch = Static<typeof SettingsPatch>;

export const SETTING_KEYS = Object.keys(settingsProperties) as Array<keyof Settings>;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  language: 'en',
  theme: 'system',
  importMaxBytes: 5 * 1024 * 1024,
  pdfWorkers: 2,
  includeGroundTruth: false,
  defaultBusinessId: null,
  reduceMotion: false,
  autoBackup: true,
  backupFolder: null,
  backupEveryHours: 24,
  backupKeep: 7,
});
