// Running SQL on the store's connection: cached prepared statements, and reads of money columns
// as BigInt. Statements are written in the repositories (src-main/db/repos), whose variable ones
// are built from sql`…` fragments (db/sql.ts).
import type Database from 'better-sqlite3';

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

/** A cached prepared statement for hot paths written as plain SQL. */
export function statement(db: Database.Database, sql: string): Database.Statement {
  return prepare(db, sql);
}

/** INTEGER columns holding money: minor units, all named `*_minor` (migrations/0001_init.sql). */
const MONEY_COLUMN = /_minor$/;

function withMoney<T>(stmt: Database.Statement, read: () => T): T {
  stmt.safeIntegers(true);
  try {
    return read();
  } finally {
    stmt.safeIntegers(false);
  }
}

/** Non-money INTEGER columns (counts, flags, sequence numbers, sizes) back to JS numbers. */
function numbersExceptMoney<R>(row: R): R {
  const record = row as Record<string, unknown>;
  for (const key in record) {
    const value = record[key];
    if (typeof value === 'bigint' && !MONEY_COLUMN.test(key)) record[key] = Number(value);
  }
  return row;
}

/**
 * All rows of a read over money columns (docs/ARCHITECTURE.md rule 1): run with better-sqlite3's
 * safeIntegers, so every `*_minor` INTEGER arrives as a BigInt and never passes through a JS
 * number; the row's other INTEGER columns are turned back into numbers as usual.
 */
export function moneyRows<R>(stmt: Database.Statement, ...params: unknown[]): R[] {
  return (withMoney(stmt, () => stmt.all(...params)) as R[]).map(numbersExceptMoney);
}

/** The first row of a read over money columns, like moneyRows. */
export function moneyRow<R>(stmt: Database.Statement, ...params: unknown[]): R | undefined {
  const row = withMoney(stmt, () => stmt.get(...params)) as R | undefined;
  return row === undefined ? undefined : numbersExceptMoney(row);
}
