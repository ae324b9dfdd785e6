import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  Client as BrowserLike,
  startTestGateway,
  type TestGateway,
  addAccount,
  PASSWORD,
} from '@gatehouse/testing/gateway';
import { connectWithOAuth, MemoryOAuthProvider } from './support/mcp-oauth.ts';
import { startToolbox, type Running } from './support/servers.ts';

// The MCP SDK v2 records the authorization server in the client's discovery state at redirect
// time and, on the callback leg, refuses a code from any other one (SEP-2352). A provider without
// saveDiscoveryState()/discoveryState() makes it skip that check with a console warning.

let upstream: Running;
let gw: TestGateway;

beforeAll(async () => {
  upstream = await startToolbox();
  gw = await startTestGateway(`
routes:
  - from: http://tools.localhost:{{port}}
    to: ${new URL(upstream.url).origin}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
`);
  await addAccount(gw.gateway.store, 'ada@example.com');
});

afterAll(async () => {
  await gw.close();
  await upstream.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the e2e OAuth client provider (MemoryOAuthProvider)', () => {
  it('keeps the discovery state across the redirect, so the SDK checks the callback without warning', async () => {
    const warn = vi.spyOn(console, 'warn');
    const provider = new MemoryOAuthProvider();
    const { client } = await connectWithOAuth({
      mcpUrl: `${gw.origin('tools')}/mcp`,
      provider,
      browser: new BrowserLike(),
      credentials: { email: 'ada@example.com', password: PASSWORD },
    });
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('echo');
    await client.close();

    const state = provider.discoveryState();
    expect(state?.authorizationServerUrl).toBe(gw.authUrl);
    expect(state?.authorizationServerMetadata?.issuer).toBe(gw.authUrl);
    expect(state?.resourceMetadata?.resource).toBe(`${gw.origin('tools')}/mcp`);
    const warnings = warn.mock.calls.map((args) => args.map(String).join(' '));
    expect(warnings.filter((w) => w.includes('[mcp-sdk]'))).toEqual([]);
  });
});
