import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { startEdge } from './support/edge.ts';
import { closedPort, listenServer, onCleanup } from './support/servers.ts';

async function echoUpstream(): Promise<{ url: string; upgrades: IncomingMessage[] }> {
  const server = createServer((_req, res) => res.end('not a websocket'));
  const wss = new WebSocketServer({ server });
  onCleanup(() => wss.close());
  const upgrades: IncomingMessage[] = [];
  wss.on('connection', (socket, req) => {
    upgrades.push(req);
    socket.on('message', (data: Buffer) => socket.send(`echo:${data.toString()}`));
  });
  return { url: (await listenServer(server)).url, upgrades };
}

function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const socket = new WebSocket(url, { headers });
  onCleanup(() => socket.terminate());
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function unexpectedStatus(url: string): Promise<{ status: number; body: string }> {
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    socket.once('open', () => reject(new Error('the upgrade should not succeed')));
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    socket.once('error', (error) => reject(error));
  });
}

describe('upgrade (WebSocket)', () => {
  it('echoes messages through the proxy with the same header rules as HTTP', async () => {
    const upstream = await echoUpstream();
    const edge = await startEdge({
      to: upstream.url,
      target: { setHeaders: { 'x-gatehouse-jwt-assertion': 'signed' } },
    });
    const socket = await open(`${edge.url.replace('http', 'ws')}/socket`, {
      'X-Forwarded-User': 'victim',
      x_gatehouse_jwt_assertion: 'forged',
      cookie: '_gatehouse_session=secret; app=1',
    });
    const replies: string[] = [];
    const done = new Promise<void>((resolve) => {
      socket.on('message', (data: Buffer) => {
        replies.push(data.toString());
        if (replies.length === 2) resolve();
      });
    });
    socket.send('hello');
    socket.send('again');
    await done;
    expect(replies).toEqual(['echo:hello', 'echo:again']);
    const seen = upstream.upgrades[0]?.headers ?? {};
    expect(upstream.upgrades[0]?.url).toBe('/socket');
    expect(seen['x-forwarded-user']).toBeUndefined();
    expect(seen['x_gatehouse_jwt_assertion']).toBeUndefined();
    expect(seen['x-gatehouse-jwt-assertion']).toBe('signed');
    expect(seen.cookie).toBe('app=1');
    expect(seen['x-forwarded-for']).toBe('203.0.113.7');
    expect(edge.statuses).toEqual([101]);
  });

  it('relays a non-101 answer to the client and closes', async () => {
    const server = createServer();
    server.on('upgrade', (_req, socket) => {
      socket.end(
        'HTTP/1.1 403 Forbidden\r\ncontent-length: 4\r\nx-pomerium-jwt-assertion: x\r\n\r\nnope',
      );
    });
    const upstream = await listenServer(server);
    const edge = await startEdge({ to: upstream.url });
    const reply = await unexpectedStatus(`${edge.url.replace('http', 'ws')}/socket`);
    expect(reply).toEqual({ status: 403, body: 'nope' });
    expect(edge.statuses).toEqual([403]);
  });

  it('reports an unreachable upstream with no response object and closes the socket', async () => {
    const edge = await startEdge({ to: `http://127.0.0.1:${await closedPort()}` });
    const reply = await unexpectedStatus(`${edge.url.replace('http', 'ws')}/socket`);
    expect(reply.status).toBe(502);
    expect(edge.errors.map(({ error, withResponse }) => [error.code, withResponse])).toEqual([
      ['ERR_UPSTREAM_REFUSED', false],
    ]);
  });
});
