// src-main/db/types.ts must describe the real schema: every table and column named in the DB
// interface exists in the migrated database (and the reverse, so a new column gets its type).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ts from 'typescript';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, type Store } from '../../../src-main/db/store.js';
import { packageRoot } from '../../../src-main/runtime/paths.js';
import { TempDirs } from '../../helpers/temp.js';

/** table name -> column names, read from the interfaces of types.ts with the TypeScript parser. */
function declaredTables(): Map<string, string[]> {
  const path = join(packageRoot(), 'src-main', 'db', 'types.ts');
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  const db = interfaces.get('DB');
  if (!db) throw new Error('types.ts has no DB interface');
  const tables = new Map<string, string[]>();
  for (const member of db.members) {
    if (!ts.isPropertySignature(member) || !member.type || !ts.isTypeReferenceNode(member.type)) throw new Error(`DB member ${member.getText()} is not "table: RowType"`);
    const table = (member.name as ts.Identifier).text;
    const rowType = interfaces.get(member.type.typeName.getText());
    if (!rowType) throw new Error(`DB.${table}: interface ${member.type.typeName.getText()} not found in types.ts`);
    tables.set(table, rowType.members.filter(ts.isPropertySignature).map((m) => (m.name as ts.Identifier).text));
  }
  return tables;
}

describe('db/types.ts against the migrated schema', () => {
  const temp = new TempDirs();
  let store: Store;
  beforeAll(() => {
    store = openStore(temp.make());
  });
  afterAll(() => {
    store.close();
    temp.cleanup();
  });

  const tables = declaredTables();

  it('the parser found the tables', () => {
    expect(tables.size).toBeGreaterThanOrEqual(15);
    expect(tables.get('invoices')).toContain('generation_metadata');
  });

  for (const [table, columns] of tables) {
    it(`${table}: every declared column exists, and every schema column is declared`, () => {
      const actual = (store.db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>).map((c) => c.name);
      expect(actual.length, `table ${table} is missing from the schema`).toBeGreaterThan(0);
      expect(columns.filter((c) => !actual.includes(c)), `declared in types.ts but not in ${table}`).toEqual([]);
      expect(actual.filter((c) => !columns.includes(c)), `in ${table} but not declared in types.ts`).toEqual([]);
    });
  }

  it('every application table of the schema is in the DB interface', () => {
    const schemaTables = (store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'").all() as Array<{ name: string }>).map((r) => r.name);
    expect(schemaTables.filter((t) => !tables.has(t))).toEqual([]);
  });
});
