import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GatehouseError, SessionRecord } from '@gatehouse/core';
import type { Decision } from '@gatehouse/policy';
import type { ResolvedRoute } from '../config/index.ts';
import { SESSION_COOKIE } from '../authenticate/context.ts';
import { ASSERTION_HEADER } from '../assertion/index.ts';
import { forbiddenPage, notFoundPage, upstreamErrorPage } from '../pages/index.ts';
import type { ProxyTarget } from '../proxy/index.ts';
import { parseCookies } from '../session/cookies.ts';
import { createClientAddressResolver, type ClientAddressResolver } from './client-address.ts';
import { decide } from './decide.ts';
import { setRequestMeta } from './request-meta.ts';
import { htmlOf, sendJson, sendPage, wantsHtml } from './respond.ts';
import { handleRouteEndpoint } from './route-endpoints.ts';
import { handleMcpRoute } from './mcp-route.ts';
import { mcpCorsHeaders } from '../mcp/resource/index.ts';
import { SERVER_ERROR } from '../mcp/inspect/index.ts';
import type { Edge, EdgeDeps, Identity, McpPrepared, Prepared } from './types.ts';
import { mcpUpstreamMessage, upstreamStatus, upstreamUrl } from './upstream-failure.ts';

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

  interface LogSubject {
    readonly requestId: string;
    readonly route: ResolvedRoute;
    readonly user: string | null;
    readonly decision?: Pick<Decision, 'outcome' | 'reasons'>;
  }

  function log(p: LogSubject, status: number, extra: Record<string, unknown> = {}): void {
    deps.logger.info(
      {
        requestId: p.requestId,
        route: p.route.id,
        user: p.user,
        outcome: p.decision?.outcome ?? 'allow',
        reasons: p.decision?.reasons ?? [],
        status,
        ...extra,
      },
      'decision',
    );
  }

  const userOf = (session: SessionRecord | undefined): string | null =>
    session === undefined ? null : (session.email ?? session.userId);
  const identityOf = (session: SessionRecord | undefined): Identity | undefined =>
    session === undefined
      ? undefined
      : {
          userId: session.userId,
          email: session.email,
          name: session.name,
          groups: session.groups,
        };

  /** Resolves the route, client and identity; answers itself and returns undefined when done. */
  async function prepare(
    req: IncomingMessage,
    res: ServerResponse | null,
  ): Promise<Prepared | McpPrepared | 'auth' | undefined> {
    const config = deps.config();
    const requestId = randomUUID();
    const host = (req.headers.host ?? '').toLowerCase();
    const own = deps.tls ? 'https' : 'http';
    const client = addresses().resolve(req.socket.remoteAddress ?? '', req.headers, own);
    setRequestMeta(req, { requestId, clientIp: client.ip, proto: client.proto, host });
    if (host === config.authHost) return 'auth';
    const route = config.routesByHost.get(host) ?? (await deps.tunnelRoutes?.resolve(host));
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
    if (route.mcpResource !== undefined) {
      return {
        kind: 'mcp',
        route,
        requestId,
        host,
        path,
        ip: client.ip,
        proto: client.proto,
        forwardedFor: client.forwardedFor,
      };
    }
    const sid = deps.sessions.openRouteCookie(
      parseCookies(req.headers.cookie).get(SESSION_COOKIE),
      route.host,
    );
    const session = sid === undefined ? undefined : await deps.sessions.fromId(sid);
    const decision = decide(route, req, host, client.ip, session, new Date(deps.clock.now()));
    return {
      kind: 'route',
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

  async function target(
    p: Prepared | McpPrepared,
    subject: LogSubject,
    identity: Identity | undefined,
    onError: ProxyTarget['onError'],
  ): Promise<ProxyTarget> {
    const setHeaders: Record<string, string> = {};
    // A tunnel's local server sees its own address as Host, as a static route's upstream does.
    const tunnelHost = deps.tunnelRoutes?.upstreamHost(p.route);
    if (tunnelHost !== undefined) setHeaders['host'] = tunnelHost;
    if (p.route.passIdentityHeaders && identity !== undefined) {
      setHeaders[ASSERTION_HEADER] = await deps.signer.sign({
        audience: p.route.from,
        sub: identity.userId,
        email: identity.email,
        name: identity.name,
        groups: identity.groups,
      });
    }
    return {
      routeId: p.route.id,
      url: upstreamUrl(p.route.to),
      preserveHost: p.route.preserveHostHeader,
      timeoutMs: p.route.timeoutMs,
      idleTimeoutMs: p.route.idleTimeoutMs,
      maxRequestBytes: p.route.maxRequestBytes,
      sseKeepaliveMs: p.route.sseKeepaliveMs,
      clientIp: p.ip,
      forwardedFor: p.forwardedFor,
      forwardedProto: p.proto,
      forwardedHost: p.host,
      requestId: p.requestId,
      setHeaders,
      onError,
      onResponse: (status, latencyMs) => {
        deps.metrics.observeUpstreamLatency(p.route.id, latencyMs / 1000);
        log(subject, status);
      },
    };
  }

  function upstreamError(
    p: Prepared | McpPrepared,
    subject: LogSubject,
    error: GatehouseError,
    res: ServerResponse | null,
  ): void {
    const status = upstreamStatus(error);
    log(subject, status, { upstreamError: error.code });
    if (res === null) return;
    const sshCommand =
      status === 503 && p.route.to.startsWith('tunnel:')
        ? deps.tunnelRoutes?.sshCommand(p.route)
        : undefined;
    if (
      p.kind === 'mcp' &&
      !(res.req !== undefined && wantsHtml(res.req.method, res.req.headers.accept))
    ) {
      // MCP clients read JSON-RPC, not HTML: say what happened and where, never internals.
      sendJson(res, status, {
        jsonrpc: '2.0',
        id: null,
        error: { code: SERVER_ERROR, message: mcpUpstreamMessage(p, status, error, sshCommand) },
      });
      return;
    }
    // A tunnel route's upstream is the owner's local server: name it, not the tunnel:// URL.
    const local = p.route.to.startsWith('tunnel:')
      ? deps.tunnelRoutes?.upstreamHost(p.route)
      : undefined;
    const html = htmlOf(
      upstreamErrorPage({
        status,
        requestId: p.requestId,
        routeId: p.route.id,
        upstream: local === undefined ? p.route.to : `http://${local}`,
        code: error.code,
        ...(sshCommand === undefined ? {} : { sshCommand }),
      }),
    );
    sendPage(res, status, html);
  }

  async function handleMcp(
    p: McpPrepared,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const mcpDeps = deps.mcp;
    const route = p.route;
    if (mcpDeps === undefined || route.mcpResource === undefined) {
      sendJson(
        res,
        503,
        { error: 'unavailable', message: 'MCP authorization is not configured.' },
        mcpCorsHeaders(req.headers.origin),
      );
      return;
    }
    await handleMcpRoute(
      mcpDeps,
      {
        route: { ...route, mcpResource: route.mcpResource },
        requestId: p.requestId,
        host: p.host,
        path: p.path,
        ip: p.ip,
        now: new Date(deps.clock.now()),
        log: (outcome, reasons, status, user) =>
          log(
            {
              requestId: p.requestId,
              route,
              user,
              decision: { outcome: outcome === 'error' ? 'deny' : outcome, reasons },
            },
            status,
          ),
        forward: async (extra, identity, decision) => {
          const subject: LogSubject = {
            requestId: p.requestId,
            route,
            user: identity.email ?? identity.userId,
            decision,
          };
          const base = await target(p, subject, identity, (error, r) =>
            upstreamError(p, subject, error, r),
          );
          deps.proxy.forward(req, res, { ...base, ...extra });
        },
      },
      req,
      res,
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const p = await prepare(req, res);
    if (p === 'auth') {
      deps.authListener(req, res);
      return;
    }
    if (p === undefined) return;
    res.once('finish', () => deps.metrics.recordRequest(p.route.id, res.statusCode));
    if (p.kind === 'mcp') {
      await handleMcp(p, req, res);
      return;
    }
    const { decision } = p;
    const subject: LogSubject = {
      requestId: p.requestId,
      route: p.route,
      user: userOf(p.session),
      decision,
    };
    if (decision.outcome === 'login') {
      const browser = wantsHtml(req.method, req.headers.accept);
      log(subject, browser ? 302 : 401);
      if (browser) {
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
      log(subject, 403);
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
    deps.proxy.forward(
      req,
      res,
      await target(p, subject, identityOf(p.session), (error, r) =>
        upstreamError(p, subject, error, r),
      ),
    );
  }

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const p = await prepare(req, null);
    if (p === undefined || p === 'auth' || p.kind === 'mcp') {
      // MCP's transports are HTTP; no WebSocket on MCP routes.
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const subject: LogSubject = {
      requestId: p.requestId,
      route: p.route,
      user: userOf(p.session),
      decision: p.decision,
    };
    if (p.decision.outcome !== 'allow') {
      const status = p.decision.outcome === 'login' ? '401 Unauthorized' : '403 Forbidden';
      log(subject, p.decision.outcome === 'login' ? 401 : 403);
      socket.end(
        `HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\nx-request-id: ${p.requestId}\r\n\r\n`,
      );
      return;
    }
    deps.proxy.upgrade(
      req,
      socket,
      head,
      await target(p, subject, identityOf(p.session), (error) => {
        upstreamError(p, subject, error, null);
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
