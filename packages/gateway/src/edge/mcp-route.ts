import type { IncomingMessage, ServerResponse } from 'node:http';
import { mcpCorsHeaders } from '../mcp/resource/index.ts';
import type { McpContext, McpEdge, McpRouteDeps, McpStep } from './mcp/context.ts';
import { forward } from './mcp/forward.ts';
import { allowed } from './mcp/steps/allowed.ts';
import { audit } from './mcp/steps/audit.ts';
import { authorizationServerMetadata } from './mcp/steps/authorization-server-metadata.ts';
import { callParams } from './mcp/steps/call-params.ts';
import { capture } from './mcp/steps/capture.ts';
import { contentType } from './mcp/steps/content-type.ts';
import { corsPreflight } from './mcp/steps/cors-preflight.ts';
import { headersMatchBody } from './mcp/steps/headers-match-body.ts';
import { noTokenInQuery } from './mcp/steps/no-token-in-query.ts';
import { origin } from './mcp/steps/origin.ts';
import { policy } from './mcp/steps/policy.ts';
import { readBody } from './mcp/steps/read-body.ts';
import { resourceMetadata } from './mcp/steps/resource-metadata.ts';
import { scope } from './mcp/steps/scope.ts';
import { sessionBinding } from './mcp/steps/session-binding.ts';
import { strictJson } from './mcp/steps/strict-json.ts';
import { token } from './mcp/steps/token.ts';
import { wrongPath } from './mcp/steps/wrong-path.ts';
import { writeMcpRefusal } from './mcp/write-refusal.ts';
import type { McpPrepared } from './types.ts';
import type { EdgeCapture } from '../traffic/index.ts';

export type { McpEdge, McpRouteDeps } from './mcp/context.ts';
export { POLICY_DENIED_CODE } from './mcp/write-refusal.ts';

/**
 * The MCP route's rules, in the order they run (packages/gateway/README.md "Request path"). A
 * step that refuses ends the request through `writeMcpRefusal`; past the last, `forward`.
 */
export const MCP_STEPS: readonly McpStep[] = [
  corsPreflight,
  resourceMetadata,
  authorizationServerMetadata,
  origin,
  noTokenInQuery,
  wrongPath,
  token,
  scope,
  sessionBinding,
  contentType,
  readBody,
  strictJson,
  headersMatchBody,
  callParams,
  policy,
  capture,
  audit,
  allowed,
];

/**
 * An MCP route: OAuth bearer tokens instead of cookies, never a redirect, JSON-RPC inspected and
 * authorized per call, `tools/list` filtered by the same policy (ARCHITECTURE.md request flow).
 */
export async function handleMcpRoute(
  deps: McpRouteDeps,
  edge: McpEdge,
  prepared: McpPrepared,
  resource: string,
  now: Date,
  req: IncomingMessage,
  res: ServerResponse,
  captured?: EdgeCapture,
): Promise<void> {
  const ctx: McpContext = {
    deps,
    edge,
    req,
    res,
    prepared,
    route: prepared.route,
    resource,
    now,
    cors: mcpCorsHeaders(req.headers.origin),
    capture: captured,
    token: undefined,
    scheme: undefined,
    user: null,
    body: undefined,
    message: undefined,
    mcp: undefined,
    rpcId: null,
    input: undefined,
    decision: undefined,
  };
  for (const step of MCP_STEPS) {
    const outcome = step(ctx);
    // Synchronous steps are not awaited: no promise per step on the hot path.
    const refusal = outcome instanceof Promise ? await outcome : outcome;
    if (refusal !== undefined) {
      writeMcpRefusal(ctx, refusal);
      return;
    }
  }
  await forward(ctx);
}
