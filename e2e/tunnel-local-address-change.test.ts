import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client as BrowserLike } from '../packages/gateway/test/support/gateway-harness.ts';
import { accessTokenFor } from '../packages/gateway/test/tunnel-accounts/support/oauth.ts';
import { startLocalServer } from '../packages/tunnel/test/support/local-http.ts';
import { sshArgs } from '../packages/tunnel/test/support/ssh-client.ts';
import { eventually } from '../packages/tunnel/test/support/tunnel-harness.ts';
import { startTunnelSystem, type TunnelSystem } from './support/tunnel-system.ts';

// Issue 15 item 8: `e` in the TUI changed the local address, but the gateway's keep-alive pool
// kept its channels, each already connected to the old port, so requests went on reaching the
// old server until the pool let them go. The next request must reach the new address.

const ADA = 'ada@example.com';
const socket = `gatehouse-e2e-addr-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const tmux = (...args: string[]): string =>
  execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', 'ssh');

let t: TunnelSystem;
let ada: BrowserLike;
let oldServer: Awaited<ReturnType<typeof startLocalServer>>;
let newServer: Awaited<ReturnType<typeof startLocalServer>>;

beforeAll(async () => {
  oldServer = await startLocalServer((_req, res) => res.end('old'));
  newServer = await startLocalServer((_req, res) => res.end('new'));
  t = await startTunnelSystem();
  ada = await t.signedInBrowser(ADA);
}, 120_000);
afterAll(async () => {
  try {
    const socketPath = tmux('display-message', '-p', '#{socket_path}').trim();
    tmux('kill-server');
    rmSync(socketPath, { force: true });
  } catch {
    // no tmux server was started, or it is gone already
  }
  await t.killSsh();
  await t.close();
  await oldServer.close();
  await newServer.close();
});

it('after e changes the local address, the very next request reaches the new address', async () => {
  const key = t.key('ada');
  await t.signIn(key, ada, ['-N', '-R', '0', '127.0.0.1'], { remember: true });
  await t.waitLive(ADA, 'mcp', 30_000);
  await t.killSsh();
  const remote = await t.remoteUrl(ADA);
  const bearer = {
    authorization: `Bearer ${await accessTokenFor(ada, t.authUrl, `${remote}/mcp`)}`,
  };
  const oldAddress = `127.0.0.1:${oldServer.port}`;
  const newAddress = `127.0.0.1:${newServer.port}`;
  const args = ['-tt', '-R', '0', '127.0.0.1', '--', '--to', oldAddress];
  const command = ['/usr/bin/ssh', ...sshArgs(t.sshPort, key, args)]
    .map((word) => `'${word}'`)
    .join(' ');
  tmux('new-session', '-d', '-x', '120', '-y', '35', '-s', 'ssh', `${command}; sleep 60`);
  await t.waitLive(ADA, 'mcp', 30_000, oldAddress);
  await eventually(() => screen().includes('ACTIVE'), 30_000);

  // Two requests in a row: the second reuses the gateway's pooled channel to the old server.
  for (let i = 0; i < 2; i += 1) {
    expect((await ada.request(`${remote}/`, { headers: bearer })).body).toBe('old');
  }

  tmux('send-keys', '-t', 'ssh', 'e');
  await eventually(() => screen().includes('Local address'), 30_000);
  tmux('send-keys', '-t', 'ssh', '-l', newAddress);
  tmux('send-keys', '-t', 'ssh', 'Enter');
  await t.waitLive(ADA, 'mcp', 30_000, newAddress);

  expect((await ada.request(`${remote}/`, { headers: bearer })).body).toBe('new');
  expect((await ada.request(`${remote}/`, { headers: bearer })).body).toBe('new');
}, 120_000);
