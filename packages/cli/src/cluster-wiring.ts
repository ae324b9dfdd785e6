import { GatehouseError, systemClock, type Logger } from '@gatehouse/core';
import {
  loadOrCreateClusterSecret,
  startClusterNode,
  type ClusterNode,
  type GatewayConfig,
  type RunningGateway,
} from '@gatehouse/gateway';
import type { TunnelServer } from '@gatehouse/tunnel';

/**
 * Makes this process a node of a cluster when the config has `cluster` or it is a `--workers`
 * worker (which then takes the defaults: an internal listener on 127.0.0.1, its own port).
 * Undefined for a single process, which keeps its tunnels to itself as before.
 */
export async function joinCluster(o: {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly nodeId: string;
  readonly gateway: RunningGateway;
  readonly tunnel: TunnelServer | undefined;
  readonly worker: boolean | undefined;
}): Promise<ClusterNode | undefined> {
  const settings = o.config.cluster;
  if (settings === undefined && o.worker !== true) return undefined;
  const listen = settings?.internalListen ?? { host: '127.0.0.1', port: 0 };
  const secret = await loadOrCreateClusterSecret({
    dataDir: o.config.dataDir,
    secretFile: settings?.secretFile,
    logger: o.logger,
  });
  return startClusterNode({
    id: o.nodeId,
    store: o.gateway.store,
    settings: {
      host: listen.host,
      port: listen.port,
      advertiseUrl: settings?.advertiseUrl,
      exclusive: o.worker === true,
    },
    secret,
    tunnels: o.tunnel ?? noTunnels,
    clock: systemClock,
    logger: o.logger,
  });
}

/** An edge-only node (`ssh.enabled: false`) holds no tunnels but forwards to the nodes that do. */
const noTunnels = {
  upstream: {
    connect: () =>
      Promise.reject(new GatehouseError('ERR_UPSTREAM_OFFLINE', 'no SSH endpoint on this node')),
  },
  list: () => [],
  disconnectKey: () => undefined,
  disconnectAccount: () => undefined,
};
