import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, readdir, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A throwaway PostgreSQL cluster of Debian's `postgresql` package, owned by a test run: its own
 * data directory, a free port on 127.0.0.1 only (no other interface, no system service), trust
 * authentication for loopback (nothing else can reach it). PostgreSQL refuses to run as root, so
 * when the tests run as root the server binaries run as the `postgres` user via `runuser`.
 */
export interface PostgresCluster {
  readonly port: number;
  readonly dir: string;
  /** `postgres://postgres@127.0.0.1:<port>/<database>`. */
  url(database: string): string;
  /** Stops the server (fast shutdown: open connections are cut, as in a crash of the network). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
}

/** Where Debian puts the binaries; the newest installed major version wins. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) {
    throw new Error('PostgreSQL is not installed: apt-get install postgresql (see .ci/run)');
  }
  return root;
}

async function binDir(): Promise<string> {
  const root = postgresBinDir();
  const majors = (await readdir(root)).filter((v) => /^\d+$/.test(v)).map(Number);
  const newest = majors.sort((a, b) => b - a)[0];
  if (newest === undefined) throw new Error(`no PostgreSQL version under ${root}`);
  return path.join(root, String(newest), 'bin');
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a server binary as the `postgres` user when we are root, else as ourselves. */
async function pg(bin: string, tool: string, args: readonly string[]): Promise<string> {
  const file = path.join(bin, tool);
  const [cmd, argv] = isRoot()
    ? ['runuser', ['-u', 'postgres', '--', file, ...args]]
    : [file, [...args]];
  try {
    const { stdout } = await run(cmd, argv, { timeout: 120_000 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${tool} failed: ${e.stderr ?? e.message}`, { cause: error });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Creates and starts a cluster under `dir` (created when missing). When we are root, `dir`'s
 * parent must be traversable by the `postgres` user (e.g. a `mkdtemp` dir chmod 0711).
 */
export async function startPostgresCluster(dir: string): Promise<PostgresCluster> {
  const bin = await binDir();
  const data = path.join(dir, 'data');
  const sockets = path.join(dir, 'sockets');
  await mkdir(data, { recursive: true, mode: 0o700 });
  await mkdir(sockets, { recursive: true, mode: 0o700 });
  if (isRoot()) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    for (const d of [dir, data, sockets]) await chown(d, Number(stdout), Number(gid));
  }
  await pg(bin, 'initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  let port = await freePort();
  // Test settings: no fsync (the data is thrown away), small memory, enough connections for
  // parallel test files each with a pool and a LISTEN connection.
  const conf = (p: number) =>
    [
      `listen_addresses = '127.0.0.1'`,
      `port = ${p}`,
      `unix_socket_directories = '${sockets}'`,
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      'shared_buffers = 16MB',
      'max_connections = 300',
      `log_min_messages = warning`,
    ].join('\n') + '\n';
  const start = async () => {
    await writeFile(path.join(data, 'postgresql.auto.conf'), conf(port));
    await pg(bin, 'pg_ctl', [
      '-D',
      data,
      '-l',
      path.join(dir, 'server.log'),
      '-w',
      '-t',
      '90',
      'start',
    ]);
  };
  try {
    await start();
  } catch {
    // The free port may have been taken in between: one more try on another.
    port = await freePort();
    await start();
  }
  return {
    port,
    dir,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop: async () => {
      await pg(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '90', 'stop']);
    },
    start,
  };
}

/** Stops a cluster started by another process from its directory (global teardown). */
export async function stopPostgresClusterIn(dir: string): Promise<void> {
  const data = path.join(dir, 'data');
  if (!existsSync(path.join(data, 'postmaster.pid'))) return;
  await pg(await binDir(), 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '90', 'stop']);
}
