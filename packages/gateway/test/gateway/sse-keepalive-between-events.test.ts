import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '@gatehouse/testing/gateway';

// Streams that survive real edges: a quiet SSE stream gets `: keep-alive` comments so proxies
// that cut idle streams leave it alone, but only between events, and the events arrive intact.

const COMMENT = ': keep-alive\n\n';
let upstream: Server;
let gw: TestGateway;
/** The upstream's open event streams, by request path. */
const streams = new Map<string, ServerResponse>();
const opened = new Map<string, () => void>();

beforeAll(async () => {
  upstream = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.flushHeaders();
    streams.set(req.url ?? '/', res);
    opened.get(req.url ?? '/')?.();
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const to = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  gw = await startTestGateway(`
sse_keepalive: 100ms
routes:
  - from: http://events.localhost:{{port}}
    to: ${to}
    allow_public_unauthenticated_access: true
  - from: http://quiet.localhost:{{port}}
    to: ${to}
    allow_public_unauthenticated_access: true
    sse_keepalive: 0
`);
});

afterAll(async () => {
  await gw?.close();
  upstream?.closeAllConnections();
  await new Promise((r) => upstream?.close(r));
});

interface Stream {
  readonly response: IncomingMessage;
  /** Everything received so far. */
  text(): string;
  /** Resolves once the received text satisfies `done`. */
  until(done: (text: string) => boolean): Promise<void>;
  /** The upstream side of this stream. */
  readonly upstream: ServerResponse;
}

/** Opens GET `path` through the gateway on `route`; resolves once both ends are connected. */
async function open(route: string, path: string): Promise<Stream> {
  const upstreamSide = new Promise<void>((resolve) => opened.set(path, resolve));
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: gw.port,
      path,
      headers: { host: new URL(gw.origin(route)).host, accept: 'text/event-stream' },
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
  await upstreamSide;
  let received = '';
  const waiters = new Set<() => void>();
  response.on('data', (chunk: Buffer) => {
    received += chunk.toString('utf8');
    for (const wake of waiters) wake();
  });
  return {
    response,
    text: () => received,
    until: (done) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (!done(received)) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
    upstream: streams.get(path)!,
  };
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('sse-keepalive-between-events', () => {
  it('adds comments only between events; without them the bytes are exactly the upstream’s', async () => {
    const stream = await open('events', '/one');
    expect(stream.response.headers['x-accel-buffering']).toBe('no');
    // A control stream that stays quiet: its comments show time passing, without sleeps.
    const control = await open('events', '/control');

    const sent: string[] = [];
    const send = (bytes: string) => {
      sent.push(bytes);
      stream.upstream.write(bytes);
    };
    send('event: greeting\ndata: one\n\n');
    await stream.until((t) => t.includes('data: one\n\n') && t.endsWith(COMMENT));

    // Mid-event: a comment now would end the half-written event. While the control stream gets
    // three more keep-alives, this one must get none.
    send('data: tw');
    await stream.until((t) => t.endsWith('data: tw'));
    const before = count(control.text(), COMMENT);
    await control.until((t) => count(t, COMMENT) >= before + 3);
    expect(stream.text().endsWith('data: tw')).toBe(true);

    // CRLF line endings count as well: after a blank CRLF line, comments resume.
    send('o\r\nid: 2\r\n\r\n');
    await stream.until((t) => t.endsWith(`id: 2\r\n\r\n${COMMENT}`));
    const ended = new Promise<void>((resolve) => stream.response.once('end', resolve));
    stream.upstream.end('data: three\n\n');
    sent.push('data: three\n\n');
    await ended;

    const text = stream.text();
    expect(count(text, COMMENT)).toBeGreaterThanOrEqual(2);
    expect(text.replaceAll(COMMENT, '')).toBe(sent.join(''));
    expect(text.endsWith('data: three\n\n')).toBe(true);
    control.upstream.end();
    await new Promise<void>((resolve) => control.response.once('end', resolve));
  });

  it('a route with sse_keepalive: 0 gets no comments', async () => {
    const quiet = await open('quiet', '/quiet');
    expect(quiet.response.headers['x-accel-buffering']).toBe('no');
    const control = await open('events', '/control-2');
    quiet.upstream.write('data: only\n\n');
    await quiet.until((t) => t.includes('data: only\n\n'));
    await control.until((t) => count(t, COMMENT) >= 3);
    expect(quiet.text()).toBe('data: only\n\n');
    quiet.upstream.end();
    control.upstream.end();
    await Promise.all(
      [quiet, control].map((s) => new Promise<void>((r) => s.response.once('end', r))),
    );
  });
});
