import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  accessTokenFor,
  addAccount,
  answer,
  browserSignIn,
} from '@gatehouse/testing/gateway';
import { killAllSsh, makeKey, spawnSsh, startLocalServer } from '@gatehouse/testing';
import {
  cli,
  get,
  openVia,
  startCluster,
  via,
  STORE_KINDS,
  until,
  type Cluster,
  type NodeProcess,
} from './support/cluster-nodes.ts';
import { nextChunk, streamOver } from './support/tunnel-http.ts';
import { VERIFY_URL } from './support/tunnel-system.ts';

// `gatehouse serve --workers 2`: two processes behind one edge port and one SSH port (node:cluster
// hands connections to either), one store. A request that lands on the worker without the tunnel
// is forwarded to the one that holds it. The same on one SQLite file and on one PostgreSQL
// database.

const ADA = 'ada@example.com';
const GENEROUS_MS = 60_000;

let cluster: Cluster;
let serve: NodeProcess;
let local: Awaited<ReturnType<typeof startLocalServer>>;
let releaseSse: () => void = () => {};

describe.each(STORE_KINDS)('gatehouse serve --workers 2 on $label', ({ kind }) => {
  beforeAll(async () => {
    local = await startLocalServer((req, res) => {
      if (req.url === '/sse') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: first\n\n');
        releaseSse = () => res.end('data: last\n\n');
        return;
      }
      res.end(`local ${req.url ?? ''}`);
    });
    cluster = await startCluster(kind);
    serve = await cluster.start('workers', ['--workers', '2']);
  }, 120_000);

  afterAll(async () => {
    releaseSse();
    await killAllSsh();
    await cluster?.close();
    await local?.close();
  }, 60_000);

  it('answers from two nodes on one port, and gatehouse nodes lists both', async () => {
    const seen = new Set<string>();
    await until(async () => {
      const health = JSON.parse((await get(serve.adminPort, '/healthz')).body) as { node: string };
      seen.add(health.node);
      return seen.size === 2;
    }, 'both workers answered /healthz');
    let listed = { code: null as number | null, out: '', err: '' };
    await until(
      async () => {
        listed = await cli(['nodes', '--config', cluster.configOf('workers'), '--json']);
        const nodes = (JSON.parse(listed.out) as { nodes: { id: string }[] }).nodes;
        return (
          nodes
            .map((n) => n.id)
            .toSorted()
            .join() === [...seen].toSorted().join()
        );
      },
      () => `gatehouse nodes lists both workers (it said: ${listed.out}${listed.err})`,
    );
  });

  it(
    'serves a session and a tunnel from either worker, HTTP and SSE',
    async () => {
      await addAccount(cluster.store, ADA);
      const ada = new Client();
      expect((await browserSignIn(ada, `${cluster.authUrl}/account`, ADA)).status).toBe(200);
      for (let i = 0; i < 6; i += 1) {
        expect(
          (await ada.request(`${cluster.authUrl}/account`, { headers: { accept: 'text/html' } }))
            .status,
        ).toBe(200);
      }
      const key = makeKey(cluster.dir, 'laptop');
      const ssh = spawnSsh(serve.sshPort, key, [
        '-R',
        '0',
        '127.0.0.1',
        '--',
        '--to',
        `127.0.0.1:${local.port}`,
      ]);
      const [verifyUrl = ''] = await ssh.waitFor(VERIFY_URL);
      await answer(ada, verifyUrl, 'authorize', false);
      const account = await cluster.store.accounts.findByEmail(ADA);
      const namespace = (await cluster.store.tunnels.namespaceOf(account?.id ?? '')) ?? '';
      const remote = `http://mcp.${namespace}.localhost:${cluster.publicPort}`;
      const bearer = {
        authorization: `Bearer ${await accessTokenFor(ada, cluster.authUrl, `${remote}/mcp`)}`,
      };
      // The worker without the SSH connection learns the holder from the store (cached up to
      // 1 s) and answers 503 until then. Each request is a new connection, which node:cluster
      // hands to the workers in turn: six 200s in a row mean both serve the tunnel.
      let streak = 0;
      await until(async () => {
        const ok = (await via(serve.edgePort, undefined, `${remote}/ok`, bearer)).status === 200;
        streak = ok ? streak + 1 : 0;
        return streak >= 6;
      }, 'both workers serve the tunnel (six 200s in a row)');
      // Each request is a new connection, which node:cluster hands to either worker.
      for (let i = 0; i < 10; i += 1) {
        const reply = await via(serve.edgePort, undefined, `${remote}/n${i}`, bearer);
        expect(reply.status).toBe(200);
        expect(reply.body).toBe(`local /n${i}`);
      }
      const sse = await openVia(serve.edgePort, `${remote}/sse`, {
        ...bearer,
        accept: 'text/event-stream',
      });
      expect(sse.statusCode).toBe(200);
      expect(await nextChunk(sse)).toContain('data: first');
      const rest = nextChunk(sse);
      releaseSse();
      expect(await rest).toContain('data: last');
      expect(await streamOver(sse)).toBe('ended');
    },
    GENEROUS_MS * 2,
  );

  it(
    'stops cleanly on SIGTERM: exit 0, and the workers leave the node list',
    async () => {
      expect(await serve.stop()).toBe(0);
      const listed = await cli(['nodes', '--config', cluster.configOf('workers'), '--json']);
      expect(JSON.parse(listed.out)).toEqual({ nodes: [] });
    },
    GENEROUS_MS,
  );

  it('refuses a --workers value that is not a count, naming the flag', async () => {
    const bad = await cli(['serve', '--config', cluster.configOf('workers'), '--workers', 'two']);
    expect(bad.code).toBe(64);
    expect(bad.err).toContain(
      '--workers must be a whole number from 1 to 256, or auto (got "two")',
    );
  });
});
