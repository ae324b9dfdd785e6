import type { OutgoingHttpHeaders } from 'node:http';
import type { Decision } from '@gatehouse/policy';
import { INVALID_REQUEST, jsonRpcError } from '../../mcp/inspect/index.ts';
import {
  bothChallenges,
  MCP_SCOPE,
  preflightResponse,
  unauthorizedResponse,
} from '../../mcp/resource/index.ts';
import { mcpEndpointPage } from '../../pages/index.ts';
import { sendPage, wantsHtml } from '../respond.ts';
import type { McpContext } from './context.ts';
import type { McpRefusal } from './refusal.ts';
import type { GatewayReason } from '../../reasons.ts';

/** JSON-RPC code for a call the policy refuses (what Pomerium answers, pomerium.md §2.7). */
export const POLICY_DENIED_CODE = -32602;
/** JSON-RPC code for an `Mcp-Session-Id` this server does not know (MCP Streamable HTTP). */
const SESSION_NOT_FOUND_CODE = -32001;

/** What one refusal becomes on the wire and in the decision log. */
interface Answer {
  readonly outcome: Decision['outcome'];
  readonly reasons: readonly string[];
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  readonly body: string | Buffer;
  /** The body is one of our HTML pages (sent with the page security headers). */
  readonly page?: true;
}

const JSON_TYPE = 'application/json';
const PUBLIC_CACHE = 'public, max-age=300';

/**
 * The one writer of MCP refusals: every request the gateway answers itself gets its status,
 * headers and body from `answerOf` and exactly one decision log line, written before the answer.
 */
export function writeMcpRefusal(ctx: McpContext, refusal: McpRefusal): void {
  const answer = answerOf(ctx, refusal);
  ctx.edge.log(ctx, answer.outcome, answer.reasons, answer.status);
  const { res } = ctx;
  if (answer.page === true) {
    sendPage(res, answer.status, String(answer.body), answer.headers as Record<string, string>);
    return;
  }
  // The read deadline may already have answered 408 for a body that never came.
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(answer.status, { 'cache-control': 'no-store', ...answer.headers });
  res.end(answer.body);
}

const ORIGIN = 'this Origin may not call this MCP server';
const TOKEN_IN_QUERY_BODY = JSON.stringify({
  error: 'invalid_request',
  error_description: 'send the access token in the Authorization header, never in the URL',
});
const INSUFFICIENT_SCOPE_BODY = JSON.stringify({
  error: 'insufficient_scope',
  error_description: `the ${MCP_SCOPE} scope is required`,
});
const SESSION_ID_INVALID_BODY = jsonRpcError(
  null,
  INVALID_REQUEST,
  'Bad Request: invalid Mcp-Session-Id',
);
const SESSION_NOT_FOUND_BODY = jsonRpcError(null, SESSION_NOT_FOUND_CODE, 'Session not found');

const forbidden = (ctx: McpContext, description: string): string =>
  JSON.stringify({
    error: 'forbidden',
    error_description: description,
    request_id: ctx.prepared.requestId,
  });

/** Every reason the gateway itself writes is in the registry (src/reasons.ts); tsc checks it. */
const deny = (
  reason: GatewayReason,
  status: number,
  headers: OutgoingHttpHeaders,
  body: string | Buffer,
): Answer => ({ outcome: 'deny', reasons: [reason], status, headers, body });

// One case per kind: a switch is the map a reader looks for; splitting it would scatter it.
function answerOf(ctx: McpContext, r: McpRefusal): Answer {
  const { cors } = ctx;
  const json = { 'content-type': JSON_TYPE, ...cors };
  switch (r.kind) {
    case 'cors-preflight': {
      const preflight = preflightResponse();
      const headers = { ...preflight.headers, ...cors };
      return { outcome: 'allow', reasons: ['cors-preflight'], status: 204, headers, body: '' };
    }
    case 'metadata': {
      const headers = { ...json, 'cache-control': PUBLIC_CACHE };
      const body = JSON.stringify(r.document);
      return { outcome: 'allow', reasons: [r.reason], status: 200, headers, body };
    }
    case 'origin-not-allowed':
      // H13: a page on a foreign origin gets no CORS grant and no pass-through to the upstream.
      return deny('origin-not-allowed', 403, { 'content-type': JSON_TYPE }, forbidden(ctx, ORIGIN));
    case 'token-in-query':
      return deny('token-in-query', 400, json, TOKEN_IN_QUERY_BODY);
    case 'wrong-path':
      return deny('mcp-wrong-path', 404, json, r.body);
    case 'token':
      return tokenAnswer(ctx, r);
    case 'insufficient-scope': {
      // E5: say which scope the operation needs, in one challenge.
      const challenge = bothChallenges(ctx.route, ctx.scheme ?? 'bearer', {
        error: 'insufficient_scope',
        scope: MCP_SCOPE,
        description: 'this MCP server needs the mcp scope',
      });
      const headers = { 'content-type': JSON_TYPE, 'www-authenticate': challenge, ...cors };
      return deny('token-insufficient-scope', 403, headers, INSUFFICIENT_SCOPE_BODY);
    }
    case 'session-id-invalid':
      return deny('mcp-session-id-invalid', 400, json, SESSION_ID_INVALID_BODY);
    case 'session-not-found':
      // H1/H4: another user's (or route's) session looks exactly like an unknown one.
      return deny(`mcp-session-${r.check}`, 404, json, SESSION_NOT_FOUND_BODY);
    case 'inspect': {
      const { refusal } = r;
      // Reading stopped at the limit: the unread rest must not be parsed as another request.
      const close = refusal.status === 413 || refusal.status === 415;
      const headers = close ? { 'content-type': JSON_TYPE, connection: 'close', ...cors } : json;
      return deny(refusal.reason, refusal.status, headers, JSON.stringify(refusal.jsonRpc));
    }
    case 'policy':
      return policyAnswer(ctx, json);
  }
}

function tokenAnswer(ctx: McpContext, r: Extract<McpRefusal, { kind: 'token' }>): Answer {
  const { req } = ctx;
  const denied = unauthorizedResponse(ctx.route, r.failure, req.headers.origin, r.scheme);
  const reasons = [`token-${r.failure}`, ...(r.detail ? [r.detail] : [])];
  const base = { outcome: 'login', reasons, status: denied.status } as const;
  if (r.failure === 'missing' && wantsHtml(req.method, req.headers.accept)) {
    // A person opened the URL in a browser: the same 401 and challenge, with a page that says
    // what this URL is and how to connect a client, instead of raw JSON.
    const page = mcpEndpointPage({
      mcpUrl: ctx.resource,
      accountUrl: new URL('/account', ctx.deps.issuer()).href,
    });
    const headers = { 'www-authenticate': denied.headers['www-authenticate'] ?? '' };
    return { ...base, status: page.status, headers, body: page.html, page: true };
  }
  return { ...base, headers: { ...denied.headers, ...ctx.cors }, body: denied.body };
}

function policyAnswer(ctx: McpContext, json: OutgoingHttpHeaders): Answer {
  const reasons = ctx.decision?.reasons ?? [];
  const { requestId } = ctx.prepared;
  if (ctx.message?.kind === 'request') {
    // I1/I9: the same generic answer whether or not the tool exists; the upstream is not contacted.
    const message = `Forbidden: not allowed by policy (request id ${requestId})`;
    const body = jsonRpcError(ctx.rpcId, POLICY_DENIED_CODE, message);
    return { outcome: 'deny', reasons, status: 200, headers: json, body };
  }
  const body = forbidden(ctx, 'not allowed by policy');
  return { outcome: 'deny', reasons, status: 403, headers: json, body };
}
