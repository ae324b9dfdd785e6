import { describe, expect, it } from 'vitest';
import { startEdge } from './support/edge.ts';
import { send } from './support/request.ts';
import { recordingUpstream } from './support/servers.ts';

describe('forward', () => {
  it('relays a GET with its path and query under the base path, and the answer back', async () => {
    const upstream = await recordingUpstream((_req, res) => {
      res.writeHead(201, { 'content-type': 'text/plain', 'x-app': 'yes' });
      res.end('hello');
    });
    const edge = await startEdge({ to: `${upstream.url}/base/` });
    const reply = await send(`${edge.url}/items?x=1&y=%20`);
    expect(reply).toMatchObject({ status: 201, body: 'hello' });
    expect(reply.headers['x-app']).toBe('yes');
    expect(upstream.seen[0]).toMatchObject({ method: 'GET', url: '/base/items?x=1&y=%20' });
    expect(edge.statuses).toEqual([201]);
  });

  it('streams a POST body with Content-Length and a chunked one to the upstream', async () => {
    const upstream = await recordingUpstream((_req, res, body) => res.end(`got:${body}`));
    const edge = await startEdge({ to: upstream.url });
    const fixed = await send(`${edge.url}/a`, { method: 'POST', body: 'x'.repeat(5000) });
    const chunked = await send(`${edge.url}/b`, {
      method: 'POST',
      body: ['one,', 'two,', 'three'],
    });
    expect(fixed.body).toBe(`got:${'x'.repeat(5000)}`);
    expect(chunked.body).toBe('got:one,two,three');
    expect(upstream.seen[0]?.headers['content-length']).toBe('5000');
    // Transfer-Encoding is per hop (RFC 9112 §6.1): a chunked body that has wholly arrived by
    // the time the upstream connection is ready may go on with its length instead.
    const framing = upstream.seen[1]?.headers;
    expect(framing?.['transfer-encoding'] ?? `length ${framing?.['content-length']}`).toMatch(
      /^(chunked|length 13)$/,
    );
  });

  it('sends the upstream host:port as Host unless preserveHost is set', async () => {
    const upstream = await recordingUpstream();
    const rewritten = await startEdge({ to: upstream.url });
    const preserved = await startEdge({ to: upstream.url, target: { preserveHost: true } });
    await send(`${rewritten.url}/`, { headers: { host: 'app.example.com' } });
    await send(`${preserved.url}/`, { headers: { host: 'app.example.com' } });
    expect(upstream.seen[0]?.headers.host).toBe(`127.0.0.1:${upstream.port}`);
    expect(upstream.seen[1]?.headers.host).toBe('app.example.com');
  });

  it('removes hop-by-hop headers, and those Connection names, in both directions', async () => {
    const upstream = await recordingUpstream((_req, res) => {
      res.writeHead(200, {
        connection: 'x-up-hop',
        'x-up-hop': 'secret-hop',
        'proxy-authenticate': 'Basic realm="up"',
        'x-kept': 'yes',
      });
      res.end('ok');
    });
    const edge = await startEdge({ to: upstream.url });
    const reply = await send(`${edge.url}/`, {
      headers: {
        connection: 'close, X-Client-Hop',
        'x-client-hop': '1',
        'keep-alive': 'timeout=5',
        te: 'trailers',
        'proxy-authorization': 'Basic Zm9vOmJhcg==',
        'proxy-connection': 'keep-alive',
        upgrade: 'h2c',
        'x-kept': 'yes',
      },
    });
    const seen = upstream.seen[0]?.headers ?? {};
    for (const name of [
      'x-client-hop',
      'te',
      'proxy-authorization',
      'proxy-connection',
      'upgrade',
    ]) {
      expect(seen[name], name).toBeUndefined();
    }
    expect(seen['keep-alive']).toBeUndefined();
    expect(seen['x-kept']).toBe('yes');
    expect(reply.headers['x-up-hop']).toBeUndefined();
    expect(reply.headers['proxy-authenticate']).toBeUndefined();
    expect(reply.headers['x-kept']).toBe('yes');
  });

  it('sets X-Forwarded-* and X-Request-Id from the edge and drops the client values', async () => {
    const upstream = await recordingUpstream();
    const edge = await startEdge({ to: upstream.url });
    await send(`${edge.url}/`, {
      headers: {
        host: 'app.example.com',
        forwarded: 'for=6.6.6.6;proto=http',
        'x-forwarded-for': '6.6.6.6',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'http',
        'x-forwarded-port': '1',
        'x-real-ip': '6.6.6.6',
        'x-request-id': 'chosen-by-client',
        authorization: 'Bearer left-alone',
      },
    });
    const seen = upstream.seen[0]?.headers ?? {};
    expect(seen.forwarded).toBeUndefined();
    expect(seen['x-real-ip']).toBeUndefined();
    expect(seen['x-forwarded-port']).toBeUndefined();
    expect(seen['x-forwarded-for']).toBe('203.0.113.7');
    expect(seen['x-forwarded-proto']).toBe('https');
    expect(seen['x-forwarded-host']).toBe('app.example.com');
    expect(seen['x-request-id']).toBe('req-test-1');
    // The edge decides about Authorization (MCP routes strip it before calling the proxy).
    expect(seen.authorization).toBe('Bearer left-alone');
  });

  it('relays HEAD and 204 answers without inventing a body', async () => {
    const upstream = await recordingUpstream((req, res) => {
      if (req.method === 'HEAD') res.writeHead(200, { 'content-length': '42' }).end();
      else res.writeHead(204).end();
    });
    const edge = await startEdge({ to: upstream.url });
    const head = await send(`${edge.url}/`, { method: 'HEAD' });
    const empty = await send(`${edge.url}/`, { method: 'DELETE' });
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe('42');
    expect(empty).toMatchObject({ status: 204, body: '' });
  });
});
