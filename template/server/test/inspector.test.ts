import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localBin, run, startProcess, type Started } from './support/process.ts';

// The MCP Inspector CLI against the production build, started as `NODE_ENV=production npm start` does.
const templateDir = path.resolve(import.meta.dirname, '..', '..');
const inspector = localBin(templateDir, 'mcp-inspector');

let server: Started;
let home: string;
let url: string;

beforeAll(async () => {
  const entry = path.join(templateDir, 'server', 'dist', 'index.js');
  if (!existsSync(entry) || !existsSync(path.join(templateDir, 'assets', 'manifest.json'))) {
    throw new Error(
      'The production build is missing: run "npm run build" first (npm test does it for you).',
    );
  }
  server = await startProcess([entry], { NODE_ENV: 'production' }, templateDir);
  url = `http://127.0.0.1:${server.port}/mcp`;
  home = await mkdtemp(path.join(tmpdir(), 'inspector-home-'));
});
afterAll(async () => {
  await server?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

function inspect(args: string[]) {
  return run(inspector, ['--cli', url, '--transport', 'http', ...args], {
    cwd: templateDir,
    // The Inspector keeps a catalog and tokens under ~/.mcp-inspector: keep the test's copy private.
    env: {
      HOME: home,
      MCP_CATALOG_PATH: path.join(home, 'catalog.json'),
      MCP_CLIENT_CONFIG_PATH: path.join(home, 'clients.json'),
      MCP_STORAGE_DIR: path.join(home, 'storage'),
    },
    timeoutMs: 60_000,
  });
}

describe('MCP Inspector CLI against the production build', () => {
  it('lists tools', async () => {
    const result = await inspect(['--method', 'tools/list', '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as { result: { tools: { name: string }[] } };
    expect(body.result.tools.map((t) => t.name)).toContain('echo');
  });

  it('calls echo', async () => {
    const result = await inspect([
      '--method',
      'tools/call',
      '--tool-name',
      'echo',
      '--tool-arg',
      'message=today is a great day',
      '--format',
      'json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Echo: today is a great day');
  });

  it('sees echo as an MCP App when it advertises the UI extension', async () => {
    const result = await inspect(['--method', 'tools/list', '--app-info', '--advertise-apps']);
    expect(result.code, result.stderr).toBe(0);
    const echo = result.stdout
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((info) => info['toolName'] === 'echo');
    expect(echo).toMatchObject({
      hasApp: true,
      resourceUri: 'ui://echo',
      resourceMimeType: 'text/html;profile=mcp-app',
    });
  });

  it('reads the built widget, inlined since BASE_URL is unset', async () => {
    const result = await inspect([
      '--method',
      'resources/read',
      '--uri',
      'ui://echo',
      '--format',
      'json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('echo-root');
    // Self-contained: no script, stylesheet or socket URL pointing at a local dev server.
    const localUrl = /(?:https?|wss?):\/\/(?:localhost|127\.0\.0\.1)[:/]/.exec(result.stdout);
    expect(localUrl?.[0]).toBeUndefined();
    expect(result.stdout).not.toMatch(/<script[^>]+src=/);
  });

  it('uses the modern era when asked', async () => {
    const result = await inspect([
      '--protocol-era',
      'modern',
      '--method',
      'tools/list',
      '--format',
      'json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('"echo"');
  });
});
