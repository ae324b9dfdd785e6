import {
  Client,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import { RESOURCE_MIME_TYPE } from '@modelcontextprotocol/ext-apps/app-bridge';
import { HOST_INFO } from '../host-info.ts';
import { connectErrorMessage } from '../lib/connect-error.ts';
import { BrowserOAuthProvider } from './oauth-provider.ts';

export type ConnectOutcome =
  | { readonly kind: 'connected'; readonly client: Client }
  /** The provider navigated to the authorization server; the page is about to unload. */
  | { readonly kind: 'redirecting' }
  | { readonly kind: 'failed'; readonly error: string };

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseServerUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function newTransport(url: URL, authProvider: BrowserOAuthProvider): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(url, { authProvider });
}

/**
 * Connects with the SDK v2 client in either protocol era, advertising the MCP Apps extension
 * (SEP-1865: `mimeTypes` is required).
 */
export async function connect(serverUrl: string): Promise<ConnectOutcome> {
  const url = parseServerUrl(serverUrl);
  if (url === undefined) {
    return { kind: 'failed', error: `Could not connect: "${serverUrl}" is not an http(s) URL.` };
  }
  const client = new Client(
    { name: 'gatehouse-devhost', title: HOST_INFO.name, version: HOST_INFO.version },
    {
      capabilities: {
        extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: [RESOURCE_MIME_TYPE] } },
      },
      versionNegotiation: { mode: 'auto' },
    },
  );
  const authProvider = new BrowserOAuthProvider(url.href, window.location.origin);
  try {
    await client.connect(newTransport(url, authProvider));
    return { kind: 'connected', client };
  } catch (error) {
    if (
      error instanceof UnauthorizedError &&
      BrowserOAuthProvider.pendingServerUrl() === url.href
    ) {
      return { kind: 'redirecting' };
    }
    await client.close().catch(() => undefined);
    return { kind: 'failed', error: connectErrorMessage(url, errorMessage(error)) };
  }
}

/**
 * Back on /oauth/callback: check `state` (the SDK does not), then let the SDK redeem the code
 * (with the RFC 9207 `iss` check) and store the tokens. Returns the server URL to reconnect to.
 */
export async function finishAuthorization(
  search: URLSearchParams,
): Promise<{ ok: true; serverUrl: string } | { ok: false; error: string }> {
  const serverUrl = BrowserOAuthProvider.pendingServerUrl();
  BrowserOAuthProvider.clearPending();
  const url = serverUrl === undefined ? undefined : parseServerUrl(serverUrl);
  if (url === undefined) {
    return { ok: false, error: 'No authorization was in progress in this browser session.' };
  }
  const provider = new BrowserOAuthProvider(url.href, window.location.origin);
  const expectedState = provider.expectedState();
  if (expectedState === undefined || search.get('state') !== expectedState) {
    return { ok: false, error: 'The authorization response does not match the request (state).' };
  }
  const oauthError = search.get('error');
  if (oauthError !== null) {
    // Only the code: error_description is attacker-controlled in a mix-up attack.
    return { ok: false, error: `Authorization failed: ${oauthError}.` };
  }
  if (search.get('code') === null) {
    return { ok: false, error: 'The authorization response has no code.' };
  }
  try {
    await newTransport(url, provider).finishAuth(search);
  } catch (error) {
    return { ok: false, error: `Could not finish authorization: ${errorMessage(error)}` };
  }
  provider.invalidateCredentials('verifier');
  return { ok: true, serverUrl: url.href };
}
