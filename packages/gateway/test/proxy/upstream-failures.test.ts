import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startEdge } from './support/edge.ts';
import { send } from './support/request.ts';
import { closedPort, listen } from './support/servers.ts';

describe('upstream failures', () => {
  it('reports ERR_UPSTREAM_REFUSED when nothing listens, and writes no body itself', async () => {
    const edge = await startEdge({ to: `http://127.0.0.1:${await closedPort()}` });
    const reply = await send(`${edge.url}/`);
    expect(reply).toEqual(expect.objectContaining({ status: 502, body: 'ERR_UPSTREAM_REFUSED' }));
    expect(edge.errors.map(({ error, withResponse }) => [error.code, withResponse])).toEqual([
      ['ERR_UPSTREAM_REFUSED', true],
    ]);
  });

  it('reports ERR_UPSTREAM_TIMEOUT when the response headers are late', async () => {
    const upstream = await listen(() => {});
    const edge = await startEdge({ to: upstream.url, target: { timeoutMs: 150 } });
    const reply = await send(`${edge.url}/slow`);
    expect(reply).toEqual(expect.objectContaining({ status: 504, body: 'ERR_UPSTREAM_TIMEOUT' }));
  });

  it('cuts a stream that stays silent past the idle timeout', async () => {
    const upstream = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: only\n\n');
    });
    const edge = await startEdge({ to: upstream.url, target: { idleTimeoutMs: 150 } });
    await expect(send(`${edge.url}/events`)).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
  });

  it('destroys the client response when the upstream dies mid-body', async () => {
    const upstream = await listen((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const edge = await startEdge({ to: upstream.url });
    await expect(send(`${edge.url}/`)).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
  });

  it('aborts the upstream request when the client goes away', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
    const upstream = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: hi\n\n');
      res.on('close', upstreamClosed);
    });
    const edge = await startEdge({ to: upstream.url });
    const req = request(`${edge.url}/`, { agent: false }, (res) => {
      res.once('data', () => req.destroy());
    });
    req.on('error', () => {});
    req.end();
    await closed;
  });
});
