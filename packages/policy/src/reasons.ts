/**
 * Every reason code a policy decision can carry (`Decision.reasons`, the explain trace). The same
 * codes drive the HTTP status, the JSON-RPC error and the audit log, so they are stable: Pomerium's
 * names where Pomerium has the criterion. `result()` takes only these, so a criterion cannot
 * invent one without adding it here.
 *
 * - `<criterion>-ok` / `<criterion>-unauthorized`: the criterion matched / did not match.
 * - `user-unauthenticated`: a session-based criterion ran without a session; the decision becomes
 *   `login` (sign in) rather than `deny`.
 * - `mcp-method-match` / `-no-match`, `mcp-tool-match` / `-no-match`: the JSON-RPC method or the
 *   `tools/call` tool name matched / did not; `mcp-not-a-request`: the body is not one JSON-RPC
 *   request; `mcp-not-a-tool-call`: `mcp_tool` on a request that is not `tools/call`.
 * - `cors-request` / `non-cors-request`: the `cors_preflight` criterion (an `OPTIONS` request
 *   with `Access-Control-Request-Method`).
 * - `accept` / `reject`: the `accept` and `reject` criteria (always true / always false).
 */
export const POLICY_REASONS = [
  'accept',
  'reject',
  'claim-ok',
  'claim-unauthorized',
  'cors-request',
  'non-cors-request',
  'date-ok',
  'date-unauthorized',
  'day-of-week-ok',
  'day-of-week-unauthorized',
  'domain-ok',
  'domain-unauthorized',
  'email-ok',
  'email-unauthorized',
  'groups-ok',
  'groups-unauthorized',
  'http-method-ok',
  'http-method-unauthorized',
  'http-path-ok',
  'http-path-unauthorized',
  'mcp-method-match',
  'mcp-method-no-match',
  'mcp-not-a-request',
  'mcp-not-a-tool-call',
  'mcp-tool-match',
  'mcp-tool-no-match',
  'source-ip-ok',
  'source-ip-unauthorized',
  'ssh-publickey-ok',
  'ssh-publickey-unauthorized',
  'ssh-username-ok',
  'ssh-username-unauthorized',
  'time-of-day-ok',
  'time-of-day-unauthorized',
  'user-ok',
  'user-unauthenticated',
  'user-unauthorized',
] as const;

export type PolicyReason = (typeof POLICY_REASONS)[number];
