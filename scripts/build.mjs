// Builds what `npx ledgerflow` and the desktop app run: the main-process code (tsc -> dist/)
// and, when its sources exist, the renderer (vite -> dist/renderer). Runs from `prepare`,
// so a fresh `npm install` leaves the CLI working.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error(`build: ${cmd} ${args.join(' ')} failed (exit ${result.status})`);
    process.exit(result.status ?? 1);
  }
}

run('npx', ['tsc', '-p', 'tsconfig.main.json']);
// The built-in Typst invoice templates are read at run time beside the compiled renderer.
mkdirSync('dist/src-main/pdf/templates', { recursive: true });
for (const f of readdirSync('src-main/pdf/templates').filter((n) => n.endsWith('.typ'))) copyFileSync(`src-main/pdf/templates/${f}`, `dist/src-main/pdf/templates/${f}`);
if (existsSync('src-main/preload')) run('npx', ['tsc', '-p', 'tsconfig.preload.json']);
if (existsSync('src-renderer/index.html')) run('npx', ['vite', 'build', '--logLevel', 'warn']);
