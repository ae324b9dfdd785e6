import type { Logger } from '@gatehouse/core';
import { allowInsecureRequests, discovery, type Configuration } from 'openid-client';
import { clientAuthFor } from './client-auth.ts';
import { oidcError } from './errors.ts';

export interface DiscoveryOptions {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly allowInsecureRequests: boolean;
  readonly logger: Logger;
}

/** Seconds per HTTP request to the IdP (discovery, token, userinfo). */
const REQUEST_TIMEOUT_S = 10;

/**
 * Returns a function that discovers the issuer once and caches the result. A failure is not
 * cached: the next call tries again, so a gateway started before its IdP recovers by itself.
 * Concurrent callers share one request.
 */
export function lazyDiscovery(options: DiscoveryOptions): () => Promise<Configuration> {
  let pending: Promise<Configuration> | undefined;
  return () => {
    pending ??= discover(options).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

async function discover(options: DiscoveryOptions): Promise<Configuration> {
  let issuer: URL;
  try {
    issuer = new URL(options.issuer);
  } catch (cause) {
    throw oidcError('ERR_OIDC_DISCOVERY', 'OIDC issuer in the config is not a URL', cause);
  }
  // Never echo credentials someone put in the issuer URL.
  const shown =
    issuer.username === '' && issuer.password === ''
      ? options.issuer
      : `${issuer.protocol}//${issuer.host}${issuer.pathname}`;
  try {
    const config = await discovery(
      issuer,
      options.clientId,
      undefined,
      clientAuthFor(options.clientSecret),
      {
        execute: options.allowInsecureRequests ? [allowInsecureRequests] : [],
        timeout: REQUEST_TIMEOUT_S,
      },
    );
    options.logger.info({ issuer: shown }, 'OIDC issuer discovered');
    return config;
  } catch (cause) {
    const reason = cause instanceof Error ? describe(cause) : 'unknown error';
    options.logger.warn({ issuer: shown, reason }, 'OIDC discovery failed');
    throw oidcError('ERR_OIDC_DISCOVERY', `OIDC discovery of ${shown} failed: ${reason}`, cause);
  }
}

/** Error text from openid-client or fetch; neither carries secrets at discovery time. */
function describe(error: Error): string {
  const inner = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${inner}`.slice(0, 300);
}
