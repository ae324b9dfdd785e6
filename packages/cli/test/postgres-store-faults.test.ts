import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '@gatehouse/testing';
import {
  createDatabaseOn,
  startPostgresCluster,
  type PostgresCluster,
} from '@gatehouse/testing/postgres';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-pg-faults-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function serve(config: string): { child: ChildProcess; stderr: () => string; up: Promise<void> } {
  const child = spawn(
    process.execPath,
    [MAIN, 'serve', '--config', config, '--log-level', 'warn'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  const up = new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (stderr.includes('Gatehouse is up')) resolve();
    });
    child.once('close', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  up.catch(() => undefined);
  return { child, stderr: () => stderr, up };
}

function get(
  port: number,
  host: string,
  path: string,
  cookie?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { host, ...(cookie ? { cookie } : {}) } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.once('error', reject);
    req.end();
  });
}

describe('gatehouse serve on PostgreSQL: faults', () => {
  it('an unreachable PostgreSQL at start is one error naming the URL without its password, exit 1', async () => {
    const dir = await tempDir();
    const dead = await freePort();
    const config = join(dir, 'gatehouse.yaml');
    await writeFile(
      config,
      `listen: 127.0.0.1:0\ndata_dir: ${dir}\nssh: { enabled: false }\n` +
        `store: { postgres: { url: "postgres://gatehouse:s3cret-pw@127.0.0.1:${dead}/gatehouse" } }\n`,
    );
    const child = spawn(process.execPath, [MAIN, 'serve', '--config', config], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise((r) => child.once('close', r));
    expect(code).toBe(1);
    expect(output).toContain(
      `gatehouse: cannot open store postgres://gatehouse@127.0.0.1:${dead}/gatehouse`,
    );
    expect(output).toContain('[ERR_STORE_OPEN]');
    expect(output).not.toContain('s3cret-pw');
  });

  it('a PostgreSQL lost mid-run fails store requests closed with 503 and a request id, then recovers by itself', async () => {
    const dir = await tempDir();
    // Its own cluster: this test stops and starts the server, which the shared one must not see.
    const pgDir = await tempDir();
    await chmod(pgDir, 0o711);
    const cluster: PostgresCluster = await startPostgresCluster(join(pgDir, 'pg'));
    cleanups.push(() => cluster.stop().catch(() => undefined));
    const url = await createDatabaseOn(`postgres://postgres@127.0.0.1:${cluster.port}`);
    const [edge, admin] = [await freePort(), await freePort()];
    const config = join(dir, 'gatehouse.yaml');
    await writeFile(
      config,
      `listen: 127.0.0.1:${edge}\nadmin_listen: 127.0.0.1:${admin}\ndata_dir: ${dir}\n` +
        `authenticate_service_url: http://localhost:${edge}\nssh: { enabled: false }\n` +
        `store: { postgres: { url: "${url}", pool_size: 4 } }\n`,
    );
    const server = serve(config);
    cleanups.push(async () => {
      server.child.kill('SIGTERM');
      if (server.child.exitCode === null) await new Promise((r) => server.child.once('close', r));
    });
    await server.up;
    const health = await get(admin, `127.0.0.1:${admin}`, '/healthz');
    expect(JSON.parse(health.body)).toMatchObject({ ok: true, store: 'postgres' });

    // A session cookie makes /account read the store (an unknown session: sign in again).
    const cookie = `_gatehouse_session=${randomBytes(32).toString('base64url')}`;
    const account = () => get(edge, `localhost:${edge}`, '/account', cookie);
    expect((await account()).status).toBe(302);

    await cluster.stop();
    const down = await account();
    expect(down.status).toBe(503);
    expect(down.body).toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(down.body).not.toContain(url);

    await cluster.start();
    // The pool reconnects on its own: no restart of Gatehouse.
    let again = await account();
    while (again.status === 503) {
      await sleep(100);
      again = await account();
    }
    expect(again.status).toBe(302);
    expect(server.child.exitCode).toBeNull();
  }, 180_000);
});
