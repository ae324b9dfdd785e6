import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Clock, GatehouseError, Logger, SessionRecord } from '@gatehouse/core';
import type { Decision } from '@gatehouse/policy';
import type { GatewayConfig, ResolvedRoute } from '../config/index.ts';
import { SESSION_COOKIE } from '../auth/context.ts';
import { ASSERTION_HEADER, type AssertionSigner } from '../assertion/index.ts';
import { forbiddenPage, notFoundPage, upstreamErrorPage } from '../pages/index.ts';
import type { Metrics } from '../ops/metrics.ts';
import { ERR_REQUEST_TOO_LARGE, type Proxy, type ProxyTarget } from '../proxy/index.ts';
import { parseCookies } from '../session/cookies.ts';
import type { SessionManager } from '../session/sessions.ts';
import { createClientAddressResolver, type ClientAddressResolver } from './client-address.ts';
import { decide } from './decide.ts';
import { setRequestMeta } from './request-meta.ts';
import { htmlOf, sendJson, sendPage, wantsHtml } from './respond.ts';
import { handleRouteEndpoint, type RouteEndpointDeps } from './route-endpoints.ts';

export interface EdgeDeps extends RouteEndpointDeps {
  readonly config: () => GatewayConfig;
  readonly sessions: SessionManager;
  readonly proxy: Proxy;
  readonly signer: AssertionSigner;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Handles every request for the authenticate service host. */
  readonly authListener: (req: IncomingMessage, res: ServerResponse) => void;
  /** Whether the edge listener itself speaks TLS. */
  readonly tls: boolean;
}

export interface Edge {
  request(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

interface Prepared {
  readonly route: ResolvedRoute;
  readonly requestId: string;
  readonly host: string;
  readonly path: string;
  readonly ip: string;
  readonly proto: 'http' | 'https';
  readonly forwardedFor: string;
  readonly session: SessionRecord | undefined;
  readonly decision: Decision;
}

/**
 * The gateway's front door: Host → route → identity → PPL → proxy (ARCHITECTURE.md "Request
 * flow"). Every request gets a request id and exactly one decision log line.
 */
export function createEdge(deps: EdgeDeps): Edge {
  let resolverFor: readonly string[] | undefined;
  let resolver: ClientAddressResolver | undefined;
  const addresses = (): ClientAddressResolver => {
    const trusted = deps.config().trustedProxies;
    if (resolver === undefined || resolverFor !== trusted) {
      resolver = createClientAddressResolver(trusted);
      resolverFor = trusted;
    }
    return resolver;
  };

  function signInUrl(route: ResolvedRoute, req: IncomingMessage): string {
    const url = new URL('/signin', deps.config().authenticateServiceUrl);
    url.searchParams.set('return_to', new URL(req.url ?? '/', route.from).href);
    return url.href;
  }

  function log(
    p: Omit<Prepared, 'decision'> & { decision?: Decision },
    status: number,
    extra: Record<string, unknown> = {},
  ): void {
    deps.logger.info(
      {
        requestId: p.requestId,
        route: p.route.id,
        user: p.session === undefined ? null : (p.session.email ?? p.session.userId),
        outcome: p.decision?.outcome ?? 'allow',
        reasons: p.decision?.reasons ?? [],
        status,
        ...extra,
      },
      'decision',
    );
  }

  /** Resolves the route, client and identity; answers itself and returns undefined when done. */
  async function prepare(
    req: IncomingMessage,
    res: ServerResponse | null,
  ): Promise<Prepared | 'auth' | undefined> {
    const config = deps.config();
    const requestId = randomUUID();
    const host = (req.headers.host ?? '').toLowerCase();
    const own = deps.tls ? 'https' : 'http';
    const client = addresses().resolve(req.socket.remoteAddress ?? '', req.headers, own);
    setRequestMeta(req, { requestId, clientIp: client.ip, proto: client.proto, host });
    if (host === config.authHost) return 'auth';
    const route = config.routesByHost.get(host);
    if (route === undefined) {
      deps.metrics.recordRequest('-', 404);
      deps.logger.info(
        { requestId, route: null, user: null, outcome: 'no-route', reasons: [], status: 404 },
        'decision',
      );
      if (res !== null) sendPage(res, 404, htmlOf(notFoundPage({ host, requestId })));
      return undefined;
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (res !== null && (await handleRouteEndpoint(deps, route, req, res, path, requestId)))
      return undefined;
    const sid = deps.sessions.openRouteCookie(
      parseCookies(req.headers.cookie).get(SESSION_COOKIE),
      route.host,
    );
    const session = sid === undefined ? undefined : await deps.sessions.fromId(sid);
    const decision = decide(route, req, host, client.ip, session, new Date(deps.clock.now()));
    return {
      route,
      requestId,
      host,
      path,
      ip: client.ip,
      proto: client.proto,
      forwardedFor: client.forwardedFor,
      session,
      decision,
    };
  }

  async function target(p: Prepared, onError: ProxyTarget['onError']): Promise<ProxyTarget> {
    const setHeaders: Record<string, string> = {};
    if (p.route.passIdentityHeaders && p.session !== undefined) {
      setHeaders[ASSERTION_HEADER] = await deps.signer.sign({
        audience: p.route.from,
        sub: p.session.userId,
        email: p.session.email,
        name: p.session.name,
        groups: p.session.groups,
      });
    }
    return {
      routeId: p.route.id,
      url: new URL(p.route.to),
      preserveHost: p.route.preserveHostHeader,
      timeoutMs: p.route.timeoutMs,
      idleTimeoutMs: p.route.idleTimeoutMs,
      maxRequestBytes: p.route.maxRequestBytes,
      clientIp: p.ip,
      forwardedFor: p.forwardedFor,
      forwardedProto: p.proto,
      forwardedHost: p.host,
      requestId: p.requestId,
      setHeaders,
      onError,
      onResponse: (status, latencyMs) => {
        deps.metrics.observeUpstreamLatency(p.route.id, latencyMs / 1000);
        log(p, status);
      },
    };
  }

  function upstreamError(p: Prepared, error: GatehouseError, res: ServerResponse | null): void {
    const status =
      error.code === 'ERR_UPSTREAM_OFFLINE'
        ? 503
        : error.code === 'ERR_UPSTREAM_TIMEOUT'
          ? 504
          : error.code === ERR_REQUEST_TOO_LARGE
            ? 413
            : 502;
    log(p, status, { upstreamError: error.code });
    if (res === null) return;
    const html = htmlOf(
      upstreamErrorPage({
        status,
        requestId: p.requestId,
        routeId: p.route.id,
        upstream: p.route.to,
        code: error.code,
      }),
    );
    sendPage(res, status, html);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const p = await prepare(req, res);
    if (p === 'auth') {
      deps.authListener(req, res);
      return;
    }
    if (p === undefined) return;
    res.once('finish', () => deps.metrics.recordRequest(p.route.id, res.statusCode));
    const { decision } = p;
    if (decision.outcome === 'login') {
      log(p, wantsHtml(req.method, req.headers.accept) ? 302 : 401);
      if (wantsHtml(req.method, req.headers.accept)) {
        res.writeHead(302, { location: signInUrl(p.route, req), 'cache-control': 'no-store' });
        res.end();
      } else {
        sendJson(res, 401, {
          error: 'unauthenticated',
          message: 'Sign in first.',
          sign_in_url: signInUrl(p.route, req),
          request_id: p.requestId,
        });
      }
      return;
    }
    if (decision.outcome === 'deny') {
      log(p, 403);
      sendPage(
        res,
        403,
        htmlOf(
          forbiddenPage({
            requestId: p.requestId,
            email: p.session?.email ?? null,
            reasons: decision.reasons,
            accountUrl: `${deps.config().authenticateServiceUrl}/account`,
          }),
        ),
      );
      return;
    }
    deps.proxy.forward(req, res, await target(p, (error, r) => upstreamError(p, error, r)));
  }

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const p = await prepare(req, null);
    if (p === undefined || p === 'auth') {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    if (p.decision.outcome !== 'allow') {
      const status = p.decision.outcome === 'login' ? '401 Unauthorized' : '403 Forbidden';
      log(p, p.decision.outcome === 'login' ? 401 : 403);
      socket.end(
        `HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\nx-request-id: ${p.requestId}\r\n\r\n`,
      );
      return;
    }
    deps.proxy.upgrade(
      req,
      socket,
      head,
      await target(p, (error) => {
        upstreamError(p, error, null);
        socket.destroy();
      }),
    );
  }

  const fail = (requestId: string | undefined, error: unknown) =>
    deps.logger.error(
      { requestId, err: { message: error instanceof Error ? error.message : String(error) } },
      'edge failure',
    );

  return {
    request(req, res) {
      handle(req, res).catch((error: unknown) => {
        fail(undefined, error);
        if (!res.headersSent)
          sendJson(res, 500, {
            error: 'internal',
            message: 'The gateway failed to handle this request.',
          });
        else res.destroy();
      });
    },
    upgrade(req, socket, head) {
      handleUpgrade(req, socket, head).catch((error: unknown) => {
        fail(undefined, error);
        socket.destroy();
      });
    },
  };
}
