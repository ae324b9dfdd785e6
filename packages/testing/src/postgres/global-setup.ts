import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { stopPostgresClusterIn } from './cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Directory of this run's shared PostgreSQL cluster (started lazily by the first user). */
    gatehousePostgresDir: string;
  }
}

/**
 * Vitest global setup: reserves a directory for one shared PostgreSQL cluster per run. Nothing is
 * started here: the first test that needs PostgreSQL starts it (`sharedPostgres()`, under a lock),
 * so runs without PostgreSQL tests pay nothing. The teardown stops it and removes its data.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gatehouse-pg-'));
  // The server runs as the `postgres` user when we are root: it must traverse (not list) this.
  await chmod(dir, 0o711);
  project.provide('gatehousePostgresDir', dir);
  return async () => {
    try {
      await stopPostgresClusterIn(path.join(dir, 'cluster'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}
