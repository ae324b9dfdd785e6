import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { launchBrowser, type Browser } from '@gatehouse/testing/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@gatehouse/testing';
import { type TestGateway, addAccount, PASSWORD } from '@gatehouse/testing/gateway';
import { obtainTokens } from './support/dpop-client.ts';
import { startMcpGateway } from './support/mcp-gateway.ts';
import { localFetch } from './support/mcp-oauth.ts';
import { startToolbox, type Running } from './support/servers.ts';

// Defect 6: every answer of an MCP route carries the CORS headers a success carries, so a
// browser-based host reads our error instead of "Failed to fetch".
const ORIGIN = 'http://127.0.0.1:9'; // a loopback origin: allowed to call MCP routes
let upstream: Running;
let silent: Server;
const silentSockets = new Set<Socket>();
let page: Server;
let gw: TestGateway;
const tokens: Record<string, string> = {};
const credentials = { email: 'ada@example.com', password: PASSWORD };

beforeAll(async () => {
  upstream = await startToolbox();
  // Accepts requests and never answers: the route's timeout turns that into a 504.
  silent = createServer(() => undefined);
  silent.on('connection', (s: Socket) => silentSockets.add(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  // A page on another origin for Chromium's fetch.
  page = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>host</title>');
  });
  await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
  const closedPort = await freePort();
  gw = await startMcpGateway(`
routes:
  - from: http://tools.localhost:{{port}}
    to: ${new URL(upstream.url).origin}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
    max_request_bytes: 2048
    policy:
      deny: { or: [{ mcp_tool: { is: delete_all } }] }
  - from: http://down.localhost:{{port}}
    to: http://127.0.0.1:${closedPort}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
  - from: http://slow.localhost:{{port}}
    to: http://127.0.0.1:${(silent.address() as AddressInfo).port}
    timeout: 1s
    mcp: { server: {} }
    allowed_users: [ada@example.com]
`);
  await addAccount(gw.gateway.store, 'ada@example.com');
  for (const name of ['tools', 'down', 'slow']) {
    const issued = await obtainTokens({
      authUrl: gw.authUrl,
      resource: `${gw.origin(name)}/mcp`,
      credentials,
    });
    tokens[name] = issued.access_token;
  }
}, 120_000);

afterAll(async () => {
  await gw?.close();
  await upstream?.close();
  for (const s of silentSockets) s.destroy();
  await new Promise((r) => silent?.close(r));
  await new Promise((r) => page?.close(r));
});

function call(route: string, init: { token?: string; path?: string; body?: string } = {}) {
  const headers: Record<string, string> = {
    origin: ORIGIN,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  if (init.token !== undefined) headers['authorization'] = `Bearer ${init.token}`;
  return localFetch(`${gw.origin(route)}${init.path ?? '/mcp'}`, {
    method: 'POST',
    headers,
    body: init.body ?? JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
}

const toolsCall = (name: string) =>
  JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name, arguments: {} } });

describe('mcp-error-answers-carry-cors', () => {
  it('401, 404, 413, 502, 504 and a JSON-RPC policy error all carry the CORS headers', async () => {
    const cases: Array<[string, number, Promise<Response>]> = [
      ['no token', 401, call('tools')],
      ['wrong path', 404, call('tools', { path: '/' })],
      ['too large', 413, call('tools', { token: tokens['tools']!, body: 'x'.repeat(4096) })],
      [
        'policy denies',
        200,
        call('tools', { token: tokens['tools']!, body: toolsCall('delete_all') }),
      ],
      ['upstream down', 502, call('down', { token: tokens['down']! })],
      ['upstream timeout', 504, call('slow', { token: tokens['slow']! })],
    ];
    for (const [name, status, pending] of cases) {
      const reply = await pending;
      const body = await reply.text();
      expect([name, reply.status]).toEqual([name, status]);
      expect([name, reply.headers.get('access-control-allow-origin')]).toEqual([name, ORIGIN]);
      expect([name, reply.headers.get('access-control-expose-headers')]).toEqual([
        name,
        'WWW-Authenticate, Mcp-Session-Id',
      ]);
      expect(body.length).toBeGreaterThan(0);
    }
  });

  it('Chromium on another origin reads the 502 error body instead of "Failed to fetch"', async () => {
    const browser: Browser = await launchBrowser(process.env);
    try {
      const tab = await browser.context.newPage();
      await tab.goto(`http://127.0.0.1:${(page.address() as AddressInfo).port}/`);
      const result = await tab.evaluate(
        async ({ url, token }) => {
          try {
            const reply = await fetch(url, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${token}`,
                'content-type': 'application/json',
                accept: 'application/json, text/event-stream',
              },
              body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
            });
            return { status: reply.status, body: await reply.text() };
          } catch (error) {
            return { status: 0, body: String(error) };
          }
        },
        { url: `${gw.origin('down')}/mcp`, token: tokens['down']! },
      );
      expect(result.status).toBe(502);
      expect(JSON.parse(result.body)).toMatchObject({
        jsonrpc: '2.0',
        error: { message: expect.stringContaining('MCP server unreachable') as unknown },
      });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
