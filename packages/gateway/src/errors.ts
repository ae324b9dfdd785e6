/**
 * Every error code the gateway (edge, sign-in, authorization server, tunnel accounts, store, TLS) raises, each with what it means. A test
 * (`packages/core/test/error-registries.test.ts`) fails when a code appears in `src/` without
 * being listed here, so this list is the one place to read them.
 */
export const GATEWAY_ERRORS = {
  ERR_ACME_DNS_HOOK: 'The `tls.acme.dns_hook` command failed; fix the hook or its DNS credentials.',
  ERR_ASSERTION_CLAIMS_INVALID:
    'An identity assertion was asked for without a subject or audience.',
  ERR_ASSERTION_CONFIG_INVALID: 'The assertion lifetime is out of range.',
  ERR_ASSERTION_KEY_INVALID: 'The assertion signing key is not an EC P-256 private key.',
  ERR_CLUSTER_HOP_UNREACHABLE:
    'The internal hop to another node failed (it died or its lease is stale); another holder is tried.',
  ERR_CLUSTER_LISTEN:
    'The internal listener for other nodes (`cluster.internal_listen`) cannot listen.',
  ERR_CONFIG_FILE: 'A file the config names cannot be read; the message names the key.',
  ERR_CONFIG_INVALID: 'The config file is invalid; the message lists every issue with its key.',
  ERR_CONFIG_READ: 'The config file cannot be read (path and OS reason in the message).',
  ERR_CONFIG_RELOAD: 'Reloading the config failed; the running config is kept.',
  ERR_CONFIG_WATCH: "The config file's folder cannot be watched for changes.",
  ERR_GATEWAY_LISTEN: 'The gateway cannot listen on a port (in use or not permitted).',
  ERR_GATEWAY_REQUEST_TOO_LARGE: "A request body over the route's limit (413).",
  ERR_MCP_NOT_AN_MCP_ROUTE: 'A resource (RFC 8707) that names no MCP route of this gateway.',
  ERR_MCP_REVOCATION_REFRESH:
    'The resource server could not refresh its view of revoked grants (fails closed).',
  ERR_MCP_SESSION_ID_INVALID: 'A malformed `Mcp-Session-Id` (separators, oversize, non-ASCII).',
  ERR_MCP_SESSION_OWNED_ELSEWHERE: 'An `Mcp-Session-Id` bound to another user or route.',
  ERR_OAUTH_FETCH_BLOCKED:
    'A client-supplied URL resolves to a blocked address range (SSRF guard).',
  ERR_OAUTH_FETCH_FAILED: 'Fetching a client-supplied document failed (status, timeout, shape).',
  ERR_OAUTH_FETCH_RESOLVE: 'DNS resolution of a client-supplied URL failed.',
  ERR_OAUTH_FETCH_TOO_LARGE: 'A client-supplied document is larger than allowed.',
  ERR_OAUTH_FETCH_URL:
    'A client-supplied URL the server will not fetch (scheme, host, port or shape).',
  ERR_OAUTH_INTERACTION:
    'An authorization interaction that cannot be completed here (unknown client or prompt).',
  ERR_OIDC_CALLBACK: 'The upstream IdP answered the sign-in with an error.',
  ERR_OIDC_DISCOVERY: "The upstream IdP's discovery document cannot be fetched or is invalid.",
  ERR_OIDC_EXCHANGE: "Exchanging the upstream IdP's code failed.",
  ERR_OIDC_ISSUER_MISMATCH:
    "The upstream IdP's answer names another issuer (mix-up defence, RFC 9207).",
  ERR_OIDC_STATE: 'An upstream sign-in callback whose state is unknown, used or expired.',
  ERR_PASSWORD_HASH: 'Hashing a password failed.',
  ERR_SECRET_INVALID:
    'A cookie secret or signing key file has the wrong format; the message shows how to make one.',
  ERR_SECRET_READ: 'A secret file cannot be read.',
  ERR_SECRET_WRITE: 'A generated secret file cannot be written.',
  ERR_STORE_CLOSED: 'The store was closed.',
  ERR_STORE_CONFLICT: 'A unique value (an e-mail address, a session id) is taken.',
  ERR_STORE_CORRUPT: 'A stored row cannot be read back.',
  ERR_STORE_FAILED: 'Any other store failure.',
  ERR_STORE_INVALID: 'A value the store cannot keep (empty e-mail, non-JSON value).',
  ERR_STORE_MIGRATION: 'A migration failed; the database is left at the last applied version.',
  ERR_STORE_NOT_FOUND: 'The row to update does not exist.',
  ERR_STORE_OPEN: 'The database file cannot be opened or is not a database.',
  ERR_STORE_UNAVAILABLE:
    'The database server cannot be reached (PostgreSQL down, connection lost): 503, retried later.',
  ERR_STORE_SCHEMA_TOO_NEW: 'The database was written by a newer Gatehouse.',
  ERR_TLS_CERTIFICATE: 'A certificate file holds no PEM certificate.',
  ERR_TUNNEL_INVALID_EMAIL: 'A tunnel share address that is not an e-mail address.',
  ERR_TUNNEL_INVALID_ROUTE: 'A tunnel route name that is not a DNS label.',
  ERR_TUNNEL_NAMESPACE_EXHAUSTED: 'No free tunnel namespace could be drawn.',
  ERR_TUNNEL_NOT_OWNER: 'The SSH identity does not own the namespace it names.',
  ERR_TUNNEL_RATE_LIMITED:
    'Too many SSH sign-ins from one IP address (the tunnel package branches on it).',
  ERR_TUNNEL_TOO_MANY_SHARES: 'A tunnel route shared with too many addresses.',
} as const;

export type GatewayErrorCode = keyof typeof GATEWAY_ERRORS;
