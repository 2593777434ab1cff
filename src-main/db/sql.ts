// How SQL is built (docs/ARCHITECTURE.md "Storage"): plain SQL text in the repositories, values
// always bound as parameters. A statement whose shape varies (optional filters, a chosen sort) is
// put together from `sql` fragments: the text of a fragment is only ever the literal text written
// in the source, every interpolated value becomes a `?` parameter, and an interpolated fragment is
// spliced in with its own parameters (the tagged-template builder Signal Desktop uses). A column
// or direction chosen by the caller is picked from a table of fragments, never from a string.
import type Database from 'better-sqlite3';
import { moneyRows, statement } from './query.js';

const FRAGMENT: unique symbol = Symbol('sql fragment');

export interface Sql {
  readonly [FRAGMENT]: true;
  readonly text: string;
  readonly params: readonly unknown[];
}

function isSql(value: unknown): value is Sql {
  return typeof value === 'object' && value !== null && (value as { [FRAGMENT]?: boolean })[FRAGMENT] === true;
}

/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped (use with ESCAPE '\\'). */
export function likeSubstring(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A fragment: literal text, each value a parameter, each nested fragment spliced in. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  let text = strings[0]!;
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (isSql(value)) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[i + 1]!;
  });
  return { [FRAGMENT]: true, text, params };
}

/** The fragments joined by a separator fragment (e.g. sql` AND `). */
export function joinSql(parts: readonly Sql[], separator: Sql): Sql {
  return {
    [FRAGMENT]: true,
    text: parts.map((p) => p.text).join(separator.text),
    params: parts.flatMap((p, i) => (i === 0 ? [...p.params] : [...separator.params, ...p.params])),
  };
}

/** "WHERE a AND b" over the conditions given (false/undefined ones skipped), or nothing. */
export function whereAll(conditions: ReadonlyArray<Sql | false | undefined>): Sql {
  const present = conditions.filter(isSql);
  return present.length === 0 ? sql`` : sql`WHERE ${joinSql(present, sql` AND `)}`;
}

/** "(a OR b)" over the conditions. */
export function anyOf(conditions: readonly Sql[]): Sql {
  return sql`(${joinSql(conditions, sql` OR `)})`;
}

export function selectAll<R>(db: Database.Database, query: Sql): R[] {
  return statement(db, query.text).all(...query.params) as R[];
}

export function selectFirst<R>(db: Database.Database, query: Sql): R | undefined {
  return statement(db, query.text).get(...query.params) as R | undefined;
}

/** selectAll over money columns (moneyRows: `*_minor` as BigInt). */
export function selectMoney<R>(db: Database.Database, query: Sql): R[] {
  return moneyRows<R>(statement(db, query.text), ...query.params);
}

/** A page of rows and the count of the whole filter: `from` is everything after SELECT … (FROM, WHERE). */
export function selectPage<R>(db: Database.Database, from: Sql, order: Sql, page: { offset: number; limit: number }, money = false): { rows: R[]; total: number } {
  const { total } = selectFirst<{ total: number }>(db, sql`SELECT COUNT(*) AS total ${from}`)!;
  const query = sql`SELECT * ${from} ORDER BY ${order} LIMIT ${page.limit} OFFSET ${page.offset}`;
  return { rows: money ? selectMoney<R>(db, query) : selectAll<R>(db, query), total };
}
