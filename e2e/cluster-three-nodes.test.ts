import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  PASSWORD,
  accessTokenFor,
  addAccount,
  answer,
  browserSignIn,
} from '@gatehouse/testing/gateway';
import {
  killAllSsh,
  makeKey,
  spawnSsh,
  type SshProcess,
  type TestKey,
  startLocalServer,
} from '@gatehouse/testing';
import {
  get,
  startCluster,
  via,
  openVia,
  STORE_KINDS,
  until,
  type Cluster,
  type NodeProcess,
} from './support/cluster-nodes.ts';
import { mcpEchoVia } from './support/cluster-clients.ts';
import { startTemplate } from './support/servers.ts';
import { nextChunk, streamOver } from './support/tunnel-http.ts';
import { VERIFY_URL } from './support/tunnel-system.ts';

// Three `gatehouse serve` processes on loopback sharing one store, as behind a load balancer: the
// test chooses the node by port and keeps the public Host. Real OpenSSH clients. The same
// scenarios run on one SQLite file and on one PostgreSQL database (a fresh one on the run's
// throwaway cluster), one store after the other.

const ADA = 'ada@example.com';
const GENEROUS_MS = 60_000;

let cluster: Cluster;
let a: NodeProcess;
let b: NodeProcess;
let c: NodeProcess;
let ada: Client;
let key: TestKey;
let remote: string;
let routeKey: string;
let bearer: Record<string, string>;
let releaseSse: () => void = () => {};
const locals: { close(): Promise<void> }[] = [];

/** A local server that names itself in every answer, with an SSE stream at /sse. */
async function localServer(name: string) {
  const server = await startLocalServer((req, res) => {
    if (req.url === '/sse') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
      releaseSse = () => res.end('data: last\n\n');
      return;
    }
    res.setHeader('x-seen-host', req.headers.host ?? '');
    // `/once` closes its connection after the answer, so node C dials the route again for the next
    // request: round-robin is per upstream connection, and a kept-alive one would stay with the
    // holder it first reached, however loaded the machine.
    if (req.url === '/once') res.setHeader('connection', 'close');
    res.end(`${name} ${req.method ?? ''} ${req.url ?? ''}`);
  });
  locals.push(server);
  return server;
}

const holders = () => cluster.store.nodes.holdersOf(routeKey, Date.now());

/** How many `code` answers `node`'s edge sent on the tunnel route, from its own /metrics. */
async function answered(node: NodeProcess, code: number): Promise<number> {
  const { body } = await get(node.adminPort, '/metrics');
  const sample = `gatehouse_http_requests_total{node="${node.nodeId}",route="${routeKey}",code="${code}"} `;
  const line = body.split('\n').find((l) => l.startsWith(sample));
  return Number(line?.slice(sample.length) ?? 0);
}

/** The remembered key serves `to` at route `mcp` through `node`'s SSH port. */
function serve(node: NodeProcess, to: string): SshProcess {
  return spawnSsh(node.sshPort, key, ['-R', '0', '127.0.0.1', '--', '--to', to]);
}

describe.each(STORE_KINDS)('three nodes on one $label store', ({ kind }) => {
  beforeAll(async () => {
    cluster = await startCluster(kind);
    a = await cluster.start('a');
    [b, c] = await Promise.all([cluster.start('b'), cluster.start('c')]);
    await addAccount(cluster.store, ADA);
    ada = new Client();
    const landed = await browserSignIn(ada, `${cluster.authUrl}/account`, ADA);
    expect(landed.status).toBe(200);
    // Bind the key once (remember), through node A's SSH endpoint and sign-in page.
    key = makeKey(cluster.dir, 'laptop');
    const first = spawnSsh(a.sshPort, key, ['-N', '-R', '0', '127.0.0.1']);
    const [verifyUrl = ''] = await first.waitFor(VERIFY_URL);
    await answer(ada, verifyUrl, 'authorize', true);
    const account = await cluster.store.accounts.findByEmail(ADA);
    const namespace = await cluster.store.tunnels.namespaceOf(account?.id ?? '');
    routeKey = `mcp.${namespace ?? ''}`;
    await until(async () => (await holders()).length === 1, 'the first tunnel is claimed');
    await killAllSsh();
    remote = `http://${routeKey}.localhost:${cluster.publicPort}`;
    bearer = {
      authorization: `Bearer ${await accessTokenFor(ada, cluster.authUrl, `${remote}/mcp`)}`,
    };
  }, 180_000);

  afterAll(async () => {
    releaseSse();
    await killAllSsh();
    await cluster?.close();
    await Promise.all(locals.splice(0).map((l) => l.close()));
  }, 60_000);

  it('each node names itself in /healthz, and a session signed in on node A works on node B', async () => {
    expect(new Set([a.nodeId, b.nodeId, c.nodeId]).size).toBe(3);
    // Every /metrics sample names its node.
    const metrics = await get(a.adminPort, '/metrics');
    expect(metrics.body).toContain(`gatehouse_active_sessions{node="${a.nodeId}"}`);
    const onB = await via(b.edgePort, ada, `${cluster.authUrl}/account`, { accept: 'text/html' });
    expect(onB.status).toBe(200);
    expect(onB.body).toContain(ADA);
    const stranger = await via(b.edgePort, undefined, `${cluster.authUrl}/account`, {
      accept: 'text/html',
    });
    expect(stranger.status).toBe(302);
  });

  it('a tunnel held on node A serves HTTP and SSE entering node C, with the local Host', async () => {
    const local = await localServer('one');
    const ssh = serve(a, `127.0.0.1:${local.port}`);
    // The local address comes with `--to` just after the forward; C learns it from the store.
    await until(async () => {
      const r = await via(c.edgePort, undefined, `${remote}/hello`, bearer);
      return r.status === 200 && r.headers['x-seen-host'] === `127.0.0.1:${local.port}`;
    }, 'C reaches the tunnel on A with its local Host');
    const reply = await via(c.edgePort, undefined, `${remote}/hello?x=1`, bearer);
    expect(reply.body).toBe('one GET /hello?x=1');
    expect(reply.headers['x-seen-host']).toBe(`127.0.0.1:${local.port}`);
    expect((await holders()).map((h) => h.nodeId)).toEqual([a.nodeId]);

    const sse = await openVia(c.edgePort, `${remote}/sse`, {
      ...bearer,
      accept: 'text/event-stream',
    });
    expect(sse.statusCode).toBe(200);
    expect(await nextChunk(sse)).toContain('data: first');
    const rest = nextChunk(sse);
    releaseSse();
    expect(await rest).toContain('data: last');
    expect(await streamOver(sse)).toBe('ended');
    ssh.child.kill('SIGKILL');
    await ssh.exited;
    await until(async () => (await holders()).length === 0, 'the tunnel is released');
  });

  it(
    'an MCP client entering node C gets its token by OAuth (consent on node B) and calls echo on the template behind the tunnel on node A',
    async () => {
      const template = await startTemplate();
      locals.push(template);
      const ssh = serve(a, new URL(template.url).host);
      try {
        // The template's /health names it: C reaches it through A once `--to` has been applied.
        await until(async () => {
          const r = await via(c.edgePort, undefined, `${remote}/health`, bearer);
          return r.status === 200 && r.body.includes('"mcp-app-template"');
        }, 'C reaches the template through the tunnel on A');
        expect((await holders()).map((h) => h.nodeId)).toEqual([a.nodeId]);

        const counts = async () => ({
          b: [await answered(b, 401), await answered(b, 202)],
          c: [await answered(c, 401), await answered(c, 202)],
        });
        const before = await counts();
        // The SDK client's own requests enter node C; the browser steps node B, with the session
        // Ada signed in on node A.
        const seen = await mcpEchoVia({
          mcpUrl: `${remote}/mcp`,
          browser: ada,
          credentials: { email: ADA, password: PASSWORD },
          clientPort: c.edgePort,
          browserPort: b.edgePort,
          message: 'entered on C, served on A',
        });
        expect(seen.server).toBe('mcp-app-template');
        expect(seen.tools).toContain('echo');
        expect(seen.result.content).toEqual([
          { type: 'text', text: 'Echo: entered on C, served on A' },
        ]);
        const auth = new URL(cluster.authUrl).host;
        const mcp = new URL(remote).host;
        // Discovery, dynamic registration and the code exchange (PKCE) on C; authorization and
        // consent on B: the code issued on B is redeemed on C.
        expect(seen.onClient[0]).toBe(`POST ${mcp}/mcp 401`);
        expect(seen.onClient).toEqual(
          expect.arrayContaining([
            `GET ${mcp}/.well-known/oauth-protected-resource/mcp 200`,
            `GET ${auth}/.well-known/oauth-authorization-server 200`,
            `POST ${auth}/oauth/register 201`,
            `POST ${auth}/oauth/token 200`,
          ]),
        );
        const afterToken = seen.onClient.slice(
          seen.onClient.indexOf(`POST ${auth}/oauth/token 200`),
        );
        // initialize, notifications/initialized, tools/list, tools/call: all answered through C.
        expect(afterToken.filter((r) => r.startsWith(`POST ${mcp}/mcp `))).toEqual(
          Array.from({ length: 4 }, () => expect.stringMatching(/ 20[02]$/) as unknown),
        );
        expect(seen.onBrowser[0]).toMatch(new RegExp(`^GET ${auth}/oauth/authorize 30[23]$`));
        expect(
          seen.onBrowser.some((r) =>
            new RegExp(`^POST ${auth}/oauth/interaction/\\S+/confirm 30[23]$`).test(r),
          ),
        ).toBe(true);
        // Node C's edge itself answered the first MCP request (401) and `notifications/initialized`
        // (202); node B's never saw the route.
        expect(await counts()).toEqual({
          b: before.b,
          c: before.c.map((n) => n + 1),
        });
        // Still the one holder: every MCP request crossed from C to the tunnel on A.
        expect((await holders()).map((h) => h.nodeId)).toEqual([a.nodeId]);
      } finally {
        ssh.child.kill('SIGKILL');
        await ssh.exited;
        await until(async () => (await holders()).length === 0, 'the tunnel is released');
      }
    },
    GENEROUS_MS * 2,
  );

  it('a key revoked on node C closes its tunnel on node A', async () => {
    const local = await localServer('revoked');
    const ssh = serve(a, `127.0.0.1:${local.port}`);
    await until(async () => (await holders()).length === 1, 'the tunnel is claimed');
    const page = await via(c.edgePort, ada, `${cluster.authUrl}/account`, { accept: 'text/html' });
    const revoked = await via(
      c.edgePort,
      ada,
      `${cluster.authUrl}/account/ssh-keys/revoke`,
      {},
      {
        csrf: Client.field(page.body, 'csrf'),
        fingerprint: key.fingerprint,
      },
    );
    expect(revoked.status).toBe(302);
    // The ssh client on node A is disconnected (it exits), not left serving until a recheck.
    await ssh.exited;
    expect(ssh.output()).toContain('signed out');
    await until(async () => (await holders()).length === 0, 'the tunnel is released');
    // Bind the key again for the next tests.
    const again = spawnSsh(a.sshPort, key, ['-N', '-R', '0', '127.0.0.1']);
    const [verifyUrl = ''] = await again.waitFor(VERIFY_URL);
    await answer(ada, verifyUrl, 'authorize', true);
    await until(async () => (await holders()).length === 1, 'the key is bound again');
    await killAllSsh();
    await until(async () => (await holders()).length === 0, 'its tunnel is released');
  });

  it(
    'two ssh clients for one route, on A and B, share requests entering C; kill -9 of A moves them to B',
    async () => {
      const one = await localServer('one');
      const two = await localServer('two');
      serve(a, `127.0.0.1:${one.port}`);
      serve(b, `127.0.0.1:${two.port}`);
      await until(async () => (await holders()).length === 2, 'both tunnels are claimed');
      // Each request to `/once` needs a new upstream connection, and each new one goes to the
      // next holder in turn (kept-alive connections stay with theirs, as with two clients on one
      // node), so requests in a row alternate once node C's holder cache (1 s) lists both.
      const seen = new Map<string, number>();
      await until(
        async () => {
          const reply = await via(c.edgePort, undefined, `${remote}/once`, bearer);
          expect(reply.status).toBe(200);
          const who = reply.body.split(' ')[0] ?? '';
          seen.set(who, (seen.get(who) ?? 0) + 1);
          return seen.has('one') && seen.has('two');
        },
        () =>
          `both holders served requests (seen ${JSON.stringify(Object.fromEntries(seen))}; node C said:\n${c.output().slice(-2000)})`,
      );

      // Traffic keeps flowing while A dies without a goodbye.
      let stop = false;
      const statuses: number[] = [];
      const traffic = (async () => {
        while (!stop) {
          statuses.push((await via(c.edgePort, undefined, `${remote}/n`, bearer)).status);
        }
      })();
      await until(() => Promise.resolve(statuses.length >= 3), 'traffic before the kill');
      await a.kill9();
      const killedAt = statuses.length;
      // Every request after the kill is served by B (retry on another holder).
      await until(
        () => Promise.resolve(statuses.length >= killedAt + 10),
        'traffic after the kill',
      );
      stop = true;
      await traffic;
      expect(statuses.slice(killedAt + 2).every((s) => s === 200)).toBe(true);
      // A's lease runs out by itself: the directory forgets it.
      await until(
        async () => (await holders()).every((h) => h.nodeId === b.nodeId),
        "A's holders expire",
      );
      const after = await via(c.edgePort, undefined, `${remote}/n`, bearer);
      expect(after.body).toBe('two GET /n');
      // Nothing is lost from the store: the session still works on B.
      expect(
        (await via(b.edgePort, ada, `${cluster.authUrl}/account`, { accept: 'text/html' })).status,
      ).toBe(200);
    },
    GENEROUS_MS * 2,
  );
});
