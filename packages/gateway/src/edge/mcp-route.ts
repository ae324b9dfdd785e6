import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Identity, Logger } from '@gatehouse/core';
import { evaluate, type Decision, type McpInput, type PolicyInput } from '@gatehouse/policy';
import type { ResolvedRoute } from '../config/index.ts';
import type { AuditLog } from '../mcp/audit.ts';
import { isAllowedOrigin } from '../mcp/origin-check.ts';
import {
  checkMcpHeaders,
  createToolsListFilter,
  INVALID_REQUEST,
  isValidSessionId,
  jsonRpcError,
  mcpInputOf,
  POLICY_DENIED,
  readJsonRpcRequest,
  SESSION_NOT_FOUND,
} from '../mcp/inspect/index.ts';
import {
  bothChallenges,
  hasQueryToken,
  MCP_SCOPE,
  parseAuthorization,
  matchPrmRequest,
  mcpCorsHeaders,
  preflightResponse,
  protectedResourceMetadata,
  unauthorizedResponse,
  type AccessTokenVerifier,
  type SessionBindings,
} from '../mcp/resource/index.ts';
import type { AuthorizationServer } from '../oauth/index.ts';
import { mcpEndpointPage } from '../pages/index.ts';
import { wrongPathAnswer } from './mcp-wrong-path.ts';
import { sendPage, wantsHtml } from './respond.ts';
import type { ProxyTarget } from '../proxy/index.ts';

/** Legacy-era MCP sessions stay bound to their user and route this long after their last use. */
const SESSION_BINDING_TTL_MS = 24 * 3_600_000;
/** JSON-RPC code for a call the policy refuses (kept for importers; see json-rpc-codes.ts). */
export const POLICY_DENIED_CODE = POLICY_DENIED;

export interface McpRouteDeps {
  readonly verifier: AccessTokenVerifier;
  readonly bindings: SessionBindings;
  readonly audit: AuditLog;
  readonly authorizationServer: () => AuthorizationServer | undefined;
  readonly issuer: () => string;
  readonly logger: Logger;
}

export interface McpRequest {
  readonly route: ResolvedRoute & { readonly mcpResource: string };
  readonly requestId: string;
  readonly host: string;
  readonly path: string;
  readonly ip: string;
  readonly now: Date;
  /** Writes the decision log line. */
  log(
    outcome: Decision['outcome'] | 'error',
    reasons: readonly string[],
    status: number,
    user: string | null,
  ): void;
  /** Hands the request to the proxy with MCP-specific options on top of the route's. */
  forward(
    extra: Pick<ProxyTarget, 'body' | 'removeHeaders' | 'transformResponse'>,
    identity: Identity,
    decision: Decision,
  ): Promise<void>;
}

function send(
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body: string | Buffer,
): void {
  // The read deadline may already have answered 408 for a body that never came.
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'cache-control': 'no-store', ...headers });
  res.end(body);
}

/**
 * An MCP route: OAuth bearer tokens instead of cookies, never a redirect, JSON-RPC inspected and
 * authorized per call, `tools/list` filtered by the same policy (ARCHITECTURE.md request flow).
 */
export async function handleMcpRoute(
  deps: McpRouteDeps,
  m: McpRequest,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { route } = m;
  const cors = mcpCorsHeaders(req.headers.origin);
  if (
    req.method === 'OPTIONS' &&
    isAllowedOrigin(req, route.from, route.mcp?.server.allowed_origins ?? [])
  ) {
    const preflight = preflightResponse();
    m.log('allow', ['cors-preflight'], preflight.status, null);
    send(res, preflight.status, { ...preflight.headers, ...cors }, '');
    return;
  }
  if ((req.method === 'GET' || req.method === 'HEAD') && matchPrmRequest(m.path, route)) {
    m.log('allow', ['protected-resource-metadata'], 200, null);
    send(
      res,
      200,
      { 'content-type': 'application/json', ...cors, 'cache-control': 'public, max-age=300' },
      JSON.stringify(protectedResourceMetadata(route, deps.issuer())),
    );
    return;
  }
  const as = deps.authorizationServer();
  if (
    (req.method === 'GET' || req.method === 'HEAD') &&
    m.path === '/.well-known/oauth-authorization-server' &&
    as !== undefined
  ) {
    // For clients that look for AS metadata on the MCP host (2025-03-26 era).
    m.log('allow', ['authorization-server-metadata'], 200, null);
    send(
      res,
      200,
      { 'content-type': 'application/json', ...cors, 'cache-control': 'public, max-age=300' },
      JSON.stringify(await as.metadata()),
    );
    return;
  }
  if (!isAllowedOrigin(req, route.from, route.mcp?.server.allowed_origins ?? [])) {
    // H13: a page on a foreign origin gets no CORS grant and no pass-through to the upstream.
    m.log('deny', ['origin-not-allowed'], 403, null);
    send(
      res,
      403,
      { 'content-type': 'application/json' },
      JSON.stringify({
        error: 'forbidden',
        error_description: 'this Origin may not call this MCP server',
        request_id: m.requestId,
      }),
    );
    return;
  }
  // Defect 6: every later answer (401, 404, 413, JSON-RPC errors, the proxy's 502/503/504, a 500)
  // carries the same CORS headers as a success, so a browser host can read our message.
  for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
  if (hasQueryToken(req.url ?? '/')) {
    m.log('deny', ['token-in-query'], 400, null);
    send(
      res,
      400,
      { 'content-type': 'application/json', ...cors },
      JSON.stringify({
        error: 'invalid_request',
        error_description: 'send the access token in the Authorization header, never in the URL',
      }),
    );
    return;
  }

  const wrongPath = wrongPathAnswer(req, m.path, route.mcpResource);
  if (wrongPath !== undefined) {
    m.log('deny', ['mcp-wrong-path'], 404, null);
    send(res, 404, { 'content-type': 'application/json', ...cors }, wrongPath);
    return;
  }

  const presented = parseAuthorization(req.headers.authorization);
  const scheme = presented.kind === 'token' ? presented.scheme : undefined;
  const verified = await deps.verifier.verify(req.headers.authorization, route.mcpResource, {
    proofs: req.headersDistinct['dpop'],
    method: req.method ?? 'GET',
    // RFC 9449 §4.3: `htu` is the URL the client used: the route's public origin from config
    // (tunnel_url, TLS or a proxy in front included), never this request's Host.
    url: `${route.from}${m.path}`,
  });
  if (!verified.ok) {
    const denied = unauthorizedResponse(route, verified.reason, req.headers.origin, scheme);
    const reasons = [`token-${verified.reason}`, ...(verified.detail ? [verified.detail] : [])];
    m.log('login', reasons, denied.status, null);
    if (verified.reason === 'missing' && wantsHtml(req.method, req.headers.accept)) {
      // A person opened the URL in a browser: the same 401 and challenge, with a page that says
      // what this URL is and how to connect a client, instead of raw JSON.
      const page = mcpEndpointPage({
        mcpUrl: route.mcpResource,
        accountUrl: new URL('/account', deps.issuer()).href,
      });
      sendPage(res, page.status, page.html, {
        'www-authenticate': denied.headers['www-authenticate'] ?? '',
      });
      return;
    }
    send(res, denied.status, { ...denied.headers, ...cors }, denied.body);
    return;
  }
  const token = verified.token;
  const user = token.email ?? token.sub;
  if (!token.scope.includes(MCP_SCOPE)) {
    // E5: say which scope the operation needs, in one challenge.
    m.log('deny', ['token-insufficient-scope'], 403, user);
    const challenge = bothChallenges(route, verified.scheme, {
      error: 'insufficient_scope',
      scope: MCP_SCOPE,
      description: 'this MCP server needs the mcp scope',
    });
    send(
      res,
      403,
      { 'content-type': 'application/json', 'www-authenticate': challenge, ...cors },
      JSON.stringify({
        error: 'insufficient_scope',
        error_description: `the ${MCP_SCOPE} scope is required`,
      }),
    );
    return;
  }

  const sessionId = req.headers['mcp-session-id'];
  if (sessionId !== undefined) {
    if (!isValidSessionId(sessionId)) {
      m.log('deny', ['mcp-session-id-invalid'], 400, user);
      send(
        res,
        400,
        { 'content-type': 'application/json', ...cors },
        jsonRpcError(null, INVALID_REQUEST, 'Bad Request: invalid Mcp-Session-Id'),
      );
      return;
    }
    const bound = await deps.bindings.check(String(sessionId), route.id, token.sub);
    if (bound !== 'ok') {
      // H1/H4: another user's (or route's) session looks exactly like an unknown one.
      m.log('deny', [`mcp-session-${bound}`], 404, user);
      send(
        res,
        404,
        { 'content-type': 'application/json', ...cors },
        jsonRpcError(null, SESSION_NOT_FOUND, 'Session not found'),
      );
      return;
    }
  }

  let body: Buffer | undefined;
  let mcp: McpInput | undefined;
  let isRequest = false;
  let rpcId: string | number | null = null;
  if (req.method === 'POST') {
    const read = await readJsonRpcRequest(req, route.maxRequestBytes);
    if (!read.ok) {
      m.log('deny', [read.reason], read.status, user);
      // Reading stopped at the limit: the unread rest must not be parsed as another request.
      const close = read.status === 413 || read.status === 415 ? { connection: 'close' } : {};
      send(
        res,
        read.status,
        { 'content-type': 'application/json', ...close, ...cors },
        JSON.stringify(read.jsonRpc),
      );
      return;
    }
    // headersDistinct: a repeated Mcp-Method must be seen as two values, not one joined string.
    const mismatch = checkMcpHeaders(req.headersDistinct, read.message);
    if (mismatch !== undefined) {
      m.log('deny', [mismatch.reason], mismatch.status, user);
      send(
        res,
        mismatch.status,
        { 'content-type': 'application/json', ...cors },
        JSON.stringify(mismatch.jsonRpc),
      );
      return;
    }
    body = read.body;
    if (read.message.kind !== 'response') {
      const input = mcpInputOf(read.message);
      if (!input.ok) {
        m.log('deny', [input.reason], input.status, user);
        send(
          res,
          input.status,
          { 'content-type': 'application/json', ...cors },
          JSON.stringify(input.jsonRpc),
        );
        return;
      }
      mcp = input.input;
    }
    isRequest = read.message.kind === 'request';
    rpcId = read.message.kind === 'notification' ? null : read.message.id;
  }

  const base: PolicyInput = {
    http: {
      method: req.method ?? 'GET',
      host: m.host,
      path: m.path,
      ip: m.ip,
      headers: req.headers as Record<string, string | undefined>,
    },
    session: { id: `oauth:${token.grantId}` },
    user: {
      id: token.sub,
      ...(token.email === null ? {} : { email: token.email }),
      groups: token.groups,
    },
    now: m.now,
  };
  const decision = evaluate(route.policy, mcp === undefined ? base : { ...base, mcp });
  const allowed = decision.outcome === 'allow';
  if (mcp?.method === 'tools/call') {
    await deps.audit.write({
      requestId: m.requestId,
      user,
      client: token.clientId,
      route: route.id,
      method: mcp.method,
      tool: mcp.tool_call?.name ?? null,
      outcome: allowed ? 'allow' : 'deny',
      reasons: decision.reasons,
      ...(route.mcp?.server.audit_arguments === true
        ? { arguments: mcp.tool_call?.arguments }
        : {}),
    });
  }
  if (!allowed) {
    if (isRequest) {
      // I1/I9: the same generic answer whether or not the tool exists; the upstream is not contacted.
      m.log('deny', decision.reasons, 200, user);
      send(
        res,
        200,
        { 'content-type': 'application/json', ...cors },
        jsonRpcError(
          rpcId,
          POLICY_DENIED_CODE,
          `Forbidden: not allowed by policy (request id ${m.requestId})`,
        ),
      );
    } else {
      m.log('deny', decision.reasons, 403, user);
      send(
        res,
        403,
        { 'content-type': 'application/json', ...cors },
        JSON.stringify({
          error: 'forbidden',
          error_description: 'not allowed by policy',
          request_id: m.requestId,
        }),
      );
    }
    return;
  }

  const canCall = (name: string) =>
    evaluate(route.policy, {
      ...base,
      mcp: { method: 'tools/call', id: rpcId, tool_call: { name } },
    }).outcome === 'allow';
  await m.forward(
    {
      ...(body === undefined ? {} : { body }),
      // E4: the client's token is for us; the upstream gets the signed identity assertion instead.
      // accept-encoding: the tools/list filter must read the upstream's answer as plain text.
      removeHeaders: ['authorization', 'accept-encoding'],
      transformResponse: (_status, headers) => {
        const out: OutgoingHttpHeaders = { ...headers, ...cors };
        delete out['www-authenticate']; // G10: clients must never be sent to the upstream's AS
        const created = headers['mcp-session-id'];
        if (typeof created === 'string' && isValidSessionId(created)) {
          deps.bindings
            .bind(created, route.id, token.sub, SESSION_BINDING_TTL_MS)
            .catch((error: unknown) => {
              deps.logger.error(
                {
                  requestId: m.requestId,
                  err: { message: error instanceof Error ? error.message : String(error) },
                },
                'could not bind the MCP session',
              );
            });
        }
        if (mcp?.method !== 'tools/list' || rpcId === null) return { headers: out };
        const filter = createToolsListFilter({ id: rpcId, allow: canCall });
        const contentType = headers['content-type'];
        return {
          headers: filter.transformHeaders(out),
          stream: filter.createStream(
            typeof contentType === 'string' ? contentType : undefined,
            typeof headers['content-encoding'] === 'string'
              ? headers['content-encoding']
              : undefined,
          ),
        };
      },
    },
    { userId: token.sub, email: token.email, name: token.name, groups: token.groups },
    decision,
  );
}
