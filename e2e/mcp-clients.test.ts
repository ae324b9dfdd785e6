import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client as BrowserLike,
  type TestGateway,
  addAccount,
  PASSWORD,
} from '@gatehouse/testing/gateway';
import { startMcpGateway } from './support/mcp-gateway.ts';
import { runInspector } from './support/mcp-inspector.ts';
import {
  connectLegacyWithOAuth,
  LegacyOAuthProvider,
  legacyPost,
} from './support/mcp-legacy-client.ts';
import { connectWithOAuth, MemoryOAuthProvider } from './support/mcp-oauth.ts';
import { recordingFetch } from './support/mcp-recording-fetch.ts';
import { startTemplate, type Running } from './support/servers.ts';

// Real MCP clients of both eras through the gateway to the template: the SDK v1 client (legacy
// era, sessions), the SDK v2 client pinned to 2026-07-28, and the Inspector CLI with a token.
let template: Running;
let gw: TestGateway;
let mcpUrl: string;

beforeAll(async () => {
  template = await startTemplate();
  const to = new URL(template.url).origin;
  // The Inspector resolves names itself and cannot resolve *.localhost, so one route lives on
  // 127.0.0.1: a host Node resolves, next to the authenticate service on auth.localhost.
  gw = await startMcpGateway(`
routes:
  - from: http://app.localhost:{{port}}
    to: ${to}
    mcp: { server: {} }
    allowed_users: [ada@example.com, bob@example.com]
  - id: inspect
    from: http://127.0.0.1:{{port}}
    to: ${to}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
`);
  await addAccount(gw.gateway.store, 'ada@example.com');
  await addAccount(gw.gateway.store, 'bob@example.com');
  mcpUrl = `${gw.origin('app')}/mcp`;
});

afterAll(async () => {
  await gw?.close();
  await template?.close();
});

const creds = (email: string) => ({ email, password: PASSWORD });

const post = (token: string, sessionId: string | undefined, body: unknown) =>
  legacyPost(mcpUrl, token, sessionId, body);

describe('legacy era: the MCP SDK v1 client', () => {
  it('completes OAuth through the gateway and calls echo in a session', async () => {
    const { client, transport } = await connectLegacyWithOAuth({
      mcpUrl,
      provider: new LegacyOAuthProvider(),
      browser: new BrowserLike(),
      credentials: creds('ada@example.com'),
    });
    expect(transport.sessionId).toMatch(/^[\x21-\x7e]+$/);
    const result = await client.callTool({ name: 'echo', arguments: { message: 'legacy hello' } });
    expect(JSON.stringify(result.content)).toContain('legacy hello');
    await client.close();
  });

  it("H1: user B with their own valid token replays user A's Mcp-Session-Id and gets 404", async () => {
    const ada = new LegacyOAuthProvider();
    const a = await connectLegacyWithOAuth({
      mcpUrl,
      provider: ada,
      browser: new BrowserLike(),
      credentials: creds('ada@example.com'),
    });
    const bob = new LegacyOAuthProvider();
    const b = await connectLegacyWithOAuth({
      mcpUrl,
      provider: bob,
      browser: new BrowserLike(),
      credentials: creds('bob@example.com'),
    });
    const session = a.transport.sessionId ?? '';
    const call = {
      jsonrpc: '2.0',
      id: 41,
      method: 'tools/call',
      params: { name: 'echo', arguments: { message: 'mine' } },
    };
    // The session is alive for its owner...
    const owner = await post(ada.tokens()?.access_token ?? '', session, call);
    expect(owner.status).toBe(200);
    expect(await owner.text()).toContain('mine');
    // ...and looks like an unknown session to anyone else, even with a valid token.
    const replay = await post(bob.tokens()?.access_token ?? '', session, call);
    expect(replay.status).toBe(404);
    expect(await replay.text()).not.toContain('mine');
    await a.client.close();
    await b.client.close();
  });
});

describe('2026-07-28 era: the MCP SDK v2 client pinned to the new revision', () => {
  it('completes OAuth and calls echo without sessions, with Mcp-Method on every POST', async () => {
    const recorder = recordingFetch();
    const { client } = await connectWithOAuth({
      mcpUrl,
      provider: new MemoryOAuthProvider(),
      browser: new BrowserLike(),
      credentials: creds('bob@example.com'),
      modern: true,
      fetch: recorder.fetch,
    });
    const result = await client.callTool({ name: 'echo', arguments: { message: 'modern hello' } });
    expect(JSON.stringify(result.content)).toContain('modern hello');
    const calls = recorder.requests.filter(
      (r) => r.url === mcpUrl && r.method === 'POST' && r.headers['authorization'] !== undefined,
    );
    expect(calls.length).toBeGreaterThan(0);
    for (const r of calls) {
      expect(r.headers['mcp-protocol-version']).toBe('2026-07-28');
      expect(r.headers['mcp-method']).toBeDefined();
      expect(r.headers['mcp-session-id']).toBeUndefined();
    }
    expect(calls.some((r) => r.headers['mcp-name'] === 'echo')).toBe(true);
    await client.close();
  });
});

describe('the MCP Inspector CLI (2.12) with the issued bearer token', () => {
  it('lists the tools through the gateway, and without a token is told auth is required', async () => {
    const inspectUrl = `http://127.0.0.1:${gw.port}/mcp`;
    const provider = new MemoryOAuthProvider();
    const { client } = await connectWithOAuth({
      mcpUrl: inspectUrl,
      provider,
      browser: new BrowserLike(),
      credentials: creds('ada@example.com'),
    });
    await client.close();
    const token = provider.tokens()?.access_token ?? '';
    expect(token).toMatch(/^ey/);

    const listed = await runInspector([
      inspectUrl,
      '--transport',
      'http',
      '--header',
      `Authorization: Bearer ${token}`,
      '--method',
      'tools/list',
      '--format',
      'json',
    ]);
    expect(listed.code, listed.stderr).toBe(0);
    const out = JSON.parse(listed.stdout) as { result: { tools: Array<{ name: string }> } };
    expect(out.result.tools.map((t) => t.name)).toContain('echo');

    const anonymous = await runInspector([
      inspectUrl,
      '--transport',
      'http',
      '--stored-auth-only',
      '--method',
      'tools/list',
      '--format',
      'json',
    ]);
    expect(anonymous.code).toBe(3);
    expect(anonymous.stderr).toContain('auth_required');
  });
});
