import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  Client as BrowserLike,
  startTestGateway,
  type TestGateway,
  addAccount,
  PASSWORD,
} from '@gatehouse/testing/gateway';
import { startEchoUpstream } from '@gatehouse/testing';
import { connectWithOAuth, localFetch, MemoryOAuthProvider } from './support/mcp-oauth.ts';
import { startToolbox, type Running } from './support/servers.ts';

let upstream: Running;
let mirror: Awaited<ReturnType<typeof startEchoUpstream>>;
let gw: TestGateway;
let mcpUrl: string;

beforeAll(async () => {
  upstream = await startToolbox();
  mirror = await startEchoUpstream();
  const to = new URL(upstream.url).origin;
  gw = await startTestGateway(`
routes:
  - from: http://tools.localhost:{{port}}
    to: ${to}
    mcp: { server: {} }
    allowed_users: [ada@example.com, bob@example.com]
    policy:
      deny:
        or:
          - mcp_tool: { is: delete_all }
          - and:
              - email: { is: bob@example.com }
              - mcp_tool: { not_in: [echo, list_files] }
  - from: http://mirror.localhost:{{port}}
    to: ${mirror.url}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
`);
  await addAccount(gw.gateway.store, 'ada@example.com');
  await addAccount(gw.gateway.store, 'bob@example.com');
  await addAccount(gw.gateway.store, 'eve@example.com');
  mcpUrl = `${gw.origin('tools')}/mcp`;
});

afterAll(async () => {
  await gw.close();
  await upstream.close();
  await mirror.close();
});

const creds = (email: string) => ({ email, password: PASSWORD });

describe('MCP clients through the gateway', () => {
  it('F1: an unauthenticated POST gets 401 with the resource metadata URL, never a redirect', async () => {
    const reply = await localFetch(mcpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
    });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toContain(
      `resource_metadata="${gw.origin('tools')}/.well-known/oauth-protected-resource/mcp"`,
    );
    const prm = (await (
      await localFetch(`${gw.origin('tools')}/.well-known/oauth-protected-resource/mcp`)
    ).json()) as { resource: string; authorization_servers: string[] };
    expect(prm.resource).toBe(mcpUrl);
    expect(prm.authorization_servers).toEqual([gw.authUrl]);
  });

  // MemoryOAuthProvider keeps the discovery state across the redirect: the SDK v2 records the
  // authorization server there and, on the callback leg, refuses a code from any other one
  // (SEP-2352). Without saveDiscoveryState()/discoveryState() it skips that check with a warning.
  it('the SDK v2 client signs in with OAuth (DCR, PKCE, consent) and calls echo on the upstream; the callback leg is checked against the recorded authorization server, without SDK warnings', async () => {
    const warn = vi.spyOn(console, 'warn');
    try {
      const provider = new MemoryOAuthProvider();
      const { client } = await connectWithOAuth({
        mcpUrl,
        provider,
        browser: new BrowserLike(),
        credentials: creds('ada@example.com'),
      });
      const result = await client.callTool({
        name: 'echo',
        arguments: { message: 'today is a great day' },
      });
      expect(JSON.stringify(result.content)).toContain('today is a great day');
      await client.close();
      const state = provider.discoveryState();
      expect(state?.authorizationServerUrl).toBe(gw.authUrl);
      expect(state?.authorizationServerMetadata?.issuer).toBe(gw.authUrl);
      expect(state?.resourceMetadata?.resource).toBe(mcpUrl);
      const warnings = warn.mock.calls.map((args) => args.map(String).join(' '));
      expect(warnings.filter((w) => w.includes('[mcp-sdk]'))).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it('I4: tools/list shows exactly what the caller may call (listed == callable)', async () => {
    for (const [email, expected] of [
      ['ada@example.com', ['echo', 'list_files', 'read_file']],
      ['bob@example.com', ['echo', 'list_files']],
    ] as const) {
      const { client } = await connectWithOAuth({
        mcpUrl,
        provider: new MemoryOAuthProvider(),
        browser: new BrowserLike(),
        credentials: creds(email),
      });
      const listed = (await client.listTools()).tools.map((t) => t.name).sort();
      expect(listed).toEqual([...expected].sort());
      for (const name of ['echo', 'list_files', 'read_file', 'delete_all']) {
        const result = await client
          .callTool({ name, arguments: name === 'echo' ? { message: 'hi' } : {} })
          .then(
            (r) => (r.isError === true ? 'error' : 'ok'),
            () => 'denied',
          );
        expect([name, result]).toEqual([name, listed.includes(name) ? 'ok' : 'denied']);
      }
      await client.close();
    }
  });

  it('I1: a denied call gets a JSON-RPC error with the request id, the upstream is never contacted, and an audit record is written', async () => {
    const { client } = await connectWithOAuth({
      mcpUrl,
      provider: new MemoryOAuthProvider(),
      browser: new BrowserLike(),
      credentials: creds('bob@example.com'),
    });
    const error = await client
      .callTool({ name: 'read_file', arguments: { path: '/etc/passwd' } })
      .then(
        () => undefined,
        (e: unknown) => e as { code?: number; message?: string },
      );
    expect(error?.message).toMatch(/not allowed by policy \(request id [0-9a-f-]{36}\)/);
    const audit = gw.logger.lines.filter(
      (l) => l.obj['event'] === 'mcp-audit' && l.obj['tool'] === 'read_file',
    );
    expect(audit.at(-1)?.obj).toMatchObject({
      user: 'bob@example.com',
      outcome: 'deny',
      method: 'tools/call',
      route: 'tools',
    });
    expect(JSON.stringify(audit)).not.toContain('/etc/passwd'); // arguments redacted by default
    await client.close();
  });

  it('a user the route never allows signs in but is refused at authorization: no token', async () => {
    const provider = new MemoryOAuthProvider();
    const attempt = connectWithOAuth({
      mcpUrl,
      provider,
      browser: new BrowserLike(),
      credentials: creds('eve@example.com'),
    });
    await expect(attempt).rejects.toThrow(/authorization stopped at .* with 403/);
    expect(provider.tokens()).toBeUndefined();
  });

  it('E4: the upstream never sees the client token; it gets the signed identity assertion', async () => {
    const provider = new MemoryOAuthProvider();
    // The echo upstream is no MCP server, so the SDK's connect fails after OAuth completed.
    await connectWithOAuth({
      mcpUrl: `${gw.origin('mirror')}/mcp`,
      provider,
      browser: new BrowserLike(),
      credentials: creds('ada@example.com'),
    }).catch(() => undefined);
    const token = provider.tokens()?.access_token ?? '';
    expect(token.length).toBeGreaterThan(20);
    const reply = await localFetch(`${gw.origin('mirror')}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'anything', arguments: {} },
      }),
    });
    expect(reply.status).toBe(200);
    const seen = (await reply.json()) as { headers: Record<string, string> };
    expect(seen.headers['authorization']).toBeUndefined();
    expect(seen.headers['x-gatehouse-jwt-assertion']).toMatch(/^ey/);
    expect(JSON.stringify(gw.logger.lines)).not.toContain(token);
    // E1: the same token is refused on another MCP route.
    const other = await localFetch(mcpUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
    });
    expect(other.status).toBe(401);
  });

  it('H13-gateway-checks-origin: a foreign Origin is refused by the gateway even when the upstream does not check it', async () => {
    const provider = new MemoryOAuthProvider();
    await connectWithOAuth({
      mcpUrl: `${gw.origin('mirror')}/mcp`,
      provider,
      browser: new BrowserLike(),
      credentials: creds('ada@example.com'),
    }).catch(() => undefined);
    const post = (origin: string) =>
      localFetch(`${gw.origin('mirror')}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${provider.tokens()?.access_token ?? ''}`,
          origin,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 9,
          method: 'tools/call',
          params: { name: 'x', arguments: {} },
        }),
      });
    for (const origin of ['https://evil.example', 'null', 'http://evil.localhost.example.com']) {
      const reply = await post(origin);
      expect([origin, reply.status]).toEqual([origin, 403]);
      expect(reply.headers.get('access-control-allow-origin')).toBeNull();
    }
    // A local browser tool (the dev host) and the route's own origin may call.
    expect((await post('http://localhost:5174')).status).toBe(200);
    expect((await post(gw.origin('mirror'))).status).toBe(200);
    const preflight = await localFetch(`${gw.origin('mirror')}/mcp`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
  });
});
