import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '@gatehouse/core';
import type { GatewayConfig } from '../config/index.ts';
import type { Proxy } from '../proxy/index.ts';
import { beginCapture, type TrafficInspector } from '../traffic/index.ts';
import { mcpCorsHeaders } from '../mcp/resource/index.ts';
import type { DecisionLog, LogSubject } from './decision-log.ts';
import { handleMcpRoute, type McpEdge, type McpRouteDeps } from './mcp-route.ts';
import type { TargetBuilder } from './proxy-target.ts';
import { sendJson } from './respond.ts';
import type { McpPrepared } from './types.ts';
import type { UpstreamErrorAnswer } from './upstream-error-answer.ts';

export interface McpHandlerDeps {
  /** Absent: the gateway runs without its authorization server, and MCP routes answer 503. */
  readonly mcp: McpRouteDeps | undefined;
  readonly clock: Clock;
  readonly config: () => GatewayConfig;
  /** The MCP traffic inspector (issue 16): captures tunnel routes and `inspect: true` routes. */
  readonly traffic?: TrafficInspector | undefined;
  readonly proxy: Proxy;
  readonly log: DecisionLog;
  readonly target: TargetBuilder;
  readonly upstreamError: UpstreamErrorAnswer;
}

export type McpHandler = (
  p: McpPrepared,
  req: IncomingMessage,
  res: ServerResponse,
) => Promise<void>;

/** The edge's side of MCP routes: the route's log and proxy hooks, built once per edge. */
export function createMcpHandler(deps: McpHandlerDeps): McpHandler {
  const edge: McpEdge = {
    log: (ctx, outcome, reasons, status) => {
      ctx.capture?.decided(outcome, reasons, ctx.user);
      deps.log(
        {
          requestId: ctx.prepared.requestId,
          route: ctx.route,
          user: ctx.user,
          decision: { outcome, reasons },
        },
        status,
      );
    },
    forward: (ctx, extra, token) => {
      const p = ctx.prepared;
      const subject: LogSubject = {
        requestId: p.requestId,
        route: p.route,
        user: token.email ?? token.sub,
        ...(ctx.decision === undefined ? {} : { decision: ctx.decision }),
      };
      const identity = {
        userId: token.sub,
        email: token.email,
        name: token.name,
        groups: token.groups,
      };
      const base = deps.target(p, subject, identity, (error, r) =>
        deps.upstreamError(p, subject, error, r),
      );
      deps.proxy.forward(ctx.req, ctx.res, { ...base, ...extra });
      return Promise.resolve();
    },
  };
  return async (p, req, res) => {
    const resource = p.route.mcpResource;
    if (deps.mcp === undefined || resource === undefined) {
      sendJson(
        res,
        503,
        { error: 'unavailable', message: 'MCP authorization is not configured.' },
        mcpCorsHeaders(req.headers.origin),
      );
      return;
    }
    const captured =
      deps.traffic === undefined
        ? undefined
        : beginCapture(deps.traffic, deps.config().inspect, () => deps.clock.now(), req, res, p);
    await handleMcpRoute(
      deps.mcp,
      edge,
      p,
      resource,
      new Date(deps.clock.now()),
      req,
      res,
      captured,
    );
  };
}
