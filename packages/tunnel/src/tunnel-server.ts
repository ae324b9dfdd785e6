import type { AddressInfo } from 'node:net';
import { GatehouseError, systemClock } from '@gatehouse/core';
import ssh2 from 'ssh2';
import type { Connection } from 'ssh2';
import type {
  Clock,
  LiveTunnel,
  Logger,
  McpTrafficInspector,
  TunnelAccounts,
  TunnelStatus,
  Upstream,
} from '@gatehouse/core';
import { ConnectionAuth } from './auth/connection-auth.ts';
import { TUNNEL_CIPHERS } from './ciphers.ts';
import { startReauthorization } from './connection/reauthorize.ts';
import { TunnelConnection } from './connection/tunnel-connection.ts';
import { handleForwardRequest } from './forwards/forward-requests.ts';
import { RouteRegistry, routeKey } from './forwards/route-registry.ts';
import { toSsh2HostKey } from './host-key-format.ts';
import { parseLocalAddress } from './local-address.ts';
import { handleSession } from './session/session-channel.ts';
import type { RenderTui } from './session/session-channel.ts';
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
  /** The gateway's MCP traffic inspector (issue 16): the TUI's panel [5] MCP Calls. */
  readonly traffic?: McpTrafficInspector;
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
  const clock = options.clock ?? systemClock;
  const defaultLocal = parseLocalAddress(options.defaultLocalAddress ?? 'localhost:8080');
  if (!defaultLocal.ok) throw new Error(defaultLocal.message);
  const registry = new RouteRegistry<RouteEndpoint>();
  const connections = new Set<TunnelConnection>();
  /** `sessionEnded` calls still running (a binding being removed from the store). */
  const sessionsEnding = new Set<Promise<void>>();
  /** Set by close(): called once the last connection's close handler has run. */
  let whenNoConnections: (() => void) | undefined;
  const list = (accountId?: string): readonly LiveTunnel[] => liveTunnels(connections, accountId);

  const server = new ssh2.Server(
    {
      hostKeys: options.hostKeys.map(toSsh2HostKey),
      algorithms: { cipher: [...TUNNEL_CIPHERS] },
    },
    (client, info) => {
      const connection = new TunnelConnection({
        client,
        clientIp: info.ip,
        accounts,
        clock,
        localAddress: defaultLocal.address,
      });
      connections.add(connection);
      // Nagle + delayed ACK costs ~40 ms per small exchange (tunnels.md §5.5). ssh2 has the
      // method; its types do not.
      (client as Connection & { setNoDelay(noDelay: boolean): unknown }).setNoDelay(true);
      const auth = new ConnectionAuth(connection, {
        accounts,
        logger,
        clock,
      });
      client.on('authentication', (ctx) => auth.handle(ctx));
      client.on('ready', () => onReady(client, connection));
      client.on('error', (error: Error) => {
        logger.debug({ err: error, connectionId: connection.id }, 'ssh connection error');
      });
      client.once('close', () => {
        auth.abandon();
        connections.delete(connection);
        connection.ended();
        for (const forward of connection.forwards.list()) {
          const namespace = connection.identity?.namespace ?? '';
          registry.removeWhere(
            routeKey(forward.route, namespace),
            (e) => e.connection === connection,
          );
        }
        const key = connection.key;
        // A session-only binding lives as long as some connection uses it.
        if (
          key !== undefined &&
          ![...connections].some((c) => c.key?.fingerprint === key.fingerprint)
        ) {
          // Kept until done: close() waits for it, so the store is not closed under it.
          const ending = accounts.sessionEnded(key).catch((error: unknown) => {
            logger.warn({ err: error }, 'tunnel sessionEnded failed');
          });
          sessionsEnding.add(ending);
          void ending.finally(() => sessionsEnding.delete(ending));
        }
        if (connections.size === 0) whenNoConnections?.();
      });
    },
  );
  server.on('error', (error: Error) => logger.error({ err: error }, 'ssh server error'));

  function onReady(client: Connection, connection: TunnelConnection): void {
    logger.info(
      {
        connectionId: connection.id,
        accountId: connection.identity?.accountId,
        clientIp: connection.clientIp,
      },
      'tunnel ssh session signed in',
    );
    client.on('request', (accept, reject, name, info) =>
      handleForwardRequest(connection, { registry, logger }, name, info, accept, reject),
    );
    client.on('session', (accept) => {
      connection.sessionRequested();
      handleSession(accept(), connection, {
        accounts,
        logger,
        renderTui: options.renderTui,
        tunnels: list,
        traffic: options.traffic,
      });
    });
    // direct-tcpip (ssh -L / -W) and other channel types: no listener, so ssh2 refuses them
    // ("administratively prohibited" / "unknown channel type" on the client).
  }

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
    list,
    isLive: (namespace, route) => registry.has(routeKey(route, namespace)),
    disconnectKey: (fingerprint) =>
      closeWhere((c) => c.key?.fingerprint === fingerprint, 'gatehouse: this key was signed out.'),
    disconnectAccount: (accountId) =>
      closeWhere(
        (c) => c.identity?.accountId === accountId,
        'gatehouse: your account was signed out.',
      ),
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        const failed = (error: NodeJS.ErrnoException) =>
          reject(
            new GatehouseError(
              'ERR_TUNNEL_LISTEN',
              error.code === 'EADDRINUSE'
                ? `SSH port ${String(port)} on ${host} is already in use: stop the other program or change ssh.listen in the config`
                : `cannot listen for SSH on ${host}:${String(port)}: ${error.message}`,
              { cause: error },
            ),
          );
        server.once('error', failed);
        server.listen(port, host, () => {
          server.off('error', failed);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    close: (message = SERVER_STOPPING_MESSAGE) =>
      new Promise((resolve) => {
        reauthorization.stop();
        for (const connection of connections) connection.close(message);
        // ssh2's Server has no `listening` flag: ask whether it has an address instead.
        if (server.address() === null) {
          resolve();
          return;
        }
        // Stop accepting, let every connection end, then wait for their bindings to be removed:
        // the caller closes the store next. (The server's close callback can run before the
        // last connection's own close handler, so wait for that too.)
        const noConnections = new Promise<void>((done) => {
          if (connections.size === 0) done();
          else whenNoConnections = done;
        });
        server.close(
          () =>
            void noConnections.then(() => Promise.all([...sessionsEnding])).then(() => resolve()),
        );
      }),
  };
}
