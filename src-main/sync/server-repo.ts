// Every statement the sync adapter sends to the PostgreSQL server (docs/ARCHITECTURE.md "Storage"):
// the seat's push, pull and identity, and the owner's schema migrations, seats and series check.
// The callers (client.ts, server.ts) hold the connections and transactions; the SQL is here.
import pg from 'pg';

/** A connected client (the caller runs transactions on it, never through pool.query). */
type Queryable = pg.Client | pg.PoolClient;

/** Serialises concurrent `sync init`s and `sync add-seat`s on one database. */
const MIGRATE_LOCK = 0x4c46_5359;

// --- the seat: push, pull, identity ---

/** Master data changed since the cursor, this seat's leases and its lost edits, as of one snapshot (the horizon it reports). */
export async function fetchChanges<T>(client: Queryable, cursor: string, device: string): Promise<T> {
  return (await client.query(
    `
    WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS horizon)
    SELECT h.horizon::text AS horizon,
      (SELECT coalesce(jsonb_agg(to_jsonb(r) - 'o' ORDER BY r.o, r.id), '[]') FROM (
          SELECT 'business' AS entity, id, business_id, version::text AS version, device_id, data, 0 AS o FROM lf.businesses WHERE changed_xid >= $1 AND changed_xid < h.horizon
          UNION ALL SELECT 'product', id, business_id, version::text, device_id, data, 1 FROM lf.products WHERE changed_xid >= $1 AND changed_xid < h.horizon
          UNION ALL SELECT 'customer', id, business_id, version::text, device_id, data, 2 FROM lf.customers WHERE changed_xid >= $1 AND changed_xid < h.horizon) r) AS rows,
      (SELECT coalesce(jsonb_agg(l), '[]') FROM (SELECT business_id, series_code, document_kind, format FROM lf.series_leases WHERE holder_role = current_user AND format <> '') l) AS leases,
      (SELECT coalesce(jsonb_agg(to_jsonb(c) - 'n' ORDER BY c.n), '[]') FROM (SELECT id AS n, id::text AS id, business_id, entity, entity_id, losing_version::text AS losing_version, losing_device, losing_data, winning_version::text AS winning_version, winning_device
          FROM lf.conflicts WHERE losing_device = $2 AND changed_xid >= $1 AND changed_xid < h.horizon) c) AS conflicts
    FROM h`, [cursor, device])).rows[0] as T;
}

export interface SeatIdentityRow { role: string; seat_name: string | null; tenant: string | null; businesses: string[]; rolsuper: boolean; rolbypassrls: boolean }

/** Who this login is: its role, seat name, tenant and businesses, and whether it could bypass row-level security. */
export async function seatIdentity(client: Queryable): Promise<SeatIdentityRow> {
  return (await client.query<SeatIdentityRow>(
    `SELECT current_user AS role, (SELECT seat_name FROM lf.seats WHERE role_name = current_user) AS seat_name, lf.my_tenant() AS tenant,
         lf.my_businesses() AS businesses, r.rolsuper, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user`)).rows[0]!;
}

/** Declares the series this device numbers from (JSON array of DeclaredSeries). */
export async function declareSeries(client: Queryable, seriesJson: string): Promise<void> {
  await client.query('SELECT lf.declare_series($1::jsonb)', [seriesJson]);
}

export interface LeaseFormatRow { business_id: string; series_code: string; format: string; holder_role: string }

/**
 * Takes, for this transaction, the lock that serialises series declarations of each business
 * (a hash of tenant and business; in the given order, which callers sort, so two seats cannot
 * deadlock). A seat role may take advisory locks; it names only its own tenant's keys.
 */
export async function lockBusinessSeries(client: Queryable, businesses: string[]): Promise<void> {
  for (const business of businesses) {
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended(lf.my_tenant() || '|series|' || $1, 0))", [business]);
  }
}

/** The format ('' when unknown) and holder of every series leased in these businesses (as RLS lets this seat read them), and this login's role. */
export async function leaseFormats(client: Queryable, businesses: string[]): Promise<{ leases: LeaseFormatRow[]; self: string }> {
  const rows = (await client.query<LeaseFormatRow & { self: string }>(
    `SELECT business_id, series_code, format, holder_role, current_user AS self FROM lf.series_leases
     WHERE business_id = ANY ($1::text[]) ORDER BY business_id, created_at, series_code`, [businesses])).rows;
  const self = rows[0]?.self ?? (await client.query<{ self: string }>('SELECT current_user AS self')).rows[0]!.self;
  return { leases: rows.map(({ business_id, series_code, format, holder_role }) => ({ business_id, series_code, format, holder_role })), self };
}

/** jsonb's binary input format: a version byte (1), then the JSON text. */
export const JSONB_VERSION = Buffer.from([1]);

/**
 * Applies one batch (in the caller's transaction); the query itself, so the caller can work while
 * it runs. The items and audit entries are jsonb's binary input (JSONB_VERSION, then JSON as UTF-8
 * bytes), sent as binary parameters: the driver copies them as they are instead of encoding a
 * string of several MB, and the caller builds them with the version byte in place (no extra copy).
 */
export async function pushBatch<R>(client: Queryable, device: string, itemsJsonb: Buffer, auditJsonb: Buffer): Promise<R> {
  return (await client.query<{ reply: R }>('SELECT lf.push($1, $2::jsonb, $3::jsonb) AS reply', [device, itemsJsonb, auditJsonb])).rows[0]!.reply;
}

// --- the owner: schema ---

export async function loginPrivileges(client: Queryable): Promise<{ rolsuper: boolean; rolcreaterole: boolean; rolbypassrls: boolean } | undefined> {
  return (await client.query<{ rolsuper: boolean; rolcreaterole: boolean; rolbypassrls: boolean }>('SELECT rolsuper, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = current_user')).rows[0];
}

/** Takes the schema lock for this transaction. */
export async function lockSchemaChanges(client: Queryable): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
}

/** Takes the schema lock and makes sure the schema and its migrations table exist. */
export async function lockSchema(client: Queryable): Promise<void> {
  await lockSchemaChanges(client);
  await client.query('CREATE SCHEMA IF NOT EXISTS lf');
  await client.query(`CREATE TABLE IF NOT EXISTS lf.schema_migrations (
          version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
}

export async function appliedMigrations(client: Queryable): Promise<Array<{ version: number; name: string; checksum: string }>> {
  return (await client.query<{ version: number; name: string; checksum: string }>('SELECT version, name, checksum FROM lf.schema_migrations ORDER BY version')).rows;
}

/** Runs a migration file (migrations/postgres/NNNN_name.sql) and records it with its checksum. */
export async function applyMigration(client: Queryable, migration: { version: number; name: string; sql: string; checksum: string }): Promise<void> {
  await client.query(migration.sql);
  await client.query('INSERT INTO lf.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [migration.version, migration.name, migration.checksum]);
}

// --- the owner: seats ---

/** The group role every seat is a member of, or undefined when the schema is missing. */
export async function seatGroupOf(client: Queryable): Promise<string | undefined> {
  const meta = await client.query<{ seat_group: string }>('SELECT seat_group FROM lf.meta').catch(() => undefined);
  return meta?.rows[0]?.seat_group;
}

export async function tenantsOf(client: Queryable, businesses: string[]): Promise<Array<{ business_id: string; tenant: string }>> {
  return (await client.query<{ business_id: string; tenant: string }>('SELECT business_id, tenant FROM lf.business_tenants WHERE business_id = ANY ($1)', [businesses])).rows;
}

export async function bindBusinessToTenant(client: Queryable, businessId: string, tenant: string): Promise<void> {
  await client.query('INSERT INTO lf.business_tenants (business_id, tenant) VALUES ($1, $2) ON CONFLICT DO NOTHING', [businessId, tenant]);
}

/**
 * A seat's login role: not superuser, no BYPASSRLS, owning nothing, a member of the seat group
 * only. Role names and passwords cannot be parameters: they are quoted by pg's escape functions.
 */
export async function createSeatRole(client: Queryable, seat: { role: string; password: string; seatGroup: string; tenant: string; seatName: string }): Promise<void> {
  await client.query(`CREATE ROLE ${pg.escapeIdentifier(seat.role)} LOGIN PASSWORD ${pg.escapeLiteral(seat.password)} NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION INHERIT CONNECTION LIMIT 50`);
  await client.query(`GRANT ${pg.escapeIdentifier(seat.seatGroup)} TO ${pg.escapeIdentifier(seat.role)}`);
  await client.query('INSERT INTO lf.seats (role_name, tenant, seat_name) VALUES ($1, $2, $3)', [seat.role, seat.tenant, seat.seatName]);
}

/** How many seats a business has. */
export async function seatsOfBusiness(client: Queryable, tenant: string, businessId: string): Promise<number> {
  return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM lf.seat_businesses WHERE tenant = $1 AND business_id = $2', [tenant, businessId])).rows[0]!.n);
}

export async function bindSeatToBusiness(client: Queryable, role: string, tenant: string, businessId: string): Promise<void> {
  await client.query('INSERT INTO lf.seat_businesses (role_name, tenant, business_id) VALUES ($1, $2, $3)', [role, tenant, businessId]);
}

/** The first series of each kind on the server for a business (a later seat's series derive from them). */
export async function firstSeriesOfEachKind(client: Queryable, tenant: string, businessId: string): Promise<Array<{ series_code: string; format: string; document_kind: string }>> {
  return (await client.query<{ series_code: string; format: string; document_kind: string }>(
    `SELECT DISTINCT ON (document_kind) series_code, format, document_kind FROM lf.series_leases
         WHERE tenant = $1 AND business_id = $2 AND format <> '' ORDER BY document_kind, created_at, series_code`, [tenant, businessId])).rows;
}

export async function seriesLeaseExists(client: Queryable, tenant: string, businessId: string, seriesCode: string): Promise<boolean> {
  return Boolean((await client.query('SELECT 1 FROM lf.series_leases WHERE tenant = $1 AND business_id = $2 AND series_code = $3', [tenant, businessId, seriesCode])).rowCount);
}

export async function insertSeriesLease(client: Queryable, lease: { tenant: string; businessId: string; seriesCode: string; documentKind: string; format: string; holderRole: string }): Promise<void> {
  await client.query('INSERT INTO lf.series_leases (tenant, business_id, series_code, document_kind, format, holder_role) VALUES ($1, $2, $3, $4, $5, $6)',
    [lease.tenant, lease.businessId, lease.seriesCode, lease.documentKind, lease.format, lease.holderRole]);
}

// --- the owner: `sync check` ---

export interface SeriesOnServerRow { tenant: string; business_id: string; series_code: string; fiscal_year: string; n: number; max: number; holder: string | null; first_gap: number | null; gap_end: number | null }

/** Every series per tenant, business and fiscal year: its count, highest number, holder and first missing number. */
export async function seriesOnServer(client: Queryable): Promise<SeriesOnServerRow[]> {
  return (await client.query<SeriesOnServerRow>(
        `WITH s AS (
           SELECT tenant, business_id, series_code, fiscal_year, count(*)::int AS n, max(seq)::int AS max FROM lf.invoices GROUP BY 1, 2, 3, 4
         )
         SELECT s.*, l.holder_role AS holder,
           (SELECT min(g) FROM generate_series(1, s.max) g WHERE NOT EXISTS (
              SELECT 1 FROM lf.invoices i WHERE i.tenant = s.tenant AND i.business_id = s.business_id AND i.series_code = s.series_code AND i.fiscal_year = s.fiscal_year AND i.seq = g))::int AS first_gap,
           NULL::int AS gap_end
         FROM s LEFT JOIN lf.series_leases l ON l.tenant = s.tenant AND l.business_id = s.business_id AND l.series_code = s.series_code
         ORDER BY s.tenant, s.business_id, s.series_code, s.fiscal_year`,
  )).rows;
}

/** The next number used after `after` in a series (the end of a gap), or undefined. */
export async function nextNumberAfter(client: Queryable, series: { tenant: string; business_id: string; series_code: string; fiscal_year: string }, after: number): Promise<number | undefined> {
  return (await client.query<{ seq: number | null }>(
    'SELECT min(seq)::int AS seq FROM lf.invoices WHERE tenant = $1 AND business_id = $2 AND series_code = $3 AND fiscal_year = $4 AND seq > $5',
    [series.tenant, series.business_id, series.series_code, series.fiscal_year, after])).rows[0]?.seq ?? undefined;
}
