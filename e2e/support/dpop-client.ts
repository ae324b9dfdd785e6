import { createHash, randomUUID } from 'node:crypto';
import { dpopProof, htuOf, type DpopKey } from '@gatehouse/testing';
import { Client as BrowserLike } from '@gatehouse/testing/gateway';
export { dpopKey, dpopProof, type DpopKey, type ProofClaims } from '@gatehouse/testing';
import { authorizeInBrowser, localFetch } from './mcp-oauth.ts';

/**
 * A fetch for an MCP SDK transport that speaks DPoP: every request carries
 * `Authorization: DPoP <token>` and a fresh proof for its method and URL.
 */
export function dpopFetch(key: DpopKey, token: string): typeof fetch {
  return async (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const method = (
      init?.method ?? (input instanceof Request ? input.method : 'GET')
    ).toUpperCase();
    const headers = new Headers(init?.headers);
    headers.set('authorization', `DPoP ${token}`);
    headers.set('dpop', await dpopProof(key, { htm: method, htu: htuOf(url), token }));
    return localFetch(url, { ...init, method, headers });
  };
}

export interface IssuedTokens {
  readonly access_token: string;
  readonly token_type: string;
  readonly refresh_token?: string;
}

/**
 * Registers a public client (DCR), signs in and consents in a scripted browser, and redeems the
 * code at the token endpoint with a DPoP proof of `key` (or, without a key, as a plain client).
 */
export async function obtainTokens(options: {
  authUrl: string;
  resource: string;
  credentials: { email: string; password: string };
  key?: DpopKey;
}): Promise<IssuedTokens> {
  const redirectUri = 'http://127.0.0.1:33419/callback';
  const registered = await localFetch(`${options.authUrl}/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'DPoP e2e client',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    }),
  });
  if (registered.status !== 201) throw new Error(`registration answered ${registered.status}`);
  const { client_id: clientId } = (await registered.json()) as { client_id: string };
  const verifier = randomUUID() + randomUUID();
  const authorize = new URL(`${options.authUrl}/oauth/authorize`);
  for (const [name, value] of Object.entries({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: 'mcp',
    resource: options.resource,
    state: randomUUID(),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }))
    authorize.searchParams.set(name, value);
  const callback = await authorizeInBrowser(
    new BrowserLike(),
    authorize,
    redirectUri,
    options.credentials,
  );
  const code = callback.searchParams.get('code');
  if (code === null) throw new Error('no code in the redirect');
  const tokenUrl = `${options.authUrl}/oauth/token`;
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
  };
  if (options.key !== undefined)
    headers['dpop'] = await dpopProof(options.key, { htm: 'POST', htu: tokenUrl });
  const answered = await localFetch(tokenUrl, {
    method: 'POST',
    headers,
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: clientId,
      code_verifier: verifier,
      resource: options.resource,
    }).toString(),
  });
  if (answered.status !== 200)
    throw new Error(`token endpoint answered ${answered.status}: ${await answered.text()}`);
  return (await answered.json()) as IssuedTokens;
}
