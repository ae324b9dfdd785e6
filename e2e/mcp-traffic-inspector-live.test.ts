import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrafficEvent, TrafficViewer } from '@gatehouse/core';
import { spawnSsh, type TestKey } from '@gatehouse/testing';
import { PASSWORD, type Client as BrowserLike } from '@gatehouse/testing/gateway';
import { startInspectedTunnel, type InspectedTunnel } from './support/inspected-tunnel.ts';
import type { InspectorServer } from './support/inspector-server.ts';
import { connectWithOAuth, MemoryOAuthProvider } from './support/mcp-oauth.ts';
import type { TunnelSystem } from './support/tunnel-system.ts';

// Issue 16, in-progress exchanges: a call whose answer is still coming (the local server holds
// it) shows in every live view as soon as the gateway has forwarded it, and completes in place
// when the answer ends: the port's subscription, `/inspect/events` (the page's SSE list) and
// `ssh … inspect --follow --json`. Every wait is on an event, never a sleep.

const ADA = 'ada@example.com';

let t: TunnelSystem;
let local: InspectorServer;
let ada: BrowserLike;
let adaKey: TestKey;
let adaViewer: TrafficViewer;
let remote: string;
const provider = new MemoryOAuthProvider();

async function client() {
  const { client: c } = await connectWithOAuth({
    mcpUrl: `${remote}/mcp`,
    provider,
    browser: ada,
    credentials: { email: ADA, password: PASSWORD },
    modern: true,
  });
  return c;
}

/** `GET /inspect/events?tool=hold` as Ada; `until(text)` resolves once the stream holds it. */
async function openEvents(): Promise<{
  until(check: (text: string) => boolean): Promise<string>;
  close(): void;
}> {
  const host = new URL(t.authUrl).host;
  const cookie = [...ada.cookies(host)].map(([k, v]) => `${k}=${v}`).join('; ');
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: t.edgePort,
        path: '/inspect/events?tool=hold',
        headers: { host, cookie, accept: 'text/event-stream' },
      },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
  expect(response.statusCode).toBe(200);
  let text = '';
  const waiters = new Set<() => void>();
  response.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const w of waiters) w();
  });
  return {
    until: (check) =>
      new Promise((resolve) => {
        const w = (): void => {
          if (!check(text)) return;
          waiters.delete(w);
          resolve(text);
        };
        waiters.add(w);
        w();
      }),
    close: () => response.destroy(),
  };
}

/** The SSE events of a stream's text, as [type, data] pairs. */
const sseEvents = (text: string): [string, Record<string, unknown>][] =>
  text
    .split('\n\n')
    .filter((block) => block.startsWith('event: '))
    .map((block) => {
      const [head = '', data = ''] = block.split('\n');
      const row = JSON.parse(data.slice('data: '.length)) as Record<string, unknown>;
      return [head.slice('event: '.length), row];
    });

let world: InspectedTunnel | undefined;
beforeAll(async () => {
  world = await startInspectedTunnel(ADA);
  ({ t, local, browser: ada, key: adaKey, remote, viewer: adaViewer } = world);
}, 120_000);
afterAll(async () => {
  await world?.close();
});

describe('in-progress exchanges in the live views', () => {
  it('a held answer shows in progress once forwarded and completes in place when it ends', async () => {
    // A finished call first: `inspect --follow` prints it as backlog, so we know it listens.
    const c = await client();
    await c.callTool({ name: 'lookup', arguments: { query: 'before' } });
    const follow = spawnSsh(t.sshPort, adaKey, [
      ...['-o', 'LogLevel=ERROR', '127.0.0.1'],
      ...['inspect', '--follow', '--json'],
    ]);
    await follow.waitFor(/"event":"exchange"[^\n]*"target":"lookup"/, 60_000);
    const events = await openEvents();
    await events.until((text) => text.includes('retry:')); // subscribed (events.ts)
    const seen: TrafficEvent[] = [];
    let onSeen = (): void => {};
    const stop = t.system.gateway.traffic.subscribe(adaViewer, { target: 'hold' }, (event) => {
      seen.push(event);
      onSeen();
    });
    const seenAtLeast = (n: number) =>
      new Promise<void>((resolve) => {
        onSeen = () => seen.length >= n && resolve();
        onSeen();
      });

    const answer = c.callTool({ name: 'hold', arguments: {} });
    await local.held();
    // The answer has not ended: every view already shows the call, in progress.
    await seenAtLeast(1);
    expect(seen[0]).toMatchObject({
      type: 'exchange',
      exchange: { method: 'tools/call', target: 'hold', inProgress: true, status: 0 },
    });
    expect(seen[0]?.exchange.timings.totalMs).toBeUndefined();
    const id = seen[0]?.exchange.id ?? '';
    const inProgressLine = new RegExp(`"event":"exchange","id":"${id}"[^\\n]*"inProgress":true`);
    await follow.waitFor(inProgressLine, 60_000);
    const pending = await events.until((text) => text.includes(`"id":"${id}"`));
    expect(sseEvents(pending).filter(([, row]) => row['id'] === id)).toEqual([
      ['exchange', expect.objectContaining({ target: 'hold', status: '…', inProgress: true })],
    ]);
    const listed = await t.system.gateway.traffic.list(adaViewer, { target: 'hold' });
    expect(listed).toMatchObject([{ id, inProgress: true, status: 0 }]);

    local.release();
    expect(JSON.stringify(await answer)).toContain('released');
    await seenAtLeast(2);
    expect(seen[1]).toMatchObject({
      type: 'complete',
      exchange: { id, target: 'hold', inProgress: false, status: 200 },
    });
    expect(seen[1]?.exchange.timings.totalMs).toBeGreaterThanOrEqual(0);
    await follow.waitFor(
      new RegExp(`"event":"complete","id":"${id}"[^\\n]*"status":200[^\\n]*"inProgress":false`),
      60_000,
    );
    const done = await events.until((text) => text.includes('event: complete'));
    expect(sseEvents(done).filter(([, row]) => row['id'] === id)).toEqual([
      ['exchange', expect.objectContaining({ inProgress: true })],
      ['complete', expect.objectContaining({ status: '200', inProgress: false })],
    ]);
    const whole = await t.system.gateway.traffic.get(adaViewer, id);
    expect(whole?.response?.text).toContain('released');
    stop();
    events.close();
    follow.child.kill('SIGTERM');
    await c.close();
  }, 120_000);
});
