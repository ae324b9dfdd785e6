import {
  Client as McpClient,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import type {
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthDiscoveryState,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
} from '@modelcontextprotocol/client';
import { Agent, fetch as undiciFetch } from 'undici';
import { Client as BrowserLike, type Reply } from '@gatehouse/testing/gateway';

/**
 * Node cannot resolve `*.localhost`; browsers and curl can. This fetch sends every request to
 * 127.0.0.1 while keeping the URL (and so the Host header and TLS name) exactly as given.
 */
const loopback = new Agent({
  connect: {
    lookup: (_hostname, options, callback) => {
      if ((options as { all?: boolean }).all === true)
        callback(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    },
  },
});
export const localFetch = ((url: string | URL, init?: RequestInit) =>
  undiciFetch(url, { ...(init as object), dispatcher: loopback })) as unknown as typeof fetch;

/** An MCP client's OAuth state kept in memory, as a desktop client would keep it on disk. */
export class MemoryOAuthProvider implements OAuthClientProvider {
  authorizationUrl: URL | undefined;
  #client: StoredOAuthClientInformation | undefined;
  #tokens: StoredOAuthTokens | undefined;
  #verifier = '';
  #discovery: OAuthDiscoveryState | undefined;
  readonly #redirectUrl: string;
  readonly #name: string;

  constructor(redirectUrl = 'http://127.0.0.1:33418/callback', name = 'Gatehouse e2e client') {
    this.#redirectUrl = redirectUrl;
    this.#name = name;
  }

  get redirectUrl(): string {
    return this.#redirectUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.#name,
      redirect_uris: [this.#redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  clientInformation() {
    return this.#client;
  }
  saveClientInformation(info: StoredOAuthClientInformation) {
    this.#client = info;
  }
  tokens() {
    return this.#tokens;
  }
  saveTokens(tokens: StoredOAuthTokens) {
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
  // Kept with the code verifier: on the callback leg the SDK compares the authorization server
  // recorded here at redirect time with the one it discovers now, and refuses a code minted by
  // another (SEP-2352; RFC 7636 binds the verifier to the server that issued the code).
  saveDiscoveryState(state: OAuthDiscoveryState) {
    this.#discovery = state;
  }
  discoveryState() {
    return this.#discovery;
  }
}

/**
 * The browser part of the flow, scripted: open the authorization URL, sign in at the gateway,
 * approve the consent page, and stop at the redirect back to the client (not followed).
 */
export async function authorizeInBrowser(
  browser: BrowserLike,
  authorizationUrl: URL,
  redirectUrl: string,
  credentials: { email: string; password: string },
  answer: 'allow' | 'deny' = 'allow',
): Promise<URL> {
  let url = authorizationUrl.href;
  for (let step = 0; step < 20; step += 1) {
    const reply: Reply = await browser.request(url, { headers: { accept: 'text/html' } });
    if (reply.status >= 300 && reply.status < 400) {
      const next = new URL(reply.headers.location ?? '', url);
      if (next.href.startsWith(redirectUrl)) return next;
      url = next.href;
      continue;
    }
    if (reply.status !== 200)
      throw new Error(`authorization stopped at ${url} with ${reply.status}`);
    const page = new URL(url);
    let posted: Reply;
    if (page.pathname === '/signin') {
      posted = await browser.postForm(new URL('/signin', page).href, {
        email: credentials.email,
        password: credentials.password,
        csrf: BrowserLike.field(reply.body, 'csrf'),
        return_to: page.searchParams.get('return_to') ?? '',
      });
    } else if (page.pathname.startsWith('/oauth/interaction/')) {
      posted = await browser.postForm(
        new URL(`${page.pathname}/${answer === 'allow' ? 'confirm' : 'deny'}`, page).href,
        {
          csrf: BrowserLike.field(reply.body, 'csrf'),
        },
      );
    } else {
      throw new Error(`unexpected page ${page.pathname}`);
    }
    if (posted.status < 300 || posted.status >= 400)
      throw new Error(`form at ${page.pathname} answered ${posted.status}`);
    const next = new URL(posted.headers.location ?? '', page);
    if (next.href.startsWith(redirectUrl)) return next;
    url = next.href;
  }
  throw new Error('too many steps in the authorization flow');
}

/**
 * Connects an MCP SDK v2 client through the gateway: the first connect gets 401 and an
 * authorization URL, the browser part runs, then the code is exchanged and the client reconnects.
 */
export async function connectWithOAuth(options: {
  mcpUrl: string;
  provider: MemoryOAuthProvider;
  browser: BrowserLike;
  credentials: { email: string; password: string };
  modern?: boolean;
  /** The transport's fetch (default `localFetch`), e.g. one that records requests. */
  fetch?: typeof fetch;
}): Promise<{ client: McpClient; transport: StreamableHTTPClientTransport }> {
  const make = () =>
    new StreamableHTTPClientTransport(new URL(options.mcpUrl), {
      authProvider: options.provider,
      fetch: options.fetch ?? localFetch,
    });
  const newClient = () =>
    new McpClient(
      { name: 'gatehouse-e2e', version: '1.0.0' },
      options.modern === true ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
    );
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
  await first.finishAuth(callback.searchParams);
  const transport = make();
  const client = newClient();
  await client.connect(transport);
  return { client, transport };
}
