import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '@gatehouse/testing';
import { Client } from '@gatehouse/testing/gateway';
import {
  createDatabaseOn,
  startPostgresCluster,
  type PostgresCluster,
} from '@gatehouse/testing/postgres';
import { send, serve, type Answer } from './support/serve-process.ts';

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

function get(port: number, host: string, path: string, cookie?: string): Promise<Answer> {
  return send(port, host, path, cookie === undefined ? {} : { headers: { cookie } });
}

const REQUEST_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/**
 * The authorization server's endpoints, each reaching the store on a different path: the token
 * precheck reading a code and the DCR rate limit (our HTTP layer), a refresh grant and an
 * authorization request (inside oidc-provider, which finds the client in the store).
 */
function oauthCalls(port: number): Record<string, () => Promise<Answer>> {
  const host = `localhost:${port}`;
  const client = 'https://client.example/oauth/metadata.json';
  const authorize = new URLSearchParams({
    client_id: 'unknown-client',
    response_type: 'code',
    redirect_uri: 'http://127.0.0.1:9/callback',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });
  return {
    'token (code)': () =>
      send(port, host, '/oauth/token', {
        method: 'POST',
        headers: FORM,
        body: `grant_type=authorization_code&code=nope&client_id=${encodeURIComponent(client)}`,
      }),
    'token (refresh)': () =>
      send(port, host, '/oauth/token', {
        method: 'POST',
        headers: FORM,
        body: 'grant_type=refresh_token&refresh_token=nope&client_id=unknown-client',
      }),
    register: () =>
      send(port, host, '/oauth/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uris: ['http://127.0.0.1:9/callback'] }),
      }),
    revoke: () =>
      send(port, host, '/oauth/revoke', {
        method: 'POST',
        headers: FORM,
        body: 'token=nope&client_id=unknown-client',
      }),
    authorize: () =>
      send(port, host, `/oauth/authorize?${authorize.toString()}`, {
        headers: { accept: 'text/html' },
      }),
  };
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

  it('a PostgreSQL lost mid-run fails store requests (sign-in, account page, OAuth token, register, revoke, authorize) closed with 503 and a request id, then recovers by itself', async () => {
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

    const oauth = oauthCalls(edge);
    const before: Record<string, number> = {};
    for (const [name, call] of Object.entries(oauth)) {
      before[name] = (await call()).status;
      // Answered by the endpoint itself (a 4xx for these made-up values, 201 for DCR).
      expect(before[name], name).toBeGreaterThanOrEqual(200);
      expect(before[name], name).toBeLessThan(500);
      expect(before[name], name).not.toBe(404);
    }

    // The sign-in form, fetched while the store is up; posted while it is down.
    const browser = new Client();
    const signIn = `http://localhost:${edge}/signin`;
    const form = await browser.request(signIn, { headers: { accept: 'text/html' } });
    expect(form.status).toBe(200);
    const fields = {
      email: 'nobody@example.com',
      password: 'not-a-real-password',
      csrf: Client.field(form.body, 'csrf'),
      return_to: '',
    };

    await cluster.stop();
    const signInDown = await browser.postForm(signIn, fields);
    expect(signInDown.status).toBe(503);
    expect(signInDown.body).toMatch(REQUEST_ID);
    expect(signInDown.body).toContain('cannot reach its database');
    const down = await account();
    expect(down.status).toBe(503);
    expect(down.body).toMatch(REQUEST_ID);
    expect(down.body).not.toContain(url);
    for (const [name, call] of Object.entries(oauth)) {
      const answer = await call();
      expect({ name, status: answer.status }).toEqual({ name, status: 503 });
      expect(answer.headers['retry-after'], name).toBe('5');
      expect(answer.body, name).toMatch(REQUEST_ID);
      expect(answer.body, name).toContain('cannot reach its database');
      expect(answer.body, name).not.toContain(String(cluster.port));
      // The id the client sees is on the server's log line for the same request.
      const id = REQUEST_ID.exec(answer.body)?.[0] ?? 'none';
      while (!server.log().includes(id)) await sleep(50);
      if (name === 'authorize') {
        expect(answer.headers['content-type']).toMatch(/^text\/html/);
        expect(answer.headers['content-security-policy']).toBeDefined();
      } else {
        const body = JSON.parse(answer.body) as Record<string, unknown>;
        expect(body).toMatchObject({ error: 'temporarily_unavailable' });
        expect(body['request_id']).toMatch(REQUEST_ID);
      }
    }

    await cluster.start();
    // The pool reconnects on its own: no restart of Gatehouse.
    let again = await account();
    while (again.status === 503) {
      await sleep(100);
      again = await account();
    }
    expect(again.status).toBe(302);
    for (const [name, call] of Object.entries(oauth)) {
      let answer = await call();
      while (answer.status === 503) {
        await sleep(100);
        answer = await call();
      }
      expect({ name, status: answer.status }).toEqual({ name, status: before[name] });
    }
    expect(server.child.exitCode).toBeNull();
  }, 180_000);
});
