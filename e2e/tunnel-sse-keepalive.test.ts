import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenFor } from '../packages/gateway/test/tunnel-accounts/support/oauth.ts';
import { startLocalServer } from '../packages/tunnel/test/support/local-http.ts';
import { openStream, streamOver } from './support/tunnel-http.ts';
import { startTunnelSystem, type TunnelSystem } from './support/tunnel-system.ts';

// Streams that survive real edges, through a real `ssh -R 0` tunnel: a quiet SSE stream from
// the user's local server gets `: keep-alive` comments between its events, and the events
// arrive byte for byte.

const ADA = 'ada@example.com';
const COMMENT = ': keep-alive\n\n';
let t: TunnelSystem;
let local: Awaited<ReturnType<typeof startLocalServer>>;
let upstream: Promise<ServerResponse>;
let opened: (res: ServerResponse) => void = () => {};

beforeAll(async () => {
  local = await startLocalServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    opened(res);
  });
  t = await startTunnelSystem({ yaml: 'sse_keepalive: 100ms\n' });
}, 60_000);

afterAll(async () => {
  await t?.killSsh();
  await t?.close();
  await local?.close();
});

describe('tunnel-sse-keepalive', () => {
  it('a quiet SSE stream through the tunnel gets comments between events, events intact', async () => {
    const browser = await t.signedInBrowser(ADA);
    const key = t.key('ada');
    const to = `127.0.0.1:${local.port}`;
    const { ssh } = await t.signIn(key, browser, ['-R', '0', '127.0.0.1', '--', '--to', to]);
    await t.waitLive(ADA, 'mcp', 30_000, to);
    const remote = await t.remoteUrl(ADA);
    const token = await accessTokenFor(browser, t.authUrl, `${remote}/mcp`);

    upstream = new Promise((resolve) => (opened = resolve));
    const response = await openStream(`${remote}/events`, {
      authorization: `Bearer ${token}`,
      accept: 'text/event-stream',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-accel-buffering']).toBe('no');
    let text = '';
    const waiters = new Set<() => void>();
    response.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      for (const wake of waiters) wake();
    });
    const until = (done: () => boolean) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (done()) {
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
        check();
      });

    const res = await upstream;
    res.write('data: one\n\n');
    await until(() => text.includes('data: one\n\n') && text.endsWith(COMMENT));
    const over = streamOver(response);
    res.end('data: two\n\n');
    expect(await over).toBe('ended');
    expect(text.endsWith('data: two\n\n')).toBe(true);
    expect(text.replaceAll(COMMENT, '')).toBe('data: one\n\ndata: two\n\n');
    ssh.child.kill('SIGTERM');
  }, 90_000);
});
