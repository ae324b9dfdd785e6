import type { LiveTunnel } from '@gatehouse/core';
import type { TunnelConnection } from './connection/tunnel-connection.ts';
import { STATIC_LOCAL_ADDRESS } from './forwards/forward.ts';

/** One LiveTunnel per (connection, forwarded route), optionally for one account only. */
export function liveTunnels(
  connections: Iterable<TunnelConnection>,
  userId?: string,
): readonly LiveTunnel[] {
  const out: LiveTunnel[] = [];
  for (const connection of connections) {
    const { identity, key } = connection;
    if (identity === undefined || key === undefined || connection.closed) continue;
    if (userId !== undefined && identity.userId !== userId) continue;
    for (const forward of connection.forwards.list()) {
      out.push({
        userId: identity.userId,
        namespace: identity.namespace,
        route: forward.route,
        connectionId: connection.id,
        fingerprint: key.fingerprint,
        clientIp: connection.clientIp,
        since: connection.since,
        localAddress: forward.mode === 'dynamic' ? connection.localAddress : STATIC_LOCAL_ADDRESS,
      });
    }
  }
  return out;
}
