import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAFFIC_TRUNCATED_MARKER, type TrafficViewer } from '@gatehouse/core';
import { addAccount, PASSWORD, type TestGateway } from '@gatehouse/testing/gateway';
import { obtainTokens } from './support/dpop-client.ts';
import { startMcpGateway } from './support/mcp-gateway.ts';
import { localFetch } from './support/mcp-oauth.ts';

// Issue 16 on a configured MCP route with `mcp.server.inspect: true`: policy denials are
// captured and stay denied on replay; the ring stays bounded over 10,000 calls; a 10 MB answer
// is cut in the capture and still delivered whole.

const TEN_MB = 10 * 1024 * 1024;
const ADMIN: TrafficViewer = { userId: 'operator', admin: true };
const NOT_ADMIN: TrafficViewer = { userId: 'someone', admin: false };

let upstream: Server;
let upstreamCalls = 0;
let gw: TestGateway;
let token: string;

/** A bare JSON-RPC upstream: `big` answers 10 MB, anything else a small result. */
function startUpstream(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      upstreamCalls++;
      const message = JSON.parse(Buffer.concat(chunks).toString() || '{}') as {
        id?: number;
        params?: { name?: string };
      };
      const text = message.params?.name === 'big' ? 'x'.repeat(TEN_MB) : 'ok';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: message.id ?? null, result: { text } }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const toolsCall = (name: string, id = 1) =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {} } });

function call(body: string) {
  return localFetch(`${gw.origin('tools')}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body,
  });
}

beforeAll(async () => {
  upstream = await startUpstream();
  gw = await startMcpGateway(`
inspect: { buffer_size: 500, max_body_bytes: 65536 }
routes:
  - from: http://tools.localhost:{{port}}
    to: http://127.0.0.1:${(upstream.address() as AddressInfo).port}
    mcp: { server: { inspect: true } }
    allowed_users: [ada@example.com]
    policy:
      deny: { or: [{ mcp_tool: { is: delete_all } }] }
`);
  await addAccount(gw.gateway.store, 'ada@example.com');
  const issued = await obtainTokens({
    authUrl: gw.authUrl,
    resource: `${gw.origin('tools')}/mcp`,
    credentials: { email: 'ada@example.com', password: PASSWORD },
  });
  token = issued.access_token;
}, 120_000);

afterAll(async () => {
  await gw?.close();
  await new Promise((resolve) => upstream?.close(resolve));
});

/** Resolves once the inspector holds `count` exchanges matching the filter. */
async function captured(filter: { target?: string; method?: string }, count: number) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const list = await gw.gateway.traffic.list(ADMIN, { ...filter, limit: 10_000 });
    if (list.length >= count) return list;
    if (Date.now() > deadline) throw new Error(`only ${list.length} exchanges captured`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the traffic inspector on a configured route (inspect: true)', () => {
  it('a denied tool is captured as denied and is not replayable around policy', async () => {
    const before = upstreamCalls;
    const denied = await call(toolsCall('delete_all'));
    expect(await denied.text()).toContain('not allowed by policy');
    const [original] = await captured({ target: 'delete_all' }, 1);
    expect(original).toMatchObject({
      decision: 'deny',
      method: 'tools/call',
      target: 'delete_all',
    });
    expect(
      (await gw.gateway.traffic.get(ADMIN, original?.id ?? ''))?.reasons.length,
    ).toBeGreaterThan(0);
    // Configured routes have no owner: a non-admin sees nothing and cannot replay.
    expect(await gw.gateway.traffic.list(NOT_ADMIN)).toEqual([]);
    expect(await gw.gateway.traffic.replay(NOT_ADMIN, original?.id ?? '')).toMatchObject({
      ok: false,
      reason: 'not-found',
    });
    const replay = await gw.gateway.traffic.replay(ADMIN, original?.id ?? '');
    expect(replay.ok).toBe(true);
    if (!replay.ok) return;
    expect(replay.exchange).toMatchObject({ decision: 'deny', replayOf: original?.id });
    expect(replay.exchange.response?.text).toContain('not allowed by policy');
    expect(upstreamCalls).toBe(before);
    const audit = gw.logger.lines
      .map((l) => l.obj)
      .filter((o) => o['event'] === 'mcp-audit' && o['replayOf'] === original?.id);
    expect(audit).toMatchObject([{ outcome: 'deny', tool: 'delete_all' }]);
  }, 120_000);

  it('a 10 MB answer reaches the client whole and is cut in the capture', async () => {
    const reply = await call(toolsCall('big', 7));
    const body = Buffer.from(await reply.arrayBuffer());
    const expected = Buffer.from(
      JSON.stringify({ jsonrpc: '2.0', id: 7, result: { text: 'x'.repeat(TEN_MB) } }),
    );
    expect(body.length).toBe(expected.length);
    expect(createHash('sha256').update(body).digest('hex')).toBe(
      createHash('sha256').update(expected).digest('hex'),
    );
    const [summary] = await captured({ target: 'big' }, 1);
    expect(summary).toMatchObject({ truncated: true, responseBytes: expected.length });
    const whole = await gw.gateway.traffic.get(ADMIN, summary?.id ?? '');
    expect(whole?.response?.truncated).toBe(true);
    expect(whole?.response?.text.endsWith(TRAFFIC_TRUNCATED_MARKER)).toBe(true);
    expect(whole?.response?.text.length).toBeLessThanOrEqual(
      65536 + TRAFFIC_TRUNCATED_MARKER.length,
    );
  }, 120_000);

  it('10,000 calls keep the ring at buffer_size exchanges and its bytes flat', async () => {
    const send = async (from: number, to: number) => {
      const workers = Array.from({ length: 8 }, async (_, w) => {
        for (let i = from + w; i < to; i += 8) {
          // ping: no audit record per call, so the loop measures the capture, not SQLite.
          const reply = await call(JSON.stringify({ jsonrpc: '2.0', id: i, method: 'ping' }));
          await reply.arrayBuffer();
        }
      });
      await Promise.all(workers);
    };
    await send(0, 1_000);
    await captured({ method: 'ping' }, 500);
    const plateau = gw.gateway.traffic.held();
    expect(plateau.exchanges).toBe(500);
    await send(1_000, 10_000);
    const after = gw.gateway.traffic.held();
    expect(after.exchanges).toBe(500);
    expect(after.routes).toBe(1);
    // Same-shaped calls: the bytes held stay where the full ring put them.
    expect(after.bytes).toBeLessThanOrEqual(plateau.bytes * 1.1);
    expect(after.bytes).toBeLessThan(500 * 8 * 1024);
  }, 600_000);
});
