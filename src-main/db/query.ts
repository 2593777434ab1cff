// kysely as a typed SQL compiler only: build a query with `qb`, then run it synchronously on the
// store's connection with all/first/run (DESIGN: never an awaiting kysely transaction).
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type Compilable } from 'kysely';
import type Database from 'better-sqlite3';
import type { DB } from './types.js';

export const qb = new Kysely<DB>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepare(db: Database.Database, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    if (cache.size > 500) cache.clear();
    cache.set(sql, statement);
  }
  return statement;
}

export function all<R>(db: Database.Database, query: Compilable<R>): R[] {
  const { sql, parameters } = query.compile();
  return prepare(db, sql).all(...(parameters as unknown[])) as R[];
}

export function first<R>(db: Database.Database, query: Compilable<R>): R | undefined {
  const { sql, parameters } = query.compile();
  return prepare(db, sql).get(...(parameters as unknown[])) as R | undefined;
}

export function run(db: Database.Database, query: Compilable<unknown>): Database.RunResult {
  const { sql, parameters } = query.compile();
  return prepare(db, sql).run(...(parameters as unknown[]));
}

/** A cached prepared statement for hot paths written as plain SQL. */
export function statement(db: Database.Database, sql: string): Database.Statement {
  return prepare(db, sql);
}
