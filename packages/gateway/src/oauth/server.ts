import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonWebKey } from 'node:crypto';
import { systemClock, type Clock, type Logger, type Store } from '@gatehouse/core';
import type { GatewayConfig } from '../config/types.ts';
import type { SigningKey } from '../config/secrets.ts';
import { createRateLimiter } from '../session/rate-limit.ts';
import { withResponseCache } from './cimd/fetch-cache.ts';
import { createGuardedFetch } from './cimd/guarded-fetch.ts';
import { defaultScope } from './http/authorize.ts';
import { clientIpOf } from './http/client-ip.ts';
import { injectGet } from './http/inject.ts';
import { CORS_PATHS, OAUTH_ROUTES, isAuthorizationServerPath } from './http/paths.ts';
import { refuseUnserved } from './http/method-guard.ts';
import { pinOrigin } from './http/pin-origin.ts';
import { precheckRegistration } from './http/registration.ts';
import { applyCors, sendOAuthError } from './http/respond.ts';
import { precheckTokenRequest } from './http/token.ts';
import { describeInteraction, grantConsent, type InteractionInfo } from './interactions.ts';
import type { IdentityLookup } from '../identity/lookup.ts';
import type { ExtraResource } from './provider/resources.ts';
import { storeAdapter } from './provider/adapter.ts';
import { logClientAuthFailure } from './provider/auth-failure-log.ts';
import { createClientToucher } from './provider/client-expiry.ts';
import { providerConfiguration } from './provider/configuration.ts';
import { cookieKeys, providerJwks, publicJwks } from './provider/keys.ts';
import { Provider, type HookContext, type ProviderInstance } from './provider/module.ts';
import { createRefreshReuse } from './provider/refresh-reuse.ts';
import { revokeAccountGrants } from './revoke-account.ts';

export interface AuthorizationServerOptions {
  /** Live config: the provider is rebuilt when the issuer or `oauth` changes. */
  readonly config: () => GatewayConfig;
  readonly store: Store;
  /** Signs JWT access tokens (ES256, `typ: at+jwt`). */
  readonly signingKey: SigningKey;
  /** Cookie-signing keys for the provider are derived from it (HKDF). */
  readonly cookieSecret: Buffer;
  readonly identityOf: IdentityLookup;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Test hook: extra CA certificates for CIMD https fetches (a locally served document). */
  readonly cimdCa?: string | Buffer;
  /** Resources beyond the configured MCP routes (the SSH tunnel's routes). */
  readonly extraResource?: ExtraResource;
}

export interface AuthorizationServer {
  readonly issuer: string;
  handles(method: string, path: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void;
  interaction(req: IncomingMessage, res: ServerResponse): Promise<InteractionInfo>;
  loginResult(req: IncomingMessage, res: ServerResponse, accountId: string): Promise<string>;
  consentResult(req: IncomingMessage, res: ServerResponse): Promise<string>;
  denyResult(req: IncomingMessage, res: ServerResponse): Promise<string>;
  jwks(): { keys: JsonWebKey[] };
  metadata(): Promise<Record<string, unknown>>;
  revokeAccount(accountId: string): Promise<void>;
}

interface Built {
  readonly key: string;
  readonly provider: ProviderInstance;
  readonly callback: (req: IncomingMessage, res: ServerResponse) => void;
  metadata?: Promise<Record<string, unknown>>;
}

const DCR_LIMIT_PER_HOUR = 20;

/**
 * The OAuth 2.1 authorization server for MCP clients: oidc-provider 9 configured per research
 * spikes §2, behind a thin HTTP layer that pins the origin, adds CORS, and checks what the
 * provider checks too late (token `resource`) or not at all (DCR rate limit, default scope).
 */
export function createAuthorizationServer(
  options: AuthorizationServerOptions,
): AuthorizationServer {
  const { store, logger } = options;
  const clock = options.clock ?? systemClock;
  const registrationTtlMs = () => options.config().oauth.registrationTtlMs;
  const adapter = storeAdapter({
    oauth: store.oauth,
    clock,
    registrationTtlMs,
    reuse: createRefreshReuse(store.oauth, clock),
  });
  const jwks = providerJwks(options.signingKey);
  const verificationKeys = publicJwks(options.signingKey);
  const keys = cookieKeys(options.cookieSecret);
  const fetch = withResponseCache(
    createGuardedFetch({
      allowLocalhost: () => options.config().oauth.cimd.allowLocalhost,
      ca: options.cimdCa,
    }),
    { clock },
  );
  const touchClient = createClientToucher({ oauth: store.oauth, clock, registrationTtlMs });
  const registrations = createRateLimiter({
    records: store.records,
    kind: 'rl-oauth-register-ip',
    limit: DCR_LIMIT_PER_HOUR,
    windowMs: 3_600_000,
    clock,
  });

  let built: Built | undefined;
  const current = (): Built => {
    const config = options.config();
    const key = JSON.stringify([config.authenticateServiceUrl, config.oauth]);
    if (built?.key === key) return built;
    const provider = new Provider(
      config.authenticateServiceUrl,
      providerConfiguration({
        config: options.config,
        adapter,
        jwks,
        cookieKeys: keys,
        identityOf: options.identityOf,
        fetch,
        records: store.records,
        clock,
        extraResource: options.extraResource,
      }),
    );
    provider.proxy = true; // reads only the X-Forwarded-* that pinOrigin sets
    provider.on('server_error', (_ctx, error) => {
      logger.error({ error: messageOf(error) }, 'authorization server error');
    });
    // The wire answer says only "client authentication failed"; the operator needs the reason
    // (wrong aud, reused jti, unknown key …) to help a host such as ChatGPT. No secret is in it.
    provider.on('grant.error', (ctx, error) => logClientAuthFailure(logger, ctx, error));
    provider.on('revocation.error', (ctx, error) => logClientAuthFailure(logger, ctx, error));
    provider.on('grant.success', (ctx) => {
      const clientId = (ctx as HookContext).oidc.client?.clientId;
      if (clientId === undefined) return;
      touchClient(clientId).catch((error: unknown) => {
        logger.warn({ error: messageOf(error) }, 'could not extend a client registration');
      });
    });
    built = { key, provider, callback: provider.callback() };
    return built;
  };

  const pinned = (req: IncomingMessage): ProviderInstance => {
    pinOrigin(req, options.config().authenticateServiceUrl, clientIpOf(req));
    return current().provider;
  };

  const dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const config = options.config();
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://as.invalid').pathname;
    const ip = clientIpOf(req);
    const { callback } = current();
    pinOrigin(req, config.authenticateServiceUrl, ip);
    if (CORS_PATHS.has(path) && applyCors(method, res)) return;
    if (refuseUnserved(method, path, config.oauth.dynamicClientRegistration, res)) return;
    let forward: IncomingMessage | undefined = req;
    if (path === OAUTH_ROUTES.authorization && method === 'GET') {
      defaultScope(req);
    } else if (path === OAUTH_ROUTES.token && method === 'POST') {
      const codes = current().provider.AuthorizationCode;
      forward = await precheckTokenRequest(
        req,
        res,
        config,
        (code) => codes.find(code, { ignoreExpiration: true }),
        options.extraResource,
      );
    } else if (
      path === OAUTH_ROUTES.registration &&
      method === 'POST' &&
      config.oauth.dynamicClientRegistration
    ) {
      forward = await precheckRegistration(req, res, registrations, ip);
    }
    if (forward !== undefined) callback(forward, res);
  };

  return {
    get issuer() {
      return options.config().authenticateServiceUrl;
    },
    handles: (_method, path) => isAuthorizationServerPath(path),
    handle(req, res) {
      dispatch(req, res).catch((error: unknown) => {
        logger.error({ error: messageOf(error) }, 'authorization server request failed');
        if (!res.headersSent) sendOAuthError(res, 500, 'server_error', 'internal error');
        else res.destroy();
      });
    },
    async interaction(req, res) {
      const provider = pinned(req);
      return describeInteraction(provider, await provider.interactionDetails(req, res));
    },
    loginResult: (req, res, accountId) =>
      pinned(req).interactionResult(
        req,
        res,
        { login: { accountId } },
        { mergeWithLastSubmission: false },
      ),
    consentResult: (req, res) => grantConsent(pinned(req), req, res),
    denyResult: (req, res) =>
      pinned(req).interactionResult(
        req,
        res,
        { error: 'access_denied', error_description: 'the user denied the request' },
        { mergeWithLastSubmission: false },
      ),
    jwks: () => verificationKeys,
    metadata() {
      const now = current();
      now.metadata ??= readMetadata(now, options.config().authenticateServiceUrl);
      return now.metadata;
    },
    revokeAccount: (accountId) => revokeAccountGrants(store.oauth, accountId),
  };
}

async function readMetadata(built: Built, issuer: string): Promise<Record<string, unknown>> {
  const { host, protocol } = new URL(issuer);
  const { status, body } = await injectGet(
    built.callback,
    '/.well-known/oauth-authorization-server',
    { host, 'x-forwarded-host': host, 'x-forwarded-proto': protocol.slice(0, -1) },
  );
  if (status !== 200) throw new Error(`authorization server metadata answered ${status}`);
  return JSON.parse(body) as Record<string, unknown>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
