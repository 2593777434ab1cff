// `npm test`: typecheck, lint, build, then every vitest project (unit, integration, e2e) in one
// run. Stops at the first failing step. The last line is the plain summary
// "tests: N passed, N failed, N skipped" taken from vitest's JSON report, so CI can read it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const report = 'test-results/vitest.json';
const steps = [
  ['typecheck', ['npx', 'tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['lint', ['npx', 'eslint', '.']],
  ['build', ['node', 'scripts/build.mjs']],
  ['tests', ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]],
];

mkdirSync('test-results', { recursive: true });
rmSync(report, { force: true });
let failedStep;
for (const [name, [cmd, ...args]] of steps) {
  console.log(`\n== ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  console.log(`== ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) {
    failedStep = name;
    break;
  }
}

let passed = 0, failed = 0, skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = json.numFailedTests ?? 0;
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
}
if (failedStep && failedStep !== 'tests') console.log(`npm test stopped: ${failedStep} failed`);
if (failedStep === 'tests' && failed === 0) failed = 1; // the runner failed without a failing test (e.g. a suite that could not load)
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedStep ? 1 : 0);
