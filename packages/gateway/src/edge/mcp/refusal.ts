import type { InspectRefusal } from '../../mcp/inspect/index.ts';
import type { SessionCheck, TokenFailure } from '../../mcp/resource/index.ts';

/**
 * Why an MCP request stops at the gateway instead of reaching the upstream. Most kinds are
 * refusals; the first two are answers the gateway serves itself (a CORS preflight, metadata),
 * which stop the request the same way. `writeMcpRefusal` turns each kind into the HTTP status,
 * body (JSON-RPC or OAuth error), CORS and challenge headers, and the decision log line.
 */
export type McpRefusal =
  | { readonly kind: 'cors-preflight' }
  | {
      readonly kind: 'metadata';
      readonly reason: 'protected-resource-metadata' | 'authorization-server-metadata';
      readonly document: unknown;
    }
  | { readonly kind: 'origin-not-allowed' }
  | { readonly kind: 'token-in-query' }
  | { readonly kind: 'wrong-path'; readonly body: Buffer }
  | {
      readonly kind: 'token';
      readonly failure: TokenFailure;
      readonly detail: string | undefined;
      /** The scheme the client used, for the challenge's error (RFC 9449 §7.1). */
      readonly scheme: 'bearer' | 'dpop' | undefined;
    }
  | { readonly kind: 'insufficient-scope' }
  | { readonly kind: 'session-id-invalid' }
  | { readonly kind: 'session-not-found'; readonly check: Exclude<SessionCheck, 'ok'> }
  /** The body or its headers failed a check of `mcp/inspect` (size, type, JSON, headers, params). */
  | { readonly kind: 'inspect'; readonly refusal: InspectRefusal }
  /** The route's policy did not allow the call; the decision is on the context. */
  | { readonly kind: 'policy' };

// Refusals without data are shared constants: nothing is allocated to refuse.
export const CORS_PREFLIGHT: McpRefusal = { kind: 'cors-preflight' };
export const ORIGIN_NOT_ALLOWED: McpRefusal = { kind: 'origin-not-allowed' };
export const TOKEN_IN_QUERY: McpRefusal = { kind: 'token-in-query' };
export const INSUFFICIENT_SCOPE: McpRefusal = { kind: 'insufficient-scope' };
export const SESSION_ID_INVALID: McpRefusal = { kind: 'session-id-invalid' };
export const POLICY_REFUSED: McpRefusal = { kind: 'policy' };
