import type { TokenFailure } from './access-token.ts';
import { mcpCorsHeaders } from './cors.ts';
import { MCP_SCOPE, prmUrl } from './prm.ts';
import type { McpRouteView } from './route.ts';

export interface ChallengeOptions {
  readonly error?: 'invalid_token' | 'insufficient_scope';
  readonly description?: string;
  /** Space-separated scopes the operation needs (default `mcp`). */
  readonly scope?: string;
}

/**
 * `WWW-Authenticate: Bearer …` for an MCP route (RFC 6750 §3, RFC 9728 §5.1): always the
 * absolute, path-inserted PRM URL and the scope, plus the error when there is one.
 */
export function wwwAuthenticate(route: McpRouteView, options: ChallengeOptions = {}): string {
  const params = [
    param('resource_metadata', prmUrl(route)),
    param('scope', options.scope ?? MCP_SCOPE),
  ];
  if (options.error !== undefined) params.push(param('error', options.error));
  if (options.description !== undefined) {
    params.push(param('error_description', options.description));
  }
  return `Bearer ${params.join(', ')}`;
}

const MAX_PARAM_LENGTH = 512;

/**
 * `name="value"` as a quoted-string (RFC 9110 §5.6.4) restricted to what RFC 6750 §3 allows in
 * every Bearer parameter: %x20-21 / %x23-5B / %x5D-7E. So there is nothing to escape: a `"`
 * becomes `'`, and a backslash, CR, LF, other control or non-ASCII character becomes a space.
 * No header injection or broken parameter list is possible whatever the input.
 */
function param(name: string, value: string): string {
  const safe = value
    .slice(0, MAX_PARAM_LENGTH)
    .replace(/"/g, "'")
    .replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, ' ');
  return `${name}="${safe}"`;
}

const DESCRIPTIONS: Readonly<Record<TokenFailure, string>> = {
  missing: 'Authorization required',
  malformed: 'Malformed Authorization header',
  invalid: 'The access token is invalid',
  expired: 'The access token expired',
  'wrong-audience': 'The access token was not issued for this resource',
  revoked: 'The access token is no longer valid',
  'user-disabled': 'The access token is no longer valid',
};

export interface UnauthorizedResponse {
  readonly status: 401;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * The 401 for an MCP request without a usable token: never a redirect (an MCP client cannot
 * follow one into a sign-in page); CORS so browser clients can read the challenge. RFC 6750
 * §3.1: without credentials the challenge carries no error code; the JSON body always does, as
 * the MCP SDK's clients expect.
 */
export function unauthorizedResponse(
  route: McpRouteView,
  reason: TokenFailure,
  requestOrigin?: string,
): UnauthorizedResponse {
  const description = DESCRIPTIONS[reason];
  const challenge =
    reason === 'missing'
      ? wwwAuthenticate(route)
      : wwwAuthenticate(route, { error: 'invalid_token', description });
  return {
    status: 401,
    headers: {
      ...mcpCorsHeaders(requestOrigin),
      'www-authenticate': challenge,
      'content-type': 'application/json',
      'cache-control': 'no-store',
    },
    body: JSON.stringify({ error: 'invalid_token', error_description: description }),
  };
}
