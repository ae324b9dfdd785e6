import type {
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthDiscoveryState,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
} from '@modelcontextprotocol/client';

const PREFIX = 'gatehouse-devhost:oauth';
/** The server URL whose authorization is in flight, read back on /oauth/callback. */
const PENDING_KEY = `${PREFIX}:pending-server`;
export const OAUTH_CALLBACK_PATH = '/oauth/callback';

type Slot = 'tokens' | 'client' | 'verifier' | 'state' | 'discovery';

/**
 * OAuth client for one MCP server, kept in the browser session (sessionStorage, keyed by the
 * server URL). Registration is dynamic (DCR); PRM discovery, PKCE S256 and `resource` are the
 * SDK's `auth()`. Nothing here is logged: these values are secrets.
 *
 * The registration itself (a public client: an id, no secret) is kept in localStorage per
 * authorization server and dev host origin, so every tab and reload reuses one client: the
 * server lists it once and remembers the consent given to it, instead of a new "Gatehouse dev
 * host" per tab. A server that forgot it answers invalid_client; the SDK then calls
 * invalidateCredentials('client') and registers again.
 */
export class BrowserOAuthProvider implements OAuthClientProvider {
  readonly #serverUrl: string;
  readonly #origin: string;
  readonly #storage: Storage;

  readonly #shared: Storage;

  constructor(
    serverUrl: string,
    origin: string,
    storage: Storage = sessionStorage,
    shared: Storage = localStorage,
  ) {
    this.#serverUrl = serverUrl;
    this.#origin = origin;
    this.#storage = storage;
    this.#shared = shared;
  }

  /** One registration per authorization server (known once discovery ran) and origin. */
  #clientKey(): string {
    const issuer = this.discoveryState()?.authorizationServerUrl ?? this.#serverUrl;
    return `${PREFIX}:client:${issuer}:${this.#origin}`;
  }

  static pendingServerUrl(storage: Storage = sessionStorage): string | undefined {
    return storage.getItem(PENDING_KEY) ?? undefined;
  }

  static clearPending(storage: Storage = sessionStorage): void {
    storage.removeItem(PENDING_KEY);
  }

  #key(slot: Slot): string {
    return `${PREFIX}:${this.#serverUrl}:${slot}`;
  }

  #read<T>(slot: Slot): T | undefined {
    const raw = this.#storage.getItem(this.#key(slot));
    if (raw === null) return undefined;
    try {
      // Written by this class on this origin only.
      return JSON.parse(raw) as T;
    } catch {
      this.#storage.removeItem(this.#key(slot));
      return undefined;
    }
  }

  #write(slot: Slot, value: unknown): void {
    this.#storage.setItem(this.#key(slot), JSON.stringify(value));
  }

  get redirectUrl(): string {
    return `${this.#origin}${OAUTH_CALLBACK_PATH}`;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Gatehouse dev host',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state(): string {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    const state = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    this.#write('state', state);
    return state;
  }

  /** The SDK does not check `state`; the callback page does, with this. */
  expectedState(): string | undefined {
    return this.#read<string>('state');
  }

  clientInformation(): StoredOAuthClientInformation | undefined {
    const raw = this.#shared.getItem(this.#clientKey());
    if (raw === null) return undefined;
    try {
      // Written by this class on this origin only.
      return JSON.parse(raw) as StoredOAuthClientInformation;
    } catch {
      this.#shared.removeItem(this.#clientKey());
      return undefined;
    }
  }

  saveClientInformation(clientInformation: StoredOAuthClientInformation): void {
    this.#shared.setItem(this.#clientKey(), JSON.stringify(clientInformation));
  }

  tokens(): StoredOAuthTokens | undefined {
    return this.#read<StoredOAuthTokens>('tokens');
  }

  saveTokens(tokens: StoredOAuthTokens): void {
    this.#write('tokens', tokens);
  }

  redirectToAuthorization(authorizationUrl: URL): void {
    this.#storage.setItem(PENDING_KEY, this.#serverUrl);
    window.location.assign(authorizationUrl.href);
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.#write('verifier', codeVerifier);
  }

  codeVerifier(): string {
    const verifier = this.#read<string>('verifier');
    if (verifier === undefined) throw new Error('No PKCE code verifier saved for this server.');
    return verifier;
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.#write('discovery', state);
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.#read<OAuthDiscoveryState>('discovery');
  }

  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    const slots: Record<typeof scope, readonly Slot[]> = {
      all: ['tokens', 'client', 'verifier', 'state', 'discovery'],
      client: ['client'],
      tokens: ['tokens'],
      verifier: ['verifier'],
      discovery: ['discovery'],
    };
    if (scope === 'all' || scope === 'client') this.#shared.removeItem(this.#clientKey());
    for (const slot of slots[scope]) this.#storage.removeItem(this.#key(slot));
  }
}
