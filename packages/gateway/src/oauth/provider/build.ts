import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@gatehouse/core';
import { requestIdOf } from '../../edge/request-meta.ts';
import { withResponseCache } from '../cimd/fetch-cache.ts';
import { createGuardedFetch } from '../cimd/guarded-fetch.ts';
import { injectGet } from '../http/inject.ts';
import { storeAdapter } from './adapter.ts';
import { logClientAuthFailure } from './auth-failure-log.ts';
import { createClientToucher } from './client-expiry.ts';
import { providerConfiguration } from './configuration.ts';
import { cookieKeys, providerJwks } from './keys.ts';
import { providerClass, type HookContext, type ProviderInstance } from './module.ts';
import { createRefreshReuse } from './refresh-reuse.ts';
import type { ProviderBuilderOptions } from './options.ts';
import { answerStoreOutages } from './store-outage.ts';

/** One oidc-provider instance and what hangs off it; rebuilt when its config key changes. */
export interface Built {
  readonly key: string;
  readonly provider: ProviderInstance;
  readonly callback: (req: IncomingMessage, res: ServerResponse) => void;
  metadata?: Promise<Record<string, unknown>>;
}

/**
 * The provider for the current config: built once, and again only when the issuer or `oauth`
 * section changes (a config reload), so keys, storage and the CIMD fetch cache are shared.
 */
export function createProviderBuilder(options: ProviderBuilderOptions): () => Built {
  const { store, logger, clock } = options;
  const registrationTtlMs = () => options.config().oauth.registrationTtlMs;
  const adapter = storeAdapter({
    oauth: store.oauth,
    clock,
    registrationTtlMs,
    reuse: createRefreshReuse(store.oauth, clock),
  });
  const jwks = providerJwks(options.signingKey);
  const keys = cookieKeys(options.cookieSecret);
  const fetch = withResponseCache(
    createGuardedFetch({
      allowLocalhost: () => options.config().oauth.cimd.allowLocalhost,
      ca: options.cimdCa,
    }),
    { clock },
  );
  const touchClient = createClientToucher({ oauth: store.oauth, clock, registrationTtlMs });

  let built: Built | undefined;
  return () => {
    const config = options.config();
    const key = JSON.stringify([config.authenticateServiceUrl, config.oauth]);
    if (built?.key === key) return built;
    const Provider = providerClass();
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
    logProviderEvents(provider, logger, touchClient);
    answerStoreOutages(provider);
    built = { key, provider, callback: provider.callback() };
    return built;
  };
}

function logProviderEvents(
  provider: ProviderInstance,
  logger: Logger,
  touchClient: (clientId: string) => Promise<void>,
): void {
  provider.on('server_error', (ctx, error) => {
    // The request id is the one the client sees in a 503 (store-outage.ts).
    const requestId = requestIdOf((ctx as { res: ServerResponse }).res.req);
    logger.error({ requestId, error: messageOf(error) }, 'authorization server error');
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
}

/** The provider's own AS metadata (RFC 8414), read once per build through its callback. */
export async function readMetadata(built: Built, issuer: string): Promise<Record<string, unknown>> {
  const { host, protocol } = new URL(issuer);
  const { status, body } = await injectGet(
    built.callback,
    '/.well-known/oauth-authorization-server',
    { host, 'x-forwarded-host': host, 'x-forwarded-proto': protocol.slice(0, -1) },
  );
  if (status !== 200) throw new Error(`authorization server metadata answered ${status}`);
  return JSON.parse(body) as Record<string, unknown>;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
