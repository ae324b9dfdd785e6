import { systemClock } from '@gatehouse/core';
import ssh2 from 'ssh2';
import type {
  Clock,
  Logger,
  McpTrafficInspector,
  TunnelAccounts,
  TunnelStatus,
  Upstream,
} from '@gatehouse/core';
import { TUNNEL_CIPHERS } from './ciphers.ts';
import { acceptConnection } from './connection/accept-connection.ts';
import type { ServerConnections } from './connection/accept-connection.ts';
import { startReauthorization } from './connection/reauthorize.ts';
import type { TunnelConnection } from './connection/tunnel-connection.ts';
import { RouteRegistry, routeKey } from './forwards/route-registry.ts';
import { toSsh2HostKey } from './host-key-format.ts';
import { parseLocalAddress } from './local-address.ts';
import type { RenderTui } from './session/session-channel.ts';
import { poolSshPadding } from './connection/ssh-padding.ts';
import { closeSsh, listenSsh } from './ssh-listener.ts';
import type { RouteEndpoint } from './upstream/open-stream.ts';
import { createTunnelUpstream } from './upstream/tunnel-upstream.ts';
import { liveTunnels } from './live-tunnels.ts';

export interface TunnelServerOptions {
  readonly accounts: TunnelAccounts;
  /** PEM private keys (PKCS#8 ed25519 from loadOrCreateHostKey, or anything ssh2 reads). */
  readonly hostKeys: readonly (string | Buffer)[];
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Where dynamic forwards connect on the user's machine; default `localhost:8080`. */
  readonly defaultLocalAddress?: string;
  /** Renders the TUI for a session with a pty; omitted = plain text only. */
  readonly renderTui?: RenderTui;
  /** How often live connections' keys are checked again (default 60 s, as Pomerium). */
  readonly reauthorizeMs?: number;
  /** The gateway's MCP traffic inspector, for `ssh … inspect` (issue 16). */
  readonly traffic?: McpTrafficInspector;
  /**
   * Called after a route gains or loses a serving connection, or a connection serving it changes
   * its local address (cluster route claims).
   */
  readonly onRoutesChanged?: (routeKey: string) => void;
}

export interface TunnelServer extends TunnelStatus {
  /** Starts the SSH listener; resolves with the bound port. */
  listen(port: number, host: string): Promise<number>;
  /** Upstream for routes with url `tunnel://<route>.<namespace>` (TUNNEL_URL_SCHEME). */
  readonly upstream: Upstream;
  /**
   * Stops listening and ends every SSH connection, telling each why (`message`, by default
   * SERVER_STOPPING_MESSAGE) on its sessions' stderr and as the disconnect reason.
   */
  close(message?: string): Promise<void>;
}

/**
 * What every SSH user sees when the server stops: `npm start` restarts it on every change, and
 * the tunnel otherwise ended with an empty reason. The server cannot tell a restart from a stop.
 */
export const SERVER_STOPPING_MESSAGE =
  'gatehouse: the server is restarting or stopping, so this tunnel closed. Run the same ssh ' +
  'command again to reconnect (your URL stays the same); autossh or a shell loop reconnects ' +
  'by itself: see "Tunnel closed when the server restarts" in docs/troubleshooting.md.';

export function createTunnelServer(options: TunnelServerOptions): TunnelServer {
  const { accounts, logger } = options;
  const defaultLocal = parseLocalAddress(options.defaultLocalAddress ?? 'localhost:8080');
  if (!defaultLocal.ok) throw new Error(defaultLocal.message);
  // One RAND_bytes call per few hundred packets instead of one per packet (docs/adr/0015).
  poolSshPadding();
  const registry = new RouteRegistry<RouteEndpoint>(options.onRoutesChanged);
  const connections = new Set<TunnelConnection>();
  const state: ServerConnections = {
    accounts,
    logger,
    clock: options.clock ?? systemClock,
    localAddress: defaultLocal.address,
    routeChanged: (key) => options.onRoutesChanged?.(key),
    renderTui: options.renderTui,
    registry,
    connections,
    sessionsEnding: new Set(),
    whenNoConnections: undefined,
    list: (userId) => liveTunnels(connections, userId),
    traffic: options.traffic,
  };
  const server = new ssh2.Server(
    {
      hostKeys: options.hostKeys.map(toSsh2HostKey),
      algorithms: { cipher: [...TUNNEL_CIPHERS] },
    },
    (client, info) => acceptConnection(state, client, info),
  );
  server.on('error', (error: Error) => logger.error({ err: error }, 'ssh server error'));
  const reauthorization = startReauthorization({
    connections,
    accounts,
    everyMs: options.reauthorizeMs ?? 60_000,
    logger,
  });
  const closeWhere = (match: (c: TunnelConnection) => boolean, message: string): void => {
    for (const connection of connections) if (match(connection)) connection.close(message);
  };

  return {
    upstream: createTunnelUpstream(registry, logger),
    list: state.list,
    isLive: (namespace, route) => registry.has(routeKey(route, namespace)),
    disconnectKey: (fingerprint) =>
      closeWhere((c) => c.key?.fingerprint === fingerprint, 'gatehouse: this key was signed out.'),
    disconnectAccount: (userId, why = 'signed-out') =>
      closeWhere(
        (c) => c.identity?.userId === userId,
        why === 'disabled'
          ? 'gatehouse: your account was disabled.'
          : 'gatehouse: your account was signed out.',
      ),
    listen: (port, host) => listenSsh(server, port, host, logger),
    close: (message = SERVER_STOPPING_MESSAGE) => {
      reauthorization.stop();
      return closeSsh(server, state, message);
    },
  };
}
