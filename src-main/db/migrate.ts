// Forward-only schema migrations from migrations/NNNN_name.sql. Each runs in its own transaction
// and its SHA-256 is recorded; a database whose applied migrations were edited, or that was
// written by a newer LedgerFlow, is refused before anything is written.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.js';
import { plural } from '../../src-shared/plural.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Checksums a migration had before an edit of its comments only (never of a statement). A database
 * that recorded one of them is as compatible as one that recorded the current checksum.
 * tests/integration/db/migrations.test.ts rebuilds each earlier text and proves its SQL is unchanged.
 * 0001: its comments cited the rules by a design document that never shipped; they now cite docs/ARCHITECTURE.md.
 */
export const COMMENT_ONLY_EDITS: Readonly<Record<number, readonly string[]>> = {
  1: ['1996088c43c4d6d72c61d22ebe3e4f4271b34958fa400951cab066b41414c803'],
};

function recordedChecksumMatches(known: Migration, recorded: string): boolean {
  return known.checksum === recorded || (COMMENT_ONLY_EDITS[known.version] ?? []).includes(recorded);
}

export function loadMigrations(folder: string): Migration[] {
  const migrations = readdirSync(folder)
    .filter((file) => FILE_PATTERN.test(file))
    .sort()
    .map((file) => {
      const match = FILE_PATTERN.exec(file)!;
      const sql = readFileSync(join(folder, file), 'utf8');
      return { version: Number(match[1]), name: match[2]!, sql, checksum: sha256(sql) };
    });
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migrations must be numbered 0001, 0002, … without gaps; found ${migration.version} at position ${index + 1}`);
  });
  return migrations;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Refuses, without writing anything, a database written by a newer LedgerFlow or one whose applied
 * migrations were edited. Reads only (schema_migrations may not exist yet on a new file).
 * Returns the migrations already applied.
 */
export function assertCompatible(db: Database.Database, migrations: Migration[]): AppliedRow[] {
  // One read transaction, so both reads see one snapshot: another process applying a migration
  // between them (its row, then user_version) must not look like an edit made outside LedgerFlow.
  const { applied, userVersion } = db.transaction(() => readSchemaState(db))();
  const latestKnown = migrations.length;
  const newest = Math.max(userVersion, ...applied.map((row) => row.version), 0);
  if (newest > latestKnown) {
    throw new AppError('DB_NEWER_THAN_APP', `This database is at schema version ${newest}, written by a newer LedgerFlow; this app knows versions up to ${latestKnown}. Update LedgerFlow to open it. Nothing was changed.`, { details: { databaseVersion: newest, appSchemaVersion: latestKnown } });
  }
  for (const row of applied) {
    const known = migrations[row.version - 1];
    if (!known || !recordedChecksumMatches(known, row.checksum)) {
      throw new AppError('MIGRATION_EDITED', `Migration ${String(row.version).padStart(4, '0')}_${row.name}.sql was changed after it was applied to this database (recorded checksum ${row.checksum.slice(0, 12)}…, file now ${known?.checksum.slice(0, 12) ?? 'missing'}…). Restore the original file; nothing was changed.`, { details: { version: row.version, name: row.name } });
    }
  }
  if (applied.length !== userVersion) {
    throw new AppError('INTERNAL', `This database records ${plural(applied.length, 'applied migration')} but its user_version is ${userVersion}; it was changed outside LedgerFlow. Nothing was changed.`, { details: { applied: applied.length, userVersion } });
  }
  return applied;
}

function readSchemaState(db: Database.Database): { applied: AppliedRow[]; userVersion: number } {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
  const applied = hasTable ? (db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as AppliedRow[]) : [];
  return { applied, userVersion: db.pragma('user_version', { simple: true }) as number };
}

/** Applies pending migrations; returns the versions applied now. */
export function migrate(db: Database.Database, migrations: Migration[], appVersion: string): number[] {
  const applied = assertCompatible(db, migrations);
  if (applied.length === migrations.length) return [];
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL, app_version TEXT NOT NULL)`);
  const done: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at, app_version) VALUES (?, ?, ?, ?, ?)');
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  for (const migration of migrations.slice(applied.length)) {
    const ran = withForeignKeysFor(db, migration, () => db.transaction(() => {
      // Another process opening the same new file may have applied it while we waited for the lock.
      if (isApplied.get(migration.version) !== undefined) return false;
      db.exec(migration.sql);
      if (rebuildsTables(migration)) assertForeignKeys(db, migration);
      record.run(migration.version, migration.name, migration.checksum, new Date().toISOString(), appVersion);
      db.pragma(`user_version = ${migration.version}`);
      return true;
    }).immediate());
    if (ran) done.push(migration.version);
  }
  if (done.length < migrations.length - applied.length) assertCompatible(db, migrations);
  return done;
}

/**
 * A migration whose first line is `-- ledgerflow: foreign_keys=off` rebuilds tables (SQLite's
 * 12-step procedure for schema changes ALTER TABLE cannot make, such as a CHECK constraint): foreign
 * keys must be off while the old table is dropped, and `PRAGMA foreign_keys` is a no-op inside a
 * transaction, so the runner turns them off around that migration's transaction and checks them
 * before it commits.
 */
function rebuildsTables(migration: Migration): boolean {
  return /^-- ledgerflow: foreign_keys=off\s*$/m.test(migration.sql.split('\n', 1)[0] ?? '');
}

function withForeignKeysFor<T>(db: Database.Database, migration: Migration, run: () => T): T {
  if (!rebuildsTables(migration)) return run();
  const wasOn = db.pragma('foreign_keys', { simple: true }) === 1;
  if (wasOn) db.pragma('foreign_keys = OFF');
  try {
    return run();
  } finally {
    if (wasOn) db.pragma('foreign_keys = ON');
  }
}

function assertForeignKeys(db: Database.Database, migration: Migration): void {
  const broken = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>;
  if (broken.length > 0) {
    const first = broken[0]!;
    throw new AppError('INTERNAL', `migration ${String(migration.version).padStart(4, '0')}_${migration.name} left ${plural(broken.length, 'row')} whose foreign key points nowhere (first: ${first.table} row ${first.rowid} -> ${first.parent}); nothing was changed`, { details: { version: migration.version, broken: broken.length } });
  }
}
