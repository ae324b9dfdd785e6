import { GatehouseError, TUNNEL_URL_SCHEME, type Upstream } from '@gatehouse/core';

/**
 * The gateway's one Upstream: `tunnel:` URLs go to the SSH tunnel (when one runs), everything
 * else to the static upstream. A tunnel URL never reaches the static dialer.
 */
export function createSchemeUpstream(base: Upstream, tunnel: Upstream | undefined): Upstream {
  return {
    connect(target, signal) {
      if (target.url.protocol !== TUNNEL_URL_SCHEME) return base.connect(target, signal);
      if (tunnel !== undefined) return tunnel.connect(target, signal);
      return Promise.reject(
        new GatehouseError(
          'ERR_UPSTREAM_OFFLINE',
          `route ${target.routeId}: no SSH tunnel server runs in this gateway`,
        ),
      );
    },
  };
}
