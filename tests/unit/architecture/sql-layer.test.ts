// SQL in one layer (docs/ARCHITECTURE.md "Storage"): no file of src-main outside src-main/db runs
// SQL (handlers, transports, the importer, the engine and the sync adapter call repositories under
// src-main/db/), and no statement text is put together from template substitutions outside the
// fragment builder src-main/db/sql.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
/** Where SQL may be written: the SQLite layer, and the sync server's repository. */
const SQL_LAYER = 'src-main/db/';
// The PostgreSQL repository: every statement the sync adapter sends to the server, one function
// per statement on the caller's pg client. It is not a SQLite repository (it cannot live under
// src-main/db, whose modules all work on the store's better-sqlite3 connection), but it is the
// same kind of layer: client.ts and server.ts hold the connections and transactions, no SQL.
const SERVER_REPOSITORY = 'src-main/sync/server-repo.ts';

function mayHoldSql(file: string): boolean {
  return file.startsWith(SQL_LAYER) || file === SERVER_REPOSITORY;
}

const RUNS_SQL = /\b(prepare|statement|moneyRows?|selectAll|selectFirst|selectMoney|selectPage)\s*[(<]|\bdb\.exec\(|['"`]\s*(SELECT|INSERT INTO|UPDATE|DELETE FROM|WITH)\b/;
const BUILT_SQL = /\b(prepare|statement)\((?:db, )?`[^`]*\$\{/;

export function sqlViolations(file: string, source: string): string[] {
  const lines = source.split('\n');
  const problems: string[] = [];
  lines.forEach((line, i) => {
    if (/^\s*(\/\/|\*)/.test(line)) return;
    if (file.startsWith('src-main/') && !mayHoldSql(file) && RUNS_SQL.test(line)) problems.push(`${file}:${i + 1}: SQL outside src-main/db (call a repository)`);
    if (file !== 'src-main/db/sql.ts' && BUILT_SQL.test(line)) problems.push(`${file}:${i + 1}: SQL text built by substitution (use sql\`…\` fragments from src-main/db/sql.ts)`);
  });
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('SQL in one layer', () => {
  it('nothing outside src-main/db (and the sync server repository) runs SQL, and no statement is built by substitution', () => {
    const problems = sourceFiles('src-main').flatMap((file) => sqlViolations(file, readFileSync(join(root, file), 'utf8')));
    expect(problems).toEqual([]);
  });

  it('names a planted query in a handler and a WHERE built by concatenation', () => {
    expect(sqlViolations('src-main/core/handlers/x.ts', "  const row = db.prepare('SELECT * FROM invoices WHERE id = ?').get(id);")).toEqual([
      'src-main/core/handlers/x.ts:1: SQL outside src-main/db (call a repository)',
    ]);
    expect(sqlViolations('src-main/cli/commands/x.ts', "  core.store.read((db) => statement(db, 'SELECT 1'));")).toHaveLength(1);
    expect(sqlViolations('src-main/importer/commit.ts', "  const row = db.prepare('SELECT id FROM imports WHERE file_sha256 = ?').get(sha);")).toEqual([
      'src-main/importer/commit.ts:1: SQL outside src-main/db (call a repository)',
    ]);
    expect(sqlViolations('src-main/engine/x.ts', '  db.prepare(`SELECT * FROM batches ${where} ORDER BY ${order}`).all();')).toEqual([
      'src-main/engine/x.ts:1: SQL outside src-main/db (call a repository)',
      'src-main/engine/x.ts:1: SQL text built by substitution (use sql`…` fragments from src-main/db/sql.ts)',
    ]);
    expect(sqlViolations('src-main/engine/pipeline.ts', "  const row = statement(db, 'SELECT max(seq) AS n FROM invoices').get();")).toEqual([
      'src-main/engine/pipeline.ts:1: SQL outside src-main/db (call a repository)',
    ]);
    expect(sqlViolations('src-main/sync/client.ts', "  const items = `SELECT o.seq, o.payload FROM outbox o WHERE o.synced_at IS NULL`;")).toEqual([
      'src-main/sync/client.ts:1: SQL outside src-main/db (call a repository)',
    ]);
    expect(sqlViolations('src-main/sync/client.ts', '    statement(db, `INSERT INTO ${table} (${keys.join(\', \')}) VALUES (${marks})`).run(values);')).toEqual([
      'src-main/sync/client.ts:1: SQL outside src-main/db (call a repository)',
      'src-main/sync/client.ts:1: SQL text built by substitution (use sql`…` fragments from src-main/db/sql.ts)',
    ]);
    expect(sqlViolations('src-main/sync/service.ts', '  await client.query("SELECT lf.push($1, $2::jsonb, $3::jsonb)", [device, items, audit]);')).toEqual([
      'src-main/sync/service.ts:1: SQL outside src-main/db (call a repository)',
    ]);
    // The server repository is where the PostgreSQL statements live.
    expect(sqlViolations('src-main/sync/server-repo.ts', "  await client.query('SELECT lf.declare_series($1::jsonb)', [json]);")).toEqual([]);
    expect(sqlViolations('src-main/db/repos/x.ts', "  return selectAll(db, sql`SELECT * FROM t WHERE id = ${id}`);")).toEqual([]);
  });
});
