import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GatehouseError, type LiveTunnel, type Store, type Upstream } from '@gatehouse/core';
import { recordingLogger } from '@gatehouse/testing/gateway';
import { startClusterNode, type ClusterNode } from '../../src/cluster/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import { useTempDirs } from '../store/temp-dir.ts';
import { echoServer, useCleanups } from './support.ts';

// Two cluster nodes on one SQLite file, on a clock the test moves: node A asks for a route before
// node B's SSH client has it, then again a moment after B claimed it.

const tempDir = useTempDirs();
const SECRET = randomBytes(32);
const ROUTE = 'mcp';
const NAMESPACE = 'brave-otter-123';
const cleanups = useCleanups();

const offline: Upstream = {
  connect: () => Promise.reject(new GatehouseError('ERR_UPSTREAM_OFFLINE', 'tunnel offline')),
};

async function node(
  store: Store,
  clock: { now(): number },
  tunnels: { upstream: Upstream; list(): readonly LiveTunnel[] },
): Promise<ClusterNode> {
  const started = await startClusterNode({
    store,
    clock,
    secret: SECRET,
    logger: recordingLogger(),
    settings: { host: '127.0.0.1', port: 0, advertiseUrl: undefined, exclusive: false },
    tunnels: { ...tunnels, disconnectKey: () => undefined, disconnectAccount: () => undefined },
  });
  cleanups.push(() => started.close());
  return started;
}

describe('cluster holder cache', () => {
  it('a route nobody held a moment ago is reachable as soon as another node claims it (no second of "offline")', async () => {
    const store = await openSqliteStore(path.join(await tempDir(), 'g.db'));
    cleanups.push(() => store.close());
    let t = Date.now();
    const clock = { now: () => t };
    const echo = await echoServer(cleanups);
    const held: LiveTunnel[] = [];
    const a = await node(store, clock, { upstream: offline, list: () => [] });
    const b = await node(store, clock, {
      upstream: { connect: () => Promise.resolve(connect(echo, '127.0.0.1')) },
      list: () => held,
    });
    const target = {
      routeId: `${ROUTE}.${NAMESPACE}`,
      url: new URL(`tunnel://${ROUTE}.${NAMESPACE}`),
    };

    // Nobody holds it yet: node A answers "offline" (and remembers that briefly).
    await expect(a.upstream.connect(target)).rejects.toMatchObject({
      code: 'ERR_UPSTREAM_OFFLINE',
    });

    held.push({
      userId: 'u1',
      namespace: NAMESPACE,
      route: ROUTE,
      connectionId: 'c1',
      fingerprint: 'SHA256:x',
      clientIp: '127.0.0.1',
      since: t,
      localAddress: 'localhost:3000',
    });
    b.routesChanged();
    while ((await store.nodes.holdersOf(target.routeId, t)).length === 0) {
      await new Promise((r) => setImmediate(r));
    }
    // 150 ms later on the test's clock (well inside the 1 s a non-empty answer is kept).
    t += 150;
    const stream = await a.upstream.connect(target);
    cleanups.push(() => void stream.destroy());
    stream.write('hello');
    const [echoed] = (await once(stream, 'data')) as [Buffer];
    expect(echoed.toString()).toBe('hello');
    // That read also told node A where B's client forwards to (the Host for the next request),
    // without waiting for A's next heartbeat.
    expect(a.localAddressOf(target.routeId)).toBe('localhost:3000');
  });
});
