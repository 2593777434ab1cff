// Starts ledger-worker.ts as real OS processes (transpiled once per test file, see transpile.mjs).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import { makeRunDir, removeRunDir, transpileGraph } from './transpile.mjs';
import type { WorkerLine, WorkerScript } from './ledger-worker.js';

export type { WorkerLine, WorkerOp, WorkerScript } from './ledger-worker.js';

export interface LedgerWorkers {
  /** Runs one worker to completion; rejects if it exits non-zero. */
  run(script: WorkerScript): Promise<WorkerLine[]>;
  /** Runs several workers that all start their operations at the same moment (after each opened the store). */
  runTogether(scripts: WorkerScript[]): Promise<WorkerLine[][]>;
  /** Starts a worker and returns the process and a live list of the lines it printed. */
  start(script: WorkerScript): { child: ChildProcess; lines: WorkerLine[]; ready: Promise<void>; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> };
  dispose(): void;
}

export function prepareLedgerWorkers(): LedgerWorkers {
  const runDir = makeRunDir('ledger-worker');
  const [entry] = transpileGraph([join(dirname(fileURLToPath(import.meta.url)), 'ledger-worker.ts')], runDir);
  const start: LedgerWorkers['start'] = (script) => {
    // node_modules may be a symlink into another checkout (worktrees): keep the path as given, so
    // the worker finds this checkout's package root (and its migrations), not the other one's.
    const child = spawn(process.execPath, ['--preserve-symlinks', '--preserve-symlinks-main', entry!, JSON.stringify(script)], { stdio: [script.waitForGo ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const lines: WorkerLine[] = [];
    let onReady: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      onReady = resolve;
    });
    let buffered = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const text = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const parsed = JSON.parse(text) as WorkerLine | { done: true } | { ready: true };
        if ('ready' in parsed) onReady();
        else if (!('done' in parsed)) lines.push(parsed);
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
      child.once('close', (code, signal) => resolve({ code, signal, stderr }));
    });
    void exited.then(() => onReady());
    return { child, lines, ready, exited };
  };
  const finish = async ({ lines, exited }: ReturnType<LedgerWorkers['start']>) => {
    const { code, signal, stderr } = await exited;
    if (code !== 0) throw new Error(`ledger worker exited with ${code ?? signal}: ${stderr.trim()}`);
    return lines;
  };
  return {
    start,
    run: (script) => finish(start(script)),
    async runTogether(scripts) {
      const started = scripts.map((script) => start({ ...script, waitForGo: true }));
      await Promise.all(started.map((s) => s.ready));
      for (const s of started) s.child.stdin!.end('go\n');
      return Promise.all(started.map(finish));
    },
    dispose: () => removeRunDir(runDir),
  };
}
