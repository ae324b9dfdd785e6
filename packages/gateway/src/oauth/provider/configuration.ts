import type { JsonWebKey } from 'node:crypto';
import type { Clock, RecordRepository } from '@gatehouse/core';
import type { GatewayConfig } from '../../config/types.ts';
import { isAcceptableCimdClient } from '../cimd/allow-client.ts';
import { OFFERED_METHODS_KEY, validateOfferedMethods } from '../cimd/auth-method.ts';
import { isFetchableClientId } from '../cimd/client-id.ts';
import type { GuardedFetch } from '../cimd/guarded-fetch.ts';
import type { IdentityLookup } from '../../identity/lookup.ts';
import { accountHooks } from './accounts.ts';
import {
  CLIENT_ASSERTION_ALGS,
  CLOCK_TOLERANCE_S,
  clientAssertionHook,
} from './client-assertion.ts';
import { oidcErrors, type ClientInstance, type HookContext, type TokenInstance } from './module.ts';
import { redirectUriMetadata } from './redirect-uris.ts';
import { renderError } from './render-error.ts';
import { DPOP_SIGNING_ALGS } from '../../mcp/resource/index.ts';
import { resourceIndicators, type ExtraResource } from './resources.ts';
import { OAUTH_ROUTES, interactionPath } from '../http/paths.ts';

export interface ConfigurationDeps {
  readonly config: () => GatewayConfig;
  readonly adapter: new (model: string) => object;
  readonly jwks: { keys: JsonWebKey[] };
  readonly cookieKeys: string[];
  readonly identityOf: IdentityLookup;
  readonly fetch: GuardedFetch;
  /** Where single-use client assertion ids (`jti`) are claimed: shared by every node. */
  readonly records: RecordRepository;
  readonly clock: Clock;
  readonly extraResource?: ExtraResource | undefined;
}

const DAY_S = 86_400;
const seconds = (ms: number) => Math.max(1, Math.floor(ms / 1000));

/**
 * The oidc-provider 9 configuration for MCP clients (research spikes §2). Values that come from
 * the gateway config are read when the provider is built: `server.ts` rebuilds the provider when
 * `oauth` or the issuer changes. Resources are read per request (routes change on reload). Each
 * part below keeps the library's own keys, so a reader checks them against its documentation.
 */
export function providerConfiguration(deps: ConfigurationDeps): Record<string, unknown> {
  const oauth = deps.config().oauth;
  return {
    adapter: deps.adapter,
    jwks: deps.jwks,
    cookies: {
      keys: deps.cookieKeys,
      names: {
        session: 'gatehouse_oauth_session',
        interaction: 'gatehouse_oauth_interaction',
        resume: 'gatehouse_oauth_resume',
      },
    },
    routes: OAUTH_ROUTES,
    interactions: { url: (_ctx: HookContext, i: { uid: string }) => interactionPath(i.uid) },
    responseTypes: ['code'], // A9: no implicit, no hybrid
    pkce: { required: () => true }, // B1/B2: S256 only (v9 implements nothing else)
    ...clientSettings(deps),
    ...tokenSettings(deps, oauth),
    clientBasedCORS: () => true,
    fetch: (url: string) => deps.fetch(url),
    fetchResponseBodyLimits: {
      'client_id metadata document': 5 * 1024,
      jwks_uri: 16 * 1024,
      sector_identifier_uri: 16 * 1024,
    },
    renderError,
    features: providerFeatures(deps, oauth),
  };
}

/** How clients authenticate and what a client gets by default (metadata, algorithms). */
function clientSettings(deps: ConfigurationDeps): Record<string, unknown> {
  return {
    // RFC 7523 `private_key_jwt` for CIMD clients (ChatGPT) and DCR clients that register it;
    // `client_secret_jwt` stays off, so no HMAC alg is ever accepted for an assertion.
    clientAuthMethods: ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    clockTolerance: CLOCK_TOLERANCE_S,
    assertJwtClientAuthClaimsAndHeader: clientAssertionHook({
      records: deps.records,
      clock: deps.clock,
    }),
    // A CIMD document may list the methods it can use (ChatGPT's offers none and private_key_jwt);
    // defect 3: no userinfo or fragment in redirect_uris, for every client the provider builds.
    extraClientMetadata: {
      properties: [OFFERED_METHODS_KEY, ...redirectUriMetadata.properties],
      validator(ctx: unknown, key: string, value: unknown, metadata: unknown): void {
        validateOfferedMethods(ctx, key, value, metadata);
        redirectUriMetadata.validator(ctx, key, value);
      },
    },
    // Pitfall 8: a DCR request without a method gets a public client, not a useless secret.
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      id_token_signed_response_alg: 'ES256',
    },
    enabledJWA: {
      idTokenSigningAlgValues: ['ES256'],
      clientAuthSigningAlgValues: [...CLIENT_ASSERTION_ALGS],
      // RFC 9449: the algs MCP routes verify, so AS and PRM metadata advertise one list.
      dPoPSigningAlgValues: [...DPOP_SIGNING_ALGS],
    },
  };
}

/** Scopes, claims, the account hooks and the token lifetimes and refresh rules. */
function tokenSettings(
  deps: ConfigurationDeps,
  oauth: GatewayConfig['oauth'],
): Record<string, unknown> {
  const accounts = accountHooks(deps.identityOf);
  return {
    // F6: never `offline_access`. `mcp` is the resource scope; it is listed here too because MCP
    // clients put the challenged scope in their DCR metadata, which must be a supported one.
    scopes: ['openid', 'mcp'],
    claims: { openid: ['sub'], email: ['email'], profile: ['name'] },
    conformIdTokenClaims: true,
    findAccount: accounts.findAccount,
    extraTokenClaims: accounts.extraTokenClaims,
    // Pitfall 2: refresh tokens without `offline_access` and not tied to the provider session.
    issueRefreshToken: (_ctx: HookContext, client: ClientInstance) =>
      client.grantTypeAllowed('refresh_token'),
    expiresWithSession: () => false,
    rotateRefreshToken: (ctx: HookContext) => {
      // Pitfall 4: a `resource` the refresh token does not cover fails before rotation consumes
      // the token (the provider checks it only afterwards).
      const resource = ctx.oidc.params?.['resource'];
      const token = ctx.oidc.entities['RefreshToken'] as TokenInstance | undefined;
      if (typeof resource === 'string' && token?.resourceIndicators?.has(resource) !== true) {
        throw new oidcErrors.InvalidTarget('resource is not covered by the refresh token');
      }
      return true;
    },
    ttl: {
      AccessToken: seconds(oauth.accessTokenTtlMs),
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: DAY_S,
      Grant: seconds(Math.max(oauth.refreshTokenTtlMs, 365 * DAY_S * 1000)),
      RefreshToken: seconds(oauth.refreshTokenTtlMs),
    },
  };
}

/** oidc-provider's `features`: what is on (DPoP, revocation, DCR, resource indicators, CIMD). */
function providerFeatures(
  deps: ConfigurationDeps,
  oauth: GatewayConfig['oauth'],
): Record<string, unknown> {
  const { config } = deps;
  return {
    devInteractions: { enabled: false },
    // RFC 9449: bound tokens (`cnf.jkt`) are checked with their proofs at MCP routes.
    dPoP: { enabled: true },
    userinfo: { enabled: false },
    rpInitiatedLogout: { enabled: false },
    revocation: {
      enabled: true,
      // C8: a client revokes only its own tokens; others are ignored silently (RFC 7009 §2.2).
      allowedPolicy: (_ctx: HookContext, client: ClientInstance, token: TokenInstance) =>
        token.clientId === client.clientId,
    },
    registration: {
      enabled: oauth.dynamicClientRegistration,
      initialAccessToken: false,
      issueRegistrationAccessToken: false,
    },
    resourceIndicators: resourceIndicators(config, deps.extraResource),
    clientIdMetadataDocument: {
      enabled: oauth.cimd.enabled,
      ack: 'draft-02',
      allowFetch: (_ctx: HookContext, clientId: string) => isFetchableClientId(clientId, config()),
      allowClient: (ctx: HookContext | undefined, client: ClientInstance) =>
        isAcceptableCimdClient(ctx, client),
      cacheDuration: { min: 30, max: 3_600 },
    },
  };
}
