import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerAppTool } from '@modelcontextprotocol/ext-apps/server';
import { McpServer } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import {
  defineAppTool,
  RESOURCE_MIME_TYPE,
  type WidgetRegistry,
  type WidgetResource,
} from '@gatehouse/app-kit';
import { silentLogger } from '@gatehouse/core';
import { z } from 'zod';
import { createApp } from '../../template/server/src/app.ts';
import { answerPreflight, applyCors } from '../../template/server/src/http/cors.ts';
import { createMcpEndpoint } from '../../template/server/src/mcp/endpoint.ts';
import type { Running } from './servers.ts';

/**
 * A widget that speaks the MCP Apps protocol by hand: it posts junk, initializes, then calls the
 * model-only tool `secret` and writes what the host answered into `#out`.
 */
const PROBE_HTML = `<!doctype html><html><body><div id="out">starting</div><script>
const out = document.getElementById('out');
const post = (m) => parent.postMessage(m, '*');
window.addEventListener('message', (e) => {
  const m = e.data;
  if (m && m.id === 1 && m.result) {
    post({ jsonrpc: '2.0', method: 'ui/notifications/initialized' });
    post({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'secret', arguments: {} } });
  }
  if (m && m.id === 2) out.textContent = m.error ? 'refused: ' + m.error.message : 'allowed: ' + JSON.stringify(m.result);
});
parent.postMessage('not json-rpc', '*');
parent.postMessage({ hello: 'world' }, '*');
post({ jsonrpc: '2.0', id: 1, method: 'ui/initialize', params: { appCapabilities: {}, appInfo: { name: 'probe', version: '1' }, protocolVersion: '2026-01-26' } });
</script></body></html>`;

/** The smallest view that starts: ui/initialize, then initialized once the host answers. */
const HANDSHAKE = `window.addEventListener('message', (e) => {
  if (e.data && e.data.id === 1 && e.data.result) parent.postMessage({ jsonrpc: '2.0', method: 'ui/notifications/initialized' }, '*');
});
parent.postMessage({ jsonrpc: '2.0', id: 1, method: 'ui/initialize', params: { appCapabilities: {}, appInfo: { name: 'tricky', version: '1' }, protocolVersion: '2026-01-26' } }, '*');`;

/** Mounts itself into an id the HTML does not have, so it never starts: a blank frame. */
const BLANK_HTML = `<!doctype html><html><head><title>blank</title></head><body><div id="blank-root"></div><script>
const root = document.getElementById('blank-widget-root');
if (root) { ${HANDSHAKE} }
</script></body></html>`;

/** Starts, then shows an image from `imageUrl`, an origin its (empty) csp does not declare. */
const cspImageHtml = (imageUrl: string): string =>
  `<!doctype html><html><head><title>csp</title></head><body><div id="csp-image-root">
<img alt="remote" src="${imageUrl}"></div><script>${HANDSHAKE}</script></body></html>`;

function resource(id: string, mimeType: string, text: string): WidgetResource {
  return {
    uri: `ui://${id}`,
    mimeType: mimeType as typeof RESOURCE_MIME_TYPE,
    text,
    _meta: { ui: { csp: {}, prefersBorder: true } },
  };
}

const WIDGETS = ['probe', 'wrong-mime', 'blank', 'csp-image'];

/**
 * A registry that serves hand-written widgets: one with the wrong MIME type, one that never starts,
 * one that loads an image from `imageUrl()` without declaring its origin.
 */
function trickyRegistry(imageUrl: () => string): WidgetRegistry {
  const html: Record<string, () => WidgetResource> = {
    probe: () => resource('probe', RESOURCE_MIME_TYPE, PROBE_HTML),
    'wrong-mime': () => resource('wrong-mime', 'text/html', '<!doctype html><p>plain html</p>'),
    blank: () => resource('blank', RESOURCE_MIME_TYPE, BLANK_HTML),
    'csp-image': () => resource('csp-image', RESOURCE_MIME_TYPE, cspImageHtml(imageUrl())),
  };
  return {
    mode: 'production',
    list: () => Promise.resolve(WIDGETS),
    has: (id) => Promise.resolve(WIDGETS.includes(id)),
    read: (id) => {
      const make = Object.hasOwn(html, id) ? html[id] : undefined;
      return make === undefined
        ? Promise.reject(new Error(`no widget ${id}`))
        : Promise.resolve(make());
    },
  };
}

const tools = [
  defineAppTool({
    name: 'visibility-probe',
    description: 'A widget that tries to call a model-only tool',
    widget: 'probe',
    inputSchema: z.object({}),
    handler: () => ({ content: [{ type: 'text', text: 'probe ready' }] }),
  }),
  defineAppTool({
    name: 'secret',
    description: 'Only the model may call this',
    visibility: ['model'],
    widget: 'probe',
    inputSchema: z.object({}),
    handler: () => ({ content: [{ type: 'text', text: 'the secret' }] }),
  }),
  defineAppTool({
    name: 'refresh',
    description: 'Only widgets may call this',
    visibility: ['app'],
    widget: 'probe',
    inputSchema: z.object({}),
    handler: () => ({ content: [{ type: 'text', text: 'refreshed' }] }),
  }),
  defineAppTool({
    name: 'wrong-mime',
    description: 'Its widget is served as text/html',
    widget: 'wrong-mime',
    inputSchema: z.object({}),
    handler: () => ({ content: [{ type: 'text', text: 'wrong mime' }] }),
  }),
  defineAppTool({
    name: 'blank-widget',
    description: 'Its widget mounts into the wrong element id and never starts',
    widget: 'blank',
    inputSchema: z.object({}),
    handler: () => ({ content: [{ type: 'text', text: 'blank' }], structuredContent: {} }),
  }),
  defineAppTool({
    name: 'csp-image',
    description: 'Its widget shows an image from an origin it did not declare',
    widget: 'csp-image',
    inputSchema: z.object({}),
    handler: () => ({ content: [{ type: 'text', text: 'image' }], structuredContent: {} }),
  }),
  defineAppTool({
    name: 'no-widget',
    description: 'Returns structuredContent but names no widget',
    inputSchema: z.object({}),
    handler: () => ({
      content: [{ type: 'text', text: 'text only' }],
      structuredContent: { shown: false },
    }),
  }),
];

export async function startTricky(): Promise<Running> {
  let origin = '';
  const app = createApp({
    name: 'tricky',
    version: 'e2e',
    logger: silentLogger,
    // This server's own origin: loopback, and not the sandbox's, so the view's CSP blocks it.
    registry: trickyRegistry(() => `${origin}/health?image`),
    tools,
    assetsDir: '/nonexistent',
    allowedOrigins: [],
    allowedHosts: [],
    sessionMaxAgeMs: 60_000,
    maxBodyBytes: 1024 * 1024,
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return { url: `${origin}/mcp`, close: () => app.close(500) };
}

/**
 * An MCP server (both eras, the template's endpoint) whose one tool names `ui://nowhere` in
 * `_meta.ui.resourceUri`, a resource it neither lists nor serves.
 */
export async function startUnlistedResource(): Promise<Running> {
  const endpoint = createMcpEndpoint({
    createServer: () => {
      const server = new McpServer({ name: 'unlisted', version: 'e2e' });
      registerAppTool(
        server,
        'ghost',
        {
          description: 'Names a UI resource that does not exist',
          _meta: { ui: { resourceUri: 'ui://nowhere' } },
        },
        () => ({ content: [{ type: 'text', text: 'ghost' }], structuredContent: {} }),
      );
      return server;
    },
    logger: silentLogger,
    sessionMaxAgeMs: 60_000,
    maxBodyBytes: 1024 * 1024,
  });
  const handler = toNodeHandler(endpoint);
  const server = createServer((req, res) => {
    // The dev host calls it from its page: CORS for that origin (a test server, so any origin).
    if (req.headers.origin !== undefined) applyCors(res, req.headers.origin);
    if (req.method === 'OPTIONS') return answerPreflight(res);
    void handler(req as Parameters<typeof handler>[0], res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    async close() {
      await endpoint.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
