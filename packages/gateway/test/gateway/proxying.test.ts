import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Client, startTestGateway, type TestGateway } from '@gatehouse/testing/gateway';
import { startEchoUpstream, type SeenRequest } from '@gatehouse/testing';

let gw: TestGateway;
let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
let wsServer: Server;

beforeAll(async () => {
  upstream = await startEchoUpstream();
  wsServer = createServer();
  const wss = new WebSocketServer({ server: wsServer });
  wss.on('connection', (ws) =>
    ws.on('message', (data: Buffer) => ws.send(`echo:${data.toString()}`)),
  );
  await new Promise<void>((r) => wsServer.listen(0, '127.0.0.1', r));
  const wsPort = (wsServer.address() as AddressInfo).port;
  gw = await startTestGateway(`
admin_listen: 127.0.0.1:0
trusted_proxies: [127.0.0.2/32]
routes:
  - from: http://open.localhost:{{port}}
    to: ${upstream.url}
    allow_public_unauthenticated_access: true
  - from: http://ws.localhost:{{port}}
    to: http://127.0.0.1:${wsPort}
    allow_public_unauthenticated_access: true
  - from: http://down.localhost:{{port}}
    to: http://127.0.0.1:9
    allow_public_unauthenticated_access: true
  - from: http://keep.localhost:{{port}}
    to: ${upstream.url}
    allow_public_unauthenticated_access: true
    preserve_host_header: true
`);
});

afterAll(async () => {
  await gw.close();
  await upstream.close();
  wsServer.closeAllConnections();
  await new Promise((r) => wsServer.close(r));
});

describe('proxying through the edge', () => {
  it('streams SSE: the first event arrives before the upstream has finished', async () => {
    // Event order, not a clock: the upstream holds its second event until the first has arrived.
    const rest = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: gw.port,
          path: '/sse',
          headers: { host: new URL(gw.origin('open')).host, accept: 'text/event-stream' },
        },
        (res) => {
          let text = '';
          res.once('data', (chunk: Buffer) => {
            expect(chunk.toString()).toContain('data: one');
            // Adopts the rest of the stream: settles once the held second event has come.
            resolve(
              new Promise<string>((done) => {
                res.on('data', (c: Buffer) => (text += c.toString()));
                res.on('end', () => done(text));
              }),
            );
            upstream.releaseSse();
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(rest).toContain('data: two');
  });

  it('relays a WebSocket both ways', async () => {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port: gw.port,
        path: '/',
        headers: {
          host: new URL(gw.origin('ws')).host,
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        },
      });
      req.on('upgrade', (res, s) =>
        res.statusCode === 101 ? resolve(s) : reject(new Error(String(res.statusCode))),
      );
      req.on('response', (res) => reject(new Error(`no upgrade: ${res.statusCode ?? 0}`)));
      req.on('error', reject);
      req.end();
    });
    // One masked text frame "hi" (RFC 6455 §5.2), then read the echoed unmasked frame.
    const mask = Buffer.from([1, 2, 3, 4]);
    const payload = Buffer.from('hi').map((b, i) => b ^ (mask[i % 4] ?? 0));
    socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | 2]), mask, payload]));
    const frame = await new Promise<Buffer>((resolve) => socket.once('data', resolve));
    expect(frame.subarray(2).toString()).toBe('echo:hi');
    socket.destroy();
  });

  it('upstream down → 502 page naming the upstream and the fix', async () => {
    const reply = await new Client().request(`${gw.origin('down')}/`, {
      headers: { accept: 'text/html' },
    });
    expect(reply.status).toBe(502);
    expect(reply.body).toContain('127.0.0.1:9');
  });

  it('rewrites Host to the upstream unless preserve_host_header', async () => {
    const rewritten = JSON.parse(
      (await new Client().request(`${gw.origin('open')}/`)).body,
    ) as SeenRequest;
    expect(rewritten.headers.host).toBe(new URL(upstream.url).host);
    const kept = JSON.parse(
      (await new Client().request(`${gw.origin('keep')}/`)).body,
    ) as SeenRequest;
    expect(kept.headers.host).toBe(new URL(gw.origin('keep')).host);
  });

  it('ignores X-Forwarded-For from an untrusted peer and sets it from the socket', async () => {
    const seen = JSON.parse(
      (
        await new Client().request(`${gw.origin('open')}/`, {
          headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' },
        })
      ).body,
    ) as SeenRequest;
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(seen.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Prometheus metrics and health on the admin listener only', async () => {
    await new Client().request(`${gw.origin('open')}/`);
    const port = gw.gateway.adminPort ?? 0;
    const metrics = await new Client().request(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    // Every sample carries this process's node id first (issue 17: several nodes, one scraper).
    const node = `node="${gw.gateway.nodeId}"`;
    const requests = metrics.body
      .split('\n')
      .find((l) => l.startsWith(`gatehouse_http_requests_total{${node},route="open",code="200"} `));
    expect(Number(requests?.split(' ')[1])).toBeGreaterThan(0);
    expect(metrics.body).toMatch(
      /gatehouse_upstream_latency_seconds_count\{node="[^"]+",route="open"\} [1-9]/,
    );
    expect(metrics.body).toMatch(/gatehouse_active_sessions\{node="[^"]+"\} \d+/);
    expect((await new Client().request(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await new Client().request(`${gw.origin('open')}/metrics`)).body).not.toContain(
      'gatehouse_http_requests_total',
    );
  });
});
