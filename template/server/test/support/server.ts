import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWidgetRegistry } from '@gatehouse/app-kit';
import { silentLogger } from '@gatehouse/core';
import { createApp, type App, type AppOptions } from '../../src/app.ts';
import { tools } from '../../src/tools/index.ts';

export interface TestServer {
  readonly app: App;
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  /** e.g. http://127.0.0.1:41234/mcp */
  readonly mcpUrl: string;
  readonly assetsDir: string;
  close(): Promise<void>;
}

/**
 * Writes a small but real built-assets folder (manifest + hashed JS/CSS) so the server can be
 * tested in production mode without running the widget build.
 */
export async function writeAssets(dir: string): Promise<void> {
  await writeFile(
    path.join(dir, 'echo-1a2b3c4d.js'),
    'document.getElementById("echo-root").textContent = "echo";\n',
  );
  await writeFile(path.join(dir, 'echo-5e6f7a8b.css'), 'body { margin: 0; }\n');
  await writeFile(
    path.join(dir, 'manifest.json'),
    JSON.stringify({
      version: 1,
      widgets: { echo: { js: 'echo-1a2b3c4d.js', css: ['echo-5e6f7a8b.css'] } },
    }),
  );
}

/** Starts the real app on 127.0.0.1:0 with production-mode assets in a temp folder. */
export async function startServer(overrides: Partial<AppOptions> = {}): Promise<TestServer> {
  const assetsDir = await mkdtemp(path.join(tmpdir(), 'template-assets-'));
  await writeAssets(assetsDir);
  const app = createApp({
    name: 'mcp-app-template',
    version: '0.0.0-test',
    logger: silentLogger,
    registry: createWidgetRegistry({ mode: 'production', assetsDir }),
    tools,
    assetsDir,
    allowedOrigins: [],
    allowedHosts: [],
    sessionMaxAgeMs: 60_000,
    maxBodyBytes: 64 * 1024,
    ...overrides,
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    app,
    origin,
    mcpUrl: `${origin}/mcp`,
    assetsDir,
    async close() {
      await app.close(1000);
      await rm(assetsDir, { recursive: true, force: true });
    },
  };
}

/** Client capabilities of an MCP Apps host (SEP-1865 negotiation). */
export const UI_CAPABILITIES = {
  extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } },
};
