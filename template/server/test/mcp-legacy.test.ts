import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeBody, JSON_HEADERS, raw } from './support/raw.ts';
import { startServer, UI_CAPABILITIES, type TestServer } from './support/server.ts';

// The v1 SDK client (2025-11-25 at most) is a real legacy-era client: sessions, GET SSE, DELETE.
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

async function connect(capabilities: Record<string, unknown>) {
  const client = new Client({ name: 'legacy-test', version: '1.0.0' }, { capabilities });
  const transport = new StreamableHTTPClientTransport(new URL(server.mcpUrl));
  await client.connect(transport);
  return { client, transport };
}

describe('2025-era client with sessions', () => {
  it('initializes a session, lists tools, calls echo and reads ui://echo', async () => {
    const { client, transport } = await connect(UI_CAPABILITIES);
    expect(transport.sessionId).toMatch(/^[\x21-\x7e]+$/);
    expect(server.app.endpoint.sessions.size).toBeGreaterThanOrEqual(1);

    const { tools } = await client.listTools();
    expect(tools.find((t) => t.name === 'echo')?._meta).toMatchObject({
      ui: { resourceUri: 'ui://echo' },
    });

    const result = await client.callTool({ name: 'echo', arguments: { message: 'hello legacy' } });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: hello legacy' }]);
    expect(result.structuredContent).toMatchObject({ echoedMessage: 'hello legacy' });

    const { contents } = await client.readResource({ uri: 'ui://echo' });
    expect(contents[0]?.mimeType).toBe('text/html;profile=mcp-app');
    expect((contents[0] as { text: string }).text).toContain('id="echo-root"');
    await client.close();
  });

  it('falls back to text results when the client lacks the UI extension', async () => {
    const { client } = await connect({});
    expect(client.getServerCapabilities()?.extensions).toEqual({
      'io.modelcontextprotocol/ui': {},
    });
    const { tools } = await client.listTools();
    // The tool list is the same for every caller; only the call result is text-only.
    expect(tools.find((t) => t.name === 'echo')?._meta).toMatchObject({
      ui: { resourceUri: 'ui://echo' },
    });
    const result = await client.callTool({ name: 'echo', arguments: { message: 'text only' } });
    expect(result.structuredContent).toBeUndefined();
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: text only' }]);
    await client.close();
  });

  it('opens one GET SSE stream per session', async () => {
    const init = await raw(server.mcpUrl, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: initializeBody(),
    });
    expect(init.status).toBe(200);
    const sessionId = String(init.headers['mcp-session-id']);
    const session = {
      ...JSON_HEADERS,
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-11-25',
    };
    const initialized = await raw(server.mcpUrl, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
    expect(initialized.status).toBe(202);

    const controller = new AbortController();
    const stream = await fetch(server.mcpUrl, {
      headers: { ...session, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    // A second standalone stream on the same session is a conflict.
    const second = await fetch(server.mcpUrl, {
      headers: { ...session, accept: 'text/event-stream' },
    });
    expect(second.status).toBe(409);
    controller.abort();
  });

  it('ends the session on DELETE; the id then answers 404', async () => {
    const { client, transport } = await connect({});
    const sessionId = transport.sessionId ?? '';
    await transport.terminateSession();
    const response = await fetch(server.mcpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': sessionId,
        'mcp-protocol-version': '2025-11-25',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: -32001 } });
    await client.close();
  });
});

describe('session expiry (SESSION_MAX_AGE)', () => {
  it('expires an idle session', async () => {
    const short = await startServer({ sessionMaxAgeMs: 1000 });
    try {
      const client = new Client({ name: 'expiry', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(new URL(short.mcpUrl));
      await client.connect(transport);
      await client.listTools();
      await new Promise((resolve) => setTimeout(resolve, 2200));
      await expect(client.listTools()).rejects.toThrow(/404|Session not found/);
      expect(short.app.endpoint.sessions.size).toBe(0);
      await client.close();
    } finally {
      await short.close();
    }
  });
});
