import type { AddressInfo } from 'node:net';
import {
  defineAppTool,
  RESOURCE_MIME_TYPE,
  type WidgetRegistry,
  type WidgetResource,
} from '@gatehouse/app-kit';
import { silentLogger } from '@gatehouse/core';
import { z } from 'zod';
import { createApp } from '../../template/server/src/app.ts';
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

function resource(id: string, mimeType: string, text: string): WidgetResource {
  return {
    uri: `ui://${id}`,
    mimeType: mimeType as typeof RESOURCE_MIME_TYPE,
    text,
    _meta: { ui: { csp: {}, prefersBorder: true } },
  };
}

/** A registry that serves hand-written widgets, one of them with the wrong MIME type. */
const registry: WidgetRegistry = {
  mode: 'production',
  list: () => Promise.resolve(['probe', 'wrong-mime']),
  has: (id) => Promise.resolve(id === 'probe' || id === 'wrong-mime'),
  read: (id) =>
    Promise.resolve(
      id === 'probe'
        ? resource('probe', RESOURCE_MIME_TYPE, PROBE_HTML)
        : resource('wrong-mime', 'text/html', '<!doctype html><p>plain html</p>'),
    ),
};

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
];

export async function startTricky(): Promise<Running> {
  const app = createApp({
    name: 'tricky',
    version: 'e2e',
    logger: silentLogger,
    registry,
    tools,
    assetsDir: '/nonexistent',
    allowedOrigins: [],
    allowedHosts: [],
    sessionMaxAgeMs: 60_000,
    maxBodyBytes: 1024 * 1024,
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/mcp`, close: () => app.close(500) };
}
