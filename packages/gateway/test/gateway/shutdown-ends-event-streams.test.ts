import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '@gatehouse/testing/gateway';

// An SSE stream never finishes by itself. On shutdown the gateway ends the streams it relays,
// cleanly (the chunked terminator after the events already sent), instead of holding close()
// for its whole grace period and then cutting them. Found through `npm start`: Ctrl-C took 5 s
// while the dev host held an MCP event stream open.

let upstream: Server;
let gw: TestGateway;

beforeAll(async () => {
  upstream = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write('event: hello\ndata: first\n\n');
    // …and never ends.
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const port = (upstream.address() as AddressInfo).port;
  gw = await startTestGateway(`
routes:
  - from: http://events.localhost:{{port}}
    to: http://127.0.0.1:${String(port)}
    allow_public_unauthenticated_access: true
`);
});

afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise((r) => upstream.close(r));
});

describe('gateway shutdown with event streams open', () => {
  it('ends each relayed SSE stream cleanly, after the events already sent, and close() resolves', async () => {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port: gw.port,
        path: '/events',
        headers: { host: new URL(gw.origin('events')).host, accept: 'text/event-stream' },
      });
      req.once('response', resolve);
      req.once('error', reject);
      req.end();
    });
    expect(response.statusCode).toBe(200);
    let body = '';
    const first = new Promise<void>((resolve) =>
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
        if (body.includes('data: first')) resolve();
      }),
    );
    await first;
    const ended = new Promise<'ended' | 'cut'>((resolve) => {
      response.once('end', () => resolve('ended'));
      response.once('aborted', () => resolve('cut'));
      response.once('error', () => resolve('cut'));
    });

    const closing = gw.close();
    expect(await ended).toBe('ended');
    expect(response.complete).toBe(true);
    expect(body).toContain('event: hello\ndata: first\n\n');
    await closing;
  });
});
