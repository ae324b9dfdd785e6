import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LOCALHOST_RESOLVER, ROOT } from './quickstart.ts';

/** mcp-remote's stdio bridge (the devDependency), the program Claude Desktop users run. */
const PROXY = path.join(ROOT, 'node_modules', 'mcp-remote', 'dist', 'proxy.js');

export interface McpRemote {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything it wrote to stderr (its log). */
  log(): string;
  /** The URLs it asked the operating system to open in a browser, in order. */
  opened(): Promise<string[]>;
  /** Resolves once its log matches `pattern`; fails with the log after `timeoutMs`. */
  waitForLog(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** Sends one JSON-RPC request on its stdin and resolves with the response of the same id. */
  request(method: string, params?: Record<string, unknown>): Promise<JsonRpcResponse>;
  notify(method: string, params?: Record<string, unknown>): void;
  stop(): Promise<void>;
}

export interface JsonRpcResponse {
  readonly id: number;
  readonly result?: Record<string, unknown>;
  readonly error?: { code: number; message: string };
}

/**
 * Spawns `mcp-remote <url> <callbackPort> <flags>` with its state in `dir`. Its browser step
 * goes through `$BROWSER` (xdg-open's generic path, used without a desktop session): a script
 * that records the URL instead of opening one, so the test drives Chromium itself.
 */
export async function spawnMcpRemote(options: {
  url: string;
  callbackPort: number;
  flags: readonly string[];
  dir: string;
}): Promise<McpRemote> {
  const openedFile = path.join(options.dir, 'opened-urls');
  const browser = path.join(options.dir, 'record-browser.sh');
  await writeFile(browser, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${openedFile}'\n`);
  await chmod(browser, 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: options.dir,
    MCP_REMOTE_CONFIG_DIR: path.join(options.dir, 'mcp-auth'),
    BROWSER: browser,
    // Node resolves only `localhost` itself; the tunnel's *.localhost name needs this preload
    // here, an /etc/hosts line on a user's machine (docs/troubleshooting.md).
    NODE_OPTIONS: `--import ${LOCALHOST_RESOLVER}`,
  };
  for (const name of ['DISPLAY', 'WAYLAND_DISPLAY', 'XDG_CURRENT_DESKTOP', 'DESKTOP_SESSION'])
    delete env[name];
  const child = spawn(
    process.execPath,
    [PROXY, options.url, String(options.callbackPort), ...options.flags],
    { cwd: options.dir, env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let log = '';
  let out = '';
  const waiting = new Map<number, (response: JsonRpcResponse) => void>();
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    let newline = out.indexOf('\n');
    while (newline !== -1) {
      const line = out.slice(0, newline).trim();
      out = out.slice(newline + 1);
      newline = out.indexOf('\n');
      if (line === '') continue;
      const message = JSON.parse(line) as Partial<JsonRpcResponse>;
      if (typeof message.id === 'number') waiting.get(message.id)?.(message as JsonRpcResponse);
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let nextId = 1;
  const send = (message: Record<string, unknown>) =>
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  return {
    child,
    log: () => log,
    async opened() {
      const text = await readFile(openedFile, 'utf8').catch(() => '');
      return text.split('\n').filter((line) => line !== '');
    },
    async waitForLog(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(log);
        if (match !== null) return match;
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`mcp-remote never logged ${String(pattern)}; its log:\n${log}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    request(method, params) {
      const id = nextId++;
      const answered = new Promise<JsonRpcResponse>((resolve) => waiting.set(id, resolve));
      send({ id, method, ...(params === undefined ? {} : { params }) });
      return answered;
    },
    notify(method, params) {
      send({ method, ...(params === undefined ? {} : { params }) });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
