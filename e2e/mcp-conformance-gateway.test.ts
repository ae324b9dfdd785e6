import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client as BrowserLike,
  type TestGateway,
  addAccount,
  PASSWORD,
} from '@gatehouse/testing/gateway';
import {
  APPLICABLE,
  runScenario,
  type SpecVersion,
} from '../template/server/test/support/conformance.ts';
import { startBearerProxy } from './support/bearer-proxy.ts';
import { startMcpGateway } from './support/mcp-gateway.ts';
import { connectWithOAuth, localFetch, MemoryOAuthProvider } from './support/mcp-oauth.ts';
import { startTemplate, type Running } from './support/servers.ts';

// The official MCP conformance suite's server scenarios against the template through the
// gateway, with an access token obtained the way MCP clients get one (DCR, PKCE, sign-in and
// consent). The same scenarios, eras and baseline as against the template directly
// (template/server/test/support/conformance.ts lists what does not apply, and why).
let template: Running;
let gw: TestGateway;
let proxy: Running;

beforeAll(async () => {
  template = await startTemplate();
  // One token serves every run: make it outlive the slowest run of the whole matrix.
  gw = await startMcpGateway(`
oauth: { access_token_ttl: 2h }
routes:
  - from: http://app.localhost:{{port}}
    to: ${new URL(template.url).origin}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
`);
  await addAccount(gw.gateway.store, 'ada@example.com');
  const provider = new MemoryOAuthProvider();
  const { client } = await connectWithOAuth({
    mcpUrl: `${gw.origin('app')}/mcp`,
    provider,
    browser: new BrowserLike(),
    credentials: { email: 'ada@example.com', password: PASSWORD },
  });
  await client.close();
  const token = provider.tokens()?.access_token ?? '';
  expect(token).not.toBe('');
  proxy = await startBearerProxy({
    gatewayPort: gw.port,
    routeHost: `app.localhost:${gw.port}`,
    token,
  });
});

afterAll(async () => {
  await proxy?.close();
  await gw?.close();
  await template?.close();
});

const MATRIX = (Object.entries(APPLICABLE) as [SpecVersion, readonly string[]][]).flatMap(
  ([version, scenarios]) => scenarios.map((scenario) => [scenario, version] as const),
);

describe('@modelcontextprotocol/conformance server scenarios through the gateway', () => {
  it('needs the token: the route answers 401 without it', async () => {
    const reply = await localFetch(`${gw.origin('app')}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
    });
    expect(reply.status).toBe(401);
  });

  it.each(MATRIX)('%s passes at %s', { timeout: 150_000 }, async (scenario, version) => {
    const decisions = () => gw.logger.lines.filter((l) => l.msg === 'decision');
    const before = decisions().length;
    const result = await runScenario(proxy.url, scenario, version);
    // It went through the gateway's authorization of the route, as the token's user.
    const allowed = decisions()
      .slice(before)
      .filter((l) => l.obj['route'] === 'app' && l.obj['user'] === 'ada@example.com');
    expect(allowed.map((l) => l.obj['outcome'])).toContain('allow');
    const passed = result.checks.filter((c) => c.status === 'SUCCESS');
    expect(passed.length, result.stdout).toBeGreaterThan(0);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  });
});
