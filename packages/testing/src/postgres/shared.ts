import { randomBytes } from 'node:crypto';
import { watch } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { startPostgresCluster } from './cluster.ts';

interface Ready {
  readonly port?: number;
  readonly error?: string;
}

let shared: Promise<number> | undefined;

/**
 * The port of this run's shared PostgreSQL cluster, starting it when no test file has yet. Test
 * files run in parallel processes: the first to create the lock directory starts the cluster and
 * writes `ready.json`; the others wait for that file (a file-system event, not a sleep).
 */
export function sharedPostgresPort(): Promise<number> {
  shared ??= (async () => {
    const dir = inject('gatehousePostgresDir');
    const readyFile = path.join(dir, 'ready.json');
    let starter = true;
    try {
      await mkdir(path.join(dir, 'lock'));
    } catch {
      starter = false;
    }
    if (starter) {
      let ready: Ready;
      try {
        const cluster = await startPostgresCluster(path.join(dir, 'cluster'));
        ready = { port: cluster.port };
      } catch (error) {
        ready = { error: error instanceof Error ? error.message : String(error) };
      }
      await writeFile(`${readyFile}.tmp`, JSON.stringify(ready));
      await rename(`${readyFile}.tmp`, readyFile);
    }
    const ready = await waitForJson(dir, readyFile);
    if (ready.port === undefined) throw new Error(`PostgreSQL did not start: ${ready.error}`);
    return ready.port;
  })();
  return shared;
}

async function waitForJson(dir: string, file: string): Promise<Ready> {
  const read = async (): Promise<Ready | undefined> => {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Ready;
    } catch {
      return undefined;
    }
  };
  const first = await read();
  if (first !== undefined) return first;
  return new Promise((resolve) => {
    const watcher = watch(dir, () => {
      void read().then((got) => {
        if (got === undefined) return;
        watcher.close();
        resolve(got);
      });
    });
    // The file may have appeared between the first read and the watch.
    void read().then((got) => {
      if (got === undefined) return;
      watcher.close();
      resolve(got);
    });
  });
}

/** A new, empty database on the shared cluster; returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const port = await sharedPostgresPort();
  return createDatabaseOn(`postgres://postgres@127.0.0.1:${port}`);
}

/** A new, empty database on the cluster at `base` (`postgres://user@host:port`). */
export async function createDatabaseOn(base: string): Promise<string> {
  const name = `t_${randomBytes(8).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return `${base}/${name}`;
}
