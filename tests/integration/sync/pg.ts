// Shared by the sync suites: one throwaway cluster per test file, and the CI rule (with CI=true a
// cluster that cannot start fails the suite; elsewhere the suite is skipped with the reason).
import { afterAll, beforeAll, describe } from 'vitest';
import { pgUnavailable, startPgCluster, type PgCluster } from '../../helpers/pg-cluster.js';

export const inCi = process.env.CI === 'true';
const missing = pgUnavailable();
if (missing && inCi) throw new Error(`CI=true but PostgreSQL cannot start: ${missing}`);
if (missing) console.warn(`sync suites skipped: ${missing}`);

/** describe() with a running cluster in `cluster()`; skipped (outside CI) when PostgreSQL is missing. */
export function describeWithPg(name: string, body: (cluster: () => PgCluster) => void): void {
  (missing ? describe.skip : describe)(name, () => {
    let cluster: PgCluster | undefined;
    beforeAll(async () => {
      cluster = await startPgCluster();
    }, 120_000);
    afterAll(() => cluster?.stop());
    body(() => {
      if (!cluster) throw new Error('PostgreSQL cluster did not start');
      return cluster;
    });
  });
}
