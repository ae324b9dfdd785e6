import { createHash, randomBytes } from 'node:crypto';
import {
  Client as McpClient,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromText } from '@gatehouse/gateway';
import {
  Client as BrowserLike,
  type TestGateway,
  addAccount,
  PASSWORD,
} from '@gatehouse/testing/gateway';
import { answerConsent, openConsentPage } from './support/mcp-consent.ts';
import { configText, startMcpGateway } from './support/mcp-gateway.ts';
import {
  authorizeInBrowser,
  connectWithOAuth,
  localFetch,
  MemoryOAuthProvider,
} from './support/mcp-oauth.ts';
import { startTemplate, type Running } from './support/servers.ts';

// Attack cases from research gateways.md §5 that need the whole system: a real MCP client, the
// template upstream, the consent page and the gateway's own log.
let template: Running;
let gw: TestGateway;
const creds = { email: 'ada@example.com', password: PASSWORD };

const routes = (policyRouteDenies: string) => `
routes:
  - from: http://app.localhost:{{port}}
    to: ${new URL(template.url).origin}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
  - from: http://policy.localhost:{{port}}
    to: ${new URL(template.url).origin}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
    policy:
      deny: { or: [{ mcp_tool: { in: [${policyRouteDenies}] } }] }
`;

beforeAll(async () => {
  template = await startTemplate();
  gw = await startMcpGateway(routes('delete_all'));
  await addAccount(gw.gateway.store, 'ada@example.com');
});

afterAll(async () => {
  await gw?.close();
  await template?.close();
});

/** Registers a public client (RFC 7591) and builds its authorization URL with PKCE. */
async function authorizationFor(redirectUri: string): Promise<string> {
  const registered = await localFetch(`${gw.authUrl}/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Totally Claude',
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'none',
    }),
  });
  expect(registered.status).toBe(201);
  const { client_id } = (await registered.json()) as { client_id: string };
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(`${gw.authUrl}/oauth/authorize`);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id,
    redirect_uri: redirectUri,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    resource: `${gw.origin('app')}/mcp`,
    scope: 'mcp',
    state: 'st-1',
  }))
    url.searchParams.set(k, v);
  return url.href;
}

describe('consent page', () => {
  it('A11: a client registered with a foreign redirect is shown with that host, and no code leaves without approval', async () => {
    const browser = new BrowserLike();
    const consent = await openConsentPage(
      browser,
      await authorizationFor('https://evil.example/cb'),
      creds,
    );
    expect(consent.html).toContain('evil.example');
    expect(consent.html).not.toMatch(/on your own computer/);
    expect(consent.visited.some((u) => u.startsWith('https://evil.example'))).toBe(false);
    const denied = await answerConsent(browser, consent, 'deny');
    expect(denied.origin).toBe('https://evil.example');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.has('code')).toBe(false);
  });

  it('A15: a localhost redirect gets a warning that names the local host and port', async () => {
    const consent = await openConsentPage(
      new BrowserLike(),
      await authorizationFor('http://127.0.0.1:4444/callback'),
      creds,
    );
    expect(consent.html).toMatch(/role="alert"[^]*127\.0\.0\.1:4444[^]*on your own computer/);
  });
});

describe('MCP requests with a valid token', () => {
  it('H13: a POST with Origin https://evil.example (or null) is refused, never passed through as allowed', async () => {
    const provider = new MemoryOAuthProvider();
    const { client } = await connectWithOAuth({
      mcpUrl: `${gw.origin('app')}/mcp`,
      provider,
      browser: new BrowserLike(),
      credentials: creds,
      modern: true,
    });
    await client.close();
    const send = (origin: string | undefined) =>
      localFetch(`${gw.origin('app')}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${provider.tokens()?.access_token ?? ''}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2026-07-28',
          'mcp-method': 'tools/call',
          'mcp-name': 'echo',
          ...(origin === undefined ? {} : { origin }),
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 5,
          method: 'tools/call',
          params: {
            name: 'echo',
            arguments: { message: 'cross-site' },
            _meta: {
              'io.modelcontextprotocol/protocolVersion': '2026-07-28',
              'io.modelcontextprotocol/clientInfo': { name: 'h13', version: '1' },
              'io.modelcontextprotocol/clientCapabilities': {},
            },
          },
        }),
      });
    const control = await send(undefined);
    expect(control.status).toBe(200);
    expect(await control.text()).toContain('cross-site');
    for (const origin of ['https://evil.example', 'null']) {
      const reply = await send(origin);
      expect([origin, reply.status]).toEqual([origin, 403]);
      expect(await reply.text()).not.toContain('cross-site');
    }
  });

  it('I6: a tool allowed before a config reload is refused on the next call of the same session', async () => {
    const { client } = await connectWithOAuth({
      mcpUrl: `${gw.origin('policy')}/mcp`,
      provider: new MemoryOAuthProvider(),
      browser: new BrowserLike(),
      credentials: creds,
    });
    const before = await client.callTool({ name: 'echo', arguments: { message: 'allowed' } });
    expect(JSON.stringify(before.content)).toContain('allowed');
    gw.gateway.reload(configFromText(configText(gw, routes('delete_all, echo')), gw.configPath));
    try {
      await expect(
        client.callTool({ name: 'echo', arguments: { message: 'now denied' } }),
      ).rejects.toThrow(/not allowed by policy/);
      expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('echo');
    } finally {
      gw.gateway.reload(configFromText(configText(gw, routes('delete_all')), gw.configPath));
      await client.close();
    }
  });
});

describe('secrets stay out of the log', () => {
  it('M2: after a full flow, no access token, refresh token, code or PKCE verifier was logged', async () => {
    const provider = new MemoryOAuthProvider();
    const make = () =>
      new StreamableHTTPClientTransport(new URL(`${gw.origin('app')}/mcp`), {
        authProvider: provider,
        fetch: localFetch,
      });
    const first = make();
    await expect(new McpClient({ name: 'm2', version: '1' }).connect(first)).rejects.toThrow(
      UnauthorizedError,
    );
    if (provider.authorizationUrl === undefined) throw new Error('no authorization URL');
    const callback = await authorizeInBrowser(
      new BrowserLike(),
      provider.authorizationUrl,
      provider.redirectUrl,
      creds,
    );
    await first.finishAuth(callback.searchParams);
    const client = new McpClient({ name: 'm2', version: '1' });
    await client.connect(make());
    await client.callTool({ name: 'echo', arguments: { message: 'm2' } });
    await client.close();

    const secrets = {
      access_token: provider.tokens()?.access_token,
      refresh_token: provider.tokens()?.refresh_token,
      code: callback.searchParams.get('code'),
      code_verifier: provider.codeVerifier(),
    };
    for (const [name, value] of Object.entries(secrets)) {
      expect([name, typeof value === 'string' && value.length >= 20]).toEqual([name, true]);
    }
    const log = JSON.stringify(gw.logger.lines);
    expect(gw.logger.lines.length).toBeGreaterThan(10);
    for (const [name, value] of Object.entries(secrets)) {
      expect([name, log.includes(value ?? '')]).toEqual([name, false]);
    }
    expect(log).not.toMatch(/Bearer ey/);
  });
});
