import { Agent } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startEdge } from './support/edge.ts';
import { send } from './support/request.ts';
import { listenServer, onCleanup, recordingUpstream } from './support/servers.ts';

/**
 * A raw HTTP/1.1 upstream whose first connection answers one request with keep-alive and then
 * resets when the next request arrives on it: what a pooled connection looks like when the
 * upstream closed it while idle. Later connections answer normally.
 */
async function resetsSecondRequestOnFirstConnection(): Promise<{
  url: string;
  requests: () => number;
}> {
  let connections = 0;
  let answered = 0;
  const server = createServer((socket) => {
    const connection = ++connections;
    let onThisConnection = 0;
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      while (buffered.includes('\r\n\r\n')) {
        buffered = buffered.slice(buffered.indexOf('\r\n\r\n') + 4);
        onThisConnection += 1;
        if (connection === 1 && onThisConnection === 2) {
          socket.resetAndDestroy();
          return;
        }
        answered += 1;
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\nok');
      }
    });
    socket.on('error', () => {});
  });
  const { url } = await listenServer(server);
  return { url, requests: () => answered };
}

describe('upstream keep-alive', () => {
  it('reuses at most two upstream connections for 50 sequential requests', async () => {
    const upstream = await recordingUpstream();
    const edge = await startEdge({ to: upstream.url });
    const client = new Agent({ keepAlive: true, maxSockets: 1 });
    onCleanup(() => client.destroy());
    for (let i = 0; i < 50; i += 1) {
      expect((await send(`${edge.url}/${i}`, { agent: client })).status).toBe(200);
    }
    expect(upstream.seen).toHaveLength(50);
    expect(upstream.connections()).toBeLessThanOrEqual(2);
  });

  it('retries a bodiless GET once when a pooled connection turns out to be closed', async () => {
    const upstream = await resetsSecondRequestOnFirstConnection();
    const edge = await startEdge({ to: upstream.url });
    expect((await send(`${edge.url}/first`)).status).toBe(200);
    expect(await send(`${edge.url}/second`)).toMatchObject({ status: 200, body: 'ok' });
    expect(upstream.requests()).toBe(2);
    expect(edge.errors).toEqual([]);
  });

  it('does not retry a request with a body; it fails with ERR_UPSTREAM_FAILED', async () => {
    const upstream = await resetsSecondRequestOnFirstConnection();
    const edge = await startEdge({ to: upstream.url });
    expect((await send(`${edge.url}/first`)).status).toBe(200);
    const reply = await send(`${edge.url}/second`, { method: 'POST', body: 'once only' });
    expect(reply).toMatchObject({ status: 502, body: 'ERR_UPSTREAM_FAILED' });
  });
});
