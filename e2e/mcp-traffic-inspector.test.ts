import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpExchange, TrafficViewer } from '@gatehouse/core';
import { spawnSsh, type TestKey } from '@gatehouse/testing';
import { PASSWORD, type Client as BrowserLike } from '@gatehouse/testing/gateway';
import { startInspectedTunnel, type InspectedTunnel } from './support/inspected-tunnel.ts';
import type { InspectorServer } from './support/inspector-server.ts';
import { connectWithOAuth, localFetch, MemoryOAuthProvider } from './support/mcp-oauth.ts';
import type { TunnelSystem } from './support/tunnel-system.ts';

// Issue 16 end to end: the real OpenSSH client serves a local MCP server through a tunnel; the
// MCP SDK v2 client calls it in both protocol eras; the traffic inspector captures every call,
// masks secrets before storing, shows them over `ssh … inspect --json` and replays them.

const ADA = 'ada@example.com';
const BOB = 'bob@example.com';
const SECRET = 'sk-live-7c1f0e9d4b2a-never-store-me';
const HEADER_SECRET = 'hdr-token-5e8a7b6c-never-store-me';

let t: TunnelSystem;
let local: InspectorServer;
let ada: BrowserLike;
let adaKey: TestKey;
let adaViewer: TrafficViewer;
let remote: string;

/** Every request of the SDK client carries a token in a custom header too. */
const fetchWithSecretHeader = ((url: string | URL, init?: RequestInit) => {
  const headers = new Headers(init?.headers);
  headers.set('x-api-key', HEADER_SECRET);
  return localFetch(url, { ...init, headers });
}) as typeof fetch;

async function call(modern: boolean, query: string) {
  const { client } = await connectWithOAuth({
    mcpUrl: `${remote}/mcp`,
    provider: modern ? modernProvider : legacyProvider,
    browser: ada,
    credentials: { email: ADA, password: PASSWORD },
    modern,
    fetch: fetchWithSecretHeader,
  });
  try {
    return await client.callTool({ name: 'lookup', arguments: { query, api_key: SECRET } });
  } finally {
    await client.close();
  }
}
const modernProvider = new MemoryOAuthProvider();
const legacyProvider = new MemoryOAuthProvider();

/** `ssh -p <port> 127.0.0.1 inspect <args>` with Ada's key; resolves with stdout. */
async function sshInspect(...args: string[]): Promise<string> {
  const ssh = spawnSsh(t.sshPort, adaKey, [
    '-o',
    'LogLevel=ERROR',
    '127.0.0.1',
    'inspect',
    ...args,
  ]);
  expect(await ssh.exited).toBe(0);
  return ssh.output();
}

/** Polls an async check until it holds (captures land once the response has closed). */
async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const lookups = async (viewer: TrafficViewer) =>
  (await t.system.gateway.traffic.list(viewer, { method: 'tools/call', target: 'lookup' })).length;

let world: InspectedTunnel | undefined;
beforeAll(async () => {
  world = await startInspectedTunnel(ADA);
  ({ t, local, browser: ada, key: adaKey, remote, viewer: adaViewer } = world);
}, 120_000);
afterAll(async () => {
  await world?.close();
});

describe('the MCP traffic inspector on a tunnel route', () => {
  it('captures tools/call in both eras (method, tool, era, client, user, timings, sizes)', async () => {
    await call(true, 'modern era');
    await call(false, 'legacy era');
    await until(async () => (await lookups(adaViewer)) === 2);
    const list = await t.system.gateway.traffic.list(adaViewer, { target: 'lookup' });
    expect(list.map((e) => e.protocolEra).sort()).toEqual(['legacy', 'modern']);
    for (const summary of list) {
      expect(summary).toMatchObject({
        route: 'mcp',
        method: 'tools/call',
        target: 'lookup',
        decision: 'allow',
        status: 200,
        user: ADA,
        clientName: 'gatehouse-e2e',
        ownerAccountId: adaViewer.userId,
      });
      expect(summary.timings.upstreamFirstByteMs).toBeGreaterThanOrEqual(0);
      expect(summary.timings.totalMs).toBeGreaterThanOrEqual(
        summary.timings.upstreamFirstByteMs ?? 0,
      );
      expect(summary.responseBytes).toBeGreaterThan(0);
      const whole = await t.system.gateway.traffic.get(adaViewer, summary.id);
      expect(whole?.request?.text).toContain('"name":"lookup"');
      expect(whole?.response?.text).toContain('found: ');
    }
    expect(local.lookups.map((l) => l.query).sort()).toEqual(['legacy era', 'modern era']);
  }, 120_000);

  it('masks api_key arguments and secret headers: the token is nowhere in the ring or `inspect --json`', async () => {
    // The local server did get the secret: masking is only in the capture.
    expect(local.lookups.every((l) => l.api_key === SECRET)).toBe(true);
    const all = await t.system.gateway.traffic.list(adaViewer, { limit: 1000 });
    const full = await Promise.all(all.map((s) => t.system.gateway.traffic.get(adaViewer, s.id)));
    const ring = JSON.stringify(full);
    expect(ring).toContain('[masked]');
    for (const secret of [SECRET, HEADER_SECRET]) expect(ring).not.toContain(secret);
    const withAuth = full.find((e) => e?.requestHeaders['authorization'] !== undefined);
    expect(withAuth?.requestHeaders['authorization']).toBe('[masked]');
    expect(withAuth?.requestHeaders['x-api-key']).toBe('[masked]');

    const out = await sshInspect('--json');
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as McpExchange);
    expect(lines.filter((l) => l.method === 'tools/call' && l.target === 'lookup')).toHaveLength(2);
    for (const secret of [SECRET, HEADER_SECRET]) expect(out).not.toContain(secret);
    const text = await sshInspect('--route', 'mcp');
    expect(text).toMatch(/tools\/call "lookup"\s+allow 200/);
  }, 120_000);

  it('replays a tools/call with edited arguments once, as a replay in audit and capture', async () => {
    const [original] = await t.system.gateway.traffic.list(adaViewer, { target: 'lookup' });
    const before = local.lookups.length;
    // The recorded api_key is masked: replaying it unchanged is refused, never sent as "[masked]".
    const refused = await t.system.gateway.traffic.replay(adaViewer, original?.id ?? '');
    expect(refused).toMatchObject({ ok: false, reason: 'incomplete-capture' });
    const result = await t.system.gateway.traffic.replay(adaViewer, original?.id ?? '', {
      arguments: { query: 'edited by replay' },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.exchange).toMatchObject({
      replayOf: original?.id,
      decision: 'allow',
      status: 200,
    });
    expect(result.exchange.response?.text).toContain('found: edited by replay');
    expect(local.lookups.length).toBe(before + 1);
    expect(local.lookups.at(-1)).toEqual({ query: 'edited by replay' });
    const audit = t.logger.lines
      .map((l) => l.obj)
      .filter((o) => o['event'] === 'mcp-audit' && o['replayOf'] !== undefined);
    expect(audit).toMatchObject([{ replayOf: original?.id, tool: 'lookup', outcome: 'allow' }]);
  }, 120_000);

  it('refuses a replay by a non-owner (and shows them nothing of the route)', async () => {
    await t.signedInBrowser(BOB);
    const bob = await t.system.gateway.store.accounts.findByEmail(BOB);
    const bobViewer = { userId: bob?.id ?? '', admin: false };
    const [original] = await t.system.gateway.traffic.list(adaViewer, { target: 'lookup' });
    const before = local.lookups.length;
    const result = await t.system.gateway.traffic.replay(bobViewer, original?.id ?? '', {
      arguments: { query: 'bob tries' },
    });
    expect(result).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await t.system.gateway.traffic.list(bobViewer)).toEqual([]);
    expect(await t.system.gateway.traffic.get(bobViewer, original?.id ?? '')).toBeUndefined();
    expect(local.lookups.length).toBe(before);
  }, 60_000);

  it('`inspect --follow --json` prints new calls live', async () => {
    const follow = spawnSsh(t.sshPort, adaKey, [
      '-o',
      'LogLevel=ERROR',
      '127.0.0.1',
      'inspect',
      '--follow',
      '--json',
    ]);
    // The backlog comes first; then a call made now appears without a new command.
    await follow.waitFor(/"target":"lookup"/, 60_000);
    expect(follow.output()).not.toContain('"target":"big"');
    const { client } = await connectWithOAuth({
      mcpUrl: `${remote}/mcp`,
      provider: modernProvider,
      browser: ada,
      credentials: { email: ADA, password: PASSWORD },
      modern: true,
    });
    try {
      await client.callTool({ name: 'big', arguments: { bytes: 10 } });
    } finally {
      await client.close();
    }
    await follow.waitFor(/"target":"big"/, 60_000);
    follow.child.kill('SIGTERM');
  }, 120_000);
});
