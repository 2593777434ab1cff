// Layers point down (docs/ARCHITECTURE.md "What each folder owns" and "Boundaries enforced"):
// every import in src-* is read, and an import from a lower layer into a higher one fails, as does
// a file in a folder no layer names (an unclassified dependency is itself an error) and a package
// the renderer or src-shared may not use (they run in the sandboxed renderer: nothing that needs
// Node). The rules are checked on planted violations too, so the test cannot pass vacuously.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

/** Most specific prefix wins. Lower numbers are lower layers; a file may import its own level or below. */
const LAYERS: Array<[prefix: string, level: number]> = [
  ['src-shared', 0],
  ['src-main/runtime', 1],
  ['src-main/log', 1],
  ['src-main/metrics', 1],
  ['src-main/db', 2],
  ['src-main/tax', 2],
  ['src-main/audit', 3],
  ['src-main/numbering', 3],
  ['src-main/sync/outbox.ts', 3],
  ['src-main/db/repos', 4],
  ['src-main/db/backup.ts', 4],
  ['src-main/backup', 4],
  ['src-main/pdf', 4],
  ['src-main/engine', 5],
  ['src-main/importer', 5],
  ['src-main/export', 5],
  ['src-main/sync', 5],
  ['src-main/gst', 5],
  ['src-main/core', 6],
  ['src-main/cli', 7],
  ['src-main/preview', 7],
  ['src-main/electron', 8],
  ['src-main/preload', 8],
];

/** Packages that run in a browser, the only ones src-shared and src-renderer may import. */
const BROWSER_SAFE_PACKAGES = new Set([
  'react', 'react-dom', 'react-dom/client', 'react-i18next', 'i18next', '@sinclair/typebox', '@sinclair/typebox/value',
  '@rjsf/core', '@rjsf/utils', '@rjsf/validator-ajv8', 'ajv', 'ajv-formats', '@cfworker/json-schema', 'uuid', 'to-words',
  'decimal.js', '@tanstack/react-virtual',
]);

export function layerOf(file: string): number | undefined {
  let best: [string, number] | undefined;
  for (const [prefix, level] of LAYERS) {
    if ((file === prefix || file.startsWith(prefix + '/')) && (!best || prefix.length > best[0].length)) best = [prefix, level];
  }
  return best?.[1];
}

const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(IMPORT)) found.push((match[1] ?? match[2])!);
  return found;
}

/** Violations of one file's imports; `file` is relative to the repository root. */
export function violationsOf(file: string, source: string): string[] {
  const problems: string[] = [];
  const ownLevel = layerOf(file);
  const inRenderer = file.startsWith('src-renderer/');
  if (ownLevel === undefined && !inRenderer) return [`${file}: in no layer (add its folder to LAYERS in tests/unit/architecture/layers.test.ts)`];
  for (const spec of importsOf(source)) {
    if (spec.startsWith('.')) {
      const target = relative(root, resolve(root, dirname(file), spec)).replace(/\\/g, '/').replace(/\.js$/, '.ts');
      if (inRenderer) {
        if (target.startsWith('src-main/')) problems.push(`${file} imports ${target}: the renderer imports nothing from src-main`);
        continue;
      }
      if (target.startsWith('src-renderer/')) { problems.push(`${file} imports ${target}: nothing below the UI imports the renderer`); continue; }
      const targetLevel = layerOf(target);
      if (targetLevel === undefined) problems.push(`${file} imports ${target}, which is in no layer`);
      else if (targetLevel > ownLevel!) problems.push(`${file} (layer ${ownLevel}) imports ${target} (layer ${targetLevel}): layers point down`);
      continue;
    }
    const isNodeBuiltin = spec.startsWith('node:');
    const packageName = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
    if (spec === 'electron' && !file.startsWith('src-main/electron/') && !file.startsWith('src-main/preload/')) {
      problems.push(`${file} imports electron: only src-main/electron and src-main/preload may`);
    }
    if ((inRenderer || file.startsWith('src-shared/')) && (isNodeBuiltin || !(BROWSER_SAFE_PACKAGES.has(spec) || BROWSER_SAFE_PACKAGES.has(packageName)))) {
      problems.push(`${file} imports ${spec}: src-shared and the renderer import only browser-safe packages (listed in BROWSER_SAFE_PACKAGES)`);
    }
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('layers point down', () => {
  it('no file in src-main, src-shared or src-renderer breaks a layer rule', () => {
    const files = ['src-main', 'src-shared', 'src-renderer'].flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(100);
    const problems = files.flatMap((file) => violationsOf(file, readFileSync(join(root, file), 'utf8')));
    expect(problems).toEqual([]);
  });

  it('names a planted upward import, an unclassified folder and a Node package in the renderer', () => {
    expect(violationsOf('src-main/engine/x.ts', "import type { Core } from '../core/create-core.js';")).toEqual([
      'src-main/engine/x.ts (layer 5) imports src-main/core/create-core.ts (layer 6): layers point down',
    ]);
    expect(violationsOf('src-main/db/store.ts', "import { packageRoot } from '../core/paths.js';")[0]).toMatch(/layers point down/);
    expect(violationsOf('src-main/newthing/a.ts', "import x from 'y';")[0]).toMatch(/in no layer/);
    expect(violationsOf('src-renderer/app/a.tsx', "import Database from 'better-sqlite3';")[0]).toMatch(/browser-safe/);
    expect(violationsOf('src-shared/a.ts', "import * as XLSX from 'xlsx';")[0]).toMatch(/browser-safe/);
    expect(violationsOf('src-shared/a.ts', "import { readFileSync } from 'node:fs';")[0]).toMatch(/browser-safe/);
    expect(violationsOf('src-renderer/app/a.tsx', "import { x } from '../../src-main/db/store.js';")[0]).toMatch(/nothing from src-main/);
    expect(violationsOf('src-main/pdf/a.ts', "import { app } from 'electron';")[0]).toMatch(/only src-main\/electron/);
    expect(violationsOf('src-main/electron/a.ts', "import { app } from 'electron';")).toEqual([]);
    expect(violationsOf('src-main/cli/a.ts', "export { run } from '../core/create-core.js';\nconst m = await import('../engine/pipeline.js');")).toEqual([]);
  });
});
