import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { freePorts } from '@gatehouse/testing';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

// Issue 15 item 11: the guide's `npm run inspect` said "Missing script" at the repository root.
// It now runs the template's script: the MCP Inspector web UI against the local MCP URL.

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'gatehouse-inspect-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

it('npm run inspect at the root starts the MCP Inspector for http://localhost:8080/mcp', async () => {
  const [client = 0, sandbox = 0, server = 0] = await freePorts(3);
  const inspect = spawn('npm', ['run', 'inspect'], {
    cwd: ROOT,
    env: {
      ...process.env,
      // The Inspector's own settings: our ports, no browser, nothing written outside `home`.
      CLIENT_PORT: String(client),
      SERVER_PORT: String(server),
      MCP_SANDBOX_PORT: String(sandbox),
      MCP_AUTO_OPEN_ENABLED: 'false',
      MCP_INSPECTOR_SECRET_STORE: 'memory',
      HOME: home,
      MCP_STORAGE_DIR: join(home, 'storage'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const closed = new Promise((r) => inspect.once('close', r));
  let output = '';
  const up = new Promise<string>((resolve, reject) => {
    const check = () => {
      const url = /is up and running at:\s+(http:\/\/127\.0\.0\.1:\d+\S*)/.exec(output)?.[1];
      if (url !== undefined) resolve(url);
    };
    for (const stream of [inspect.stdout, inspect.stderr])
      stream.on('data', (c: Buffer) => {
        output += c.toString();
        check();
      });
    inspect.once('exit', () => reject(new Error(`npm run inspect exited:\n${output}`)));
  });
  try {
    const url = await up;
    expect(output).not.toContain('Missing script');
    expect(output).toContain('--server-url http://localhost:8080/mcp');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
  } finally {
    try {
      process.kill(-(inspect.pid ?? 0), 'SIGTERM');
    } catch {
      // already gone
    }
    await closed;
  }
}, 120_000);
