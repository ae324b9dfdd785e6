import { silentLogger, TUNNEL_URL_SCHEME } from '@gatehouse/core';
import type { Logger, Upstream } from '@gatehouse/core';
import { forwardHttp } from './forward-http.ts';
import type { ProxyContext } from './forward-http.ts';
import { forwardPooled, type PoolContext } from './forward-pool.ts';
import { forwardUpgrade } from './forward-upgrade.ts';
import { createRouteAgents } from './route-agents.ts';
import { createRoutePools } from './route-pools.ts';
import type { Proxy } from './target.ts';

/**
 * Schemes undici's pools carry: http(s) and a tunnel's `tunnel:` (docs/adr/0014, 0015). Any
 * other scheme an Upstream may know keeps node:http's agent.
 */
const isPooled = (url: URL): boolean =>
  url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === TUNNEL_URL_SCHEME;

export interface ProxyOptions {
  /** How routes are dialled: createStaticUpstream(), or the tunnel registry. */
  readonly upstream: Upstream;
  readonly logger?: Logger;
}

/**
 * The reverse-proxy engine the edge calls after routing, identity and policy. It speaks
 * HTTP/1.1 to upstreams over keep-alive pools (one per route) and never buffers a body:
 * http(s) and tunnel routes through undici (docs/adr/0014, 0015), every upgrade through
 * node:http's agent.
 */
export function createProxy(options: ProxyOptions): Proxy {
  const context: ProxyContext = {
    agents: createRouteAgents(options.upstream),
    logger: options.logger ?? silentLogger,
    streams: new Set(),
  };
  const pools = createRoutePools(options.upstream);
  const pooled: PoolContext = { pools, logger: context.logger, streams: context.streams };
  return {
    forward: (req, res, target) =>
      isPooled(target.url)
        ? forwardPooled(pooled, req, res, target)
        : forwardHttp(context, req, res, target),
    upgrade: (req, socket, head, target) => forwardUpgrade(context, req, socket, head, target),
    endStreams: () => {
      for (const end of [...context.streams]) end();
    },
    close: () => {
      pools.close();
      context.agents.close();
    },
  };
}
