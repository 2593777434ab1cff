// A transpiled graph (benchmarks, worker processes) run with RUN_NODE_ARGS finds this tree as its
// package root, also when node_modules is a symlink to another checkout's (a git worktree).
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, RUN_NODE_ARGS, makeRunDir, removeRunDir, transpileGraph } from '../../helpers/transpile.mjs';

describe('transpiled graph', () => {
  const runDir = makeRunDir('package-root');
  afterAll(() => removeRunDir(runDir));

  it('resolves packageRoot() to the tree it was transpiled from', () => {
    const probe = join(PROJECT_ROOT, 'tests', 'integration', 'runtime', `.root-probe-${process.pid}.ts`);
    writeFileSync(probe, "import { packageRoot } from '../../../src-main/runtime/paths.js';\nprocess.stdout.write(packageRoot());\n");
    try {
      const [entry] = transpileGraph([probe], runDir);
      const result = spawnSync(process.execPath, [...RUN_NODE_ARGS, entry!], { encoding: 'utf8', cwd: PROJECT_ROOT });
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(PROJECT_ROOT);
    } finally {
      removeRunDir(runDir);
      rmSync(probe, { force: true });
    }
  });
});
