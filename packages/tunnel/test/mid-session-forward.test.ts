import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  readBody,
  requestOver,
  startLocalServer,
  killAllSsh,
  sshArgs,
  spawnSshBare,
  spawnSshOnPty,
} from '@gatehouse/testing';
import { ALICE, eventually, startHarness, type Harness } from '@gatehouse/testing/tunnel';

// Issue 15 item 9: a forward added mid-session (`~C -R echo:0`, or `-R 0` after `~C -KR`) showed
// ACTIVE while every connection failed: OpenSSH matches forwarded-tcpip opens by bind address
// and port (channels.c, channel_connect_by_listen_address), and only command-line forwards learn
// the allocated port from the tcpip-forward reply; `~C` forwards keep port 0. The server now
// opens those with port 0 (and falls back to the allocated port for a ControlMaster forward).

const ECHO = { routeId: 'echo', url: new URL(`tunnel://echo.${ALICE.namespace}`) };
const MCP = { routeId: 'mcp', url: new URL(`tunnel://mcp.${ALICE.namespace}`) };

async function get(target: typeof ECHO, path: string): Promise<string> {
  const stream = await h.server.upstream.connect(target);
  return readBody(await requestOver(stream, path));
}

let h: Harness;
let local: Awaited<ReturnType<typeof startLocalServer>>;
beforeEach(async () => {
  local = await startLocalServer((req, res) => res.end(`local ${req.url}`));
  h = await startHarness({ defaultLocalAddress: `127.0.0.1:${local.port}` });
});
afterEach(async () => {
  await killAllSsh();
  await h.close();
  await local.close();
});

it('~C -R echo:0 mid-session serves the route', async () => {
  const key = h.key('alice');
  h.accounts.bind(key.fingerprint, ALICE);
  const ssh = spawnSshOnPty(h.port, key, [
    '-o',
    'EnableEscapeCommandline=yes',
    '-R',
    '0',
    '127.0.0.1',
  ]);
  await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'), 30_000);
  await ssh.waitFor(/ACTIVE/, 30_000);
  ssh.child.stdin?.write('\r~C');
  await ssh.waitFor(/ssh> /, 30_000);
  ssh.child.stdin?.write('-R echo:0\r');
  await eventually(() => h.server.isLive(ALICE.namespace, 'echo'), 30_000);
  expect(await get(ECHO, '/hello')).toBe('local /hello');
  expect(await get(ECHO, '/again')).toBe('local /again');
  expect(await get(MCP, '/mcp')).toBe('local /mcp');
  expect(ssh.output()).not.toContain('unknown listen_port');
  expect(ssh.output()).not.toContain('FAILED');
}, 60_000);

it('-R 0 again after ~C -KR serves the route again', async () => {
  const key = h.key('alice');
  h.accounts.bind(key.fingerprint, ALICE);
  const ssh = spawnSshOnPty(h.port, key, [
    '-o',
    'EnableEscapeCommandline=yes',
    '-R',
    '0',
    '127.0.0.1',
  ]);
  const [, allocated = ''] = await ssh.waitFor(/Allocated port (\d+) for remote forward/, 30_000);
  await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'), 30_000);
  ssh.child.stdin?.write('\r~C');
  await ssh.waitFor(/ssh> /, 30_000);
  ssh.child.stdin?.write(`-KR ${allocated}\r`);
  await eventually(() => !h.server.isLive(ALICE.namespace, 'mcp'), 30_000);
  ssh.child.stdin?.write('\r~C');
  await ssh.waitFor(/ssh> [\s\S]*ssh> /, 30_000);
  ssh.child.stdin?.write('-R 0\r');
  await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'), 30_000);
  expect(await get(MCP, '/back')).toBe('local /back');
}, 60_000);

it('a ControlMaster forward (which learns the allocated port) works too', async () => {
  const key = h.key('alice');
  h.accounts.bind(key.fingerprint, ALICE);
  const control = join(h.dir, 'ctl');
  spawnSshOnPty(h.port, key, [
    '-o',
    'ControlMaster=yes',
    '-o',
    `ControlPath=${control}`,
    '-R',
    '0',
    '127.0.0.1',
  ]);
  await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'), 30_000);
  const mux = spawnSshBare(
    [
      ...sshArgs(h.port, key, [
        '-o',
        `ControlPath=${control}`,
        '-O',
        'forward',
        '-R',
        'echo:0',
        '127.0.0.1',
      ]),
    ],
    { PATH: process.env.PATH ?? '', HOME: h.dir },
  );
  expect(await mux.exited).toBe(0);
  await eventually(() => h.server.isLive(ALICE.namespace, 'echo'), 30_000);
  expect(await get(ECHO, '/mux')).toBe('local /mux');
  expect(await get(ECHO, '/mux2')).toBe('local /mux2');
}, 60_000);
