// A throwaway PostgreSQL 15 cluster for the sync suites: initdb + pg_ctl as the unprivileged
// `postgres` user when we run as root (initdb refuses root), directly otherwise; data directory and
// unix socket in a temp folder; listens on a free loopback TCP port; stopped and removed by stop().
// With CI=true a cluster that cannot start is an error (the suite fails); without it the suite may
// report itself skipped with the reason (see pgUnavailable).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

// Debian's path by default; elsewhere (the GitHub runners' Windows and macOS) LEDGERFLOW_PG_BIN.
export const PG_BIN = process.env.LEDGERFLOW_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const EXE = process.platform === 'win32' ? '.exe' : '';
const SUPERUSER_PASSWORD = 'lf-test-superuser';

export interface PgCluster {
  readonly port: number;
  readonly dir: string;
  /** Superuser connection URL (harness only: tests use owner and seat roles). */
  readonly superuserUrl: string;
  /** A fresh database owned by a fresh non-superuser role with CREATEROLE; returns that owner's URL. */
  createDatabase(name: string): Promise<string>;
  /** pg_ctl stop -m immediate (fault tests), then start again on the same port. */
  stopServer(mode?: 'fast' | 'immediate'): void;
  startServer(): void;
  stop(): void;
}

/** Why a cluster cannot start here, or undefined. Under CI=true callers must fail instead of skipping. */
export function pgUnavailable(): string | undefined {
  if (!existsSync(join(PG_BIN, `initdb${EXE}`))) return `${join(PG_BIN, `initdb${EXE}`)} is missing (apt-get install postgresql-15, or set LEDGERFLOW_PG_BIN)`;
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function asPostgres(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

function run(owner: { uid: number; gid: number } | undefined, binary: string, args: string[]): void {
  const command = owner ? 'runuser' : join(PG_BIN, binary);
  const argv = owner ? ['-u', 'postgres', '--', join(PG_BIN, binary), ...args] : args;
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${binary} ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
}

export async function startPgCluster(): Promise<PgCluster> {
  const missing = pgUnavailable();
  if (missing) throw new Error(`cannot start PostgreSQL: ${missing}`);
  const owner = asPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'lf-pg-'));
  const dataDir = join(dir, 'data');
  const pwFile = join(dir, 'pw');
  writeFileSync(pwFile, SUPERUSER_PASSWORD + '\n', { mode: 0o600 });
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(pwFile, owner.uid, owner.gid);
  }
  chmodSync(dir, 0o700);
  const port = await freePort();
  try {
    run(owner, 'initdb', ['-D', dataDir, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwFile}`, '-E', 'UTF8', '--locale=C', '--no-sync']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // Windows has no unix socket directory to point at: TCP on loopback only there.
  const socket = process.platform === 'win32' ? '' : `-k ${dir} `;
  const options = `-p ${port} ${socket}-c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c shared_buffers=64MB`;
  const startServer = () => run(owner, 'pg_ctl', ['-D', dataDir, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  const stopServer = (mode: 'fast' | 'immediate' = 'fast') => run(owner, 'pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  try {
    startServer();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const superuserUrl = `postgresql://postgres:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    port,
    dir,
    superuserUrl,
    async createDatabase(name) {
      const ownerRole = `${name}_owner`;
      const password = `${name}-owner-pw`;
      const client = new pg.Client({ connectionString: superuserUrl });
      await client.connect();
      try {
        await client.query(`CREATE ROLE ${ownerRole} LOGIN CREATEROLE PASSWORD '${password}'`);
        await client.query(`CREATE DATABASE ${name} OWNER ${ownerRole}`);
        // Only the owner may create objects in the database's public schema.
        await client.query(`REVOKE ALL ON DATABASE ${name} FROM PUBLIC`);
        await client.query(`GRANT CONNECT, CREATE, TEMPORARY ON DATABASE ${name} TO ${ownerRole}`);
      } finally {
        await client.end();
      }
      return `postgresql://${ownerRole}:${password}@127.0.0.1:${port}/${name}`;
    },
    stopServer,
    startServer,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        stopServer('immediate');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
