// `npm run bench -- <name> [args…]` runs one benchmark; `npm run bench` runs them all, in name order.
//
// Convention for benchmark files (numbering, pdf, import, …):
//   * A benchmark is tests/bench/<name>.ts (or .mjs). It imports the app straight from the sources
//     (src-main/…, src-shared/…, tests/helpers/…) with the usual relative `.js` imports.
//   * This dispatcher transpiles the file and everything it imports relatively (TypeScript's
//     transpileModule: no type check, `npm run typecheck` covers tests/) into a throwaway folder
//     under node_modules/.cache/ledgerflow-run/, runs it with plain `node`, then deletes the folder.
//     No build step, no dist/ needed, and the code measured is the code in the tree.
//   * A benchmark may start worker processes of itself: fork(fileURLToPath(import.meta.url), …)
//     works because the transpiled file exists while it runs.
//   * Arguments after the name are passed through (e.g. `npm run bench -- numbering --duration 3`).
//     LEDGERFLOW_BENCH_DURATION (seconds) is the shared knob for how long timed phases run.
//   * Output: a human table on stdout, and last a single line of JSON starting with {"bench":"<name>"
//     so scripts can pick it up with `tail -n 1`. Exit 0 when every target is met, 1 otherwise.
//   * Files the benchmark writes go to a temp folder (or --dir DIR), removed at the end.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, RUN_NODE_ARGS, makeRunDir, removeRunDir, transpileGraph } from '../tests/helpers/transpile.mjs';

const BENCH_DIR = join(PROJECT_ROOT, 'tests', 'bench');
const EXTENSIONS = ['.ts', '.mts', '.mjs'];

function available() {
  if (!existsSync(BENCH_DIR)) return [];
  const names = new Set();
  for (const file of readdirSync(BENCH_DIR)) {
    const ext = EXTENSIONS.find((e) => file.endsWith(e));
    if (ext && !file.endsWith('.d.ts') && !file.startsWith('_')) names.add(file.slice(0, -ext.length));
  }
  return [...names].sort();
}

function sourceOf(name) {
  for (const ext of EXTENSIONS) {
    const file = join(BENCH_DIR, name + ext);
    if (existsSync(file)) return file;
  }
  return undefined;
}

function runOne(name, args) {
  const source = sourceOf(name);
  if (!source) {
    console.error(`bench: no benchmark "${name}"; available: ${available().join(', ') || '(none)'}`);
    return 2;
  }
  const runDir = makeRunDir(`bench-${name}`);
  try {
    const [entry] = transpileGraph([source], runDir);
    console.log(`\n== bench ${name}`);
    // Benchmarks' throwaway data folders keep their machine-wide numbering marks in a temp folder too.
    const env = { ...process.env, LEDGERFLOW_MACHINE_DIR: process.env.LEDGERFLOW_MACHINE_DIR ?? join(tmpdir(), 'ledgerflow-bench-machine') };
    const result = spawnSync(process.execPath, [...RUN_NODE_ARGS, entry, ...args], { stdio: 'inherit', cwd: PROJECT_ROOT, env });
    if (result.signal) console.error(`bench ${name}: killed by ${result.signal}`);
    return result.status ?? 1;
  } finally {
    removeRunDir(runDir);
  }
}

const [name, ...rest] = process.argv.slice(2);
if (name && !name.startsWith('-')) {
  process.exitCode = runOne(name, rest);
} else {
  const names = available();
  if (names.length === 0) console.error('bench: no benchmarks in tests/bench');
  let worst = 0;
  for (const each of names) worst = Math.max(worst, runOne(each, process.argv.slice(2)));
  process.exitCode = worst;
}
