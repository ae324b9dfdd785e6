import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI_CAPABILITIES } from '../template/server/test/support/server.ts';
import { npmStart, ROOT, type StartedProcess } from './support/quickstart.ts';
import { freePorts, portIsFree } from '@gatehouse/testing';

// `npm start -- --inline`, the seed's mode for Claude.ai (its CSP blocks localhost:4444): the
// widget's JavaScript and CSS are inside its HTML, and an edit is rebuilt into it. It runs on a
// copy of the template, because the watch build rewrites the template's assets/ folder, which
// other suites read at the same time.

const COPY = path.join(ROOT, '.output', `quickstart-inline-template-${String(process.pid)}`);
const STATUS_FILE = path.join(COPY, 'widgets', 'src', 'echo', 'EchoStatus.tsx');

let dir: string;
let ports: { edge: number; ssh: number; mcp: number };
let system: StartedProcess;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gatehouse-inline-'));
  const source = path.join(ROOT, 'template');
  cpSync(source, COPY, {
    recursive: true,
    filter: (from) => {
      const rel = path.relative(source, from);
      return rel !== 'assets' && rel !== path.join('server', 'dist') && rel !== '.env';
    },
  });
  const [edge = 0, ssh = 0, mcp = 0] = await freePorts(3);
  ports = { edge, ssh, mcp };
});

afterAll(async () => {
  if (system !== undefined && system.child.exitCode === null) {
    system.child.kill('SIGINT');
    const timer = setTimeout(() => system.child.kill('SIGKILL'), 15_000);
    await system.exited;
    clearTimeout(timer);
  }
  rmSync(COPY, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

/** `ui://echo` as an MCP Apps host reads it from the template's MCP server. */
async function echoWidgetHtml(): Promise<string> {
  const client = new Client(
    { name: 'inline-check', version: '1.0.0' },
    { capabilities: UI_CAPABILITIES },
  );
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`http://localhost:${String(ports.mcp)}/mcp`)),
  );
  try {
    const { contents } = await client.readResource({ uri: 'ui://echo' });
    return (contents[0] as { text?: string } | undefined)?.text ?? '';
  } finally {
    await client.close();
  }
}

describe('npm start -- --inline', () => {
  it('serves the widget with its scripts and styles inside the HTML, and rebuilds it on an edit', async () => {
    system = npmStart([
      '--inline',
      '--no-devhost',
      '--template-dir',
      COPY,
      '--data-dir',
      path.join(dir, 'data'),
      '--edge-port',
      String(ports.edge),
      '--ssh-port',
      String(ports.ssh),
      '--mcp-port',
      String(ports.mcp),
    ]);
    await system.waitFor(/Ready in \d+\.\d s\./, 120_000);
    expect(system.output()).toContain(
      '✓ Widgets (inline)     bundled into the widget HTML, rebuilt on change',
    );

    const html = await echoWidgetHtml();
    expect(html).toContain('id="echo-root"');
    expect(html).toMatch(/<script type="module"[^>]*>[^<]{1000,}/);
    expect(html).toMatch(/<style[^>]*>[^<]{100,}/);
    // Nothing for the host to fetch from this machine: no dev server, no localhost asset URLs.
    expect(html).not.toMatch(/(src|href)="https?:\/\/(localhost|127\.0\.0\.1)/);
    expect(html).toContain('Echo result');

    const mark = system.output().length;
    writeFileSync(
      STATUS_FILE,
      readFileSync(STATUS_FILE, 'utf8').replace(
        'aria-label="Echo result"',
        'aria-label="Echo result, edited"',
      ),
    );
    await system.waitFor(/built in/i, 60_000, mark);
    await expect
      .poll(echoWidgetHtml, { timeout: 30_000, interval: 250 })
      .toContain('Echo result, edited');
  });

  it('Ctrl-C stops the server and the watch build', async () => {
    system.child.kill('SIGINT');
    expect(await system.exited, system.output().slice(-2000)).toBe(0);
    for (const port of Object.values(ports)) expect(await portIsFree(port)).toBe(true);
  });
});
