import { Agent, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startEdge } from './support/edge.ts';
import { send } from './support/request.ts';
import { listen, onCleanup } from './support/servers.ts';

/**
 * An answer with a Content-Length ends the client's response with the chunk that completes it
 * (ADR 0026): the body must still arrive whole and unbuffered, the client's connection must stay
 * usable for the next request, and answers without a body must end as before.
 */
describe('content-length answers relayed whole', () => {
  it('relays one-piece bodies on one kept-alive client connection, request after request', async () => {
    const upstream = await listen((req, res) => {
      const body = `body of ${req.url ?? ''}`;
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
      res.end(body);
    });
    const edge = await startEdge({ to: upstream.url });
    const client = new Agent({ keepAlive: true, maxSockets: 1 });
    onCleanup(() => client.destroy());
    for (let i = 0; i < 20; i += 1) {
      const reply = await send(`${edge.url}/r${i}`, { agent: client });
      expect(reply).toMatchObject({ status: 200, body: `body of /r${i}` });
      expect(reply.headers['content-length']).toBe(String(`body of /r${i}`.length));
    }
    // One client connection carried all twenty: each response ended cleanly.
    expect(edge.connections()).toBe(1);
  });

  it('streams a body that comes in parts: the first part arrives before the upstream sends the rest', async () => {
    let sendRest!: () => void;
    const upstream = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 10 });
      res.write('first');
      sendRest = () => res.end('-rest');
    });
    const edge = await startEdge({ to: upstream.url });
    const parts: string[] = [];
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(`${edge.url}/parts`, { agent: false }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          parts.push(chunk);
          // Only once the first part is through does the upstream send the rest.
          if (parts.length === 1) sendRest();
        });
        res.on('end', () => resolve(parts.join('')));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    expect(parts[0]).toBe('first');
    expect(body).toBe('first-rest');
  });

  it('ends HEAD and 304 answers that declare a length but carry no body', async () => {
    const upstream = await listen((req, res) => {
      if (req.url === '/cached') {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 42 });
      res.end(req.method === 'HEAD' ? undefined : 'x'.repeat(42));
    });
    const edge = await startEdge({ to: upstream.url });
    const client = new Agent({ keepAlive: true, maxSockets: 1 });
    onCleanup(() => client.destroy());
    const head = await send(`${edge.url}/doc`, { method: 'HEAD', agent: client });
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe('42');
    const cached = await send(`${edge.url}/cached`, { agent: client });
    expect(cached).toMatchObject({ status: 304, body: '' });
    expect(await send(`${edge.url}/doc`, { agent: client })).toMatchObject({
      status: 200,
      body: 'x'.repeat(42),
    });
    expect(edge.connections()).toBe(1);
  });
});
