import { Client as McpClient, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { Page } from 'playwright-core';
import { type DocumentServer, clientKey, type ClientKey } from '@gatehouse/testing';
import { UI_CAPABILITIES } from '../../template/server/test/support/server.ts';
import { localFetch } from './mcp-oauth.ts';

/**
 * The browser step in Chromium: open the authorization URL, sign in if the gateway asks (a
 * second authorization in the same browser goes straight to consent), read and approve the
 * consent page. The browser then lands on the client's redirect target.
 */
export async function approveInChromium(
  page: Page,
  authorizationUrl: URL,
  credentials: { email: string; password: string },
): Promise<string> {
  await page.goto(authorizationUrl.href);
  await page.waitForURL(/\/(signin|oauth\/interaction\/)/, { timeout: 30_000 });
  if (new URL(page.url()).pathname === '/signin') {
    await page.getByLabel('Email').fill(credentials.email);
    await page.getByLabel('Password').fill(credentials.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/oauth\/interaction\//, { timeout: 30_000 });
  }
  const consent = await page.locator('body').innerText();
  await page.getByRole('button', { name: 'Allow' }).click();
  return consent;
}

export interface EchoOutcome {
  readonly echoed: string;
  readonly widgetMimeType: string | undefined;
  readonly widgetHtml: string;
}

/**
 * What a host does once it holds a token: connect (declaring the MCP Apps extension, as
 * ChatGPT and Claude do), call `echo` and read the `ui://echo` widget it renders.
 */
export async function echoThroughHost(
  mcpUrl: string,
  accessToken: string,
  message: string,
): Promise<EchoOutcome> {
  const withToken = ((url: string | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${accessToken}`);
    return localFetch(url, { ...init, headers });
  }) as typeof fetch;
  const client = new McpClient(
    { name: 'host-shaped-client', version: '1.0.0' },
    { capabilities: UI_CAPABILITIES },
  );
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { fetch: withToken }));
  try {
    const result = await client.callTool({ name: 'echo', arguments: { message } });
    const { contents } = await client.readResource({ uri: 'ui://echo' });
    const widget = contents[0] as { mimeType?: string; text?: string } | undefined;
    return {
      echoed: JSON.stringify(result.content),
      widgetMimeType: widget?.mimeType,
      widgetHtml: widget?.text ?? '',
    };
  } finally {
    await client.close();
  }
}

export interface ChatGptClient {
  readonly clientId: string;
  readonly key: ClientKey;
}

/**
 * A CIMD document shaped like ChatGPT's (`https://chatgpt.com/oauth/<id>/client.json`, research
 * hosts-and-anchors §4) served by the local test HTTPS host: `private_key_jwt` with RS256 and a
 * `jwks_uri`, `none` offered too, the redirect to the given target.
 */
export async function serveChatGptDocument(
  docs: DocumentServer,
  redirectUri: string,
  id = 'connector',
): Promise<ChatGptClient> {
  const key = await clientKey('RS256');
  const clientId = `${docs.origin}/oauth/${id}/client.json`;
  docs.serve(`/oauth/${id}/client.json`, {
    client_id: clientId,
    client_name: 'ChatGPT',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: 'mcp',
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'],
    token_endpoint_auth_signing_alg: 'RS256',
    jwks_uri: `${docs.origin}/oauth/${id}/jwks.json`,
  });
  docs.serve(
    `/oauth/${id}/jwks.json`,
    { keys: [key.publicJwk] },
    { headers: { 'cache-control': 'public, max-age=300' } },
  );
  return { clientId, key };
}

/**
 * A CIMD document shaped like Claude's (`https://claude.ai/oauth/mcp-oauth-client-metadata`)
 * served by the local test HTTPS host: a public client (`none`).
 */
export function serveClaudeDocument(docs: DocumentServer, redirectUri: string): string {
  const clientId = `${docs.origin}/oauth/mcp-oauth-client-metadata`;
  docs.serve('/oauth/mcp-oauth-client-metadata', {
    client_id: clientId,
    client_name: 'Claude',
    client_uri: docs.origin,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  });
  return clientId;
}
