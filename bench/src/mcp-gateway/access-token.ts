import { createHash, randomBytes } from 'node:crypto';
import { authorizeInBrowser, type Credentials } from './authorize.ts';
import { Browser } from '../lib/browser.ts';

// A real access token from the gateway's authorization server, obtained the way an MCP client
// obtains one: dynamic client registration (RFC 7591), authorization code with PKCE S256 and a
// resource indicator (RFC 8707) through the sign-in and consent pages, then the code exchange.

/** Never followed: the flow stops at the redirect, as a native client's loopback listener would. */
const REDIRECT_URI = 'http://127.0.0.1:33418/callback';

export interface IssuedToken {
  readonly accessToken: string;
  /** Seconds, as the token endpoint said. */
  readonly expiresIn: number;
  readonly scope: string;
}

export interface TokenRequest {
  /** The authorization server, e.g. `http://auth.localhost:41234`. */
  readonly authOrigin: string;
  /** The MCP route's canonical URL: the `resource` and so the token's audience. */
  readonly resource: string;
  readonly credentials: Credentials;
}

const base64url = (bytes: Buffer): string => bytes.toString('base64url');

async function json(
  browser: Browser,
  url: URL,
  body: string,
  contentType: string,
): Promise<Record<string, unknown>> {
  const reply = await browser.request(url, {
    method: 'POST',
    headers: { 'content-type': contentType, accept: 'application/json' },
    body,
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply.body);
  } catch {
    parsed = undefined;
  }
  if (reply.status < 200 || reply.status > 299 || typeof parsed !== 'object' || parsed === null) {
    // The body of an OAuth error names the error only; it holds no secret.
    throw new Error(`POST ${url.pathname} answered ${reply.status}: ${reply.body.slice(0, 300)}`);
  }
  return parsed as Record<string, unknown>;
}

/** Registers a public client, runs the browser flow and exchanges the code for tokens. */
export async function obtainAccessToken(request: TokenRequest): Promise<IssuedToken> {
  const browser = new Browser();
  const auth = new URL(request.authOrigin);
  const registered = await json(
    browser,
    new URL('/oauth/register', auth),
    JSON.stringify({
      client_name: 'Gatehouse bench',
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    }),
    'application/json',
  );
  const clientId = registered['client_id'];
  if (typeof clientId !== 'string') throw new Error('registration returned no client_id');

  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const authorize = new URL('/oauth/authorize', auth);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'mcp',
    resource: request.resource,
    state,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();
  const callback = await authorizeInBrowser(browser, authorize, REDIRECT_URI, request.credentials);
  const code = callback.searchParams.get('code');
  if (code === null) {
    throw new Error(`no code in the redirect (error: ${callback.searchParams.get('error')})`);
  }
  if (callback.searchParams.get('state') !== state) throw new Error('the redirect lost state');

  const tokens = await json(
    browser,
    new URL('/oauth/token', auth),
    new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: clientId,
      code_verifier: verifier,
      resource: request.resource,
    }).toString(),
    'application/x-www-form-urlencoded',
  );
  const { access_token: accessToken, expires_in: expiresIn, scope } = tokens;
  if (typeof accessToken !== 'string' || typeof expiresIn !== 'number') {
    throw new Error('the token endpoint returned no access_token or expires_in');
  }
  return { accessToken, expiresIn, scope: typeof scope === 'string' ? scope : '' };
}
