import { afterEach, expect, it } from 'vitest';
import { readBody, requestOver, startLocalServer, killAllSsh, spawnSsh } from '@gatehouse/testing';
import { ALICE, startHarness, type Harness } from '@gatehouse/testing/tunnel';

const TARGET = { routeId: 'alice-mcp', url: new URL('tunnel://mcp.brave-otter-123') };
let h: Harness | undefined;
let local: Awaited<ReturnType<typeof startLocalServer>> | undefined;

afterEach(async () => {
  await killAllSsh();
  await h?.close();
  await local?.close();
});

it('a request sent the moment the forward is live already goes to the -- --to address', async () => {
  local = await startLocalServer((_req, res) => res.end('from --to'));
  // The default address leads nowhere: reaching it would fail the request.
  h = await startHarness({ defaultLocalAddress: '127.0.0.1:9' });
  const key = h.key('alice');
  h.accounts.bind(key.fingerprint, ALICE);
  spawnSsh(h.port, key, ['-R', '0', '127.0.0.1', '--', '--to', `127.0.0.1:${local.port}`]);
  const server = h.server;
  // Poll on every turn of the event loop: connect the very moment the forward registers.
  const deadline = Date.now() + 5000;
  while (!server.isLive(ALICE.namespace, 'mcp')) {
    if (Date.now() > deadline) throw new Error('the forward never went live');
    await new Promise((resolve) => setImmediate(resolve));
  }
  const stream = await server.upstream.connect(TARGET);
  const res = await requestOver(stream, '/');
  expect(await readBody(res)).toBe('from --to');
});
