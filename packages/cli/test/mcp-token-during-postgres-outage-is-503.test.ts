import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '@gatehouse/gateway';
import { freePort } from '@gatehouse/testing';
import { Client, accessTokenFor, addAccount, browserSignIn } from '@gatehouse/testing/gateway';
import { createDatabaseOn, startPostgresCluster } from '@gatehouse/testing/postgres';
import { send, serve, type Answer } from './support/serve-process.ts';

// Issue 17, "lost mid-run": an MCP access token is checked against an in-memory revocation copy
// that may serve for 45 s (3 × the 15 s refresh) without the store. After that its answer is
// unknown: the MCP route fails closed with 503 and a request id — a temporary outage — not 401
// "revoked", which would send the MCP client to sign in again against the same dead database.
// When PostgreSQL is back, the same token works again without a restart.

const ADA = 'ada@example.com';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-pg-mcp-outage-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('an MCP route while PostgreSQL is lost', () => {
  it('answers 503 with a request id (not 401) once the revocation copy is stale, and the token works again after', async () => {
    const dir = await tempDir();
    const pgDir = await tempDir();
    await chmod(pgDir, 0o711);
    const cluster = await startPostgresCluster(join(pgDir, 'pg'));
    cleanups.push(() => cluster.stop().catch(() => undefined));
    const url = await createDatabaseOn(`postgres://postgres@127.0.0.1:${cluster.port}`);
    const seed = await openPostgresStore(url, { poolSize: 1 });
    await addAccount(seed, ADA);
    await seed.close();

    const [edge, upstream] = [await freePort(), await freePort()];
    const config = join(dir, 'gatehouse.yaml');
    await writeFile(
      config,
      [
        `listen: 127.0.0.1:${edge}`,
        `data_dir: ${dir}`,
        `authenticate_service_url: http://localhost:${edge}`,
        'ssh: { enabled: false }',
        `store: { postgres: { url: "${url}", pool_size: 4 } }`,
        'routes:',
        `  - from: http://mcp.localhost:${edge}`,
        // Nothing listens there: before the outage the answer is a 502, past the token check.
        `    to: http://127.0.0.1:${upstream}`,
        '    mcp: { server: {} }',
        `    allowed_users: [${ADA}]`,
        '',
      ].join('\n'),
    );
    const server = serve(config);
    cleanups.push(async () => {
      server.child.kill('SIGTERM');
      if (server.child.exitCode === null) await new Promise((r) => server.child.once('close', r));
    });
    await server.up;

    const authUrl = `http://localhost:${edge}`;
    const browser = new Client();
    expect((await browserSignIn(browser, `${authUrl}/account`, ADA)).status).toBe(200);
    const token = await accessTokenFor(browser, authUrl, `http://mcp.localhost:${edge}/mcp`);
    const origin = `http://localhost:${edge}`;
    const call = (): Promise<Answer> =>
      send(edge, `mcp.localhost:${edge}`, '/mcp', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          origin,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
    expect((await call()).status).toBe(502);

    await cluster.stop();
    // Served from the copy until it is stale (about 45 s), then refused as an outage.
    let down = await call();
    while (down.status === 502) {
      await sleep(500);
      down = await call();
    }
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    // Browser-based MCP hosts can read it (the route's CORS headers).
    expect(down.headers['access-control-allow-origin']).toBe(origin);
    const body = JSON.parse(down.body) as Record<string, unknown>;
    expect(body).toMatchObject({ error: 'temporarily_unavailable' });
    expect(String(body['request_id'])).toMatch(/^[0-9a-f-]{36}$/);
    expect(down.body).not.toContain(token);

    await cluster.start();
    // The next refresh (every 15 s) reads the store again; the token is accepted, no restart.
    let again = await call();
    while (again.status === 503) {
      await sleep(500);
      again = await call();
    }
    expect(again.status).toBe(502);
    expect(server.child.exitCode).toBeNull();
  }, 300_000);
});
