import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { killAllSsh, spawnSsh, startLocalServer, type SshProcess } from '@gatehouse/testing';
import { ALICE, eventually, startHarness, type Harness } from '@gatehouse/testing/tunnel';
import { createRoutePools } from '../../src/proxy/route-pools.ts';
import { startEdge } from './support/edge.ts';
import { send } from './support/request.ts';

/** The route key `mcp.<namespace>` that `ssh -R 0` serves (docs/adr/0015). */
const TUNNEL_URL = `tunnel://mcp.${ALICE.namespace}`;
/** A loaded 2-core machine may take seconds to start or drop an ssh client. */
const WAIT_MS = 30_000;

let h: Harness;
let local: Awaited<ReturnType<typeof startLocalServer>>;
let key: ReturnType<Harness['key']>;

beforeEach(async () => {
  local = await startLocalServer((req, res) => res.end(`hello ${req.url ?? ''}`));
  h = await startHarness({ defaultLocalAddress: `127.0.0.1:${local.port}` });
  key = h.key('alice');
  h.accounts.bind(key.fingerprint, ALICE);
});
afterEach(async () => {
  await killAllSsh();
  await h.close();
  await local.close();
});

async function serveWithSsh(): Promise<SshProcess> {
  const ssh = spawnSsh(h.port, key, ['-N', '-R', '0', '127.0.0.1']);
  await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'), WAIT_MS);
  return ssh;
}

async function endSsh(): Promise<void> {
  await killAllSsh();
  await eventually(() => !h.server.isLive(ALICE.namespace, 'mcp'), WAIT_MS);
}

describe("a tunnel route's undici pool lives as long as the ssh sessions serving it", () => {
  it('closes the pool when the ssh session ends; the next ssh -R gets a fresh working pool', async () => {
    const pools = createRoutePools(h.server.upstream);
    const url = new URL(TUNNEL_URL);
    await serveWithSsh();
    const first = pools.get('alice-mcp', url);
    const answer = await first.request({ method: 'GET', path: '/one' });
    expect(await answer.body.text()).toBe('hello /one');
    expect(first.stats.connected).toBe(1);

    await endSsh();
    // Its SSH channel closed with the session: nothing of the pool is kept.
    await eventually(() => first.closed, WAIT_MS);
    await serveWithSsh();
    const second = pools.get('alice-mcp', url);
    expect(second).not.toBe(first);
    const again = await second.request({ method: 'GET', path: '/two' });
    expect(await again.body.text()).toBe('hello /two');
    pools.close();
  }, 90_000);

  it('the proxy answers 200, then 503 once the tunnel is gone, then 200 for a new ssh -R', async () => {
    const edge = await startEdge({ to: TUNNEL_URL, upstream: h.server.upstream });
    await serveWithSsh();
    // Keep-alive to the edge is off (fresh connection per send); upstream it is pooled.
    expect(await send(`${edge.url}/a`)).toMatchObject({ status: 200, body: 'hello /a' });
    expect(await send(`${edge.url}/b`)).toMatchObject({ status: 200, body: 'hello /b' });

    await endSsh();
    expect(await send(`${edge.url}/c`)).toMatchObject({
      status: 503,
      body: 'ERR_UPSTREAM_OFFLINE',
    });

    await serveWithSsh();
    expect(await send(`${edge.url}/d`)).toMatchObject({ status: 200, body: 'hello /d' });
  }, 90_000);

  it('answers 504 when the ssh client never answers the channel open (the pool has no dial deadline)', async () => {
    const edge = await startEdge({ to: TUNNEL_URL, upstream: h.server.upstream });
    const ssh = await serveWithSsh();
    // A stopped client keeps its TCP connection but answers nothing (RFC 4254 §5.1 open).
    ssh.child.kill('SIGSTOP');
    const reply = await send(`${edge.url}/stuck`);
    expect(reply).toMatchObject({ status: 504, body: 'ERR_UPSTREAM_TIMEOUT' });
  }, 90_000);
});
