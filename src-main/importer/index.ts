// The importer's public face, shared by the CLI, the IPC handlers and the UI wizard:
//   previewImport(req) -> the detected mapping, row errors and a preview; writes nothing.
//   commitImport(req)  -> the same report, and the rows written in one transaction when every
//                         row is valid (all or nothing).
// Both take the file as a path or as bytes, read it in a worker thread (run.ts), and are
// stateless: the wizard sends the confirmed mapping back as `map` when it commits.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DATABASE_FILE, openStore } from '../db/store.js';
import { readSettings } from '../db/repos/settings.js';
import { AppError } from '../../src-shared/errors.js';
import type { ImportKind } from '../../src-shared/schemas/import.js';
import type { Settings } from '../../src-shared/schemas/settings.js';
import { checkSize, checkZipBomb, DEFAULT_LIMITS, readZipDirectory, type ImportLimits } from './sniff.js';
import { runJob, type ImportEngine, type RunOptions } from './run.js';
import type { JobReport } from './pipeline.js';

export { parseMapOption } from './headers.js';
export { DEFAULT_LIMITS } from './sniff.js';
export type { ImportLimits } from './sniff.js';
export type { ImportProgress, JobReport } from './pipeline.js';

export interface ImportRequest extends RunOptions {
  kind: ImportKind;
  businessId: string;
  dataDir: string;
  /** A path, or the bytes with the file's name (drag and drop). */
  file: string | { bytes: Uint8Array; name: string };
  sheet?: string;
  map?: Record<string, string>;
  limits?: Partial<ImportLimits>;
  previewRows?: number;
  actor?: string;
  traceId?: string;
}

export type ImportResult = JobReport & { engine: ImportEngine; engineNote: string; ms: number };

async function load(file: ImportRequest['file'], limits: ImportLimits): Promise<{ bytes: Uint8Array; name: string }> {
  if (typeof file !== 'string') {
    checkSize(file.bytes.length, limits);
    return file;
  }
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new AppError('BAD_INPUT', `${file} is not a file`, { details: { file } });
    size = info.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('BAD_INPUT', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, { details: { file } });
  }
  // The size limit is checked before reading or parsing anything.
  checkSize(size, limits);
  return { bytes: await readFile(file), name: basename(file) };
}

async function run(req: ImportRequest, dryRun: boolean): Promise<ImportResult> {
  const started = performance.now();
  const limits: ImportLimits = { ...DEFAULT_LIMITS, ...req.limits };
  const { bytes, name } = await load(req.file, limits);
  // A zip bomb is refused here, from the ZIP directory alone, before a worker starts or a parser runs.
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) checkZipBomb(readZipDirectory(bytes), limits);
  const { report, engine, engineNote } = await runJob(
    {
      kind: req.kind, businessId: req.businessId, dataDir: req.dataDir, fileName: name, bytes, sheet: req.sheet, map: req.map, dryRun,
      limits, previewRows: req.previewRows, actor: req.actor, traceId: req.traceId,
    },
    req,
  );
  return { ...report, engine, engineNote, ms: Math.round(performance.now() - started) };
}

/** Detects, maps and validates; writes nothing. */
export function previewImport(req: ImportRequest): Promise<ImportResult> {
  return run(req, true);
}

/** Detects, maps, validates and, when no row has an error, writes everything in one transaction. */
export function commitImport(req: ImportRequest): Promise<ImportResult> {
  return run(req, false);
}

/** The importer's limits under the app's settings (the `importMaxBytes` setting). */
export function importLimitsOf(settings: Pick<Settings, 'importMaxBytes'>): Partial<ImportLimits> {
  return { maxBytes: settings.importMaxBytes };
}

/**
 * The size limit in force for a data folder, for callers without an open store (the CLI's import,
 * which must not create or migrate a folder to learn it): read-only, through the one settings reader.
 */
export function importLimitsFor(dataDir: string): Partial<ImportLimits> {
  if (!existsSync(join(dataDir, DATABASE_FILE))) return {};
  const store = openStore(dataDir, { readonly: true });
  try {
    return importLimitsOf(readSettings(store.db));
  } catch {
    return {};
  } finally {
    store.close();
  }
}
