import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { notFoundPage } from '../pages/index.ts';
import { createReloadingResolver } from './client-address.ts';
import { logNoRoute } from './decision-log.ts';
import { setRequestMeta } from './request-meta.ts';
import { htmlOf, sendPage } from './respond.ts';
import { handleRouteEndpoint, isRouteEndpointPath } from './route-endpoints.ts';
import type { EdgeDeps, McpPrepared, Prepared } from './types.ts';

/**
 * The first part of every request: its id, the client behind trusted proxies, and the route its
 * Host names. Answers itself (and returns undefined) for an unknown host and for the paths every
 * route host serves; `'auth'` hands the request to the authenticate service.
 */
export type PrepareRequest = (
  req: IncomingMessage,
  res: ServerResponse | null,
) => Promise<Prepared | McpPrepared | 'auth' | undefined>;

export function createPrepare(deps: EdgeDeps): PrepareRequest {
  const addresses = createReloadingResolver(() => deps.config().trustedProxies);
  const own = deps.tls ? 'https' : 'http';
  return async (req, res) => {
    const config = deps.config();
    const requestId = randomUUID();
    const host = (req.headers.host ?? '').toLowerCase();
    const client = addresses().resolve(req.socket.remoteAddress ?? '', req.headers, own);
    setRequestMeta(req, { requestId, clientIp: client.ip, proto: client.proto, host });
    if (host === config.authHost) return 'auth';
    const route = config.routesByHost.get(host) ?? (await deps.tunnelRoutes?.resolve(host));
    if (route === undefined) {
      deps.metrics.recordRequest('-', 404);
      logNoRoute(deps.logger, requestId);
      if (res !== null) sendPage(res, 404, htmlOf(notFoundPage({ host, requestId })));
      return undefined;
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (
      res !== null &&
      isRouteEndpointPath(path) &&
      (await handleRouteEndpoint(deps, route, req, res, path, requestId))
    )
      return undefined;
    return {
      kind: route.mcpResource === undefined ? 'route' : 'mcp',
      route,
      requestId,
      host,
      path,
      ip: client.ip,
      proto: client.proto,
      forwardedFor: client.forwardedFor,
    };
  };
}
