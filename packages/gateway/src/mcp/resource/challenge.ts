import type { TokenFailure } from './access-token.ts';
import { mcpCorsHeaders } from './cors.ts';
import { DPOP_SIGNING_ALGS } from './dpop-proof.ts';
import { MCP_SCOPE, prmUrl } from './prm.ts';
import type { McpRouteView } from './route.ts';

export interface ChallengeOptions {
  readonly error?: 'invalid_token' | 'insufficient_scope' | 'invalid_dpop_proof';
  readonly description?: string;
  /** Space-separated scopes the operation needs (default `mcp`). */
  readonly scope?: string;
}

/**
 * `WWW-Authenticate: Bearer …` for an MCP route (RFC 6750 §3, RFC 9728 §5.1): always the
 * absolute, path-inserted PRM URL and the scope, plus the error when there is one.
 */
export function wwwAuthenticate(route: McpRouteView, options: ChallengeOptions = {}): string {
  return `Bearer ${challengeParams(route, options).join(', ')}`;
}

/**
 * `WWW-Authenticate: DPoP algs="…", …` (RFC 9449 §7.1), with the same `resource_metadata` and
 * scope as the Bearer challenge (RFC 9728 §5.1 applies to any scheme).
 */
export function dpopChallenge(route: McpRouteView, options: ChallengeOptions = {}): string {
  return `DPoP ${[param('algs', DPOP_SIGNING_ALGS.join(' ')), ...challengeParams(route, options)].join(', ')}`;
}

/**
 * Both challenges in one field (RFC 9110 §11.6.1 allows a list): Bearer first, because MCP
 * clients read `resource_metadata` from the first challenge. Only the challenge of the scheme
 * the client used carries the error.
 */
export function bothChallenges(
  route: McpRouteView,
  scheme: 'bearer' | 'dpop' | undefined,
  options: ChallengeOptions = {},
): string {
  const scopeOnly = options.scope === undefined ? {} : { scope: options.scope };
  return [
    wwwAuthenticate(route, scheme === 'dpop' ? scopeOnly : options),
    dpopChallenge(route, scheme === 'dpop' ? options : scopeOnly),
  ].join(', ');
}

function challengeParams(route: McpRouteView, options: ChallengeOptions): string[] {
  const params = [
    param('resource_metadata', prmUrl(route)),
    param('scope', options.scope ?? MCP_SCOPE),
  ];
  if (options.error !== undefined) params.push(param('error', options.error));
  if (options.description !== undefined) {
    params.push(param('error_description', options.description));
  }
  return params;
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
  'dpop-bound':
    'The access token is DPoP-bound: send it as Authorization: DPoP with a DPoP proof (RFC 9449)',
  'not-dpop-bound': 'The access token is not DPoP-bound: send it as Authorization: Bearer',
  'invalid-dpop-proof': 'The DPoP proof is missing, invalid, replayed or not for this request',
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
  scheme?: 'bearer' | 'dpop',
): UnauthorizedResponse {
  const description = DESCRIPTIONS[reason];
  // RFC 9449 §7.1: a bad proof is `invalid_dpop_proof` in the DPoP challenge.
  const error = reason === 'invalid-dpop-proof' ? 'invalid_dpop_proof' : 'invalid_token';
  const challenge =
    reason === 'missing'
      ? bothChallenges(route, undefined)
      : bothChallenges(route, scheme ?? 'bearer', { error, description });
  return {
    status: 401,
    headers: {
      ...mcpCorsHeaders(requestOrigin),
      'www-authenticate': challenge,
      'content-type': 'application/json',
      'cache-control': 'no-store',
    },
    body: JSON.stringify({ error, error_description: description }),
  };
}
