/**
 * Reading the access token from a request. RFC 6750 §2.1: `Authorization: Bearer <b64token>`,
 * the scheme case-insensitive. The header is the only place we accept a token (MCP
 * authorization: clients MUST NOT put it in the query string; RFC 6750 §2.3 is not supported).
 */
export type BearerParse =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'malformed' };

/** Longer tokens are refused before any parsing or signature work. */
export const MAX_TOKEN_LENGTH = 8192;

// b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" (RFC 6750 §2.1).
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
const SCHEME = /^bearer(?:\s|$)/i;

export function parseBearer(authorization: string | undefined): BearerParse {
  const parsed = parseAuthorization(authorization);
  if (parsed.kind !== 'token') return parsed;
  // A DPoP-scheme header is not a Bearer credential (RFC 6750 §3.1: no authentication info).
  return parsed.scheme === 'bearer' ? { kind: 'token', token: parsed.token } : { kind: 'missing' };
}

/** The two schemes an MCP route understands: RFC 6750 Bearer and RFC 9449 §7.1 DPoP. */
export type AuthorizationParse =
  | { readonly kind: 'token'; readonly scheme: 'bearer' | 'dpop'; readonly token: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'malformed' };

// RFC 9449 §7.1: `DPoP` + token68, which has the same syntax as Bearer's b64token.
const DPOP = /^dpop +([A-Za-z0-9\-._~+/]+=*)$/i;
const DPOP_SCHEME = /^dpop(?:\s|$)/i;

export function parseAuthorization(authorization: string | undefined): AuthorizationParse {
  if (authorization === undefined || authorization.trim() === '') return { kind: 'missing' };
  const value = authorization.trim();
  if (DPOP_SCHEME.test(value)) {
    if (value.length > MAX_TOKEN_LENGTH + 'DPoP '.length) return { kind: 'malformed' };
    const match = DPOP.exec(value);
    return match?.[1] === undefined
      ? { kind: 'malformed' }
      : { kind: 'token', scheme: 'dpop', token: match[1] };
  }
  const bearer = parseBearerScheme(value);
  return bearer.kind === 'token' ? { ...bearer, scheme: 'bearer' } : bearer;
}

function parseBearerScheme(value: string): BearerParse {
  // RFC 6750 §3.1: a request with another scheme (Basic, …) "lacks any authentication
  // information" for us, so it is answered like a request without credentials.
  if (!SCHEME.test(value)) return { kind: 'missing' };
  if (value.length > MAX_TOKEN_LENGTH + 'Bearer '.length) return { kind: 'malformed' };
  const match = BEARER.exec(value);
  return match?.[1] === undefined ? { kind: 'malformed' } : { kind: 'token', token: match[1] };
}

/**
 * True when the request target carries `access_token` in its query (any case, any encoding).
 * The edge answers such a request with 400 and never looks at the value.
 */
export function hasQueryToken(url: string | URL): boolean {
  const search = typeof url === 'string' ? queryOf(url) : url.search;
  if (search === '') return false;
  for (const key of new URLSearchParams(search).keys()) {
    if (key.toLowerCase() === 'access_token') return true;
  }
  return false;
}

function queryOf(target: string): string {
  const q = target.indexOf('?');
  if (q === -1) return '';
  const hash = target.indexOf('#', q);
  return target.slice(q + 1, hash === -1 ? undefined : hash);
}
