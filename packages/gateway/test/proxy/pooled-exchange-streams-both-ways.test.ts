import { request } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startEdge } from './support/edge.ts';
import { send } from './support/request.ts';
import { listen } from './support/servers.ts';

/**
 * The undici pool path (docs/adr/0014) for http: routes: request bodies go up as they arrive,
 * event streams come down event by event, and either side leaving ends the other.
 */

/** Opens a chunked POST to `url` and resolves once its response headers arrive. */
function openUpload(url: string): { req: ClientRequest; response: Promise<IncomingMessage> } {
  const req = request(url, { method: 'POST', agent: false });
  req.on('error', () => {});
  const response = new Promise<IncomingMessage>((resolve) => req.once('response', resolve));
  return { req, response };
}

describe('pooled exchange streams both ways', () => {
  it('delivers the first part of a chunked upload upstream before the client sends the rest', async () => {
    let firstPart!: (text: string) => void;
    const arrived = new Promise<string>((resolve) => (firstPart = resolve));
    const upstream = await listen((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        if (body === '') firstPart(chunk.toString());
        body += chunk.toString();
      });
      req.on('end', () => res.end(`got:${body}`));
    });
    const edge = await startEdge({ to: upstream.url });
    const { req, response } = openUpload(`${edge.url}/upload`);
    req.write('part-one;');
    // The second part is written only once the first has reached the upstream.
    expect(await arrived).toBe('part-one;');
    req.end('part-two');
    const res = await response;
    let body = '';
    for await (const chunk of res) body += String(chunk);
    expect(body).toBe('got:part-one;part-two');
  });

  it('relays each event before the upstream writes the next one', async () => {
    const waiting: (() => void)[] = [];
    const upstream = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let n = 0;
      const next = (): void => {
        n += 1;
        if (n > 3) res.end();
        else {
          res.write(`id: ${n}\ndata: event ${n}\n\n`);
          waiting.push(next);
        }
      };
      next();
    });
    const edge = await startEdge({ to: upstream.url, target: { sseKeepaliveMs: 0 } });
    const events: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request(`${edge.url}/events`, { agent: false }, (res) => {
        expect(res.headers['x-accel-buffering']).toBe('no');
        res.on('data', (chunk: Buffer) => {
          events.push(chunk.toString());
          // Only now may the upstream write the next event.
          waiting.shift()?.();
        });
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    expect(events).toEqual([
      'id: 1\ndata: event 1\n\n',
      'id: 2\ndata: event 2\n\n',
      'id: 3\ndata: event 3\n\n',
    ]);
  });

  it('closes the upstream request when the client leaves in the middle of its upload', async () => {
    let upstreamGone!: () => void;
    const gone = new Promise<void>((resolve) => (upstreamGone = resolve));
    let firstPart!: (text: string) => void;
    const arrived = new Promise<string>((resolve) => (firstPart = resolve));
    const upstream = await listen((req, res) => {
      req.once('data', (chunk: Buffer) => firstPart(chunk.toString()));
      res.on('close', upstreamGone);
    });
    const edge = await startEdge({ to: upstream.url });
    const { req } = openUpload(`${edge.url}/upload`);
    req.write('half of it');
    expect(await arrived).toBe('half of it');
    req.destroy();
    await gone;
  });

  it('answers 504 when the headers are later than an idle timeout shorter than the timeout', async () => {
    const upstream = await listen(() => {});
    const edge = await startEdge({
      to: upstream.url,
      target: { timeoutMs: 60_000, idleTimeoutMs: 150 },
    });
    const reply = await send(`${edge.url}/silent`);
    expect(reply).toEqual(expect.objectContaining({ status: 504, body: 'ERR_UPSTREAM_TIMEOUT' }));
  });
});
