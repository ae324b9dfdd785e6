import type { ServerResponse } from 'node:http';
import type { GatehouseError } from '@gatehouse/core';
import { upstreamErrorPage } from '../pages/index.ts';
import type { TunnelRoutes } from '../tunnel-accounts/index.ts';
import type { DecisionLog, LogSubject } from './decision-log.ts';
import { htmlOf, sendJson, sendPage, wantsHtml } from './respond.ts';
import type { McpPrepared, Prepared } from './types.ts';
import { mcpUpstreamMessage, upstreamStatus } from './upstream-failure.ts';

/** Answers (and logs) an upstream failure the proxy reports; `res` is null for upgrades. */
export type UpstreamErrorAnswer = (
  p: Prepared | McpPrepared,
  subject: LogSubject,
  error: GatehouseError,
  res: ServerResponse | null,
) => void;

export function createUpstreamErrorAnswer(deps: {
  readonly log: DecisionLog;
  readonly tunnelRoutes?: TunnelRoutes;
}): UpstreamErrorAnswer {
  return (p, subject, error, res) => {
    const status = upstreamStatus(error);
    deps.log(subject, status, { upstreamError: error.code });
    if (res === null) return;
    const tunnel = p.route.to.startsWith('tunnel:');
    const sshCommand =
      status === 503 && tunnel ? deps.tunnelRoutes?.sshCommand(p.route) : undefined;
    if (
      p.kind === 'mcp' &&
      !(res.req !== undefined && wantsHtml(res.req.method, res.req.headers.accept))
    ) {
      // MCP clients read JSON-RPC, not HTML: say what happened and where, never internals.
      sendJson(res, status, {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32000, message: mcpUpstreamMessage(p, status, error, sshCommand) },
      });
      return;
    }
    // A tunnel route's upstream is the owner's local server: name it, not the tunnel:// URL.
    const local = tunnel ? deps.tunnelRoutes?.upstreamHost(p.route) : undefined;
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
  };
}
