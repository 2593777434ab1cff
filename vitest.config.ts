import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The numbering high-water marks the app keeps for the whole machine go to a temp folder, not the
// home of whoever runs the tests (every test's data folder would leave its marks there).
const env = { LEDGERFLOW_MACHINE_DIR: process.env.LEDGERFLOW_MACHINE_DIR ?? join(tmpdir(), 'ledgerflow-test-machine') };

// Three projects, one command (`npm test` runs them all after typecheck and lint).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], environment: 'node', env, testTimeout: 30_000 } },
      { test: { name: 'integration', include: ['tests/integration/**/*.test.{ts,tsx}'], environment: 'node', env, testTimeout: 120_000, hookTimeout: 120_000 } },
      // expect.poll waits for what the screen will show (a render after an IPC round trip); its 1 s
      // default is shorter than a render takes on a loaded 2-core CI box, so e2e polls wait 10 s.
      { test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], environment: 'node', env, testTimeout: 300_000, hookTimeout: 300_000, fileParallelism: false, expect: { poll: { timeout: 10_000 } } } },
    ],
  },
});
