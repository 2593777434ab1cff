// The highest number ever taken per series and fiscal year on this machine, kept in a small file
// beside the database (numbering-high-water.json) so it survives the database being replaced, and
// mirrored into the machine's state folder (one file per data folder, never pruned) so it also
// survives the data folder itself: a backup restored into a brand-new folder continues after it.
// A restore raises every counter to at least this mark, so no number (and no PDF named after it)
// is ever handed out twice. The file is refreshed after commits that took numbers (at most once a
// second), when a store closes, and on every backup and restore.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomicSync } from '../runtime/atomic-file.js';
import { machineStateDir } from '../runtime/paths.js';
import type Database from 'better-sqlite3';

export const HIGH_WATER_FILE = 'numbering-high-water.json';

export interface HighWaterMark {
  businessId: string;
  seriesId: string;
  seriesCode: string;
  fiscalYear: string;
  lastSeq: number;
}

export interface HighWaterFile {
  format: 'ledgerflow-numbering-high-water';
  version: 1;
  updatedAt: string;
  /** In the machine's copies: the data folder the marks come from. */
  dataDir?: string;
  marks: HighWaterMark[];
}

const taken = new WeakSet<Database.Database>();

/** Called by allocateNumbers: this connection's transaction took numbers. */
export function markNumbersTaken(db: Database.Database): void {
  taken.add(db);
}

/** Whether numbers were taken on this connection since the last call (and resets the flag). */
export function takeNumbersTakenFlag(db: Database.Database): boolean {
  const was = taken.has(db);
  if (was) taken.delete(db);
  return was;
}

/** The counters of a database, as marks (an empty list for a database without the tables). */
export function countersOf(db: Database.Database): HighWaterMark[] {
  const hasTables = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('series', 'series_counters')").get() as { n: number };
  if (hasTables.n < 2) return [];
  return (db.prepare(`SELECT c.business_id AS businessId, c.series_id AS seriesId, s.code AS seriesCode, c.fiscal_year AS fiscalYear, c.last_seq AS lastSeq
    FROM series_counters c JOIN series s ON s.id = c.series_id`).all() as HighWaterMark[]);
}

/** The larger mark per (series, fiscal year) of all lists. */
export function mergeMarks(...lists: HighWaterMark[][]): HighWaterMark[] {
  const merged = new Map<string, HighWaterMark>();
  for (const list of lists) {
    for (const mark of list) {
      const key = `${mark.seriesId}|${mark.fiscalYear}`;
      const known = merged.get(key);
      if (!known || mark.lastSeq > known.lastSeq) merged.set(key, { ...mark });
    }
  }
  return [...merged.values()].sort((a, b) => (a.seriesId + a.fiscalYear < b.seriesId + b.fiscalYear ? -1 : 1));
}

function readMarksFile(path: string): HighWaterMark[] {
  if (!existsSync(path)) return [];
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as Partial<HighWaterFile>;
    return Array.isArray(file.marks) ? file.marks.filter((m) => typeof m.seriesId === 'string' && typeof m.fiscalYear === 'string' && typeof m.businessId === 'string' && Number.isInteger(m.lastSeq)) : [];
  } catch {
    // A damaged mark file is worth less than the database counters it only backs up.
    return [];
  }
}

function writeMarksFile(path: string, file: HighWaterFile, mkdir = false): void {
  writeFileAtomicSync(path, JSON.stringify(file, null, 1) + '\n', { mkdir });
}

export function readHighWater(dataDir: string): HighWaterMark[] {
  return readMarksFile(join(dataDir, HIGH_WATER_FILE));
}

const MACHINE_FOLDER = 'numbering-high-water';

/** The machine's copy of one data folder's marks: named by a hash of the folder's path. */
function machineFileOf(dataDir: string, env: NodeJS.ProcessEnv): string {
  const key = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 24);
  return join(machineStateDir(env), MACHINE_FOLDER, `${key}.json`);
}

/**
 * The marks of every data folder ever opened on this machine for these businesses (a restore
 * takes those of the businesses its backup holds; other folders' businesses are not its concern).
 */
export function readMachineHighWater(businessIds: ReadonlySet<string>, env: NodeJS.ProcessEnv = process.env): HighWaterMark[] {
  const dir = join(machineStateDir(env), MACHINE_FOLDER);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  return mergeMarks(...names.map((name) => readMarksFile(join(dir, name)).filter((mark) => businessIds.has(mark.businessId))));
}

/**
 * Raises the file's marks to at least `marks` (never lowers one); written atomically, and copied
 * to the machine's state folder (a failure there is not fatal: the folder's own file stands).
 */
export function raiseHighWater(dataDir: string, marks: HighWaterMark[], env: NodeJS.ProcessEnv = process.env): HighWaterMark[] {
  const merged = mergeMarks(readHighWater(dataDir), marks);
  const file: HighWaterFile = { format: 'ledgerflow-numbering-high-water', version: 1, updatedAt: new Date().toISOString(), marks: merged };
  writeMarksFile(join(dataDir, HIGH_WATER_FILE), file);
  try {
    const machineFile = machineFileOf(dataDir, env);
    const machineMarks = mergeMarks(readMarksFile(machineFile), merged);
    writeMarksFile(machineFile, { ...file, dataDir: resolve(dataDir), marks: machineMarks }, true);
  } catch {
    // Read-only home or the like: the data folder's own file still guards restores into it.
  }
  return merged;
}

export interface SeriesLastNumber {
  business: string;
  seriesCode: string;
  fiscalYear: string;
  lastSeq: number;
  /** The number printed on the invoice that took lastSeq (null: none, e.g. numbers skipped). */
  lastNumber: string | null;
}

/** The last number taken per series and fiscal year, with its business's name (what a backup holds). */
export function lastNumbersOf(db: Database.Database): SeriesLastNumber[] {
  const hasTables = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('series', 'series_counters', 'businesses', 'invoices')").get() as { n: number };
  if (hasTables.n < 4) return [];
  return db.prepare(`SELECT b.name AS business, s.code AS seriesCode, c.fiscal_year AS fiscalYear, c.last_seq AS lastSeq,
      (SELECT i.number FROM invoices i WHERE i.series_id = c.series_id AND i.fiscal_year = c.fiscal_year AND i.seq = c.last_seq) AS lastNumber
    FROM series_counters c JOIN series s ON s.id = c.series_id JOIN businesses b ON b.id = c.business_id
    WHERE c.last_seq > 0 ORDER BY b.name, s.code, c.fiscal_year`).all() as SeriesLastNumber[];
}
