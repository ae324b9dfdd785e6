/**
 * Who a user is: the one identity shape every package passes around (the edge's decision input,
 * sessions, the authorization server's account lookup, tunnel accounts). It never carries a
 * token or an IdP's raw claims.
 *
 * The user id is called `userId` everywhere in our own code. `sub` appears only where a wire
 * format names it (JWT claims of access tokens and of the signed identity assertion, RFC 7519
 * §4.1.2), and `accountId` only where oidc-provider's API or stored payloads name it; all three
 * hold the same value.
 */
export interface Identity {
  /** A built-in account's id, or `<idp>:<sub>` for a user of an upstream identity provider. */
  readonly userId: string;
  readonly email: string | null;
  readonly name: string | null;
  readonly groups: readonly string[];
}
