// Lint rules that enforce the process boundaries of docs/ARCHITECTURE.md (rule 6): only the Electron shell
// and the preload import `electron`; src-shared and src-renderer import no `node:*` builtins; the
// renderer imports nothing from src-main. Rule 1 (money is never a JS number) for the code
// that computes money: the money helpers and the tax plugins. And no function in src-* over
// cyclomatic complexity 15. tests/unit/architecture/lint-rules.test.ts plants violations of each.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Packages that need Node (native addons, file system, sockets): never in the sandboxed renderer
// or in src-shared. tests/unit/architecture/layers.test.ts also refuses any package not on its
// browser-safe list, so a new dependency must be classified before either may use it.
const nodeOnlyPackages = ['better-sqlite3', 'xlsx', 'pg', 'pg-*', '@myriaddreamin/*', 'jszip', 'electron-log', 'electron-log/*', 'opossum', 'prom-client', 'commander', 'cli-progress', 'qrcode', 'piscina'];

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'http', 'url', 'stream', 'zlib', 'buffer', 'events', 'util'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'coverage/**', 'test-results/**', 'artifacts/**', 'resources/plugins/**/*.js', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs,cts}'],
    ignores: ['src-main/electron/**', 'src-main/preload/**', 'tests/e2e/electron*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Only src-main/electron/** and src-main/preload/** may import electron (docs/ARCHITECTURE.md rule 6).', allowTypeImports: true }],
      }],
    },
  },
  {
    files: ['src-shared/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'src-shared is pure: no electron.', allowTypeImports: true }],
        patterns: [
          { group: nodeBuiltins, message: 'src-shared imports no Node builtins (docs/ARCHITECTURE.md rule 6).' },
          { group: nodeOnlyPackages, message: 'src-shared runs in the renderer too: no package that needs Node (docs/ARCHITECTURE.md rule 6).' },
          { group: ['**/src-main/**', '**/src-renderer/**'], message: 'src-shared depends on nothing else in the app.' },
        ],
      }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer is sandboxed: no electron.', allowTypeImports: true }],
        patterns: [
          { group: nodeBuiltins, message: 'The renderer imports no Node builtins (docs/ARCHITECTURE.md rule 6).' },
          { group: nodeOnlyPackages, message: 'The renderer is sandboxed: no package that needs Node; ask the main process over IPC (docs/ARCHITECTURE.md rule 6).' },
          { group: ['**/src-main/**'], message: 'The renderer imports nothing from src-main; use src-shared and the IPC client.' },
        ],
      }],
    },
  },
  {
    // No function over cyclomatic complexity 15 in the application code (docs/ARCHITECTURE.md,
    // "Boundaries enforced"): a function over it is split along its natural seams (per-field
    // validators, per-step components, one builder per section), not by hiding branches.
    files: ['src-*/**/*.{ts,tsx}'],
    rules: { complexity: ['error', 15] },
  },
  {
    // docs/ARCHITECTURE.md rule 1: money is never a JS number. The money helpers and the tax plugins compute
    // with decimal.js and BigInt only; these are the ways a JS number gets into an amount. The
    // documented boundaries (spreadsheet cells in src-main/importer/values.ts, register.xlsx cells
    // in src-main/export/register.ts) are outside these folders.
    files: ['src-shared/money/**/*.ts', 'src-main/tax/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.name='Number']", message: 'Money is never a JS number (docs/ARCHITECTURE.md rule 1): use Dec (decimal.js) or BigInt minor units.' },
        { selector: "CallExpression[callee.name=/^parse(Float|Int)$/], MemberExpression[object.name='Number'][property.name=/^parse(Float|Int)$/]", message: 'Money is never a JS number (docs/ARCHITECTURE.md rule 1): parse with Dec or BigInt.' },
        { selector: "CallExpression[callee.property.name='toNumber']", message: 'Money is never a JS number (docs/ARCHITECTURE.md rule 1): keep the Dec (compare with .eq/.lt, print with .toFixed).' },
        { selector: "UnaryExpression[operator='+']", message: 'Unary + makes a JS number; money is never one (docs/ARCHITECTURE.md rule 1).' },
        { selector: "MemberExpression[object.name='Math'][property.name=/^(round|floor|ceil|trunc|fround)$/]", message: 'Rounding a JS number: money rounds with roundTo (decimal.js, named mode) or BigInt division (docs/ARCHITECTURE.md rule 1).' },
      ],
    },
  },
);
