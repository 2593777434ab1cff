// Runs TypeScript sources under plain Node (child processes of tests, `npm run bench`) without a
// full build: starting from entry files, follows every relative import, transpiles each .ts/.tsx
// with TypeScript's transpileModule (no type check: `npm run typecheck` does that) and writes the
// graph into a folder inside the project's node_modules/.cache, so bare imports resolve to the
// project's node_modules and packageRoot() finds package.json above it. JS, JSON and other
// relative imports are copied as they are. `new URL('./x.js', import.meta.url)` (worker entry points)
// counts as an import too.
import ts from 'typescript';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const COMPILER_OPTIONS = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  jsx: ts.JsxEmit.ReactJSX,
  isolatedModules: true,
  esModuleInterop: true,
  sourceMap: false,
  inlineSourceMap: true,
  inlineSources: false,
};

function resolveSource(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [];
  if (/\.(m|c)?js$/.test(base)) {
    const stem = base.replace(/\.(m|c)?js$/, '');
    const tsExt = base.endsWith('.mjs') ? '.mts' : base.endsWith('.cjs') ? '.cts' : '.ts';
    candidates.push(stem + tsExt, stem + '.tsx', base);
  } else {
    candidates.push(base, base + '.ts', base + '.tsx', join(base, 'index.ts'));
  }
  return candidates.find((candidate) => existsSync(candidate));
}

function outputPathFor(outDir, root, file) {
  const rel = relative(root, file);
  if (rel.startsWith('..')) throw new Error(`transpile: ${file} is outside the project root ${root}`);
  const ext = extname(rel);
  const outRel = ext === '.ts' || ext === '.tsx' ? rel.slice(0, -ext.length) + '.js' : ext === '.mts' ? rel.slice(0, -4) + '.mjs' : ext === '.cts' ? rel.slice(0, -4) + '.cjs' : rel;
  return join(outDir, outRel);
}

function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, path);
}

/**
 * Transpiles `entries` (absolute or project-relative paths) and everything they import
 * relatively into `outDir`. Returns the output path of each entry, in order.
 */
export function transpileGraph(entries, outDir, root = PROJECT_ROOT) {
  const queue = entries.map((entry) => resolve(root, entry));
  const seen = new Set();
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const out = outputPathFor(outDir, root, file);
    if (!/\.(ts|tsx|mts|cts|js|mjs)$/.test(file) || file.endsWith('.d.ts')) {
      mkdirSync(dirname(out), { recursive: true });
      copyFileSync(file, out);
      continue;
    }
    const text = readFileSync(file, 'utf8');
    const specifiers = ts.preProcessFile(text, true, true).importedFiles.map((imported) => imported.fileName);
    // Worker entry points: new Worker(new URL('./worker.js', import.meta.url)) and the like.
    for (const match of text.matchAll(/new URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g)) specifiers.push(match[1]);
    for (const specifier of specifiers) {
      if (!specifier.startsWith('.')) continue;
      const target = resolveSource(file, specifier);
      if (!target) throw new Error(`transpile: ${relative(root, file)} imports ${specifier}, which does not exist`);
      queue.push(target);
    }
    if (/\.(js|mjs)$/.test(file)) {
      writeAtomically(out, text);
      continue;
    }
    const result = ts.transpileModule(text, { compilerOptions: COMPILER_OPTIONS, fileName: file, reportDiagnostics: true });
    const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) throw new Error(`transpile: ${relative(root, file)}: ${ts.flattenDiagnosticMessageText(errors[0].messageText, '\n')}`);
    writeAtomically(out, result.outputText);
  }
  return entries.map((entry) => outputPathFor(outDir, root, resolve(root, entry)));
}

/**
 * Node flags for running a transpiled graph. The graph lives under node_modules/.cache, and
 * node_modules may be a symlink to another checkout's (a git worktree sharing one install): Node
 * resolves the entry's real path by default, so packageRoot() would walk up from the other
 * checkout and load its migrations, locales and templates instead of this tree's.
 */
export const RUN_NODE_ARGS = ['--preserve-symlinks', '--preserve-symlinks-main'];

/** A fresh folder under node_modules/.cache for one transpiled graph; remove it when done. */
export function makeRunDir(label, root = PROJECT_ROOT) {
  const dir = join(root, 'node_modules', '.cache', 'ledgerflow-run', `${label}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function removeRunDir(dir) {
  if (dir.includes(`${sep}.cache${sep}ledgerflow-run${sep}`)) rmSync(dir, { recursive: true, force: true });
}

export function fileUrl(path) {
  return pathToFileURL(path).href;
}
