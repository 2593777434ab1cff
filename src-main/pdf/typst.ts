// The Typst compiler of this thread (one per worker): fonts parsed once (their bytes are fonts.ts
// fontBytes's, shared with the row-height metrics), templates and images served from memory.
// Memory stays flat only with two things done after every document:
// - the memo cache is cleared (evictCache(0)): what one invoice memoises is never hit by the next,
//   and a cold compile measured cheaper in CPU than a warm one with a bounded cache;
// - the previous render's N-API objects (compile result, document, PDF buffer: ~1-2 MB of native
//   memory each, invisible to V8) are collected by a minor GC; their native memory is freed by
//   finalizers that run on the next turn of the event loop. Without it V8 sees a tiny heap, rarely
//   collects, and the process grew 1-2 MB per invoice (measured: flat at ~85 MB over 600 with it).
//
// Isolation: every file a template may read (the files of its own folder, the images of the
// invoice) is mapped into the compiler's root from memory. Typst refuses paths outside the root but
// reads from disk any path under it that is not mapped, so the root is a real folder that nobody
// else can write into: created fresh by mkdtemp in the temp folder (random name, mode 700, ours,
// checked empty; typst-root.ts), checked again before every compile (replaced, with a new compiler,
// when it is gone or no longer that), and kept empty. A template therefore cannot read any other
// file of the machine. (It used to be a predictable path, never created: another local user could
// create it first with files, or as a link to /, and a template printed them.) Package imports
// ("@preview/...") would be downloaded from the network: they are refused before compiling.
import { readFileSync, readdirSync, lstatSync } from 'node:fs';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeCompiler, type NodeError } from '@myriaddreamin/typst-ts-node-compiler';
import { AppError } from '../../src-shared/errors.js';
import { FONT_FILES, fontBytes } from './fonts.js';
import { createPrivateRoot, forgetRoot, privateRootProblem, sweepDeadRoots } from './typst-root.js';

/** A template and the files of its folder, as the compiler will see them. */
export interface LoadedTemplate {
  /** Identifies the template for remounting (built-in name, or folder path + content hash). */
  key: string;
  /** Where it came from, for messages. */
  source: string;
  /** Path of the main file relative to the template root ("invoice.typ"). */
  main: string;
  files: Array<{ rel: string; bytes: Buffer }>;
}

export interface TemplateDiagnostic {
  file: string;
  /** 1-based; 0 when Typst gave no position. */
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
}

export class TemplateError extends AppError {
  constructor(
    message: string,
    readonly diagnostics: TemplateDiagnostic[],
    retryable = false,
  ) {
    super('PDF_FAILED', message, { retryable, details: { diagnostics } });
  }
}

/** Limits for a business's template folder (it is read into memory for every compiler). */
const MAX_TEMPLATE_FILES = 200;
const MAX_TEMPLATE_BYTES = 20 * 1024 * 1024;
/** Folder, inside the root, where a render's images are mapped. */
export const ASSET_DIR = '__ledgerflow';

const PACKAGE_IMPORT_RE = /#?\b(?:import|include)\s+"@/g;

/** The built-in template's file (beside this module, copied into dist/ by the build). */
function builtinTemplatePath(): string {
  return fileURLToPath(new URL('./templates/invoice.typ', import.meta.url));
}

let builtin: LoadedTemplate | null = null;

export function builtinTemplate(): LoadedTemplate {
  if (!builtin) {
    const file = builtinTemplatePath();
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      throw new AppError('PDF_FAILED', `The built-in invoice template ${file} is missing (run \`npm run build\`): ${(e as Error).message}`, { retryable: false });
    }
    builtin = { key: 'builtin:invoice', source: 'built-in invoice template', main: 'invoice.typ', files: [{ rel: 'invoice.typ', bytes }] };
  }
  return builtin;
}

/** 1-based line and column of a character offset. */
function position(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Reads a business's template: the .typ file and the regular files of its folder (and
 * subfolders), no symbolic links. Refuses package imports (they would go to the network).
 */
export function loadTemplateFile(file: string): LoadedTemplate {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  let stat;
  try {
    stat = lstatSync(abs);
  } catch {
    throw new TemplateError(`Template ${abs} does not exist`, [{ file: abs, line: 0, column: 0, message: 'file not found', severity: 'error' }]);
  }
  if (!stat.isFile() || !abs.endsWith('.typ')) {
    throw new TemplateError(`Template ${abs} is not a .typ file`, [{ file: abs, line: 0, column: 0, message: 'not a regular .typ file', severity: 'error' }]);
  }
  const files: LoadedTemplate['files'] = [];
  let total = 0;
  const walk = (folder: string, depth: number) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && depth < 4 && !entry.name.startsWith('.') && entry.name !== ASSET_DIR) walk(full, depth + 1);
      else if (entry.isFile()) {
        const bytes = readFileSync(full);
        total += bytes.length;
        files.push({ rel: path.relative(dir, full).split(path.sep).join('/'), bytes });
        if (files.length > MAX_TEMPLATE_FILES || total > MAX_TEMPLATE_BYTES) {
          throw new TemplateError(`Template folder ${dir} is too large (more than ${MAX_TEMPLATE_FILES} files or ${MAX_TEMPLATE_BYTES / 1024 / 1024} MB): keep the template in a folder of its own`, [
            { file: dir, line: 0, column: 0, message: 'folder too large', severity: 'error' },
          ]);
        }
      }
    }
  };
  walk(dir, 0);
  const diagnostics: TemplateDiagnostic[] = [];
  for (const f of files.filter((x) => x.rel.endsWith('.typ'))) {
    const src = f.bytes.toString('utf8');
    for (const m of src.matchAll(PACKAGE_IMPORT_RE)) {
      const at = position(src, m.index);
      diagnostics.push({ file: path.join(dir, f.rel), ...at, message: 'package imports ("@preview/...") are not allowed: they would be downloaded; copy the package files into the template folder', severity: 'error' });
    }
  }
  if (diagnostics.length > 0) throw new TemplateError(formatDiagnostics(diagnostics), diagnostics);
  const main = path.basename(abs);
  const hash = files.reduce((h, f) => h + f.bytes.length, 0);
  return { key: `file:${abs}:${stat.mtimeMs}:${hash}`, source: abs, main, files };
}

export function formatDiagnostics(diagnostics: TemplateDiagnostic[]): string {
  return diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.file}${d.line ? `:${d.line}:${d.column}` : ''}: ${d.message}`)
    .join('\n');
}

export interface CompileInput {
  template: LoadedTemplate;
  /** sys.inputs.data */
  data: string;
  /** Extra files for this render only (images), relative to the root. */
  assets?: Array<{ rel: string; bytes: Buffer }>;
  /** PDF standard ("a-2b") or undefined for plain PDF 1.7. */
  pdfStandard?: string;
  /** Seconds since the epoch for the document date (reproducible output). */
  timestamp?: number;
}

export interface CompiledPdf {
  pdf: Buffer;
  pages: number;
  warnings: TemplateDiagnostic[];
}

type MinorGc = (options: { type: 'minor' }) => void;
let minorGc: MinorGc | null | undefined;

/** V8's collector, exposed once for this process (a flag set at run time reaches new contexts only). */
function collector(): MinorGc | null {
  if (minorGc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      minorGc = runInNewContext('gc') as MinorGc;
    } catch {
      minorGc = null;
    }
  }
  return minorGc;
}

/** One compiler and what is mapped into its root. */
export class TypstEngine {
  private compiler: NodeCompiler;
  private rootDir: string;
  private readonly fontBlobs: Buffer[];
  private mounted: string | null = null;
  private renders = 0;
  /** The fonts folder this compiler prints with (resolved): the print view measures with the same (render.ts). */
  readonly fontsDir: string;

  constructor(fontsDir?: string) {
    // Empty roots of processes killed before their 'exit' would otherwise pile up in the temp folder.
    sweepDeadRoots();
    const fonts = fontBytes(fontsDir);
    this.fontsDir = fonts.dir;
    this.fontBlobs = FONT_FILES.map((f) => fonts.files[f]);
    this.rootDir = createPrivateRoot();
    this.compiler = this.create();
  }

  /** The compiler's root: a private, empty folder (see the header comment). */
  get root(): string {
    return this.rootDir;
  }

  private create(): NodeCompiler {
    return NodeCompiler.create({ workspace: this.rootDir, fontArgs: [{ fontBlobs: this.fontBlobs }] });
  }

  /**
   * The root is still our private empty folder (lstat + readdir: ~40 µs at load 3.6, against ~20 ms
   * a render), else a new one and a compiler rooted there: a temp cleaner removes folders untouched
   * for days, and another user could then create one of that name. The old path is left alone (it
   * is no longer ours to remove).
   */
  private checkRoot(): void {
    if (privateRootProblem(this.rootDir) === null) return;
    forgetRoot(this.rootDir);
    this.rootDir = createPrivateRoot();
    this.compiler = this.create();
    this.mounted = null;
  }

  private mount(t: LoadedTemplate): void {
    if (this.mounted === t.key) return;
    this.compiler.resetShadow();
    for (const f of t.files) this.compiler.mapShadow(path.join(this.root, f.rel), f.bytes);
    this.mounted = t.key;
  }

  private diagnostics(error: NodeError, template: LoadedTemplate): TemplateDiagnostic[] {
    const raw = this.compiler.fetchDiagnostics(error) as Array<{ message: string; path?: string; range?: { start: { line: number; character: number } } | null; severity: number }>;
    return raw.map((d) => {
      const rel = d.path ? path.relative(this.root, d.path).split(path.sep).join('/') : template.main;
      const file = template.key.startsWith('builtin:') ? rel : path.join(path.dirname(template.source), rel);
      return {
        file,
        line: d.range ? d.range.start.line + 1 : 0,
        column: d.range ? d.range.start.character + 1 : 0,
        message: d.message,
        severity: d.severity === 1 ? 'error' : 'warning',
      };
    });
  }

  compile(input: CompileInput): CompiledPdf {
    // The previous render's objects are unreachable by now (see the header comment).
    if (this.renders > 0) collector()?.({ type: 'minor' });
    this.checkRoot();
    this.mount(input.template);
    const mapped: string[] = [];
    try {
      for (const a of input.assets ?? []) {
        const p = path.join(this.root, a.rel);
        this.compiler.mapShadow(p, a.bytes);
        mapped.push(p);
      }
      const result = this.compiler.compile({ mainFilePath: path.join(this.root, input.template.main), inputs: { data: input.data } });
      const error = result.takeError();
      const doc = result.result;
      if (error || !doc) {
        const diags = error ? this.diagnostics(error, input.template) : [];
        const errors = diags.filter((d) => d.severity === 'error');
        throw new TemplateError(`${input.template.source} does not compile:\n${formatDiagnostics(errors.length ? errors : diags) || 'no diagnostics'}`, diags);
      }
      const warningsErr = result.takeWarnings();
      const warnings = warningsErr ? this.diagnostics(warningsErr, input.template) : [];
      const pdf = this.compiler.pdf(doc, {
        ...(input.pdfStandard ? { pdfStandard: input.pdfStandard } : {}),
        ...(input.timestamp !== undefined ? { creationTimestamp: input.timestamp } : {}),
      });
      return { pdf, pages: doc.numOfPages, warnings };
    } finally {
      for (const p of mapped) this.compiler.unmapShadow(p);
      this.renders++;
      this.compiler.evictCache(0);
    }
  }
}

let engine: TypstEngine | null = null;

/**
 * This thread's compiler (created on first use: fonts are read and parsed once). Its fonts folder
 * is the first caller's: a worker has one; in-process renders keep the first folder asked for.
 */
export function typstEngine(fontsDir?: string): TypstEngine {
  engine ??= new TypstEngine(fontsDir);
  return engine;
}
