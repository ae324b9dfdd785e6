import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { addAccount, browserSignIn } from '../support/signin.ts';
import { accessTokenFor } from '../tunnel-accounts/support/oauth.ts';

// Defect 4: `Content-Length: 100` and no body kept a connection open forever, on every
// listener. With `request_read_timeout`, a body that stops arriving gets 408 (where an answer
// is still possible) and the connection is closed; slow bodies that make progress and long
// responses are not cut.

let upstream: Server;
let gw: TestGateway;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    let size = 0;
    req.on('data', (c: Buffer) => (size += c.length));
    req.on('end', () => {
      if (req.url === '/slow-events') {
        // A long SSE answer to a complete POST: lasts several read timeouts.
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        let n = 0;
        const next = setInterval(() => {
          n += 1;
          res.write(`data: ${n}\n\n`);
          if (n === 6) {
            clearInterval(next);
            res.end();
          }
        }, 400);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ received: size }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const to = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  gw = await startTestGateway(`
request_read_timeout: 1s
admin_listen: 127.0.0.1:0
routes:
  - from: http://app.localhost:{{port}}
    to: ${to}
    allow_public_unauthenticated_access: true
  - from: http://tools.localhost:{{port}}
    to: ${to}
    mcp: { server: {} }
    allow_any_authenticated_user: true
`);
});

afterAll(async () => {
  await gw?.close();
  upstream?.closeAllConnections();
  await new Promise((r) => upstream?.close(r));
});

/**
 * Sends `head` on a raw socket, then `chunks` paced by `gapMs`; resolves with all it read once
 * the server closes the connection (a server that never does makes the test time out).
 */
function rawExchange(
  head: string,
  chunks: readonly string[] = [],
  gapMs = 0,
  port = gw.port,
): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('error', reject);
    socket.on('end', () => socket.end());
    socket.on('close', () => resolve({ text, closedByServer: true }));
    socket.write(head);
    let i = 0;
    const pump = (): void => {
      if (i >= chunks.length) return;
      socket.write(chunks[i] ?? '');
      i += 1;
      setTimeout(pump, gapMs);
    };
    pump();
  });
}

const stalled = (host: string, path: string, type = 'application/x-www-form-urlencoded') =>
  `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: ${type}\r\nContent-Length: 100\r\n\r\n`;

describe('request-body-read-timeout', () => {
  it('closes a stalled body with 408 on sign-in, token, registration and a proxied route', async () => {
    const auth = new URL(gw.authUrl).host;
    const app = new URL(gw.origin('app')).host;
    for (const [name, head] of [
      ['sign-in', stalled(auth, '/signin')],
      ['token', stalled(auth, '/oauth/token')],
      ['registration', stalled(auth, '/oauth/register', 'application/json')],
      ['proxied route', stalled(app, '/upload')],
    ] as const) {
      const reply = await rawExchange(head);
      expect([name, reply.text.split('\r\n')[0]]).toEqual([name, 'HTTP/1.1 408 Request Timeout']);
      expect(reply.text.toLowerCase()).toContain('connection: close');
    }
    // The handlers that were waiting for those bodies saw an aborted request, not a crash.
    expect(gw.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  }, 60_000);

  it('closes a stalled body on the admin listener too', async () => {
    const port = gw.gateway.adminPort ?? 0;
    const reply = await rawExchange(stalled(`127.0.0.1:${port}`, '/metrics'), [], 0, port);
    // The 405 goes out at once; the unread body then no longer holds the connection.
    expect(reply.text.split('\r\n')[0]).toBe('HTTP/1.1 405 Method Not Allowed');
    expect(reply.closedByServer).toBe(true);
  }, 60_000);

  it('closes a stalled body on an MCP route too, after the early 401', async () => {
    const tools = new URL(gw.origin('tools')).host;
    const reply = await rawExchange(stalled(tools, '/mcp', 'application/json'));
    // The 401 went out before the body was read; the connection still does not stay open.
    expect(reply.text.split('\r\n')[0]).toBe('HTTP/1.1 401 Unauthorized');
    expect(reply.closedByServer).toBe(true);
  }, 60_000);

  it('answers 408 for a stalled body on an MCP route with a valid token, and logs no failure', async () => {
    await addAccount(gw.gateway.store, 'ada@example.com');
    const browser = new Client();
    await browserSignIn(browser, `${gw.authUrl}/account`, 'ada@example.com');
    const token = await accessTokenFor(browser, gw.authUrl, `${gw.origin('tools')}/mcp`);
    const tools = new URL(gw.origin('tools')).host;
    const head = stalled(tools, '/mcp', 'application/json').replace(
      '\r\n\r\n',
      `\r\nAuthorization: Bearer ${token}\r\nAccept: application/json, text/event-stream\r\n\r\n`,
    );
    const reply = await rawExchange(head);
    expect(reply.text.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(gw.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  }, 60_000);

  it('does not cut a slow upload that keeps making progress', async () => {
    // 20 chunks of 5 bytes, 150 ms apart: three times the 1 s timeout in total, but never a
    // pause that long (a loaded machine may stretch a gap several times over and still pass).
    const app = new URL(gw.origin('app')).host;
    const head = `POST /upload HTTP/1.1\r\nHost: ${app}\r\nContent-Length: 100\r\nConnection: close\r\n\r\n`;
    const reply = await rawExchange(
      head,
      Array.from({ length: 20 }, () => 'abcde'),
      150,
    );
    expect(reply.text.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(reply.text).toContain('{"received":100}');
  }, 60_000);

  it('does not cut a long SSE answer to a complete request', async () => {
    const app = new URL(gw.origin('app')).host;
    const head = `POST /slow-events HTTP/1.1\r\nHost: ${app}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`;
    const reply = await rawExchange(head);
    expect(reply.text.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    for (let n = 1; n <= 6; n += 1) expect(reply.text).toContain(`data: ${n}\n\n`);
  }, 60_000);

  it('refuses request_read_timeout: 0 with a message naming the key', async () => {
    const { configFromText } = await import('../../src/index.ts');
    expect(() => configFromText('request_read_timeout: 0\n', '/tmp/x.yaml')).toThrow(
      /request_read_timeout: must be longer than 0/,
    );
  });
});
