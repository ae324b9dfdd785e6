import { GatehouseError, TUNNEL_URL_SCHEME } from '@gatehouse/core';
import type { Logger, Upstream } from '@gatehouse/core';
import type { RouteRegistry } from '../forwards/route-registry.ts';
import { openStream } from './open-stream.ts';
import type { RouteEndpoint } from './open-stream.ts';

/**
 * The Upstream of routes whose url is `tunnel://<route>.<namespace>`: each connection is a
 * new SSH channel to one of the sessions serving that route. No session → ERR_UPSTREAM_OFFLINE
 * at once, so the gateway answers 503 instead of hanging.
 */
export function createTunnelUpstream(
  registry: RouteRegistry<RouteEndpoint>,
  logger: Logger,
): Upstream {
  return {
    async connect(target, signal) {
      const { routeId, url } = target;
      if (url.protocol !== TUNNEL_URL_SCHEME) {
        throw new GatehouseError(
          'ERR_UPSTREAM_FAILED',
          `route "${routeId}": ${url.protocol} is not a tunnel URL (want tunnel://<route>.<namespace>)`,
        );
      }
      const key = url.hostname.toLowerCase();
      const endpoint = registry.pick(key, (e) => e.forward.failure === null);
      if (endpoint === undefined) {
        throw new GatehouseError(
          'ERR_UPSTREAM_OFFLINE',
          `route "${routeId}": the tunnel ${key} is offline (no ssh client is serving it)`,
        );
      }
      const aborted = (): GatehouseError =>
        new GatehouseError('ERR_UPSTREAM_FAILED', `route "${routeId}": aborted`, {
          cause: signal?.reason,
        });
      if (signal?.aborted === true) throw aborted();
      if (endpoint.forward.failure !== null) {
        throw new GatehouseError(
          'ERR_UPSTREAM_FAILED',
          `route "${routeId}": ${endpoint.forward.failure}`,
        );
      }
      const stream = await openStream(endpoint, routeId, logger);
      if (isAborted(signal)) {
        stream.destroy();
        throw aborted();
      }
      return stream;
    },
  };
}

/** A function, so the check after an await is not narrowed away by the one before it. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
