import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeBody, JSON_HEADERS, raw } from './support/raw.ts';
import { startServer, UI_CAPABILITIES, type TestServer } from './support/server.ts';

// MCP 2026-07-28: list results no longer vary per connection, and hosts discover MCP Apps from
// the server's declared capabilities. The template declares the extension in both eras, lists
// the same tools (with `_meta.ui`) to every caller, and decides UI versus text per call.
// Real MCP SDK v2 clients: pinned to 2026-07-28 (stateless) and in the 2025-era (sessions).
type Era = 'stateless 2026-07-28' | '2025-11-25 session';
const ERAS: readonly Era[] = ['stateless 2026-07-28', '2025-11-25 session'];

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

async function connect(era: Era, capabilities: Record<string, unknown>): Promise<Client> {
  const client = new Client(
    { name: 'apps-extension-test', version: '1.0.0' },
    era === 'stateless 2026-07-28'
      ? { capabilities, versionNegotiation: { mode: { pin: '2026-07-28' } } }
      : { capabilities },
  );
  await client.connect(new StreamableHTTPClientTransport(new URL(server.mcpUrl)));
  return client;
}

describe.each(ERAS)('MCP Apps extension, %s', (era) => {
  let ui: Client;
  let text: Client;
  beforeAll(async () => {
    ui = await connect(era, UI_CAPABILITIES);
    text = await connect(era, {});
  });
  afterAll(async () => {
    await Promise.all([ui.close(), text.close()]);
  });

  it('speaks the era it is meant to test', () => {
    const expected = era === 'stateless 2026-07-28' ? '2026-07-28' : '2025-11-25';
    expect(ui.getNegotiatedProtocolVersion()).toBe(expected);
    expect(text.getNegotiatedProtocolVersion()).toBe(expected);
  });

  it('declares io.modelcontextprotocol/ui to UI and text-only clients alike', () => {
    for (const client of [ui, text]) {
      expect(client.getServerCapabilities()?.extensions).toEqual({
        'io.modelcontextprotocol/ui': {},
      });
    }
  });

  it('lists the same tools, with _meta.ui, with and without the client UI capability', async () => {
    const [withUi, withoutUi] = await Promise.all([ui.listTools(), text.listTools()]);
    expect(withoutUi.tools).toEqual(withUi.tools);
    const echo = withoutUi.tools.find((tool) => tool.name === 'echo');
    expect(echo?._meta).toMatchObject({
      ui: { resourceUri: 'ui://echo', visibility: ['model', 'app'] },
      'ui/resourceUri': 'ui://echo',
    });
    expect(ui.getInstructions()).toBe(text.getInstructions());
  });

  it('returns the UI-bearing result to a caller that declared the extension', async () => {
    const result = await ui.callTool({
      name: 'echo',
      arguments: { message: 'today is a great day' },
    });
    expect(result.isError).not.toBe(true);
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: today is a great day' }]);
    expect(result.structuredContent).toMatchObject({ echoedMessage: 'today is a great day' });
  });

  it('returns the same text without structuredContent to a text-only caller', async () => {
    const result = await text.callTool({
      name: 'echo',
      arguments: { message: 'today is a great day' },
    });
    expect(result.isError).not.toBe(true);
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: today is a great day' }]);
    expect(result.structuredContent).toBeUndefined();
    expect(result._meta?.['ui']).toBeUndefined();
  });

  it('serves ui://echo to a text-only caller too (the resource exists for every caller)', async () => {
    const { contents } = await text.readResource({ uri: 'ui://echo' });
    expect(contents[0]?.mimeType).toBe('text/html;profile=mcp-app');
  });
});

describe('MCP Apps extension on the wire', () => {
  it('is in the initialize result of a 2025-era session', async () => {
    const res = await raw(server.mcpUrl, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: initializeBody(),
    });
    expect(res.status).toBe(200);
    expect(jsonRpcResult(res.body)).toMatchObject({
      capabilities: { extensions: { 'io.modelcontextprotocol/ui': {} } },
    });
  });

  it('is in the server/discover result (2026-07-28), whatever the caller declared', async () => {
    for (const capabilities of [{}, UI_CAPABILITIES]) {
      const res = await raw(server.mcpUrl, {
        method: 'POST',
        headers: {
          ...JSON_HEADERS,
          'mcp-protocol-version': '2026-07-28',
          'mcp-method': 'server/discover',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'server/discover',
          params: {
            _meta: {
              'io.modelcontextprotocol/protocolVersion': '2026-07-28',
              'io.modelcontextprotocol/clientCapabilities': capabilities,
              'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
            },
          },
        }),
      });
      expect(res.status).toBe(200);
      expect(jsonRpcResult(res.body)).toMatchObject({
        supportedVersions: expect.arrayContaining(['2026-07-28']) as unknown,
        capabilities: { tools: {}, extensions: { 'io.modelcontextprotocol/ui': {} } },
      });
    }
  });
});

/** The `result` of a JSON or single-event SSE JSON-RPC response body. */
function jsonRpcResult(body: string): unknown {
  const data = body.trimStart().startsWith('{')
    ? body
    : body
        .split('\n')
        .filter((line) => line.startsWith('data:') && line.length > 'data:'.length + 1)
        .map((line) => line.slice('data:'.length))
        .join('');
  return (JSON.parse(data) as { result?: unknown }).result;
}
