import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { handleCookieRoute, handleCookieUpgrade, type CookieRouteDeps } from './cookie-route.ts';
import { createDecisionLog } from './decision-log.ts';
import { createMcpHandler } from './mcp-handler.ts';
import { createPrepare } from './prepare.ts';
import { createTargetBuilder } from './proxy-target.ts';
import { requestIdOf } from './request-meta.ts';
import { sendJson } from './respond.ts';
import { isStoreUnavailable, sendStoreUnavailable } from '../store/unavailable.ts';
import type { Edge, EdgeDeps } from './types.ts';
import { createUpstreamErrorAnswer } from './upstream-error-answer.ts';

const ROUTE_ID = Symbol('gatehouse.routeId');

interface WithRouteId {
  [ROUTE_ID]?: string;
}

/**
 * The gateway's front door: Host → route → identity → PPL → proxy (ARCHITECTURE.md "Request
 * flow"; the steps are listed in packages/gateway/README.md "Request path"). Every request gets
 * a request id and exactly one decision log line. This only wires the parts.
 */
export function createEdge(deps: EdgeDeps): Edge {
  const log = createDecisionLog(deps.logger);
  const prepare = createPrepare(deps);
  const target = createTargetBuilder({ ...deps, log });
  const upstreamError = createUpstreamErrorAnswer({ ...deps, log });
  const cookie: CookieRouteDeps = { ...deps, log, target, upstreamError };
  const mcp = createMcpHandler({ ...deps, mcp: deps.mcp, log, target, upstreamError });

  /** Returns a promise only when some step had to wait; the signed-in GET runs through at once. */
  function handle(req: IncomingMessage, res: ServerResponse): void | Promise<void> {
    const p = prepare(req, res);
    if (p instanceof Promise) return p.then((q) => route(q, req, res));
    return route(p, req, res);
  }

  function route(
    p: Awaited<ReturnType<typeof prepare>>,
    req: IncomingMessage,
    res: ServerResponse,
  ): void | Promise<void> {
    if (p === 'auth') {
      deps.authListener(req, res);
      return;
    }
    if (p === undefined) return;
    // Only the route id, on the response under a symbol: the one shared listener below needs
    // no closure per request, and `p` (route, request facts, identity) need not live as long
    // as the response (hours for an event stream; issue 18). 'finish' fires once.
    (res as ServerResponse & WithRouteId)[ROUTE_ID] = p.route.id;
    res.on('finish', recordFinished);
    if (p.kind === 'mcp') return mcp(p, req, res);
    return handleCookieRoute(cookie, p, req, res);
  }

  function recordFinished(this: ServerResponse & WithRouteId): void {
    deps.metrics.recordRequest(this[ROUTE_ID] ?? '-', this.statusCode);
  }

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const p = await prepare(req, null);
    if (p === undefined || p === 'auth' || p.kind === 'mcp') {
      // MCP's transports are HTTP; no WebSocket on MCP routes.
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    await handleCookieUpgrade(cookie, p, req, socket, head);
  }

  const fail = (req: IncomingMessage, error: unknown) =>
    deps.logger.error(
      {
        requestId: requestIdOf(req),
        err: { message: error instanceof Error ? error.message : String(error) },
      },
      'edge failure',
    );

  const failed = (req: IncomingMessage, res: ServerResponse, error: unknown): void => {
    fail(req, error);
    if (res.headersSent) res.destroy();
    else if (isStoreUnavailable(error))
      // Fail closed while the store is unreachable (issue 17); the id ties it to the log.
      sendStoreUnavailable(req, res);
    else
      sendJson(res, 500, {
        error: 'internal',
        message: 'The gateway failed to handle this request.',
      });
  };

  return {
    request(req, res) {
      // A throw on the synchronous part is answered as a rejection is.
      let pending: void | Promise<void>;
      try {
        pending = handle(req, res);
      } catch (error) {
        failed(req, res, error);
        return;
      }
      pending?.catch((error: unknown) => failed(req, res, error));
    },
    upgrade(req, socket, head) {
      handleUpgrade(req, socket, head).catch((error: unknown) => {
        fail(req, error);
        socket.destroy();
      });
    },
  };
}
