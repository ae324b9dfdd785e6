import { silentLogger } from '@gatehouse/core';
import type { Logger, Upstream } from '@gatehouse/core';
import { forwardHttp } from './forward-http.ts';
import type { ProxyContext } from './forward-http.ts';
import { forwardUpgrade } from './forward-upgrade.ts';
import { createRouteAgents } from './route-agents.ts';
import type { Proxy } from './target.ts';

export interface ProxyOptions {
  /** How routes are dialled: createStaticUpstream(), or the tunnel registry. */
  readonly upstream: Upstream;
  readonly logger?: Logger;
}

/**
 * The reverse-proxy engine the edge calls after routing, identity and policy. It speaks
 * HTTP/1.1 to upstreams over keep-alive pools (one per route) and never buffers a body.
 */
export function createProxy(options: ProxyOptions): Proxy {
  const context: ProxyContext = {
    agents: createRouteAgents(options.upstream),
    logger: options.logger ?? silentLogger,
    streams: new Set(),
  };
  return {
    forward: (req, res, target) => forwardHttp(context, req, res, target),
    upgrade: (req, socket, head, target) => forwardUpgrade(context, req, socket, head, target),
    endStreams: () => {
      for (const end of [...context.streams]) end();
    },
    close: () => context.agents.close(),
  };
}
