import { describe, expect, it } from 'vitest';
import { startEdge } from './support/edge.ts';
import { send } from './support/request.ts';
import { recordingUpstream } from './support/servers.ts';

describe('maxRequestBytes', () => {
  it('answers 413 for a Content-Length over the limit without contacting the upstream', async () => {
    const upstream = await recordingUpstream();
    const edge = await startEdge({ to: upstream.url, target: { maxRequestBytes: 1000 } });
    const reply = await send(`${edge.url}/`, { method: 'POST', body: 'x'.repeat(1001) });
    expect(reply).toEqual(
      expect.objectContaining({ status: 413, body: 'ERR_GATEWAY_REQUEST_TOO_LARGE' }),
    );
    expect(reply.headers.connection).toBe('close');
    expect(upstream.connections()).toBe(0);
  });

  it('answers 413 when a chunked body crosses the limit, and aborts the upstream request', async () => {
    const upstream = await recordingUpstream();
    const edge = await startEdge({ to: upstream.url, target: { maxRequestBytes: 1000 } });
    const reply = await send(`${edge.url}/`, {
      method: 'POST',
      body: Array.from({ length: 5 }, () => 'y'.repeat(400)),
    });
    expect(reply.status).toBe(413);
    // The upstream never received a complete request.
    expect(upstream.seen).toEqual([]);
  });

  it('lets a body of exactly the limit through', async () => {
    const upstream = await recordingUpstream((_req, res, body) => res.end(String(body.length)));
    const edge = await startEdge({ to: upstream.url, target: { maxRequestBytes: 1000 } });
    const fixed = await send(`${edge.url}/`, { method: 'POST', body: 'z'.repeat(1000) });
    const chunked = await send(`${edge.url}/`, {
      method: 'POST',
      body: ['z'.repeat(500), 'z'.repeat(500)],
    });
    expect([fixed.body, chunked.body]).toEqual(['1000', '1000']);
  });
});
