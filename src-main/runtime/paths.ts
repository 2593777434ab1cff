// Facts about this installation that every layer may need, kept below all of them: where
// LedgerFlow keeps its data (the same folder Electron's app.getPath('userData') gives the
// desktop app named "LedgerFlow", so the CLI and the app share one store by default), the
// package root and the app version.
import { homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const APP_NAME = 'LedgerFlow';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

/**
 * Where facts about this machine (not about one data folder) are kept: the numbering high-water
 * marks of every data folder ever opened here, so a backup restored into a brand-new folder still
 * continues after the highest number this machine issued. LEDGERFLOW_MACHINE_DIR overrides it
 * (the tests point it at a temp folder).
 */
export function machineStateDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.LEDGERFLOW_MACHINE_DIR) return env.LEDGERFLOW_MACHINE_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), APP_NAME, 'Machine');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', `${APP_NAME} Machine`);
  return join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), APP_NAME);
}

/** --data-dir wins, then LEDGERFLOW_DATA_DIR, then the desktop app's folder. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.LEDGERFLOW_DATA_DIR ?? defaultDataDir(env);
}

let cachedRoot: string | undefined;

/** The folder holding LedgerFlow's package.json (migrations/, resources/, locales/ live there). */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'ledgerflow') return (cachedRoot = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('LedgerFlow package root not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
