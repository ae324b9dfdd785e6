import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { isGatehouseError } from '@gatehouse/core';
import { readBody, requestOver, startLocalServer, killAllSsh, spawnSsh } from '@gatehouse/testing';
import { ALICE, eventually, startHarness, type Harness } from '@gatehouse/testing/tunnel';

const TARGET = { routeId: 'alice-mcp', url: new URL('tunnel://mcp.brave-otter-123') };

describe('connections through the tunnel (dynamic SOCKS mode, ssh -R 0)', () => {
  let h: Harness;
  let local: Awaited<ReturnType<typeof startLocalServer>>;
  let releaseSse: () => void = () => {};

  beforeEach(async () => {
    local = await startLocalServer((req, res) => {
      if (req.url === '/sse') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: first\n\n');
        releaseSse = () => res.end('data: last\n\n');
        return;
      }
      res.setHeader('x-host', req.headers.host ?? '');
      res.end(`hello ${req.method ?? ''} ${req.url ?? ''}`);
    });
    const wss = new WebSocketServer({ server: local.server });
    wss.on('connection', (socket) =>
      socket.on('message', (data) => socket.send(`echo ${(data as Buffer).toString()}`)),
    );
    h = await startHarness({ defaultLocalAddress: `127.0.0.1:${local.port}` });
    const key = h.key('alice');
    h.accounts.bind(key.fingerprint, ALICE);
    spawnSsh(h.port, key, ['-N', '-R', '0', '127.0.0.1']);
    await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'));
  });
  afterEach(async () => {
    releaseSse();
    await killAllSsh();
    await h.close();
    await local.close();
  });

  it('HTTP GET reaches the local server and the answer comes back', async () => {
    const stream = await h.server.upstream.connect(TARGET);
    const response = await requestOver(stream, '/hello?x=1');
    expect(response.statusCode).toBe(200);
    expect(await readBody(response)).toBe('hello GET /hello?x=1');
    expect(response.headers['x-host']).toBe('mcp.brave-otter-123');
  });

  it('SSE: the first event arrives before the local server ends the response', async () => {
    const stream = await h.server.upstream.connect(TARGET);
    const response = await requestOver(stream, '/sse');
    const first = await new Promise<string>((resolve) =>
      response.once('data', (d) => resolve(String(d))),
    );
    expect(first).toBe('data: first\n\n');
    releaseSse();
    expect(await readBody(response)).toBe('data: last\n\n');
  });

  it('WebSocket upgrade and messages both ways', async () => {
    const stream = await h.server.upstream.connect(TARGET);
    const ws = new WebSocket('ws://mcp.brave-otter-123/ws', {
      createConnection: () => stream as never,
    });
    const reply = await new Promise<string>((resolve, reject) => {
      ws.once('open', () => ws.send('ping'));
      ws.once('message', (data: Buffer) => resolve(data.toString()));
      ws.once('error', reject);
    });
    expect(reply).toBe('echo ping');
    ws.close();
  });

  it('a second connection while the first is open works (one channel each)', async () => {
    const [a, b] = await Promise.all([
      h.server.upstream.connect(TARGET),
      h.server.upstream.connect(TARGET),
    ]);
    const [ra, rb] = await Promise.all([requestOver(a, '/a'), requestOver(b, '/b')]);
    expect(await readBody(ra)).toBe('hello GET /a');
    expect(await readBody(rb)).toBe('hello GET /b');
  });

  it('no live tunnel: ERR_UPSTREAM_OFFLINE at once', async () => {
    // "At once" = without waiting for any SSH channel; its latency is benchmarked in bench/
    // (tunnel), not bounded here by a clock a loaded machine can miss.
    const error: unknown = await h.server.upstream
      .connect({ routeId: 'x', url: new URL('tunnel://echo.brave-otter-123') })
      .catch((e: unknown) => e);
    expect(isGatehouseError(error, 'ERR_UPSTREAM_OFFLINE')).toBe(true);
  });
});
