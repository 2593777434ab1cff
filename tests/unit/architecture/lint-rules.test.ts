// The lint half of docs/ARCHITECTURE.md "Boundaries enforced", checked on planted violations with
// the project's own eslint.config.js: no function over cyclomatic complexity 15 anywhere in src-*,
// the imports that cross a process boundary refused, and rule 1 where money is computed.
// `npx eslint .` in `npm test` checks the tree; this checks that the configuration would catch a
// violation at all.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The rule ids of the errors ESLint reports for `source` as if it were the file at `filePath`. */
async function errorsOf(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: resolve(root, filePath) });
  return result!.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

/** A function of cyclomatic complexity 1 + branches. */
function branchy(branches: number): string {
  const ifs = Array.from({ length: branches }, (_, i) => `  if (a === ${i}) n += ${i};`).join('\n');
  return `export function planted(a: number): number {\n  let n = 0;\n${ifs}\n  return n;\n}\n`;
}

describe('lint rules of the house', () => {
  const everywhere = ['src-main/engine/planted.ts', 'src-main/gst/planted.ts', 'src-main/cli/planted.ts', 'src-renderer/features/import/planted.tsx', 'src-renderer/app/planted.ts', 'src-shared/schemas/planted.ts'];

  it.each(everywhere)('refuses a function over complexity 15 in %s and accepts one at 15', async (file) => {
    expect(await errorsOf(file, branchy(16))).toEqual(['complexity']);
    expect(await errorsOf(file, branchy(14))).toEqual([]);
  });

  it('refuses electron outside the shell, and Node or Node-only packages in the renderer and src-shared', async () => {
    expect(await errorsOf('src-main/pdf/planted.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(await errorsOf('src-main/electron/planted.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(await errorsOf('src-renderer/app/planted.ts', "import Database from 'better-sqlite3';\nexport const d = Database;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(await errorsOf('src-shared/money/planted.ts', "import * as XLSX from 'xlsx';\nexport const x = XLSX;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(await errorsOf('src-shared/money/planted.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
  });

  it('refuses a JS number made from money in the tax plugins and the money helpers (rule 1)', async () => {
    expect(await errorsOf('src-main/tax/planted.ts', "export const t = (s: string) => Number(s) * 0.18;\n")).toEqual(['no-restricted-syntax']);
    expect(await errorsOf('src-shared/money/planted.ts', "export const r = (x: number) => Math.round(x);\n")).toEqual(['no-restricted-syntax']);
    expect(await errorsOf('src-main/engine/planted.ts', "export const t = (s: string) => Number(s);\n")).toEqual([]);
  });
});
