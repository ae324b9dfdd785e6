import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePorts, npmStart, ROOT, type StartedProcess } from './support/quickstart.ts';
import { VERIFY_URL } from './support/tunnel-system.ts';
import { Client } from '../packages/gateway/test/support/gateway-harness.ts';
import { browserSignIn, PASSWORD } from '../packages/gateway/test/support/signin.ts';
import { answer } from '../packages/gateway/test/tunnel-accounts/support/gateway.ts';
import { killAllSsh, makeKey, spawnSsh } from '../packages/tunnel/test/support/ssh-client.ts';

// Issue 15 item 3: Ctrl-C looked like a crash. `node --watch` with `--env-file-if-exists` and no
// .env aborted natively on every stop ("Assertion failed: (wrap) != nullptr"), and with a tunnel
// up the store was closed before the SSH session's binding was removed ("store is closed").
// A clean stop prints one line.

const CRASH =
  /Assertion failed|Native stack trace|store is closed|\n\s+at .+\(.+:\d+:\d+\)|"stack"/;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-ctrl-c-'));
});
afterEach(async () => {
  await killAllSsh();
  await rm(dir, { recursive: true, force: true });
});

/** Resolves once `url` answers at all; the process must still be running. */
async function answers(url: string, running: StartedProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = request(url, { timeout: 2_000 }, (res) => {
        res.resume();
        resolve(true);
      });
      req.once('timeout', () => req.destroy());
      req.once('error', () => resolve(false));
      req.end();
    });
    if (ok) return;
    if (Date.now() > deadline || running.child.exitCode !== null)
      throw new Error(`${url} never answered; output:\n${running.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function addUser(dataDir: string, email: string): Promise<void> {
  const add = spawn(
    process.execPath,
    [
      join(ROOT, 'packages/cli/src/main.ts'),
      'users',
      'add',
      email,
      '--password-stdin',
      '--data-dir',
      dataDir,
    ],
    { stdio: ['pipe', 'ignore', 'inherit'] },
  );
  add.stdin.end(`${PASSWORD}\n`);
  expect(await new Promise((r) => add.once('close', r))).toBe(0);
}

describe('Ctrl-C stops npm start cleanly', () => {
  it('with the template, the dev host and a live ssh tunnel: no native dump, no stack, no "store is closed", one stop line', async () => {
    const [edge = 0, ssh = 0, mcp = 0, widgets = 0, devhost = 0, sandbox = 0] = await freePorts(6);
    await addUser(join(dir, 'data'), 'ada@example.com');
    const system = npmStart([
      '--data-dir',
      join(dir, 'data'),
      '--edge-port',
      String(edge),
      '--ssh-port',
      String(ssh),
      '--mcp-port',
      String(mcp),
      '--widgets-port',
      String(widgets),
      '--devhost-port',
      String(devhost),
      '--sandbox-port',
      String(sandbox),
    ]);
    try {
      await system.waitFor(/Ready in \d+\.\d s\./, 150_000);
      // The real OpenSSH client opens a tunnel; a browser signed in as ada authorizes its key.
      const browser = new Client();
      const signedIn = await browserSignIn(
        browser,
        `http://localhost:${String(edge)}/account`,
        'ada@example.com',
      );
      expect(signedIn.status).toBe(200);
      const tunnel = spawnSsh(ssh, makeKey(dir, 'laptop'), ['-N', '-R', '0', 'localhost']);
      const [verifyUrl = ''] = await tunnel.waitFor(VERIFY_URL, 30_000);
      await answer(browser, verifyUrl, 'authorize');
      await system.waitFor(/● Tunnel ACTIVE +(http:\/\/mcp\.\S+)/, 30_000);
      await answers(`http://127.0.0.1:${String(mcp)}/health`, system);

      const mark = system.output().length;
      system.child.kill('SIGINT');
      expect(await system.exited, system.output().slice(-3000)).toBe(0);
      const stop = system.output().slice(mark);
      expect(stop).not.toMatch(CRASH);
      // The ssh client learns why its session ended, and the stop is one line.
      expect(await tunnel.exited).not.toBeNull();
      const lines = stop.split('\n').filter((l) => l.trim() !== '');
      expect(lines, stop).toEqual(['Stopping… Stopped.']);
    } finally {
      if (system.child.exitCode === null) system.child.kill('SIGKILL');
    }
  }, 240_000);

  it('npm run dev at the repository root (the template with widgets): Ctrl-C (SIGINT to the whole terminal group) ends without a native dump', async () => {
    const [mcp = 0, widgets = 0] = await freePorts(2);
    // detached: its own process group, as the foreground job of a terminal is.
    const dev = spawn('npm', ['run', 'dev'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(mcp), WIDGET_PORT: String(widgets), FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    dev.stdout.on('data', (c: Buffer) => (output += c.toString()));
    dev.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise((r) => dev.once('close', r));
    const running = {
      child: dev,
      output: () => output,
    } as unknown as StartedProcess;
    try {
      await answers(`http://127.0.0.1:${String(mcp)}/health`, running);
      await answers(`http://localhost:${String(widgets)}/`, running);
      process.kill(-(dev.pid ?? 0), 'SIGINT');
      await exited;
      expect(output).not.toContain('Missing script');
      expect(output).toContain('Starting MCP App server');
      expect(output).not.toMatch(/Assertion failed|Native stack trace/);
    } finally {
      try {
        process.kill(-(dev.pid ?? 0), 'SIGKILL');
      } catch {
        // gone
      }
    }
  }, 180_000);
});
