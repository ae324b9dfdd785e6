import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { notFoundPage } from '../pages/index.ts';
import { createReloadingResolver, type ClientAddressResolver } from './client-address.ts';
import { logNoRoute } from './decision-log.ts';
import { setRequestMeta } from './request-meta.ts';
import { htmlOf, sendPage } from './respond.ts';
import { handleRouteEndpoint, isRouteEndpointPath } from './route-endpoints.ts';
import type { ResolvedRoute } from '../config/index.ts';
import type { EdgeDeps, McpPrepared, Prepared } from './types.ts';

type PrepareOutcome = Prepared | McpPrepared | 'auth' | undefined;

/**
 * The first part of every request: its id, the client behind trusted proxies, and the route its
 * Host names. Answers itself (and returns undefined) for an unknown host and for the paths every
 * route host serves; `'auth'` hands the request to the authenticate service. Synchronous for a
 * configured route's ordinary path (the hot path, issue 18); a promise when it had to wait (a
 * tunnel route's lookup, a route endpoint).
 */
export type PrepareRequest = (
  req: IncomingMessage,
  res: ServerResponse | null,
) => PrepareOutcome | Promise<PrepareOutcome>;

export function createPrepare(deps: EdgeDeps): PrepareRequest {
  const addresses = createReloadingResolver(() => deps.config().trustedProxies);
  const own = deps.tls ? 'https' : 'http';
  return (req, res) => {
    const config = deps.config();
    const requestId = randomUUID();
    const host = (req.headers.host ?? '').toLowerCase();
    const client = addresses().resolve(req.socket.remoteAddress ?? '', req.headers, own);
    setRequestMeta(req, { requestId, clientIp: client.ip, proto: client.proto, host });
    if (host === config.authHost) return 'auth';
    const facts: Facts = { req, res, requestId, host, client };
    const route = config.routesByHost.get(host);
    if (route !== undefined) return onRoute(facts, route);
    const tunnel = deps.tunnelRoutes?.resolve(host);
    if (tunnel === undefined) return onRoute(facts, undefined);
    return tunnel.then((found) => onRoute(facts, found));
  };

  function onRoute(
    f: Facts,
    route: ResolvedRoute | undefined,
  ): PrepareOutcome | Promise<PrepareOutcome> {
    const { req, res, requestId, host, client } = f;
    if (route === undefined) {
      deps.metrics.recordRequest('-', 404);
      logNoRoute(deps.logger, requestId);
      if (res !== null) sendPage(res, 404, htmlOf(notFoundPage({ host, requestId })));
      return undefined;
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const prepared: Prepared | McpPrepared = {
      kind: route.mcpResource === undefined ? 'route' : 'mcp',
      route,
      requestId,
      host,
      path,
      ip: client.ip,
      proto: client.proto,
      forwardedFor: client.forwardedFor,
    };
    if (res === null || !isRouteEndpointPath(path)) return prepared;
    return handleRouteEndpoint(deps, route, req, res, path, requestId).then((handled) =>
      handled ? undefined : prepared,
    );
  }
}

/** What `prepare` found out before the route. */
interface Facts {
  readonly req: IncomingMessage;
  readonly res: ServerResponse | null;
  readonly requestId: string;
  readonly host: string;
  readonly client: ReturnType<ClientAddressResolver['resolve']>;
}
