import type { Logger, McpTrafficInspector } from '@gatehouse/core';
import {
  newNodeId,
  startGateway,
  type ClusterNode,
  type GatewayConfig,
  type RunningGateway,
} from '@gatehouse/gateway';
import type { TunnelServer } from '@gatehouse/tunnel';
import { joinCluster } from './cluster-wiring.ts';
import { tunnelForwarders } from './tunnel-wiring.ts';

export interface GatehouseSystem {
  readonly gateway: RunningGateway;
  /** Undefined when `ssh.enabled` is false. */
  readonly tunnel: TunnelServer | undefined;
  readonly sshPort: number | undefined;
  /** Set when this process is a node of a cluster (`cluster` in config, or `--workers`). */
  readonly cluster: ClusterNode | undefined;
  close(): Promise<void>;
}

/**
 * The composition root of the Gatehouse server: the gateway (edge, auth, OAuth) and the SSH
 * tunnel, wired to each other through the ports in core. `gatehouse serve` and the end-to-end
 * tests start exactly this.
 */
export async function startSystem(options: {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly adminEmail?: string;
  readonly allowInsecureIdentityProviders?: boolean;
  /** Extra CA for client metadata documents (tests). */
  readonly cimdCa?: string;
  /** Redirect URIs of a client this process serves itself (`npm start`'s dev host). */
  readonly ownRedirectUris?: readonly string[];
  /** Where `ssh -R 0` forwards by default; `localhost:8080` unless given. */
  readonly tunnelLocalAddress?: string;
  /** A worker of `--workers`: a cluster node even without `cluster` in config, on its own port. */
  readonly worker?: boolean;
  /**
   * The MCP traffic inspector behind `/inspect` and the TUI's panel [5] (issue 16), until the
   * gateway's own capture is wired here (then: the gateway's).
   */
  readonly trafficInspector?: McpTrafficInspector;
  /** Internal, for the `mcp-inspect` benchmark only: a tunnel route name NOT captured. */
  readonly uncapturedTunnelRoute?: string;
}): Promise<GatehouseSystem> {
  const { config, logger } = options;
  const forwarders = tunnelForwarders();
  const nodeId = newNodeId();
  let cluster: ClusterNode | undefined;
  const gateway = await startGateway({
    config,
    logger,
    nodeId,
    tunnelUpstream: forwarders.upstream,
    tunnelStatus: forwarders.status,
    ...(options.adminEmail === undefined ? {} : { adminEmail: options.adminEmail }),
    ...(options.cimdCa === undefined ? {} : { cimdCa: options.cimdCa }),
    allowInsecureIdentityProviders: options.allowInsecureIdentityProviders === true,
    ...(options.ownRedirectUris === undefined ? {} : { ownRedirectUris: options.ownRedirectUris }),
    ...(options.trafficInspector === undefined
      ? {}
      : { trafficInspector: options.trafficInspector }),
    ...(options.uncapturedTunnelRoute === undefined
      ? {}
      : { uncapturedTunnelRoute: options.uncapturedTunnelRoute }),
  });
  let tunnel: TunnelServer | undefined;
  let sshPort: number | undefined;
  if (config.ssh.enabled) {
    try {
      // Loaded only when the SSH endpoint runs: ssh2 and its crypto tables are ~2–5 MB of
      // resident memory a gateway with `ssh: { enabled: false }` never uses (ADR 0019).
      const { createTunnelServer, loadOrCreateHostKey, loadRenderTui } =
        await import('@gatehouse/tunnel');
      tunnel = createTunnelServer({
        accounts: gateway.tunnelAccounts,
        hostKeys: [await loadOrCreateHostKey(config.dataDir, logger)],
        logger: logger.child({ component: 'ssh' }),
        renderTui: await loadRenderTui(),
        traffic: options.trafficInspector ?? gateway.traffic,
        onRoutesChanged: () => cluster?.routesChanged(),
        ...(options.tunnelLocalAddress === undefined
          ? {}
          : { defaultLocalAddress: options.tunnelLocalAddress }),
      });
      sshPort = await tunnel.listen(config.ssh.listen.port, config.ssh.listen.host);
    } catch (error) {
      await tunnel?.close();
      await gateway.close();
      throw error;
    }
  }
  try {
    cluster = await joinCluster({
      config,
      logger,
      nodeId,
      gateway,
      tunnel,
      worker: options.worker,
    });
  } catch (error) {
    await tunnel?.close();
    await gateway.close();
    throw error;
  }
  forwarders.attach(tunnel, sshPort, cluster);
  return {
    gateway,
    tunnel,
    sshPort,
    cluster,
    async close() {
      // Leave the cluster first: other nodes stop sending requests here before the tunnels go.
      await cluster?.close();
      await tunnel?.close();
      await gateway.close();
    },
  };
}
