import type { Connection, ClientInfo } from 'ssh2';
import type {
  Clock,
  LiveTunnel,
  Logger,
  McpTrafficInspector,
  TunnelAccounts,
} from '@gatehouse/core';
import { ConnectionAuth } from '../auth/connection-auth.ts';
import { handleForwardRequest } from '../forwards/forward-requests.ts';
import type { RouteRegistry } from '../forwards/route-registry.ts';
import { routeKey } from '../forwards/route-registry.ts';
import { handleSession } from '../session/session-channel.ts';
import type { RenderTui } from '../session/session-channel.ts';
import type { RouteEndpoint } from '../upstream/open-stream.ts';
import { liveTunnels } from '../live-tunnels.ts';
import { batchSocketWrites } from './batched-writes.ts';
import { TunnelConnection } from './tunnel-connection.ts';
import { scavengeAfterReads } from './young-buffers.ts';

/** What the SSH server shares with every connection it accepts. */
export interface ServerConnections {
  readonly accounts: TunnelAccounts;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Where dynamic forwards connect on the user's machine. */
  readonly localAddress: string;
  /** A route's serving connections changed, or where one forwards to (cluster route claims). */
  readonly routeChanged: (routeKey: string) => void;
  readonly renderTui: RenderTui | undefined;
  readonly registry: RouteRegistry<RouteEndpoint>;
  readonly connections: Set<TunnelConnection>;
  /** `sessionEnded` calls still running (a binding being removed from the store). */
  readonly sessionsEnding: Set<Promise<void>>;
  /** Set by close(): called once the last connection's close handler has run. */
  whenNoConnections: (() => void) | undefined;
  readonly list: (userId?: string) => readonly LiveTunnel[];
  /** The gateway's MCP traffic inspector, for `ssh … inspect` and the [5] panel (issue 16). */
  readonly traffic: McpTrafficInspector | undefined;
}

/** A new SSH connection: tracked, authenticated, and cleaned up when it closes. */
export function acceptConnection(
  server: ServerConnections,
  client: Connection,
  info: ClientInfo,
): void {
  const { accounts, logger, clock } = server;
  const connection = new TunnelConnection({
    client,
    clientIp: info.ip,
    accounts,
    clock,
    localAddress: server.localAddress,
    // `--to` arrives just after the forward: other nodes learn the new Host now, not at the
    // next heartbeat (they sent the public Host to the local server until then).
    onLocalAddressChanged: () => {
      for (const t of liveTunnels([connection]))
        server.routeChanged(routeKey(t.route, t.namespace));
    },
  });
  server.connections.add(connection);
  // Nagle + delayed ACK costs ~40 ms per small exchange (tunnels.md §5.5). ssh2 has the
  // method; its types do not.
  (client as Connection & { setNoDelay(noDelay: boolean): unknown }).setNoDelay(true);
  batchSocketWrites(client);
  // A bulk transfer's read buffers die in scavenges, not in full GCs (docs/adr/0021).
  scavengeAfterReads(client);
  const auth = new ConnectionAuth(connection, { accounts, logger, clock });
  client.on('authentication', (ctx) => auth.handle(ctx));
  client.on('ready', () => onReady(server, client, connection));
  client.on('error', (error: Error) => {
    logger.debug({ err: error, connectionId: connection.id }, 'ssh connection error');
  });
  client.once('close', () => {
    auth.abandon();
    connectionClosed(server, connection);
  });
}

function onReady(
  server: ServerConnections,
  client: Connection,
  connection: TunnelConnection,
): void {
  const { accounts, logger, registry } = server;
  logger.info(
    {
      connectionId: connection.id,
      userId: connection.identity?.userId,
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
      renderTui: server.renderTui,
      tunnels: server.list,
      traffic: server.traffic,
    });
  });
  // direct-tcpip (ssh -L / -W) and other channel types: no listener, so ssh2 refuses them
  // ("administratively prohibited" / "unknown channel type" on the client).
}

/** Drops the connection's routes and, when no other connection uses its key, the binding. */
function connectionClosed(server: ServerConnections, connection: TunnelConnection): void {
  const { connections } = server;
  connections.delete(connection);
  connection.ended();
  for (const forward of connection.forwards.list()) {
    const namespace = connection.identity?.namespace ?? '';
    server.registry.removeWhere(
      routeKey(forward.route, namespace),
      (e) => e.connection === connection,
    );
  }
  const key = connection.key;
  // A session-only binding lives as long as some connection uses it.
  if (key !== undefined && ![...connections].some((c) => c.key?.fingerprint === key.fingerprint)) {
    // Kept until done: close() waits for it, so the store is not closed under it.
    const ending = server.accounts.sessionEnded(key).catch((error: unknown) => {
      server.logger.warn({ err: error }, 'tunnel sessionEnded failed');
    });
    server.sessionsEnding.add(ending);
    void ending.finally(() => server.sessionsEnding.delete(ending));
  }
  if (connections.size === 0) server.whenNoConnections?.();
}
