// Builds what `npx ledgerflow` and the desktop app run: the main-process code (tsc -> dist/)
// and, when its sources exist, the renderer (vite -> dist/renderer). Runs from `prepare`,
// so a fresh `npm install` leaves the CLI working.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error(`build: ${cmd} ${args.join(' ')} failed (exit ${result.status})`);
    process.exit(result.status ?? 1);
  }
}

run('npx', ['tsc', '-p', 'tsconfig.main.json']);
if (existsSync('src-main/preload')) run('npx', ['tsc', '-p', 'tsconfig.preload.json']);
if (existsSync('src-renderer/index.html')) run('npx', ['vite', 'build', '--logLevel', 'warn']);
