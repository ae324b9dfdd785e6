import type { IncomingMessage } from 'node:http';
import { evaluate, type Decision, type McpInput, type PolicyInput } from '@gatehouse/policy';
import type { ResolvedRoute } from '../config/index.ts';

/**
 * Who is asking, as the policy sees them: a cookie session on a browser route, an OAuth grant
 * (`oauth:<grant id>`) on an MCP route.
 */
export interface PolicySubject {
  readonly sessionId: string;
  readonly userId: string;
  readonly email: string | null;
  readonly groups: readonly string[];
  /** Identity-provider claims (cookie sessions only; access tokens carry none). */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** What the edge knows about the request itself, before identity. */
export interface PolicyRequest {
  readonly req: IncomingMessage;
  readonly host: string;
  /** URL path without the query. */
  readonly path: string;
  readonly ip: string;
  readonly now: Date;
}

/**
 * The one place a PPL input is built, for both kinds of route: the same fields, so a rule means
 * the same thing on a browser route and on an MCP route.
 */
export function policyInput(r: PolicyRequest, subject: PolicySubject | undefined): PolicyInput {
  const http = {
    method: r.req.method ?? 'GET',
    host: r.host,
    path: r.path,
    ip: r.ip,
    headers: r.req.headers as Record<string, string | undefined>,
  };
  if (subject === undefined) return { http, now: r.now };
  // Built field by field: no throw-away objects spread in, per request (issue 18).
  const user: { id: string; email?: string; groups: readonly string[]; claims?: UserClaims } = {
    id: subject.userId,
    groups: subject.groups,
  };
  if (subject.email !== null) user.email = subject.email;
  if (subject.claims !== undefined) user.claims = subject.claims;
  return { http, session: { id: subject.sessionId }, user, now: r.now };
}

type UserClaims = Readonly<Record<string, unknown>>;

/** The route's policy on a request; `mcp` is the JSON-RPC call on an MCP route, when there is one. */
export function decide(route: ResolvedRoute, input: PolicyInput, mcp?: McpInput): Decision {
  return evaluate(route.policy, mcp === undefined ? input : { ...input, mcp });
}

/**
 * Whether `tools/call` of `name` would be allowed: what `tools/list` shows (ARCHITECTURE.md
 * "tools/list filtering"), decided by the same policy as the call itself.
 */
export function mayCallTool(
  route: ResolvedRoute,
  input: PolicyInput,
  id: string | number | null,
  name: string,
): boolean {
  return (
    decide(route, input, { method: 'tools/call', id, tool_call: { name } }).outcome === 'allow'
  );
}
