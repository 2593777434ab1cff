// The highest number ever taken per series and fiscal year on this machine, kept in a small file
// beside the database (numbering-high-water.json) so it survives the database being replaced.
// A restore raises every counter to at least this mark, so no number (and no PDF named after it)
// is ever handed out twice. The file is refreshed after commits that took numbers (at most once a
// second), when a store closes, and on every backup and restore.
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../runtime/atomic-file.js';
import { join } from 'node:path';
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

export function readHighWater(dataDir: string): HighWaterMark[] {
  const path = join(dataDir, HIGH_WATER_FILE);
  if (!existsSync(path)) return [];
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as Partial<HighWaterFile>;
    return Array.isArray(file.marks) ? file.marks.filter((m) => typeof m.seriesId === 'string' && typeof m.fiscalYear === 'string' && Number.isInteger(m.lastSeq)) : [];
  } catch {
    // A damaged mark file is worth less than the database counters it only backs up.
    return [];
  }
}

/** Raises the file's marks to at least `marks` (never lowers one); written atomically. */
export function raiseHighWater(dataDir: string, marks: HighWaterMark[]): HighWaterMark[] {
  const merged = mergeMarks(readHighWater(dataDir), marks);
  const file: HighWaterFile = { format: 'ledgerflow-numbering-high-water', version: 1, updatedAt: new Date().toISOString(), marks: merged };
  const path = join(dataDir, HIGH_WATER_FILE);
  writeFileAtomicSync(path, JSON.stringify(file, null, 1) + '\n');
  return merged;
}
