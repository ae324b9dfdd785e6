import { GatehouseError, type LiveTunnel, type TunnelStatus, type Upstream } from '@gatehouse/core';
import type { TunnelServer } from '@gatehouse/tunnel';

/**
 * The gateway needs the tunnel's Upstream and status when it starts, and the tunnel needs the
 * gateway's accounts, which exist only once the gateway runs. These forwarders break the cycle:
 * until `attach`, tunnel routes are offline (503), never hanging.
 */
export function tunnelForwarders(): {
  upstream: Upstream;
  status: TunnelStatus;
  attach(server: TunnelServer, sshPort: number): void;
} {
  let server: TunnelServer | undefined;
  let port: number | undefined;
  const offline = () =>
    new GatehouseError('ERR_UPSTREAM_OFFLINE', 'the SSH tunnel endpoint is not running');
  return {
    upstream: {
      connect: (target, signal) =>
        server === undefined ? Promise.reject(offline()) : server.upstream.connect(target, signal),
    },
    status: {
      list: (userId?: string): readonly LiveTunnel[] => server?.list(userId) ?? [],
      isLive: (namespace, route) => server?.isLive(namespace, route) ?? false,
      disconnectKey: (fingerprint) => server?.disconnectKey(fingerprint),
      disconnectAccount: (userId) => server?.disconnectAccount(userId),
      sshPort: () => port,
    },
    attach(next, sshPort) {
      server = next;
      port = sshPort;
    },
  };
}
