import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeBody, JSON_HEADERS, raw } from './support/raw.ts';
import { startServer, type TestServer } from './support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    allowedOrigins: ['https://chat.example'],
    allowedHosts: ['mcp.example.com'],
  });
});
afterAll(async () => {
  await server.close();
});

describe('Origin validation (DNS rebinding)', () => {
  it('refuses a foreign Origin with 403 and never reaches MCP', async () => {
    const res = await raw(server.mcpUrl, {
      method: 'POST',
      headers: { ...JSON_HEADERS, origin: 'https://evil.example' },
      body: initializeBody(),
    });
    expect(res.status).toBe(403);
    expect(res.body).toContain('Origin not allowed');
    expect(res.headers['mcp-session-id']).toBeUndefined();
    expect(server.app.endpoint.sessions.size).toBe(0);
  });

  it('refuses Origin null (sandboxed frames)', async () => {
    const res = await raw(server.mcpUrl, {
      method: 'POST',
      headers: { ...JSON_HEADERS, origin: 'null' },
      body: initializeBody(),
    });
    expect(res.status).toBe(403);
  });

  it('accepts loopback and listed origins, with CORS for them', async () => {
    for (const origin of ['http://localhost:5174', 'https://chat.example']) {
      const res = await raw(server.mcpUrl, {
        method: 'POST',
        headers: { ...JSON_HEADERS, origin },
        body: initializeBody(),
      });
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(String(res.headers['access-control-expose-headers'])).toContain('Mcp-Session-Id');
    }
  });

  it('answers a CORS preflight from an allowed origin', async () => {
    const res = await raw(server.mcpUrl, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5174', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(String(res.headers['access-control-allow-headers'])).toContain('Mcp-Protocol-Version');
  });
});

describe('Host allow-list', () => {
  it('refuses an unknown Host with 403', async () => {
    const res = await raw(server.mcpUrl, {
      method: 'POST',
      headers: { ...JSON_HEADERS, host: 'attacker.example' },
      body: initializeBody(),
    });
    expect(res.status).toBe(403);
    expect(res.body).toContain('ALLOWED_HOSTS');
  });

  it('accepts loopback and listed hosts', async () => {
    for (const host of [
      'localhost:8080',
      'mcp.example.com',
      'route.first-wallaby-240.localhost:8787',
    ]) {
      const res = await raw(`${server.origin}/health`, { headers: { host } });
      expect(res.status, host).toBe(200);
    }
  });
});

describe('request bodies', () => {
  it('answers 413 to a body over the limit', async () => {
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'ping',
      params: { pad: 'x'.repeat(70 * 1024) },
    });
    const res = await raw(server.mcpUrl, { method: 'POST', headers: JSON_HEADERS, body: big });
    expect(res.status).toBe(413);
  });

  it('answers malformed JSON with 400 and JSON-RPC -32700', async () => {
    const res = await raw(server.mcpUrl, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: '{"jsonrpc": "2.0", "id": 1,',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({
      jsonrpc: '2.0',
      error: { code: -32700 },
      id: null,
    });
  });

  it('answers an unknown session id with 404', async () => {
    const res = await raw(server.mcpUrl, {
      method: 'POST',
      headers: {
        ...JSON_HEADERS,
        'mcp-session-id': 'no-such-session',
        'mcp-protocol-version': '2025-11-25',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(res.status).toBe(404);
  });

  it('asks for a session on a legacy request without one', async () => {
    const res = await raw(server.mcpUrl, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(res.status).toBe(400);
    expect(res.body).toContain('Mcp-Session-Id');
  });
});

describe('2026-07-28 header checks', () => {
  const envelope = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  const call = (headers: Record<string, string>) =>
    raw(server.mcpUrl, {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'mcp-protocol-version': '2026-07-28', ...headers },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 3,
        method: 'tools/call',
        params: { name: 'echo', arguments: { message: 'hi' }, _meta: envelope },
      }),
    });

  it('serves a request whose Mcp-Method and Mcp-Name match the body', async () => {
    const res = await call({ 'mcp-method': 'tools/call', 'mcp-name': 'echo' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('Echo: hi');
  });

  it('rejects a mismatched Mcp-Name with 400 and -32020', async () => {
    const res = await call({ 'mcp-method': 'tools/call', 'mcp-name': 'delete_everything' });
    expect(res.status).toBe(400);
    expect(res.body).toContain('-32020');
  });

  it('rejects a missing Mcp-Method with 400', async () => {
    const res = await call({ 'mcp-name': 'echo' });
    expect(res.status).toBe(400);
  });
});

describe('other routes', () => {
  it('/health reports status, version, sessions and uptime', async () => {
    const res = await raw(`${server.origin}/health`);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', version: '0.0.0-test' });
    expect(typeof body['sessions']).toBe('number');
    expect(typeof body['uptimeSeconds']).toBe('number');
  });

  it('points a request for the bare host at /mcp', async () => {
    const res = await raw(`${server.origin}/`);
    expect(res.status).toBe(404);
    expect(res.body).toContain('/mcp');
  });

  it('serves built assets with CORS for sandboxed widgets, and nothing outside the folder', async () => {
    const ok = await raw(`${server.origin}/assets/echo-1a2b3c4d.js`, {
      headers: { origin: 'null' },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toContain('javascript');
    expect(ok.headers['access-control-allow-origin']).toBe('*');
    expect(ok.headers['cache-control']).toContain('immutable');
    for (const bad of ['../package.json', '%2e%2e%2fpackage.json', '.hidden', 'nope.js']) {
      const res = await raw(`${server.origin}/assets/${bad}`);
      expect(res.status, bad).toBe(404);
    }
  });
});
