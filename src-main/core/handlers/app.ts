// app.info: what the Home screen shows about the installation.
import { join } from 'node:path';
import { appVersion, APP_NAME } from '../../runtime/paths.js';
import { DATABASE_FILE } from '../../db/store.js';
import { lastBackup } from '../../db/backup.js';
import type { Handler } from './types.js';

export const appInfo: Handler<'app.info'> = async (core) => ({
  name: APP_NAME,
  version: appVersion(),
  dataDir: core.dataDir,
  databaseFile: join(core.dataDir, DATABASE_FILE),
  runtime: { node: process.versions.node, electron: process.versions.electron ?? null, platform: process.platform },
  plugins: [...core.plugins.values()].map((plugin) => ({
    id: plugin.id,
    name: { ...plugin.name },
    countries: [...plugin.countries],
    currencies: [...plugin.currencies],
    kinds: [...plugin.kinds],
    settingsSchema: plugin.settingsSchema,
    defaultSettings: plugin.defaultSettings,
  })),
  pluginErrors: core.pluginErrors.map((error) => ({ id: error.id, message: error.message })),
  lastBackup: lastBackup(core.store),
});
