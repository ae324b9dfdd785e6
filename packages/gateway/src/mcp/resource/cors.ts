/**
 * CORS for MCP endpoints, so browser-based MCP clients can read our 401 (and its
 * WWW-Authenticate) and the session header. Pomerium sends the same set (research pomerium.md
 * §2.2). Credentials are never allowed: the bearer token in the Authorization header, not a
 * cookie, is what authenticates an MCP request, so a cross-origin page gains nothing it could
 * not do with the token itself. Whether an Origin is allowed at all (MCP transport: validate
 * Origin) is the edge's decision, made before these headers are added.
 */
export const MCP_CORS_ALLOW_METHODS = 'GET, POST, DELETE, OPTIONS';
export const MCP_CORS_ALLOW_HEADERS =
  'Authorization, Content-Type, Accept, Mcp-Protocol-Version, Mcp-Session-Id, Mcp-Method, Mcp-Name, Last-Event-Id, DPoP';
export const MCP_CORS_EXPOSE_HEADERS = 'WWW-Authenticate, Mcp-Session-Id';
/** Seconds a browser may reuse a preflight (Chromium caps this at 7200). */
export const MCP_CORS_MAX_AGE = '7200';

// A serialized origin (RFC 6454 §6.2): scheme "://" host [":" port], nothing else.
const ORIGIN = /^https?:\/\/[A-Za-z0-9.\-[\]:]+$/;

/** Headers for any response on an MCP endpoint (including 401s and PRM). */
export function mcpCorsHeaders(requestOrigin: string | undefined): Record<string, string> {
  const allowOrigin =
    requestOrigin !== undefined && ORIGIN.test(requestOrigin) ? requestOrigin : '*';
  return {
    'access-control-allow-origin': allowOrigin,
    'access-control-expose-headers': MCP_CORS_EXPOSE_HEADERS,
    vary: 'Origin',
  };
}

export interface PreflightResponse {
  readonly status: 204;
  readonly headers: Readonly<Record<string, string>>;
}

/** The answer to an OPTIONS preflight on an MCP endpoint, given before any authentication. */
export function preflightResponse(requestOrigin?: string): PreflightResponse {
  return {
    status: 204,
    headers: {
      ...mcpCorsHeaders(requestOrigin),
      'access-control-allow-methods': MCP_CORS_ALLOW_METHODS,
      'access-control-allow-headers': MCP_CORS_ALLOW_HEADERS,
      'access-control-max-age': MCP_CORS_MAX_AGE,
    },
  };
}
