/**
 * What the token verifier asks on every request. Answers come from memory (the revocation cache
 * refreshes them in the background), never from a store read on the hot path.
 */
export interface RevocationView {
  /** True when the grant was revoked, or when the view is too stale to be trusted (fail closed). */
  isGrantRevoked(grantId: string): boolean;
  /** True when the account is disabled, or when the view is too stale to be trusted. */
  isUserDisabled(sub: string): boolean;
  /**
   * While the view is stale because the store cannot be reached: the refresh error, which the
   * verifier throws so the edge answers 503 with a request id (a temporary outage), not 401
   * (which would send MCP clients to sign in again against the same unreachable store).
   */
  outage?(): Error | undefined;
}
