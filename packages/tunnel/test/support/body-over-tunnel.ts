import { afterEach, beforeEach } from 'vitest';
import { killAllSsh, spawnSsh, startLocalServer } from '@gatehouse/testing';
import { ALICE, eventually, startHarness, type Harness } from '@gatehouse/testing/tunnel';

/** Alice's `mcp` tunnel as the gateway's pool reaches it (a route on `tunnel://`). */
export const TARGET = { routeId: 'alice-mcp', url: new URL('tunnel://mcp.brave-otter-123') };

/**
 * Before each test: a local server answering every request with `body`, and Alice's real
 * `ssh -R 0` forwarding to it through a fresh tunnel server; after each, all of it stopped.
 * The tunnel server is `harness()`.
 */
export function useBodyOverTunnel(body: Buffer): { harness(): Harness } {
  let h: Harness | undefined;
  let local: Awaited<ReturnType<typeof startLocalServer>> | undefined;
  beforeEach(async () => {
    local = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    });
    const harness = await startHarness({ defaultLocalAddress: `127.0.0.1:${local.port}` });
    h = harness;
    const key = harness.key('alice');
    harness.accounts.bind(key.fingerprint, ALICE);
    spawnSsh(harness.port, key, ['-N', '-R', '0', '127.0.0.1']);
    await eventually(() => harness.server.isLive(ALICE.namespace, 'mcp'));
  });
  afterEach(async () => {
    await killAllSsh();
    await h?.close();
    await local?.close();
    h = undefined;
    local = undefined;
  });
  return {
    harness() {
      if (h === undefined) throw new Error('the tunnel is only up inside a test');
      return h;
    },
  };
}
