import { createServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { silentLogger, TUNNEL_URL_SCHEME } from '@gatehouse/core';
import {
  createTunnelServer,
  loadOrCreateHostKey,
  loadRenderTui,
  sshCrypto,
} from '@gatehouse/tunnel';
import { BENCH_IDENTITY, BenchTunnelAccounts } from './bench-accounts.ts';
import { tunnelFront } from './http-front.ts';
import { relayFront } from './relay-front.ts';

// The Gatehouse side of the tunnel benchmarks, as its own process (so its RSS is its alone):
// the real tunnel server (`createTunnelServer`) on 127.0.0.1:0 with the bench's keys bound up
// front, an HTTP front that reaches the default route `mcp` through it, a byte relay onto the
// same route (a channel per TCP connection, as sshd's -R), and a control port
// that reports the live tunnels. Env: TUNNEL_DIR (host key), TUNNEL_FINGERPRINTS (comma-
// separated), TUNNEL_LOCAL (the SOCKS target of `ssh -R 0`), TUNNEL_TUI (`1`: the ink TUI for
// sessions with a pty). Prints `{"msg":"Tunnel host started","ssh":…,"http":…,"relay":…,
// "control":…,"nativeCrypto":…}`; nativeCrypto is ssh2's own answer (`sshCrypto()`), the
// implementation this process's SSH packets actually go through.

const ROUTE = 'mcp';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', 4096, () => resolve((server.address() as AddressInfo).port));
  });
}

const tui = process.env['TUNNEL_TUI'] === '1';
const tunnel = createTunnelServer({
  accounts: new BenchTunnelAccounts(env('TUNNEL_FINGERPRINTS').split(',')),
  hostKeys: [await loadOrCreateHostKey(env('TUNNEL_DIR'), silentLogger)],
  logger: silentLogger,
  defaultLocalAddress: env('TUNNEL_LOCAL'),
  ...(tui && { renderTui: await loadRenderTui() }),
});
const sshPort = await tunnel.listen(0, '127.0.0.1');

const url = new URL(`${TUNNEL_URL_SCHEME}//${ROUTE}.${BENCH_IDENTITY.namespace}`);
const front = createServer(tunnelFront(tunnel.upstream, `bench-${ROUTE}`, url));
front.keepAliveTimeout = 65_000;
const relay = relayFront(tunnel.upstream, `bench-${ROUTE}`, url);
const control = createServer((_req, res) => {
  const body = JSON.stringify({
    tunnels: tunnel.list().length,
    live: tunnel.isLive(BENCH_IDENTITY.namespace, ROUTE),
  });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
});
const [httpPort, relayPort, controlPort] = await Promise.all([
  listen(front),
  listen(relay),
  listen(control),
]);
process.stdout.write(
  `${JSON.stringify({
    msg: 'Tunnel host started',
    ssh: sshPort,
    http: httpPort,
    relay: relayPort,
    control: controlPort,
    nativeCrypto: sshCrypto() === 'native',
  })}\n`,
);

const stop = (): void => {
  front.closeAllConnections();
  control.closeAllConnections();
  void Promise.all([
    tunnel.close(),
    new Promise((resolve) => front.close(resolve)),
    new Promise((resolve) => relay.close(resolve)),
    new Promise((resolve) => control.close(resolve)),
  ]).then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
