// Where the Electron binary is, or why it is not usable, found WITHOUT `require('electron')`
// (which tries to download the binary when it is missing). Used by `npm start` and by the
// Playwright `_electron` test to decide between launching and skipping with the reason.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** @returns {{ ok: true, binary: string } | { ok: false, reason: string }} */
export function electronBinary(env = process.env) {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(binary) ? { ok: true, binary } : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH names ${binary}, which does not exist` };
  }
  if (!relative) return { ok: false, reason: `the Electron binary was never downloaded (${pathFile} is missing: the electron postinstall download failed or was skipped)` };
  const binary = join(packageDir, 'dist', relative);
  if (!existsSync(binary)) return { ok: false, reason: `the Electron binary ${binary} is missing` };
  return { ok: true, binary };
}

/** Also false on Linux without a display server (xvfb-run provides one in CI). */
export function electronRunnable(env = process.env, platform = process.platform) {
  const found = electronBinary(env);
  if (!found.ok) return found;
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return { ok: false, reason: 'there is no display (DISPLAY/WAYLAND_DISPLAY unset; run under xvfb-run)' };
  return found;
}
