import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream } from '@gatehouse/testing';
import { Client, startTestGateway, type TestGateway } from '@gatehouse/testing/gateway';

// Gatehouse issue 8: an MCP client given the route's URL without its MCP path (`https://host/`)
// must be told the MCP URL, not sent into an OAuth flow for a resource it did not ask for.
let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
let gw: TestGateway;
const http = new Client();

const MCP_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 't', version: '1' },
  },
});

beforeAll(async () => {
  upstream = await startEchoUpstream();
  gw = await startTestGateway(`
routes:
  - from: http://tools.localhost:{{port}}
    to: ${upstream.url}
    mcp: { server: {} }
    allow_any_authenticated_user: true
  - from: http://nested.localhost:{{port}}
    to: ${upstream.url}
    mcp: { server: { path: /api/mcp } }
    allow_any_authenticated_user: true
`);
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});

describe('an MCP request to a path other than the route’s MCP path', () => {
  it('gets a 404 JSON-RPC error naming the MCP URL from config', async () => {
    const reply = await http.request(`${gw.origin('tools')}/`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'x-forwarded-host': 'evil.example.com' },
      body: INITIALIZE,
    });
    expect(reply.status).toBe(404);
    expect(reply.headers['www-authenticate']).toBeUndefined();
    expect(reply.headers.location).toBeUndefined();
    const body = JSON.parse(reply.body) as {
      jsonrpc: string;
      id: unknown;
      error: { message: string };
    };
    expect(body.jsonrpc).toBe('2.0');
    expect(body.id).toBeNull();
    expect(body.error.message).toContain(`${gw.origin('tools')}/mcp`);
    expect(reply.body).not.toContain('evil.example.com');
    expect(upstream.seen).toHaveLength(0);
  });

  it('names a configured path too, for an event-stream GET as well as a POST', async () => {
    const post = await http.request(`${gw.origin('nested')}/mcp`, {
      method: 'POST',
      headers: MCP_HEADERS,
      body: INITIALIZE,
    });
    expect(post.status).toBe(404);
    expect(post.body).toContain(`${gw.origin('nested')}/api/mcp`);
    const sse = await http.request(`${gw.origin('tools')}/sse`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(sse.status).toBe(404);
    expect(sse.body).toContain(`${gw.origin('tools')}/mcp`);
  });

  it('leaves the MCP path itself to the OAuth challenge', async () => {
    const reply = await http.request(`${gw.origin('tools')}/mcp/`, {
      method: 'POST',
      headers: MCP_HEADERS,
      body: INITIALIZE,
    });
    expect(reply.status).toBe(401);
    expect(reply.headers['www-authenticate']).toContain('resource_metadata=');
  });

  it('leaves browser GETs and metadata of other paths as they were', async () => {
    const page = await http.request(`${gw.origin('tools')}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(401);
    const prm = await http.request(
      `${gw.origin('tools')}/.well-known/oauth-protected-resource/mcp`,
    );
    expect(prm.status).toBe(200);
  });
});
