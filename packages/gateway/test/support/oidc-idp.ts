import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { authorizeWithForm } from './oidc-authorize-with-form.ts';
import { memoryAdapter } from './oidc-idp-adapter.ts';
import { handleInteraction } from './oidc-idp-interactions.ts';
import { errorPage } from './oidc-idp-pages.ts';
import { loadOidcProvider, type ProviderInstance } from './oidc-provider-module.ts';
import {
  DEFAULT_OIDC_CLIENT,
  DEFAULT_OIDC_USER,
  type OidcIdp,
  type OidcIdpClient,
  type OidcIdpOptions,
  type OidcIdpUser,
} from './oidc-idp-types.ts';

export { authorizeWithForm } from './oidc-authorize-with-form.ts';
export { DEFAULT_OIDC_CLIENT, DEFAULT_OIDC_USER } from './oidc-idp-types.ts';
export type {
  OidcCredentials,
  OidcIdp,
  OidcIdpClient,
  OidcIdpOptions,
  OidcIdpUser,
} from './oidc-idp-types.ts';

/**
 * Starts a real `oidc-provider` 9 on 127.0.0.1 as an upstream IdP for tests: its own login form
 * (`email`, `password`; see oidc-idp-pages.ts), consent granted silently, PKCE required, RS256 ID
 * tokens, `iss` in authorization responses (RFC 9207). Scopes `email` (email, email_verified),
 * `profile` (name) and `groups` (groups) map the user's claims; like most IdPs it returns them
 * from userinfo, not in the ID token. Ask for the `groups` scope to get groups.
 *
 * @example
 *   const idp = await startOidcIdp();
 *   const redirect = await idp.authorizeWithForm(authorizationUrl, DEFAULT_OIDC_USER);
 *   await idp.close();
 */
export async function startOidcIdp(options: OidcIdpOptions = {}): Promise<OidcIdp> {
  const users = options.users ?? [DEFAULT_OIDC_USER];
  const basePath = normalisePath(options.issuerPath ?? '');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}${basePath}`;
  const Provider = await loadOidcProvider();
  const provider = new Provider(
    issuer,
    providerConfiguration({ users, clients: options.clients ?? [DEFAULT_OIDC_CLIENT], basePath }),
  );
  provider.on('server_error', (_ctx, error) => console.error('test IdP server_error:', error));
  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    route({ provider, callback, basePath, users, req, res }).catch((error: unknown) => {
      console.error('test IdP interaction failed:', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
      res.end(errorPage('Test IdP error', error instanceof Error ? error.message : String(error)));
    });
  });
  return {
    issuer,
    port,
    authorizeWithForm: (url, credentials) => authorizeWithForm(url, credentials, issuer),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

async function route(input: {
  provider: ProviderInstance;
  callback: (req: IncomingMessage, res: ServerResponse) => void;
  basePath: string;
  users: readonly OidcIdpUser[];
  req: IncomingMessage;
  res: ServerResponse;
}): Promise<void> {
  const { req, res, basePath } = input;
  const path = new URL(req.url ?? '/', 'http://idp.invalid').pathname;
  if (await handleInteraction({ ...input, path })) return;
  if (basePath !== '' && path !== basePath && !path.startsWith(`${basePath}/`)) {
    res
      .writeHead(404, { 'content-type': 'text/html; charset=utf-8' })
      .end(errorPage('Not found', path));
    return;
  }
  // Mount under the issuer path: oidc-provider reads the mount point from originalUrl vs url.
  const mounted = req as IncomingMessage & { originalUrl?: string };
  mounted.originalUrl = req.url ?? '/';
  req.url = mounted.originalUrl.slice(basePath.length) || '/';
  input.callback(req, res);
}

function providerConfiguration(input: {
  users: readonly OidcIdpUser[];
  clients: readonly OidcIdpClient[];
  basePath: string;
}): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const bySub = new Map(input.users.map((u) => [u.sub, u]));
  return {
    adapter: memoryAdapter(),
    clients: input.clients.map((c) => ({
      client_id: c.client_id,
      ...(c.client_secret === undefined
        ? { token_endpoint_auth_method: 'none' }
        : { client_secret: c.client_secret }),
      redirect_uris: [...c.redirect_uris],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: {
      keys: [
        { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' },
      ],
    },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    // Seconds. Explicit, so the provider does not print a notice for each default it uses.
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3_600,
      Grant: 3_600,
    },
    features: { devInteractions: { enabled: false } },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) =>
        `${input.basePath}/interaction/${interaction.uid}`,
    },
    findAccount: (_ctx: unknown, sub: string) => {
      const user = bySub.get(sub);
      if (user === undefined) return undefined;
      return {
        accountId: user.sub,
        claims: () => ({
          sub: user.sub,
          email: user.email,
          email_verified: user.email_verified ?? true,
          name: user.name,
          groups: user.groups === undefined ? undefined : [...user.groups],
        }),
      };
    },
    renderError: (ctx: { type: string; body: string }, out: Record<string, unknown>) => {
      ctx.type = 'html';
      ctx.body = errorPage('Test IdP error', JSON.stringify(out));
    },
  };
}

function normalisePath(path: string): string {
  if (path === '' || path === '/') return '';
  return `/${path.replace(/^\/+|\/+$/g, '')}`;
}
