import {
  UnauthorizedError,
  type OAuthClientProvider,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Client as BrowserLike } from '@gatehouse/testing/gateway';
import { authorizeInBrowser, localFetch } from './mcp-oauth.ts';

/** The SDK v1 (legacy era) client's OAuth state in memory. Its interface differs from v2's. */
export class LegacyOAuthProvider implements OAuthClientProvider {
  authorizationUrl: URL | undefined;
  #client: OAuthClientInformationMixed | undefined;
  #tokens: OAuthTokens | undefined;
  #verifier = '';
  readonly #redirectUrl: string;

  constructor(redirectUrl = 'http://127.0.0.1:33419/callback') {
    this.#redirectUrl = redirectUrl;
  }

  get redirectUrl(): string {
    return this.#redirectUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Gatehouse e2e legacy client',
      redirect_uris: [this.#redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  clientInformation() {
    return this.#client;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.#client = info;
  }
  tokens() {
    return this.#tokens;
  }
  saveTokens(tokens: OAuthTokens) {
    this.#tokens = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.#verifier = verifier;
  }
  codeVerifier() {
    return this.#verifier;
  }
}

/**
 * Connects an SDK v1 client through the gateway: 401 → discovery, DCR, authorization URL → the
 * scripted browser signs in and approves → `finishAuth(code)` → a new transport connects.
 */
export async function connectLegacyWithOAuth(options: {
  mcpUrl: string;
  provider: LegacyOAuthProvider;
  browser: BrowserLike;
  credentials: { email: string; password: string };
}): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const make = () =>
    new StreamableHTTPClientTransport(new URL(options.mcpUrl), {
      authProvider: options.provider,
      fetch: localFetch,
    });
  const newClient = () => new Client({ name: 'gatehouse-e2e-legacy', version: '1.0.0' });
  const first = make();
  try {
    const client = newClient();
    await client.connect(first);
    return { client, transport: first };
  } catch (error) {
    if (!(error instanceof UnauthorizedError) || options.provider.authorizationUrl === undefined)
      throw error;
  }
  const callback = await authorizeInBrowser(
    options.browser,
    options.provider.authorizationUrl,
    options.provider.redirectUrl,
    options.credentials,
  );
  await first.finishAuth(callback.searchParams.get('code') ?? '');
  const transport = make();
  const client = newClient();
  await client.connect(transport);
  return { client, transport };
}

/** A raw legacy-era (2025-11-25) MCP POST with a bearer token and, optionally, a session id. */
export function legacyPost(
  mcpUrl: string,
  token: string,
  sessionId: string | undefined,
  body: unknown,
): Promise<Response> {
  return localFetch(mcpUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
      ...(sessionId === undefined ? {} : { 'mcp-session-id': sessionId }),
    },
    body: JSON.stringify(body),
  });
}
