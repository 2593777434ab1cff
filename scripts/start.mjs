// `npm start`: the desktop app when Electron can run here; otherwise it says why and starts the
// browser preview (`ledgerflow preview`), printing the URL, so the UI still runs on machines
// where the Electron binary could not be downloaded or there is no display.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronRunnable } from './electron-binary.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);

function ensureBuilt() {
  const needed = [join(root, 'dist', 'src-main', 'electron', 'main.js'), join(root, 'dist', 'src-main', 'cli', 'main.js')];
  if (needed.every((file) => existsSync(file))) return;
  console.error('npm start: building first (npm run build)…');
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureBuilt();
  const status = electronRunnable();
  if (status.ok) {
    run(status.binary, [root, ...args]);
  } else {
    console.error(`npm start: the desktop app cannot start here: ${status.reason}.`);
    console.error('npm start: starting the browser preview instead (open the URL below in a browser).');
    run(process.execPath, [join(root, 'bin', 'ledgerflow.js'), 'preview', ...args]);
  }
}
