import { setTimeout as sleep } from 'node:timers/promises';
import { spawnSsh as spawnSshCommand, type TestKey } from '@gatehouse/testing';
import type { BenchAccount } from '../gateway/account.ts';
import type { GatewayProcess } from '../gateway/gateway-process.ts';
import { rememberKey, signedInBrowser } from '../startup/remember-key.ts';
import { makeKey, spawnSsh, type SshProcess } from './ssh-client.ts';

// Tunnel routes of a running `gatehouse serve` (with `ssh: true`): the account's new key is
// remembered through the browser sign-in once, then ONE real ssh session serves every named
// route to a local server: `ssh -R <route>:0 … 127.0.0.1 -- --to 127.0.0.1:<port>` (dynamic
// forwards, as a user runs it: the local server then sees its own address in `Host`).

const COMMAND_TIMEOUT_MS = 30_000;

export interface McpTunnel {
  readonly namespace: string;
  readonly ssh: SshProcess;
  /** `Host` of a route: `<route>.<namespace>.localhost:<edge port>` (`base_domain: localhost`). */
  host(route: string): string;
  stop(): Promise<void>;
}

/** `ssh -p <port> 127.0.0.1 whoami` → the account's namespace. */
async function namespaceOf(sshPort: number, key: TestKey): Promise<string> {
  const ssh = spawnSshCommand(sshPort, key, ['-o', 'LogLevel=ERROR', '127.0.0.1', 'whoami']);
  const timer = setTimeout(() => ssh.child.kill('SIGTERM'), COMMAND_TIMEOUT_MS);
  const code = await ssh.exited;
  clearTimeout(timer);
  const found = /\(namespace ([a-z0-9-]+)\)/.exec(ssh.output())?.[1];
  if (code !== 0 || found === undefined) throw new Error(`ssh … whoami: ${ssh.output()}`);
  return found;
}

export async function startMcpTunnel(
  gateway: GatewayProcess,
  dir: string,
  account: BenchAccount,
  routes: readonly string[],
  localPort: number,
): Promise<McpTunnel> {
  const sshPort = gateway.sshPort;
  if (sshPort === undefined) throw new Error('the gateway runs without its SSH endpoint');
  const key = makeKey(dir, 'bench-tunnel-key');
  const browser = await signedInBrowser(`http://${gateway.host('auth')}`, account);
  await rememberKey(sshPort, '127.0.0.1', key, browser, () => Promise.resolve());
  const namespace = await namespaceOf(sshPort, key);
  const forwards = routes.flatMap((r) => ['-R', `${r}:0`]);
  const ssh = spawnSsh({
    port: sshPort,
    key,
    args: [...forwards, '127.0.0.1', '--', '--to', `127.0.0.1:${localPort}`],
    // The session's command keeps it open; stdin must stay open too.
    stdin: true,
  });
  return {
    namespace,
    ssh,
    host: (route) => `${route}.${namespace}.localhost:${gateway.port}`,
    stop: () => ssh.stop(),
  };
}

/** Retries `check` until it resolves (a forward is live once the route answers through it). */
export async function untilLive(
  ssh: SshProcess,
  check: () => Promise<void>,
  timeoutMs = COMMAND_TIMEOUT_MS,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (ssh.child.exitCode !== null) throw new Error(`ssh exited:\n${ssh.output()}`);
    try {
      await check();
      return;
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await sleep(50);
    }
  }
}
