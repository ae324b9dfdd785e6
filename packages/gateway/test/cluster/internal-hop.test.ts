import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { GatehouseError, systemClock, type Upstream } from '@gatehouse/core';
import { signHop } from '../../src/cluster/hop-auth.ts';
import { openHop, postControl } from '../../src/cluster/hop-client.ts';
import {
  createHopServer,
  HOP_DISCONNECT_PATH,
  type HopServer,
} from '../../src/cluster/hop-server.ts';
import { recordingLogger } from '@gatehouse/testing/gateway';
import { echoServer, useCleanups } from './support.ts';

const SECRET = randomBytes(32);
const NODE = 'node-receiver';
const ROUTE = 'mcp.brave-otter-123';

const cleanups = useCleanups();

async function startHop(local: Upstream) {
  const logger = recordingLogger();
  const disconnected: unknown[] = [];
  const server: HopServer = createHopServer({
    nodeId: NODE,
    secret: SECRET,
    clock: systemClock,
    logger,
    local,
    disconnect: (what) => disconnected.push(what),
  });
  const port = await server.listen('127.0.0.1', 0, false);
  cleanups.push(() => server.close());
  const peer = { nodeId: NODE, internalAddress: `http://127.0.0.1:${port}` };
  return { port, peer, logger, disconnected };
}

const self = (secret = SECRET) => ({ nodeId: 'node-sender', secret, now: () => Date.now() });

/** A CONNECT with the given headers; resolves with the status line's code. */
function rawConnect(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'CONNECT',
      path: `${ROUTE}:80`,
      headers,
    });
    req.once('connect', (res, socket: Socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end();
  });
}

describe('the internal hop between nodes', () => {
  it('pipes bytes both ways to the route on the receiving node', async () => {
    const echo = await echoServer(cleanups);
    const targets: string[] = [];
    const { peer } = await startHop({
      connect: (target) => {
        targets.push(target.url.href);
        return Promise.resolve(connect(echo, '127.0.0.1'));
      },
    });
    const socket = await openHop(self(), peer, ROUTE);
    socket.write('GET / HTTP/1.1\r\n\r\n');
    const [chunk] = (await once(socket, 'data')) as [Buffer];
    expect(chunk.toString()).toBe('GET / HTTP/1.1\r\n\r\n');
    socket.destroy();
    expect(targets).toEqual([`tunnel://${ROUTE}`]);
  });

  it('refuses unsigned, wrongly keyed, misaddressed, stale and replayed hops', async () => {
    let opened = 0;
    const { port, logger } = await startHop({
      connect: () => {
        opened += 1;
        return Promise.reject(new GatehouseError('ERR_UPSTREAM_OFFLINE', 'none'));
      },
    });
    const target = { method: 'CONNECT', target: `${ROUTE}:80` };
    expect(await rawConnect(port, {})).toBe(401);
    expect(await rawConnect(port, signHop(randomBytes(32), target, 'x', NODE, Date.now()))).toBe(
      401,
    );
    expect(await rawConnect(port, signHop(SECRET, target, 'x', 'node-other', Date.now()))).toBe(
      401,
    );
    expect(await rawConnect(port, signHop(SECRET, target, 'x', NODE, Date.now() - 120_000))).toBe(
      401,
    );
    // Signed for another route: the signature covers the target.
    const other = signHop(
      SECRET,
      { method: 'CONNECT', target: 'x.brave-otter-123:80' },
      'x',
      NODE,
      Date.now(),
    );
    expect(await rawConnect(port, other)).toBe(401);
    const good = signHop(SECRET, target, 'x', NODE, Date.now());
    expect(await rawConnect(port, good)).toBe(503);
    expect(await rawConnect(port, good)).toBe(401);
    expect(opened).toBe(1);
    const logged = JSON.stringify(logger.lines);
    expect(logged).toContain('replayed');
    expect(logged).not.toContain(good['x-gatehouse-hop-signature']);
    expect(logged).not.toContain(SECRET.toString('base64'));
  });

  it('reports the receiving node’s upstream error code to the sender (offline: try another)', async () => {
    const { peer } = await startHop({
      connect: () => Promise.reject(new GatehouseError('ERR_UPSTREAM_OFFLINE', 'none')),
    });
    await expect(openHop(self(), peer, ROUTE)).rejects.toMatchObject({
      code: 'ERR_UPSTREAM_OFFLINE',
    });
    await expect(openHop(self(randomBytes(32)), peer, ROUTE)).rejects.toMatchObject({
      code: 'ERR_CLUSTER_HOP_UNREACHABLE',
    });
  });

  it('a node that is gone is unreachable, not an upstream error', async () => {
    const { peer } = await startHop({ connect: () => Promise.reject(new Error('unused')) });
    const dead = { ...peer, internalAddress: 'http://127.0.0.1:9' };
    await expect(openHop(self(), dead, ROUTE)).rejects.toMatchObject({
      code: 'ERR_CLUSTER_HOP_UNREACHABLE',
    });
  });

  it('runs a signed disconnect and ignores an unsigned one', async () => {
    const { peer, port, disconnected } = await startHop({
      connect: () => Promise.reject(new Error('unused')),
    });
    expect(
      await postControl(self(), peer, HOP_DISCONNECT_PATH, { fingerprint: 'SHA256:abc' }),
    ).toBe(204);
    expect(
      await postControl(self(randomBytes(32)), peer, HOP_DISCONNECT_PATH, { accountId: 'a' }),
    ).toBe(401);
    const unsigned = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method: 'POST', path: HOP_DISCONNECT_PATH },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.once('error', reject);
      req.end('{"accountId":"a"}');
    });
    expect(unsigned).toBe(401);
    expect(disconnected).toEqual([{ fingerprint: 'SHA256:abc' }]);
  });
});
