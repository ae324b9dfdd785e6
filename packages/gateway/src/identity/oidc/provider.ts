import { silentLogger, systemClock } from '@gatehouse/core';
import {
  buildAuthorizationUrl,
  calculatePKCECodeChallenge,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
} from 'openid-client';
import { checkCallbackError } from './checks/callback-error.ts';
import { checkIssuer } from './checks/issuer.ts';
import { callbackState, checkState } from './checks/state.ts';
import { identityFromClaims } from './claims.ts';
import { lazyDiscovery } from './discovery.ts';
import { exchangeCode } from './exchange.ts';
import { consumePending, savePending } from './pending.ts';
import type { OidcCompleteResult, OidcIdentityProvider, OidcProviderConfig } from './types.ts';

/**
 * An upstream OpenID Connect identity provider (authorization code flow, PKCE S256, nonce,
 * RFC 9207 `iss`). Nothing is fetched until the first `begin`.
 */
export function createOidcProvider(config: OidcProviderConfig): OidcIdentityProvider {
  const clock = config.clock ?? systemClock;
  const logger = (config.logger ?? silentLogger).child({ idp: config.id });
  const insecure = config.allowInsecureRequests === true;
  if (insecure) {
    logger.warn(
      { issuer: config.issuer },
      'INSECURE: plain-http OIDC issuer allowed; use only for tests and development',
    );
  }
  const configuration = lazyDiscovery({
    issuer: config.issuer,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    allowInsecureRequests: insecure,
    logger,
  });

  async function begin(input: { readonly returnTo: string }) {
    const discovered = await configuration();
    const state = randomState();
    const nonce = randomNonce();
    const codeVerifier = randomPKCECodeVerifier();
    const url = buildAuthorizationUrl(discovered, {
      redirect_uri: config.redirectUri,
      response_type: 'code',
      scope: config.scopes.join(' '),
      state,
      nonce,
      code_challenge: await calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    const createdAt = clock.now();
    await savePending(config.store, state, {
      provider: config.id,
      nonce,
      codeVerifier,
      returnTo: input.returnTo,
      createdAt,
    });
    logger.debug('OIDC sign-in started');
    return { authorizationUrl: url.href, state };
  }

  async function complete(
    callbackUrl: URL,
    expectedState: string | undefined,
  ): Promise<OidcCompleteResult> {
    const params = callbackUrl.searchParams;
    const state = callbackState(params);
    const now = clock.now();
    // Consumed before any check: a callback URL works once, whether or not it succeeds.
    const pending = checkState({
      state,
      expectedState,
      pending: await consumePending(config.store, state, now),
      providerId: config.id,
      now,
    });
    const discovered = await configuration();
    const metadata = discovered.serverMetadata();
    checkIssuer(
      params,
      metadata.issuer,
      metadata.authorization_response_iss_parameter_supported === true,
    );
    checkCallbackError(params, config.id);
    const { idToken, userinfo } = await exchangeCode({
      config: discovered,
      redirectUri: config.redirectUri,
      params,
      state,
      pending,
      issuer: metadata.issuer,
    });
    const identity = identityFromClaims(idToken, userinfo);
    logger.info({ sub: identity.subject }, 'OIDC sign-in completed');
    return { identity, returnTo: pending.returnTo };
  }

  return { id: config.id, begin, complete };
}
