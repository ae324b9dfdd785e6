import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript (it must run on old Node versions), no type declarations
import { preflightProblem } from '../../../scripts/preflight.js';

// `npm start` (= `gatehouse start`): what a newcomer sees when something is in the way, and a
// start of the server part alone. The whole system with the template, the dev host, ssh and
// Chromium is e2e/quickstart.test.ts.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const START = join(ROOT, 'scripts/start.js');
const check = preflightProblem as (m: { nodeVersion: string; root: string }) => string | undefined;

interface Running {
  readonly output: () => string;
  /** The exit code, or the signal that ended the process (so a failure names it). */
  readonly exited: Promise<number | NodeJS.Signals | null>;
  stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
}

/** Free ports and the arguments of a start with the server only (no template, no dev host). */
async function serverOnly(dataDir: string): Promise<{ edge: number; ssh: number; args: string[] }> {
  const [edge = 0, ssh = 0] = await freePorts(2);
  const args = ['--data-dir', dataDir, '--edge-port', String(edge), '--ssh-port', String(ssh)];
  return { edge, ssh, args: [...args, '--no-template', '--no-devhost'] };
}

function start(args: string[], cwd: string): Running {
  const child = spawn(process.execPath, [START, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((r) =>
    child.once('close', (code, signal) => r(code ?? signal)),
  );
  return {
    output: () => output,
    exited,
    async stop(signal = 'SIGINT') {
      child.kill(signal);
      return exited;
    },
    // Event-driven: checks on every chunk of output and on exit, fails after `ms`.
    waitFor(pattern, ms = 90_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match !== null) done(() => resolve(match));
          else if (child.exitCode !== null)
            done(() => reject(new Error(`exited without ${String(pattern)}:\n${output}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`no ${String(pattern)} in:\n${output}`))),
          ms,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          child.stdout.off('data', check);
          child.stderr.off('data', check);
          child.off('exit', check);
          settle();
        };
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        child.on('exit', check);
        check();
      });
    },
  };
}

async function listenOn(port = 0): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}
const portOf = (s: Server) => (s.address() as AddressInfo).port;
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => listenOn()));
  const ports = servers.map(portOf);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}
async function isFree(port: number): Promise<boolean> {
  try {
    const s = await listenOn(port);
    await new Promise((r) => s.close(r));
    return true;
  } catch {
    return false;
  }
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-start-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm start preflight (scripts/preflight.js, runs before any TypeScript)', () => {
  it('refuses Node older than 24, naming the version found and what to install', () => {
    expect(check({ nodeVersion: 'v20.20.2', root: ROOT })).toBe(
      'Gatehouse needs Node.js 24 or newer; this is v20.20.2. Install Node 24 and run npm start again.',
    );
    expect(check({ nodeVersion: 'v23.11.0', root: ROOT })).toMatch(/needs Node\.js 24/);
  });

  it('asks for npm install when the dependencies are missing, and passes on this checkout', () => {
    expect(check({ nodeVersion: 'v24.0.0', root: dir })).toBe(
      'Dependencies are not installed. Run npm install first.',
    );
    expect(check({ nodeVersion: process.version, root: ROOT })).toBeUndefined();
  });
});

describe('npm start', () => {
  it('a port in use: names it, its service and the flag that moves it; starts nothing', async () => {
    const busy = await listenOn();
    const [ssh = 0, devhost = 0, sandbox = 0] = await freePorts(3);
    const edge = portOf(busy);
    try {
      const run = start(
        [
          '--data-dir',
          dir,
          '--edge-port',
          String(edge),
          '--ssh-port',
          String(ssh),
          '--no-template',
          '--devhost-port',
          String(devhost),
          '--sandbox-port',
          String(sandbox),
        ],
        ROOT,
      );
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(
        `Port ${String(edge)} (Gatehouse edge) is already in use. Stop the program using it ` +
          `(lsof -i :${String(edge)}) or choose another port: npm start -- --edge-port `,
      );
      const suggested = Number(/--edge-port (\d+)/.exec(run.output())?.[1]);
      expect(suggested).toBeGreaterThan(edge);
      expect([ssh, devhost, sandbox]).not.toContain(suggested);
      expect(run.output()).not.toContain('already running');
      expect(await isFree(ssh)).toBe(true);
      expect(await isFree(devhost)).toBe(true);
      // Two of its ports taken: probably an earlier npm start still running.
      const busySsh = await listenOn(ssh);
      try {
        const again = start(
          [
            '--data-dir',
            dir,
            '--edge-port',
            String(edge),
            '--ssh-port',
            String(ssh),
            '--no-template',
            '--no-devhost',
          ],
          ROOT,
        );
        expect(await again.exited).toBe(1);
        expect(again.output()).toContain(`Port ${String(ssh)} (Gatehouse SSH) is already in use.`);
        expect(again.output()).toContain(
          'Is Gatehouse already running in another terminal? Stop it with Ctrl-C there.',
        );
      } finally {
        await new Promise((r) => busySsh.close(r));
      }
    } finally {
      await new Promise((r) => busy.close(r));
    }
  });

  it('a busy dev host port suggests a port that is free and not the sandbox port next to it', async () => {
    // Issue 15 item 10: 5174 busy suggested --devhost-port 5175, the sandbox's port.
    const busy = await listenOn();
    const devhost = portOf(busy);
    const sandbox = devhost + 1;
    // The port after the sandbox's is taken too: the suggestion must skip both.
    const alsoBusy = await listenOn(devhost + 2).catch(() => undefined);
    const [edge = 0, ssh = 0] = await freePorts(2);
    try {
      expect(await isFree(sandbox)).toBe(true);
      const run = start(
        [
          '--data-dir',
          dir,
          '--edge-port',
          String(edge),
          '--ssh-port',
          String(ssh),
          '--no-template',
          '--devhost-port',
          String(devhost),
          '--sandbox-port',
          String(sandbox),
        ],
        ROOT,
      );
      expect(await run.exited).toBe(1);
      const [, suggested = ''] =
        /Port \d+ \(dev host\) is already in use\..*--devhost-port (\d+)/.exec(run.output()) ?? [];
      const port = Number(suggested);
      expect(port, run.output()).toBeGreaterThan(devhost);
      expect(port).not.toBe(sandbox);
      expect(port).not.toBe(devhost + 2);
      expect([edge, ssh]).not.toContain(port);
      expect(await isFree(port)).toBe(true);
    } finally {
      await new Promise((r) => busy.close(r));
      if (alsoBusy !== undefined) await new Promise((r) => alsoBusy.close(r));
    }
  }, 60_000);

  it('--help lists every option with its default and starts nothing', async () => {
    const help = start(['--help'], ROOT);
    expect(await help.exited).toBe(0);
    for (const flag of [
      '--edge-port',
      '--ssh-port',
      '--mcp-port',
      '--widgets-port',
      '--devhost-port',
      '--sandbox-port',
      '--data-dir',
      '--config',
      '--inline',
      '--no-template',
      '--no-devhost',
      '--log-level',
    ]) {
      expect(help.output()).toContain(flag);
    }
    expect(help.output()).not.toContain('Starting Gatehouse');
  });

  it('two services on one port, a bad port and --config with --edge-port are usage errors', async () => {
    const clash = start(['--data-dir', dir, '--mcp-port', '9911', '--devhost-port', '9911'], ROOT);
    expect(await clash.exited).toBe(1);
    expect(clash.output()).toMatch(
      /MCP server \(template\) and the dev host are both set to port 9911/,
    );
    const bad = start(['--edge-port', '70000'], ROOT);
    expect(await bad.exited).toBe(64);
    expect(bad.output()).toContain('--edge-port must be a port from 1 to 65535');
    const both = start(['--config', 'x.yaml', '--edge-port', '9000'], ROOT);
    expect(await both.exited).toBe(64);
    expect(both.output()).toContain('--edge-port cannot be combined with --config');
  });

  it('a stop signal during start-up stops everything once it is up, and exits 0', async () => {
    const { edge, ssh, args } = await serverOnly(join(dir, 'early'));
    const run = start(args, dir);
    // The first progress line: nothing is up yet. Before the fix, the signal met the default
    // action here and the process died by SIGTERM (no handler until "Ready").
    await run.waitFor(/Starting Gatehouse/);
    expect(await run.stop('SIGTERM'), run.output()).toBe(0);
    expect(run.output()).toContain('Stopping once start-up ends');
    expect(run.output()).not.toContain('Ready in');
    expect(run.output()).toContain('Stopped.');
    expect(await isFree(edge)).toBe(true);
    expect(await isFree(ssh)).toBe(true);
  });

  it('starts the server, prints the next steps once, keeps the data on a second start, stops on Ctrl-C', async () => {
    const { edge, ssh, args } = await serverOnly(join(dir, 'data'));
    const first = start(args, dir);
    await first.waitFor(/Ready in \d+\.\d s\./);
    const out = first.output();
    expect(out).toContain(`http://localhost:${String(edge)} · SSH port ${String(ssh)}`);
    expect(out).toMatch(new RegExp(`http://localhost:${String(edge)}/signin/link\\?token=[\\w-]+`));
    expect(out).toContain(`ssh -p ${String(ssh)} -R 0 localhost`);
    expect(out).toContain('Your data stays in ./data.');
    expect(await isFree(edge)).toBe(false);
    expect(await first.stop('SIGINT'), first.output()).toBe(0);
    expect(first.output()).toContain('Stopped.');
    expect(await isFree(edge)).toBe(true);
    expect(await isFree(ssh)).toBe(true);

    // Same data dir, an account now exists: no new admin link, the account page instead.
    const users = spawn(
      process.execPath,
      [
        join(ROOT, 'packages/cli/src/main.ts'),
        'users',
        'add',
        'ada@example.com',
        '--data-dir',
        'data',
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    expect(await new Promise((r) => users.once('close', r))).toBe(0);
    const second = start(args, dir);
    await second.waitFor(/Ready in/);
    expect(second.output()).not.toContain('/signin/link');
    expect(second.output()).toContain(
      `Sign in with your account at http://localhost:${String(edge)}/account`,
    );
    expect(await second.stop('SIGTERM'), second.output()).toBe(0);
  });
});
