import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, UI_CAPABILITIES, type TestServer } from './support/server.ts';

// The MCP SDK v2 client speaking the 2026-07-28 revision: no sessions, capabilities per request.
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

async function connect(capabilities: Record<string, unknown>): Promise<Client> {
  const client = new Client(
    { name: 'modern-test', version: '1.0.0' },
    { capabilities, versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  await client.connect(new StreamableHTTPClientTransport(new URL(server.mcpUrl)));
  return client;
}

describe('2026-07-28 client with the MCP Apps extension', () => {
  let client: Client;
  beforeAll(async () => {
    client = await connect(UI_CAPABILITIES);
  });
  afterAll(async () => {
    await client.close();
  });

  it('negotiated the stateless revision (no session id)', () => {
    expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    expect(client.getProtocolEra()).toBe('modern');
    expect(server.app.endpoint.sessions.size).toBe(0);
  });

  it('lists echo with its widget', async () => {
    const { tools } = await client.listTools();
    const echo = tools.find((t) => t.name === 'echo');
    expect(echo?.title).toBe('Echo');
    expect(echo?._meta?.['ui']).toMatchObject({ resourceUri: 'ui://echo' });
    expect(echo?._meta?.['ui/resourceUri']).toBe('ui://echo');
    expect(echo?.inputSchema.required).toEqual(['message']);
  });

  it('calls echo and returns text plus structuredContent', async () => {
    const result = await client.callTool({
      name: 'echo',
      arguments: { message: 'today is a great day' },
    });
    expect(result.isError).not.toBe(true);
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: today is a great day' }]);
    const structured = result.structuredContent as { echoedMessage: string; timestamp: string };
    expect(structured.echoedMessage).toBe('today is a great day');
    expect(Number.isNaN(Date.parse(structured.timestamp))).toBe(false);
  });

  it('rejects an empty or oversized message with a tool error', async () => {
    const empty = await client.callTool({ name: 'echo', arguments: { message: '   ' } });
    expect(empty.isError).toBe(true);
    expect(JSON.stringify(empty.content)).toContain('must not be empty');
    const long = await client.callTool({ name: 'echo', arguments: { message: 'x'.repeat(2001) } });
    expect(long.isError).toBe(true);
  });

  it('reads ui://echo as an MCP App resource', async () => {
    const { contents } = await client.readResource({ uri: 'ui://echo' });
    const [widget] = contents;
    expect(widget?.mimeType).toBe('text/html;profile=mcp-app');
    const html = (widget as { text: string }).text;
    expect(html).toContain('<div id="echo-root"></div>');
    expect(html).toContain('document.getElementById("echo-root")');
    expect(html).not.toMatch(/(?:https?|wss?):\/\/localhost/);
    expect(widget?._meta?.['ui']).toMatchObject({ prefersBorder: true });
    expect(widget?._meta?.['ui']).toHaveProperty('csp');
  });
});

describe('2026-07-28 client without the MCP Apps extension (text-only fallback)', () => {
  it('lists echo with the same UI metadata but gets a text-only result', async () => {
    const client = await connect({});
    const { tools } = await client.listTools();
    const echo = tools.find((t) => t.name === 'echo');
    // 2026-07-28: list results do not vary per caller; UI versus text is decided per call.
    expect(echo?._meta?.['ui']).toMatchObject({ resourceUri: 'ui://echo' });
    expect(echo?._meta?.['ui/resourceUri']).toBe('ui://echo');
    const result = await client.callTool({ name: 'echo', arguments: { message: 'plain' } });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: plain' }]);
    expect(result.structuredContent).toBeUndefined();
    await client.close();
  });
});
