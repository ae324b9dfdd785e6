import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { watchedCount } from '../../src/proxy/deadline-sweep.ts';
import { SSE_KEEPALIVE_COMMENT } from '../../src/proxy/sse-keepalive.ts';
import { startEdge } from './support/edge.ts';
import { listen, onCleanup } from './support/servers.ts';

// Issue 18 (memory per idle SSE stream): a relayed event stream keeps no node timer of its own;
// its idle deadline and keep-alive comments are entries in the proxy's shared deadline sweep.
// These guard what that must not change: keep-alives while idle, events after an idle spell,
// the idle cut, the client's close reaching the upstream, and no entry left behind.

interface Upstream {
  readonly url: string;
  /** The upstream's side of the stream, once the proxy asked for it. */
  readonly stream: Promise<{ req: IncomingMessage; res: ServerResponse }>;
}

async function eventStreamUpstream(): Promise<Upstream> {
  let resolve!: (s: { req: IncomingMessage; res: ServerResponse }) => void;
  const stream = new Promise<{ req: IncomingMessage; res: ServerResponse }>((r) => (resolve = r));
  const server = await listen((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write('data: first\n\n');
    resolve({ req, res });
  });
  return { url: server.url, stream };
}

/** A client of the edge's event stream; `until` resolves once the text received matches. */
function openStream(url: string) {
  let text = '';
  let ended = false;
  const waiters: (() => void)[] = [];
  const changed = () => waiters.splice(0).forEach((w) => w());
  const until = async (done: (text: string, ended: boolean) => boolean): Promise<string> => {
    while (!done(text, ended)) await new Promise<void>((r) => waiters.push(r));
    return text;
  };
  const req = request(url, { agent: false }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
      changed();
    });
    res.on('close', () => {
      ended = true;
      changed();
    });
  });
  req.on('error', () => {
    ended = true;
    changed();
  });
  req.end();
  onCleanup(() => void req.destroy());
  return { until, close: () => req.destroy() };
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('idle event streams on the shared deadline sweep', () => {
  it('an idle stream gets keep-alives, still relays the next event, and the client’s close reaches the upstream', async () => {
    const upstream = await eventStreamUpstream();
    const edge = await startEdge({
      to: upstream.url,
      target: { sseKeepaliveMs: 40, idleTimeoutMs: 60_000 },
    });
    const client = openStream(`${edge.url}/events`);
    const { req: upstreamReq, res: upstreamRes } = await upstream.stream;
    // Idle upstream: comments arrive, one interval apart at the least, between events only.
    const idle = await client.until((t) => count(t, SSE_KEEPALIVE_COMMENT) >= 3);
    expect(idle.startsWith('data: first\n\n')).toBe(true);
    upstreamRes.write('data: second\n\n');
    const after = await client.until((t) => t.includes('data: second\n\n'));
    expect(after.replaceAll(SSE_KEEPALIVE_COMMENT, '')).toBe('data: first\n\ndata: second\n\n');

    const upstreamClosed = new Promise<void>((r) => upstreamReq.socket.once('close', r));
    client.close();
    await upstreamClosed;
    // The stream's idle deadline and keep-alive left the sweep with it.
    while (watchedCount() > 0) await new Promise((r) => setTimeout(r, 10));
    expect(watchedCount()).toBe(0);
  });

  it('a silent stream is cut after idle_timeout, not before; keep-alives do not count as activity', async () => {
    const upstream = await eventStreamUpstream();
    const idleTimeoutMs = 300;
    const edge = await startEdge({
      to: upstream.url,
      target: { sseKeepaliveMs: 50, idleTimeoutMs },
    });
    const client = openStream(`${edge.url}/events`);
    const { req: upstreamReq } = await upstream.stream;
    const lastUpstreamByte = performance.now();
    const upstreamClosed = new Promise<void>((r) => upstreamReq.socket.once('close', r));
    const text = await client.until((_t, ended) => ended);
    const cutAfter = performance.now() - lastUpstreamByte;
    expect(cutAfter).toBeGreaterThanOrEqual(idleTimeoutMs);
    expect(text.startsWith('data: first\n\n')).toBe(true);
    expect(count(text, SSE_KEEPALIVE_COMMENT)).toBeGreaterThanOrEqual(1);
    await upstreamClosed;
    while (watchedCount() > 0) await new Promise((r) => setTimeout(r, 10));
    expect(watchedCount()).toBe(0);
  });
});
