import { createServer, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import {
  GatehouseError,
  type LiveTunnel,
  type TunnelStatus,
  type Upstream,
  type UpstreamTarget,
} from '@gatehouse/core';

export interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * The SSH user's local MCP server, reduced to a JSON-RPC echo on 127.0.0.1:0, and a tunnel
 * Upstream that reaches it over a socket (what the SSH server does over a channel). After
 * `disconnect()`, the upstream refuses as the tunnel does when nobody serves the route.
 */
export async function startLocalServer() {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const id = (JSON.parse(body || '{}') as { id?: unknown }).id ?? null;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id, result: { echoed: true } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const targets: UpstreamTarget[] = [];
  const state = { offline: false };
  const sockets = new Set<Socket>();
  const upstream: Upstream = {
    connect(target) {
      targets.push(target);
      if (state.offline)
        return Promise.reject(new GatehouseError('ERR_UPSTREAM_OFFLINE', 'no live tunnel'));
      return new Promise((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => resolve(socket));
        socket.once('error', reject);
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      });
    },
  };
  return {
    seen,
    targets,
    state,
    upstream,
    /** The SSH client went away: its channels close and new connects are refused. */
    async disconnect() {
      state.offline = true;
      const closed = [...sockets].map((s) => new Promise((r) => s.once('close', r)));
      for (const s of sockets) s.destroy();
      await Promise.all(closed);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What the SSH server would report: the tunnels the test says are live, and what was revoked. */
export function fakeTunnelStatus(): TunnelStatus & {
  live: LiveTunnel[];
  disconnected: string[];
} {
  const live: LiveTunnel[] = [];
  const disconnected: string[] = [];
  return {
    live,
    disconnected,
    list: (userId) => live.filter((t) => userId === undefined || t.userId === userId),
    isLive: (namespace, route) => live.some((t) => t.namespace === namespace && t.route === route),
    disconnectKey: (fingerprint) => {
      disconnected.push(fingerprint);
    },
    disconnectAccount: () => undefined,
    // As if the SSH endpoint listened on 2222 (the `ssh -R` command in messages uses it).
    sshPort: () => 2222,
  };
}
