// @gatehouse/testing/postgres: a throwaway PostgreSQL cluster (initdb + pg_ctl on a free loopback
// port, started once per run by global-setup.ts) and a fresh database per test.

export { postgresBinDir, startPostgresCluster, stopPostgresClusterIn } from './cluster.ts';
export type { PostgresCluster } from './cluster.ts';
export { createDatabaseOn, createTestDatabase, sharedPostgresPort } from './shared.ts';
