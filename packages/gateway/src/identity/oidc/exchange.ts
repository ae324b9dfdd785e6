import { authorizationCodeGrant, fetchUserInfo, type Configuration } from 'openid-client';
import { oidcError, safeToken } from './errors.ts';
import type { PendingSignIn } from './pending.ts';

export interface ExchangeResult {
  readonly idToken: Record<string, unknown>;
  readonly userinfo: Record<string, unknown> | undefined;
}

/**
 * Redeems the code with the PKCE verifier (RFC 7636 §4.5) and lets openid-client validate the
 * ID token (signature, iss, aud, exp, iat, nonce — OIDC Core §3.1.3.7). The callback's query is
 * replayed on the configured redirect URI, so the `redirect_uri` sent to the token endpoint is
 * always the registered one, whatever Host the browser came in on. Userinfo is read when the
 * IdP has an endpoint, because many IdPs put email and groups only there.
 */
export async function exchangeCode(input: {
  readonly config: Configuration;
  readonly redirectUri: string;
  readonly params: URLSearchParams;
  readonly state: string;
  readonly pending: PendingSignIn;
  readonly issuer: string;
}): Promise<ExchangeResult> {
  const url = new URL(input.redirectUri);
  url.search = input.params.toString();
  try {
    const tokens = await authorizationCodeGrant(input.config, url, {
      pkceCodeVerifier: input.pending.codeVerifier,
      expectedNonce: input.pending.nonce,
      expectedState: input.state,
      idTokenExpected: true,
    });
    const idToken = claimsOf(tokens.claims());
    if (idToken === undefined) throw new TypeError('token response carried no ID token');
    const userinfo =
      input.config.serverMetadata().userinfo_endpoint === undefined
        ? undefined
        : claimsOf(await fetchUserInfo(input.config, tokens.access_token, String(idToken['sub'])));
    return { idToken, userinfo };
  } catch (cause) {
    throw oidcError(
      'ERR_OIDC_EXCHANGE',
      `OIDC sign-in with ${input.issuer} failed: ${reasonOf(cause)}`,
      cause,
    );
  }
}

/**
 * A short reason that never contains the code, tokens, verifier or secret: the OAuth `error`
 * code from the IdP, or the library's error code (openid-client messages name checks, not
 * values).
 */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const oauthError = (error as { error?: unknown }).error;
  if (typeof oauthError === 'string') return `token endpoint said ${safeToken(oauthError)}`;
  const code = (error as { code?: unknown }).code;
  const label = typeof code === 'string' ? `${safeToken(code)}: ` : '';
  return `${label}${error.message.slice(0, 200)}`;
}

/** Copies a claims object (ID token or userinfo) into a plain record; undefined when absent. */
function claimsOf(value: object | undefined): Record<string, unknown> | undefined {
  return value === undefined ? undefined : Object.fromEntries(Object.entries(value));
}
