/** The request header carrying the gateway-signed identity assertion to an upstream. */
export const ASSERTION_HEADER = 'x-gatehouse-jwt-assertion';

/** Where the edge serves the public keys that verify assertions. */
export const JWKS_PATH = '/.well-known/gatehouse/jwks.json';

/** Assertions are short-lived so a leaked one is soon useless (research §5 J4). */
export const MAX_ASSERTION_TTL_SECONDS = 300;
