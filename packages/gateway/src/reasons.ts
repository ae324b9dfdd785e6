/**
 * Every reason code the gateway itself writes into a decision log line and an audit record, next
 * to the policy's own codes (`POLICY_REASONS` in @gatehouse/policy). Stable: operators grep logs
 * and alert on them. `test/docs/reason-registry.test.ts` checks that the reasons the edge and the
 * MCP inspection raise are listed here.
 */
export const GATEWAY_REASONS = {
  // Answered without a policy decision (allow).
  'cors-preflight': 'A CORS preflight on an MCP route, answered by the gateway.',
  'protected-resource-metadata': 'The route’s OAuth protected-resource metadata (RFC 9728).',
  'authorization-server-metadata': 'The authorization server metadata, served on the route too.',
  // Refused before the token is looked at.
  'origin-not-allowed': 'A browser Origin the route does not allow (DNS rebinding guard), 403.',
  'token-in-query': 'An access token in the URL query (OAuth 2.1 §5.1.2 forbids it), 400.',
  'mcp-wrong-path': 'An MCP request to a path that is not the route’s MCP endpoint, 404.',
  // The access token (401 + WWW-Authenticate, outcome `login`).
  'token-missing': 'No access token.',
  'token-malformed': 'An Authorization header that is not one Bearer/DPoP token.',
  'token-invalid': 'A token whose signature, issuer or type does not verify.',
  'token-expired': 'An expired token.',
  'token-wrong-audience': 'A token issued for another MCP server (RFC 8707 audience).',
  'token-revoked': 'A token of a revoked grant.',
  'token-user-disabled': 'A token of a user an operator disabled.',
  'token-dpop-bound': 'A DPoP-bound token sent with the Bearer scheme (RFC 9449 §7.2).',
  'token-not-dpop-bound': 'The DPoP scheme with a token not bound to a key.',
  'token-invalid-dpop-proof': 'A DPoP proof that fails; a `dpop-*` detail reason says why.',
  'token-insufficient-scope': 'A token without the MCP scope, 403.',
  // DPoP proof details (RFC 9449 §4.3), logged after `token-invalid-dpop-proof`.
  'dpop-missing': 'No DPoP proof header.',
  'dpop-multiple': 'More than one DPoP proof header.',
  'dpop-malformed': 'A DPoP proof that is not a JWT.',
  'dpop-header': 'A DPoP proof header with the wrong typ, alg or jwk.',
  'dpop-signature': 'A DPoP proof whose signature does not verify.',
  'dpop-claims': 'A DPoP proof missing required claims.',
  'dpop-htm': 'A DPoP proof for another HTTP method.',
  'dpop-htu': 'A DPoP proof for another URL.',
  'dpop-iat': 'A DPoP proof issued too long ago or in the future.',
  'dpop-ath': 'A DPoP proof for another access token (`ath`).',
  'dpop-key-mismatch': 'A DPoP proof signed by a key the token is not bound to.',
  'dpop-replayed': 'A DPoP proof used before (`jti`).',
  // The legacy-era session id (MCP Streamable HTTP §Session Management).
  'mcp-session-id-invalid': 'A malformed Mcp-Session-Id, 400.',
  'mcp-session-unknown': 'An Mcp-Session-Id no session of this route and user has, 404.',
  'mcp-session-other-user': 'An Mcp-Session-Id bound to another user or route, 404.',
  // The JSON-RPC body (refused before the upstream is contacted).
  'mcp-content-type': 'A POST that is not application/json.',
  'mcp-body-too-large': 'A body over the MCP size limit, 413.',
  'mcp-body-incomplete': 'A body that ended before its Content-Length.',
  'mcp-body-encoding': 'A body with a byte order mark or invalid UTF-8.',
  'mcp-parse-error': 'A body that is not JSON.',
  'mcp-duplicate-key': 'A JSON object with the same key twice (parser differential guard).',
  'mcp-too-deep': 'JSON nested deeper than the limit.',
  'mcp-batch': 'A JSON-RPC batch (not accepted).',
  'mcp-invalid-request': 'A body that is not one JSON-RPC request or notification.',
  'mcp-invalid-params': 'tools/call params of the wrong shape.',
  'mcp-header-mismatch': 'Mcp-Method / Mcp-Name headers that differ from the body (SEP-2243).',
} as const;

export type GatewayReason = keyof typeof GATEWAY_REASONS;
