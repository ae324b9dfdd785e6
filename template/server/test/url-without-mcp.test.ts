import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeBody, JSON_HEADERS, raw } from './support/raw.ts';
import { startServer, type TestServer } from './support/server.ts';

// The most common mistake: the server URL without /mcp. MCP clients must be told where it is.
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe('an MCP request to a path other than /mcp', () => {
  it('gets a 404 JSON-RPC error that names /mcp', async () => {
    for (const path of ['/', '/sse', '/api/mcp']) {
      const res = await raw(`${server.origin}${path}`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: initializeBody(),
      });
      expect(res.status, path).toBe(404);
      const body = JSON.parse(res.body) as { jsonrpc: string; error: { message: string } };
      expect(body.jsonrpc).toBe('2.0');
      expect(body.error.message).toContain('The MCP endpoint is /mcp');
    }
    expect(server.app.endpoint.sessions.size).toBe(0);
  });

  it('is what the MCP SDK client shows when given the URL without /mcp', async () => {
    const client = new Client(
      { name: 'wrong-url', version: '1.0.0' },
      { versionNegotiation: { mode: 'auto' } },
    );
    await expect(
      client.connect(new StreamableHTTPClientTransport(new URL(`${server.origin}/`))),
    ).rejects.toThrow(/The MCP endpoint is \/mcp/);
  });

  it('answers an event-stream GET the same way', async () => {
    const res = await raw(`${server.origin}/`, { headers: { accept: 'text/event-stream' } });
    expect(res.status).toBe(404);
    expect(res.body).toContain('"jsonrpc":"2.0"');
  });

  it('keeps plain JSON for other requests, and /health and assets working', async () => {
    const page = await raw(`${server.origin}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    expect(JSON.parse(page.body)).toMatchObject({ error: 'not_found' });
    expect(page.body).toContain('/mcp');
    expect((await raw(`${server.origin}/health`)).status).toBe(200);
    expect((await raw(`${server.origin}/assets/echo-1a2b3c4d.js`)).status).toBe(200);
  });
});
