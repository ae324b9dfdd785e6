import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@gatehouse/core';
import type { Decision, McpInput, PolicyInput } from '@gatehouse/policy';
import type { ResolvedRoute } from '../../config/index.ts';
import type { AuditLog } from '../../mcp/audit.ts';
import type { JsonRpcId, JsonRpcMessage } from '../../mcp/inspect/index.ts';
import type {
  AccessToken,
  AccessTokenVerifier,
  SessionBindings,
} from '../../mcp/resource/index.ts';
import type { AuthorizationServer } from '../../oauth/index.ts';
import type { ProxyTarget } from '../../proxy/index.ts';
import type { McpPrepared } from '../types.ts';
import type { McpRefusal } from './refusal.ts';
import type { EdgeCapture } from '../../traffic/index.ts';

/** The OAuth resource-server parts an MCP route needs (built once by `startGateway`). */
export interface McpRouteDeps {
  readonly verifier: AccessTokenVerifier;
  readonly bindings: SessionBindings;
  readonly audit: AuditLog;
  readonly authorizationServer: () => AuthorizationServer | undefined;
  readonly issuer: () => string;
  readonly logger: Logger;
}

/** What the MCP route needs from the edge around it; built once per edge, not per request. */
export interface McpEdge {
  /** Writes the request's decision log line. */
  log(
    ctx: McpContext,
    outcome: Decision['outcome'],
    reasons: readonly string[],
    status: number,
  ): void;
  /** Hands the request to the proxy with MCP-specific options on top of the route's. */
  forward(
    ctx: McpContext,
    extra: Pick<ProxyTarget, 'body' | 'removeHeaders' | 'transformResponse'>,
    token: AccessToken,
  ): Promise<void>;
}

/**
 * One MCP request on its way through the steps. Created once per request; each step reads what
 * earlier steps found and adds its own finding (a field below), so no step allocates a closure.
 */
export interface McpContext {
  readonly deps: McpRouteDeps;
  readonly edge: McpEdge;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly prepared: McpPrepared;
  readonly route: ResolvedRoute;
  /** The route's canonical MCP URL (RFC 9728 §3.3), from config. */
  readonly resource: string;
  readonly now: Date;
  /** The CORS headers every answer from here on carries (mcp/resource/cors.ts). */
  readonly cors: Readonly<Record<string, string>>;
  /** The traffic inspector's capture of this request (issue 16), when the route is captured. */
  readonly capture: EdgeCapture | undefined;
  /** Set by the token step. */
  token: AccessToken | undefined;
  scheme: 'bearer' | 'dpop' | undefined;
  /** For the log line: the token's e-mail or subject, null before the token step. */
  user: string | null;
  /** Set by the body steps (POST only). */
  body: Buffer | undefined;
  message: JsonRpcMessage | undefined;
  /** The JSON-RPC call as the policy sees it (absent for a JSON-RPC response or a GET). */
  mcp: McpInput | undefined;
  /** The id a JSON-RPC error answer carries: the request's, or null for anything else. */
  rpcId: JsonRpcId;
  /** Set by the policy step. */
  input: PolicyInput | undefined;
  decision: Decision | undefined;
}

/**
 * One rule of the MCP route: `undefined` lets the request continue, a refusal stops it and is
 * answered by `writeMcpRefusal`. Synchronous steps return plainly (no promise on the hot path).
 */
export type McpStep = (ctx: McpContext) => McpRefusal | undefined | Promise<McpRefusal | undefined>;

/** The verified token; only for steps after the token step (a programming error otherwise). */
export function tokenOf(ctx: McpContext): AccessToken {
  if (ctx.token === undefined) throw new Error('MCP step ran before the token step');
  return ctx.token;
}
