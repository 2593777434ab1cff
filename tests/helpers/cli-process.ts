// The built `ledgerflow` CLI (bin/ledgerflow.js over dist/, which `npm test` builds first) run as
// real OS processes: for tests where two processes race, or where one is killed mid-way.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src-main/runtime/paths.js';

export const CLI_BIN = join(packageRoot(), 'bin', 'ledgerflow.js');

/** Throws when dist/ is missing: these tests run the CLI as users do, built. */
export function requireBuiltCli(): void {
  if (!existsSync(join(packageRoot(), 'dist', 'src-main', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `node scripts/build.mjs` (npm test does) before the process tests');
}

export interface CliRun {
  child: ChildProcess;
  /** Everything printed so far. */
  out: { stdout: string; stderr: string };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const out = { stdout: '', stderr: '' };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out.stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out.stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, ...out }));
  });
  return { child, out, exited };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return startCli(args, env).exited;
}
