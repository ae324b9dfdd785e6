import { silentLogger } from '@gatehouse/core';
import type { Logger, Upstream } from '@gatehouse/core';
import { forwardPooled, type PoolContext } from './forward-pool.ts';
import { forwardUpgrade, type UpgradeContext } from './forward-upgrade.ts';
import { createRoutePools } from './route-pools.ts';
import type { Proxy } from './target.ts';

export interface ProxyOptions {
  /** How routes are dialled: createStaticUpstream(), or the tunnel registry. */
  readonly upstream: Upstream;
  readonly logger?: Logger;
}

/**
 * The reverse-proxy engine the edge calls after routing, identity and policy. It speaks
 * HTTP/1.1 to upstreams and never buffers a body: every exchange goes over the route's undici
 * keep-alive pool (docs/adr/0014, 0015), whatever the route's scheme (http, https, a tunnel's
 * `tunnel:`), since the pool dials through the route's Upstream; an upgrade (WebSocket) gets a
 * connection of its own, which it keeps after the 101.
 */
export function createProxy(options: ProxyOptions): Proxy {
  const logger = options.logger ?? silentLogger;
  const pools = createRoutePools(options.upstream);
  const pooled: PoolContext = { pools, logger, streams: new Set() };
  const upgrades: UpgradeContext = { upstream: options.upstream, logger };
  return {
    forward: (req, res, target) => forwardPooled(pooled, req, res, target),
    upgrade: (req, socket, head, target) => forwardUpgrade(upgrades, req, socket, head, target),
    endStreams: () => {
      for (const end of [...pooled.streams]) end();
    },
    close: () => pools.close(),
  };
}
