import { GatehouseError, type LiveTunnel, type TunnelStatus, type Upstream } from '@gatehouse/core';
import type { ClusterNode } from '@gatehouse/gateway';
import type { TunnelServer } from '@gatehouse/tunnel';

/**
 * The gateway needs the tunnel's Upstream and status when it starts, and the tunnel needs the
 * gateway's accounts, which exist only once the gateway runs. These forwarders break the cycle:
 * until `attach`, tunnel routes are offline (503), never hanging. With a cluster node, tunnel
 * requests go through it (to this node's SSH server or another node's), and a revoked key or
 * account is disconnected on every node.
 */
export function tunnelForwarders(): {
  upstream: Upstream;
  status: TunnelStatus;
  attach(
    server: TunnelServer | undefined,
    sshPort: number | undefined,
    cluster?: ClusterNode,
  ): void;
} {
  let server: TunnelServer | undefined;
  let cluster: ClusterNode | undefined;
  let port: number | undefined;
  const offline = () =>
    new GatehouseError('ERR_UPSTREAM_OFFLINE', 'the SSH tunnel endpoint is not running');
  const broadcast = (what: { fingerprint: string } | { accountId: string }): void => {
    void cluster?.broadcastDisconnect(what);
  };
  return {
    upstream: {
      connect: (target, signal) => {
        const via = cluster?.upstream ?? server?.upstream;
        return via === undefined ? Promise.reject(offline()) : via.connect(target, signal);
      },
    },
    status: {
      list: (userId?: string): readonly LiveTunnel[] => server?.list(userId) ?? [],
      isLive: (namespace, route) =>
        (server?.isLive(namespace, route) ?? false) ||
        (cluster?.isLive(`${route}.${namespace}`) ?? false),
      localAddressOf: (namespace, route) => cluster?.localAddressOf(`${route}.${namespace}`),
      disconnectKey: (fingerprint) => {
        server?.disconnectKey(fingerprint);
        broadcast({ fingerprint });
      },
      disconnectKeyHere: (fingerprint) => server?.disconnectKey(fingerprint),
      disconnectAccount: (userId, why) => {
        server?.disconnectAccount(userId, why);
        broadcast({ accountId: userId });
      },
      disconnectAccountHere: (userId, why) => server?.disconnectAccount(userId, why),
      sshPort: () => port,
    },
    attach(next, sshPort, node) {
      server = next;
      port = sshPort;
      cluster = node;
    },
  };
}
