import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { McpServer } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createWidgetRegistry,
  defineAppTool,
  registerAppTools,
  type WidgetRegistry,
} from '../src/index.ts';

const UI = {
  extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } },
};

const show = defineAppTool({
  name: 'show',
  description: 'Shows a value',
  widget: 'show',
  inputSchema: z.object({ value: z.string() }),
  handler: ({ value }, { ui }) => ({
    content: [{ type: 'text', text: `value ${value} (ui: ${String(ui)})` }],
    structuredContent: { value },
    _meta: { ui: { resourceUri: 'ui://show' }, 'example.com/trace': 'kept' },
  }),
});
const refresh = defineAppTool({
  name: 'refresh',
  description: 'Only the widget calls this',
  widget: 'show',
  visibility: ['app'],
  inputSchema: z.object({}),
  handler: () => ({ content: [{ type: 'text', text: 'refreshed' }] }),
});

let assetsDir: string;
let registry: WidgetRegistry;
beforeAll(async () => {
  assetsDir = await mkdtemp(path.join(tmpdir(), 'app-tool-'));
  await writeFile(path.join(assetsDir, 'show-12345678.js'), 'console.log(1)');
  await writeFile(
    path.join(assetsDir, 'manifest.json'),
    JSON.stringify({ version: 1, widgets: { show: { js: 'show-12345678.js', css: [] } } }),
  );
  registry = createWidgetRegistry({ mode: 'production', assetsDir });
});
afterAll(async () => {
  await rm(assetsDir, { recursive: true, force: true });
});

async function connect(ui: boolean): Promise<Client> {
  const server = new McpServer({ name: 't', version: '1' });
  registerAppTools(server, [show, refresh], { registry });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'c', version: '1' }, { capabilities: ui ? UI : {} });
  await client.connect(clientSide);
  return client;
}

describe('registerAppTools', () => {
  it('gives UI clients the widget link, app-only tools and the full result', async () => {
    const client = await connect(true);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['refresh', 'show']);
    const showTool = tools.find((t) => t.name === 'show');
    expect(showTool?._meta).toMatchObject({
      ui: { resourceUri: 'ui://show', visibility: ['model', 'app'] },
      'ui/resourceUri': 'ui://show',
    });
    expect(tools.find((t) => t.name === 'refresh')?._meta).toMatchObject({
      ui: { visibility: ['app'] },
    });
    const result = await client.callTool({ name: 'show', arguments: { value: 'x' } });
    expect(result.content).toEqual([{ type: 'text', text: 'value x (ui: true)' }]);
    expect(result.structuredContent).toEqual({ value: 'x' });
    expect(result._meta).toMatchObject({ ui: { resourceUri: 'ui://show' } });
    const { contents } = await client.readResource({ uri: 'ui://show' });
    expect(contents[0]).toMatchObject({ uri: 'ui://show', mimeType: 'text/html;profile=mcp-app' });
    await client.close();
  });

  it('lists the same tools with UI metadata to text-only clients, and answers them in text', async () => {
    const [uiClient, textClient] = await Promise.all([connect(true), connect(false)]);
    const [uiList, textList] = await Promise.all([uiClient.listTools(), textClient.listTools()]);
    expect(textList.tools).toEqual(uiList.tools);
    expect(textList.tools.find((t) => t.name === 'show')?._meta).toMatchObject({
      ui: { resourceUri: 'ui://show' },
      'ui/resourceUri': 'ui://show',
    });
    const result = await textClient.callTool({ name: 'show', arguments: { value: 'y' } });
    expect(result.content).toEqual([{ type: 'text', text: 'value y (ui: false)' }]);
    expect(result.structuredContent).toBeUndefined();
    expect(result._meta).toEqual({ 'example.com/trace': 'kept' });
    await Promise.all([uiClient.close(), textClient.close()]);
  });

  it('declares the MCP Apps extension in the server capabilities', async () => {
    const client = await connect(false);
    expect(client.getServerCapabilities()?.extensions).toEqual({
      'io.modelcontextprotocol/ui': {},
    });
    await client.close();
  });

  it('refuses an app-only tool to a text-only caller: only its widget may call it', async () => {
    const textClient = await connect(false);
    const refused = await textClient.callTool({ name: 'refresh', arguments: {} });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain('only callable from its widget');
    await textClient.close();
    const uiClient = await connect(true);
    const allowed = await uiClient.callTool({ name: 'refresh', arguments: {} });
    expect(allowed.content).toEqual([{ type: 'text', text: 'refreshed' }]);
    await uiClient.close();
  });

  it('validates arguments with the tool schema', async () => {
    const client = await connect(true);
    const result = await client.callTool({ name: 'show', arguments: { value: 42 } });
    expect(result.isError).toBe(true);
    await client.close();
  });
});
