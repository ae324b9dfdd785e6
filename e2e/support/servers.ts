import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWidgetRegistry, defineAppTool, type UiCspInput } from '@gatehouse/app-kit';
import { silentLogger } from '@gatehouse/core';
import { z } from 'zod';
import { createApp, type App } from '../../template/server/src/app.ts';
import { tools } from '../../template/server/src/tools/index.ts';

const repo = path.resolve(import.meta.dirname, '..', '..');
export const TEMPLATE_ASSETS = path.join(repo, 'template', 'assets');
export const DEVHOST_APP = path.join(repo, 'packages', 'devhost', 'dist', 'app');

export interface Running {
  readonly url: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function start(app: App): Promise<Running> {
  const port = await listen(app.server);
  return { url: `http://127.0.0.1:${port}/mcp`, close: () => app.close(500) };
}

/** The MCP App template serving its real production build (npm test builds it first). */
export async function startTemplate(): Promise<Running> {
  return start(
    createApp({
      name: 'mcp-app-template',
      version: 'e2e',
      logger: silentLogger,
      registry: createWidgetRegistry({ mode: 'production', assetsDir: TEMPLATE_ASSETS }),
      tools,
      assetsDir: TEMPLATE_ASSETS,
      allowedOrigins: [],
      allowedHosts: [],
      sessionMaxAgeMs: 60_000,
      maxBodyBytes: 1024 * 1024,
    }),
  );
}

/** A plain HTTP endpoint a widget may try to fetch: answers "pong" to any origin. */
export async function startPong(): Promise<Running & { origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
    res.end('pong');
  });
  const port = await listen(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * An MCP App whose only widget fetches `target` and writes what happened into its root element:
 * `fetched:pong`, or `blocked` (with `data-violation` set when the CSP reported it).
 */
export async function startProbe(target: string, csp: UiCspInput): Promise<Running> {
  const assetsDir = await mkdtemp(path.join(tmpdir(), 'probe-assets-'));
  const js = `const out = document.getElementById('probe-root');
document.addEventListener('securitypolicyviolation', (e) => { out.dataset.violation = e.violatedDirective; });
fetch(${JSON.stringify(target)}).then((r) => r.text()).then((t) => { out.textContent = 'fetched:' + t; }, () => { out.textContent = 'blocked'; });
`;
  await writeFile(path.join(assetsDir, 'probe-0a1b2c3d.js'), js);
  await writeFile(
    path.join(assetsDir, 'manifest.json'),
    JSON.stringify({ version: 1, widgets: { probe: { js: 'probe-0a1b2c3d.js', css: [] } } }),
  );
  const probe = defineAppTool({
    name: 'probe',
    description: 'Renders a widget that fetches another origin',
    widget: 'probe',
    inputSchema: z.object({}),
    handler: () => ({ content: [{ type: 'text', text: 'probing' }], structuredContent: {} }),
  });
  const running = await start(
    createApp({
      name: 'probe',
      version: 'e2e',
      logger: silentLogger,
      registry: createWidgetRegistry({ mode: 'production', assetsDir, csp }),
      tools: [probe],
      assetsDir,
      allowedOrigins: [],
      allowedHosts: [],
      sessionMaxAgeMs: 60_000,
      maxBodyBytes: 1024 * 1024,
    }),
  );
  return {
    url: running.url,
    async close() {
      await running.close();
      await rm(assetsDir, { recursive: true, force: true });
    },
  };
}

const plainTool = (name: string, description: string) =>
  defineAppTool({
    name,
    description,
    inputSchema: z.object({ path: z.string().optional() }),
    handler: ({ path: p }) => ({
      content: [{ type: 'text', text: `${name} ran${p === undefined ? '' : ` on ${p}`}` }],
    }),
  });

/** The template's server with more tools, so tool policies have something to tell apart. */
export async function startToolbox(): Promise<Running> {
  return start(
    createApp({
      name: 'toolbox',
      version: 'e2e',
      logger: silentLogger,
      registry: createWidgetRegistry({ mode: 'production', assetsDir: TEMPLATE_ASSETS }),
      tools: [
        ...tools,
        plainTool('list_files', 'Lists files'),
        plainTool('read_file', 'Reads a file'),
        plainTool('delete_all', 'Deletes everything'),
      ],
      assetsDir: TEMPLATE_ASSETS,
      allowedOrigins: [],
      allowedHosts: [],
      sessionMaxAgeMs: 60_000,
      maxBodyBytes: 1024 * 1024,
    }),
  );
}
