// The sync server's schema: `sync init` applies the checksummed migrations as the owner role,
// idempotently, and leaves row-level security enabled and forced on every tenant table.
import { expect, it } from 'vitest';
import pg from 'pg';
import { join } from 'node:path';
import { addSeat, initServer, loadServerMigrations, serverMigrationsDir } from '../../../src-main/sync/server.js';
import { loadMigrations } from '../../../src-main/db/migrate.js';
import { packageRoot } from '../../../src-main/runtime/paths.js';
import { describeWithPg } from './pg.js';

it('keeps the server migrations in migrations/postgres/, where the SQLite loader does not look', () => {
  const local = loadMigrations(join(packageRoot(), 'migrations'));
  const server = loadServerMigrations();
  expect(serverMigrationsDir()).toBe(join(packageRoot(), 'migrations', 'postgres'));
  expect(server.length).toBeGreaterThan(0);
  for (const migration of server) expect(local.map((m) => m.checksum)).not.toContain(migration.checksum);
});

describeWithPg('sync server schema', (cluster) => {
  it('init applies every migration once and a second init changes nothing', async () => {
    const owner = await cluster().createDatabase('schema_once');
    const first = await initServer(owner);
    expect(first.applied).toEqual(loadServerMigrations().map((m) => m.version));
    const again = await initServer(owner);
    expect(again.applied).toEqual([]);
  });

  it('refuses a server whose applied migration was edited, naming it', async () => {
    const owner = await cluster().createDatabase('schema_edited');
    await initServer(owner);
    const edited = loadServerMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'f'.repeat(64) } : m));
    await expect(initServer(owner, edited)).rejects.toThrow(/0001_sync_server\.sql was changed/);
  });

  it('has row-level security enabled and forced on every table of the schema, and seat roles that are not superuser, have no BYPASSRLS and own nothing', async () => {
    const owner = await cluster().createDatabase('schema_rls');
    await initServer(owner);
    const seat = await addSeat(owner, { businesses: ['b1'], seat: 'Counter 1' });
    const client = new pg.Client({ connectionString: cluster().superuserUrl.replace(/\/postgres$/, '/schema_rls') });
    await client.connect();
    try {
      const tables = await client.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
        "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'lf' AND c.relkind = 'r' AND c.relname NOT IN ('schema_migrations', 'meta')");
      expect(tables.rows.length).toBeGreaterThanOrEqual(13);
      for (const table of tables.rows) expect({ table: table.relname, enabled: table.relrowsecurity, forced: table.relforcerowsecurity }).toEqual({ table: table.relname, enabled: true, forced: true });
      const role = await client.query<{ rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean; owns: string }>(
        "SELECT rolsuper, rolbypassrls, rolcreaterole, (SELECT count(*) FROM pg_class WHERE relowner = r.oid)::text AS owns FROM pg_roles r WHERE rolname = $1", [seat.role]);
      expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, owns: '0' });
    } finally {
      await client.end();
    }
  });

  it('runs the push with generic plans, hash joins and no JIT', async () => {
    const owner = await cluster().createDatabase('schema_push_plans');
    await initServer(owner);
    const client = new pg.Client({ connectionString: owner });
    await client.connect();
    try {
      // Generic plans estimate every scan of the batch at one row; with nested loops allowed, the
      // match of a batch's invoices with the inserted rows compared every pair, and the planner's
      // penalty for a nested loop it cannot avoid would otherwise cross JIT's thresholds.
      const config = (await client.query<{ proconfig: string[] }>("SELECT proconfig FROM pg_proc WHERE oid = 'lf.push(text, jsonb, jsonb)'::regprocedure")).rows[0]!.proconfig;
      expect(config).toEqual(expect.arrayContaining(['plan_cache_mode=force_generic_plan', 'enable_nestloop=off', 'jit=off']));
    } finally {
      await client.end();
    }
  });
});
