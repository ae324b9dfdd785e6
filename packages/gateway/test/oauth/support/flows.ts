import { expect } from 'vitest';
import { CookieJar, MCP_RESOURCE, pkce, type AsHarness, type Pkce } from './harness.ts';

export const REDIRECT_URI = 'https://app.example/cb';

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly json: Record<string, unknown>;
  readonly text: string;
}

async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON (an HTML page or an empty body)
  }
  return { status: response.status, headers: response.headers, json, text };
}

export async function register(h: AsHarness, metadata: Record<string, unknown>): Promise<Reply> {
  return reply(
    await fetch(h.url('/oauth/register'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(metadata),
    }),
  );
}

/** A DCR public client; returns its client_id. */
export async function registerClient(
  h: AsHarness,
  metadata: Record<string, unknown> = {},
): Promise<string> {
  const r = await register(h, {
    client_name: 'Test MCP client',
    redirect_uris: [REDIRECT_URI],
    ...metadata,
  });
  expect(r.status, r.text).toBe(201);
  return r.json['client_id'] as string;
}

export interface AuthorizeOutcome {
  readonly status: number;
  /** Where the browser was finally sent outside the AS (the client's redirect URI), if anywhere. */
  readonly location: URL | undefined;
  readonly body: string;
}

/** GET /oauth/authorize like a browser: follows the AS's own redirects (interaction, resume). */
export async function authorize(
  h: AsHarness,
  params: Record<string, string>,
  jar = new CookieJar(),
): Promise<AuthorizeOutcome> {
  let next = `${h.url('/oauth/authorize')}?${new URLSearchParams(params).toString()}`;
  for (let hop = 0; hop < 10; hop += 1) {
    const response = await fetch(next, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(response);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || location === null) {
      return { status: response.status, location: undefined, body: await response.text() };
    }
    await response.arrayBuffer();
    const url = new URL(location, next);
    if (url.origin !== h.issuer) return { status: response.status, location: url, body: '' };
    next = url.href;
  }
  throw new Error('too many redirects');
}

export interface CodeRequest {
  readonly clientId: string;
  readonly redirectUri?: string;
  readonly resource?: string;
  readonly scope?: string;
  readonly pkce?: Pkce;
}

/** A successful authorization: the code and the PKCE verifier that goes with it. */
export async function obtainCode(
  h: AsHarness,
  request: CodeRequest,
): Promise<{ code: string; verifier: string; params: URLSearchParams }> {
  const challenge = request.pkce ?? pkce();
  const outcome = await authorize(h, {
    client_id: request.clientId,
    redirect_uri: request.redirectUri ?? REDIRECT_URI,
    response_type: 'code',
    code_challenge: challenge.challenge,
    code_challenge_method: 'S256',
    state: 'st-1',
    resource: request.resource ?? MCP_RESOURCE,
    ...(request.scope === undefined ? {} : { scope: request.scope }),
  });
  const params = outcome.location?.searchParams;
  const code = params?.get('code');
  if (params === undefined || code === null || code === undefined) {
    throw new Error(`no code: ${outcome.status} ${outcome.location?.href ?? outcome.body}`);
  }
  return { code, verifier: challenge.verifier, params };
}

export async function token(
  h: AsHarness,
  form: Record<string, string | readonly string[]>,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    for (const v of typeof value === 'string' ? [value] : value) body.append(key, v);
  }
  return reply(
    await fetch(h.url('/oauth/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    }),
  );
}

export async function redeem(
  h: AsHarness,
  clientId: string,
  code: { code: string; verifier: string },
  redirectUri = REDIRECT_URI,
): Promise<Reply> {
  return token(h, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code: code.code,
    code_verifier: code.verifier,
    redirect_uri: redirectUri,
  });
}

/** Register, authorize and redeem: a client with a fresh access and refresh token. */
export async function signedInClient(
  h: AsHarness,
  resource = MCP_RESOURCE,
): Promise<{ clientId: string; accessToken: string; refreshToken: string }> {
  const clientId = await registerClient(h);
  const tokens = await redeem(h, clientId, await obtainCode(h, { clientId, resource }));
  expect(tokens.status, tokens.text).toBe(200);
  return {
    clientId,
    accessToken: tokens.json['access_token'] as string,
    refreshToken: tokens.json['refresh_token'] as string,
  };
}

export function refresh(
  h: AsHarness,
  clientId: string,
  refreshToken: string,
  extra: Record<string, string> = {},
): Promise<Reply> {
  return token(h, {
    grant_type: 'refresh_token',
    client_id: clientId,
    refresh_token: refreshToken,
    ...extra,
  });
}
