// Lint rules that enforce the process boundaries of DESIGN.md (rule 6): only the Electron shell
// and the preload import `electron`; src-shared and src-renderer import no `node:*` builtins; the
// renderer imports nothing from src-main.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
        paths: [{ name: 'electron', message: 'Only src-main/electron/** and src-main/preload/** may import electron (DESIGN.md rule 6).', allowTypeImports: true }],
      }],
    },
  },
  {
    files: ['src-shared/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'src-shared is pure: no electron.', allowTypeImports: true }],
        patterns: [
          { group: nodeBuiltins, message: 'src-shared imports no Node builtins (DESIGN.md rule 6).' },
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
          { group: nodeBuiltins, message: 'The renderer imports no Node builtins (DESIGN.md rule 6).' },
          { group: ['**/src-main/**'], message: 'The renderer imports nothing from src-main; use src-shared and the IPC client.' },
        ],
      }],
    },
  },
);
