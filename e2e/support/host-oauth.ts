import { createHash, randomBytes } from 'node:crypto';
import { assertionFields, signAssertion, type ClientKey } from '@gatehouse/testing';
import { localFetch } from './mcp-oauth.ts';

/**
 * The OAuth side of a real MCP host (ChatGPT, Claude) written out step by step, so a test can
 * see each request such a host makes and in which order: the 401 challenge, the protected-
 * resource metadata (path-suffixed first), AS metadata (RFC 8414 and OpenID discovery), CIMD or
 * DCR, the token endpoint with `none` or an RFC 7523 assertion, refresh. Every token-endpoint
 * answer is checked for a JSON body, as Claude requires.
 */

export interface Probe {
  readonly url: string;
  readonly status: number;
}

export interface Discovery {
  readonly mcpUrl: string;
  /** From the 401's `WWW-Authenticate: Bearer resource_metadata="…"`. */
  readonly challengedMetadataUrl: string;
  readonly resource: string;
  readonly scope: string;
  readonly issuer: string;
  /** RFC 8414 metadata, or OpenID discovery when that is all there is. */
  readonly as: Readonly<Record<string, unknown>>;
  /** OpenID discovery as served (status 200), or undefined. */
  readonly openid: Readonly<Record<string, unknown>> | undefined;
  /** Every metadata URL fetched, in order. */
  readonly probes: readonly Probe[];
}

export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresAt: number;
  readonly tokenType: string;
}

export interface TokenReply {
  readonly status: number;
  readonly contentType: string;
  readonly json: Record<string, unknown>;
}

/** How the client authenticates at the token endpoint. */
export type ClientAuth =
  | { readonly method: 'none'; readonly clientId: string }
  | { readonly method: 'private_key_jwt'; readonly clientId: string; readonly key: ClientKey };

const getJson = async (url: string, probes: Probe[]) => {
  const response = await localFetch(url, { headers: { accept: 'application/json' } });
  probes.push({ url, status: response.status });
  const text = await response.text();
  return response.status === 200 ? (JSON.parse(text) as Record<string, unknown>) : undefined;
};

/** 401 → PRM (path-suffixed, then root) → AS metadata and OpenID discovery, as the hosts do. */
export async function discover(mcpUrl: string): Promise<Discovery> {
  const unauthenticated = await localFetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }),
  });
  await unauthenticated.arrayBuffer();
  if (unauthenticated.status !== 401)
    throw new Error(`expected 401, got ${unauthenticated.status}`);
  const challenge = unauthenticated.headers.get('www-authenticate') ?? '';
  const challenged = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
  if (challenged === undefined) throw new Error(`no resource_metadata in ${challenge}`);
  const probes: Probe[] = [];
  const url = new URL(mcpUrl);
  // RFC 9728 §3.1: the path-inserted URL first; the root form only if that fails.
  const prm =
    (await getJson(`${url.origin}/.well-known/oauth-protected-resource${url.pathname}`, probes)) ??
    (await getJson(`${url.origin}/.well-known/oauth-protected-resource`, probes));
  if (prm === undefined) throw new Error('no protected-resource metadata');
  const issuer = (prm['authorization_servers'] as string[] | undefined)?.[0];
  if (issuer === undefined) throw new Error('no authorization server in the PRM');
  const rfc8414 = await getJson(`${issuer}/.well-known/oauth-authorization-server`, probes);
  const openid = await getJson(`${issuer}/.well-known/openid-configuration`, probes);
  const as = rfc8414 ?? openid;
  if (as === undefined) throw new Error('no authorization server metadata');
  return {
    mcpUrl,
    challengedMetadataUrl: challenged,
    resource: prm['resource'] as string,
    scope: ((prm['scopes_supported'] as string[] | undefined) ?? []).join(' '),
    issuer,
    as,
    openid,
    probes,
  };
}

export interface AuthorizationRequest {
  readonly url: URL;
  readonly state: string;
  readonly verifier: string;
  readonly redirectUri: string;
}

export function authorizationRequest(
  d: Discovery,
  clientId: string,
  redirectUri: string,
): AuthorizationRequest {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const url = new URL(d.as['authorization_endpoint'] as string);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state,
    resource: d.resource,
    ...(d.scope === '' ? {} : { scope: d.scope }),
  }).toString();
  return { url, state, verifier, redirectUri };
}

/** Checks the callback as a careful host does (RFC 9207 `iss`, `state`) and returns the code. */
export function codeFrom(callback: URL, request: AuthorizationRequest, d: Discovery): string {
  const params = callback.searchParams;
  if (params.get('state') !== request.state) throw new Error('state mismatch');
  if (params.get('iss') !== d.issuer) throw new Error(`iss ${params.get('iss')} ≠ ${d.issuer}`);
  const code = params.get('code');
  if (code === null) throw new Error(`no code: ${params.get('error') ?? callback.href}`);
  return code;
}

/** A token-endpoint exchange; any answer without a JSON body throws (Claude's requirement). */
export async function tokenRequest(
  d: Discovery,
  auth: ClientAuth,
  form: Record<string, string>,
  assertion?: string,
): Promise<TokenReply> {
  const endpoint = d.as['token_endpoint'] as string;
  const fields =
    auth.method === 'none'
      ? { client_id: auth.clientId }
      : assertionFields(
          auth.clientId,
          assertion ?? (await signAssertion(auth.key, { clientId: auth.clientId, aud: endpoint })),
        );
  const response = await localFetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ ...form, ...fields }),
  });
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  if (!contentType.startsWith('application/json')) {
    throw new Error(`token endpoint answered ${response.status} ${contentType} without JSON`);
  }
  return {
    status: response.status,
    contentType,
    json: JSON.parse(text) as Record<string, unknown>,
  };
}

export function tokenSet(reply: TokenReply): TokenSet {
  if (reply.status !== 200) throw new Error(`token endpoint: ${JSON.stringify(reply.json)}`);
  const expiresIn = reply.json['expires_in'];
  if (typeof expiresIn !== 'number') throw new Error('no expires_in');
  return {
    accessToken: reply.json['access_token'] as string,
    refreshToken: reply.json['refresh_token'] as string,
    tokenType: reply.json['token_type'] as string,
    expiresAt: Date.now() + expiresIn * 1000,
  };
}

export async function redeemCode(
  d: Discovery,
  auth: ClientAuth,
  request: AuthorizationRequest,
  code: string,
): Promise<TokenReply> {
  return tokenRequest(d, auth, {
    grant_type: 'authorization_code',
    code,
    code_verifier: request.verifier,
    redirect_uri: request.redirectUri,
    resource: d.resource,
  });
}

/** Refreshes while the access token is still valid, as ChatGPT does ahead of expiry. */
export async function refreshBeforeExpiry(
  d: Discovery,
  auth: ClientAuth,
  tokens: TokenSet,
): Promise<TokenReply> {
  if (Date.now() >= tokens.expiresAt) throw new Error('the access token already expired');
  return tokenRequest(d, auth, {
    grant_type: 'refresh_token',
    refresh_token: tokens.refreshToken,
    resource: d.resource,
  });
}

/** RFC 7591 registration, as Claude does when the AS does not support CIMD. */
export async function registerClient(
  d: Discovery,
  redirectUri: string,
  name: string,
): Promise<string> {
  const endpoint = d.as['registration_endpoint'];
  if (typeof endpoint !== 'string') throw new Error('no registration_endpoint');
  const response = await localFetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: name,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    }),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (response.status !== 201) throw new Error(`registration: ${JSON.stringify(json)}`);
  return json['client_id'] as string;
}
