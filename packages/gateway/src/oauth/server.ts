import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonWebKey } from 'node:crypto';
import { systemClock } from '@gatehouse/core';
import { requestIdOf } from '../edge/request-meta.ts';
import { isStoreUnavailable, sendStoreUnavailable } from '../store/unavailable.ts';
import { clientIpOf } from './http/client-ip.ts';
import { createDispatch } from './http/dispatch.ts';
import { isAuthorizationServerPath } from './http/paths.ts';
import { pinOrigin } from './http/pin-origin.ts';
import { sendOAuthError } from './http/respond.ts';
import { describeInteraction, grantConsent, type InteractionInfo } from './interactions.ts';
import { createProviderBuilder, messageOf, readMetadata } from './provider/build.ts';
import { publicJwks } from './provider/keys.ts';
import type { ProviderInstance } from './provider/module.ts';
import type { AuthorizationServerOptions } from './provider/options.ts';
import { revokeAccountGrants } from './revoke-account.ts';

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

/**
 * The OAuth 2.1 authorization server for MCP clients: oidc-provider 9 configured per research
 * spikes §2 (provider/build.ts), behind a thin HTTP layer (http/dispatch.ts). This function only
 * wires the two and maps the interaction pages' calls onto the provider.
 */
export function createAuthorizationServer(
  options: AuthorizationServerOptions,
): AuthorizationServer {
  const { store, logger } = options;
  const clock = options.clock ?? systemClock;
  const current = createProviderBuilder({ ...options, clock });
  const dispatch = createDispatch({
    config: options.config,
    current,
    records: store.records,
    clock,
    extraResource: options.extraResource,
  });
  const verificationKeys = publicJwks(options.signingKey);
  const pinned = (req: IncomingMessage): ProviderInstance => {
    pinOrigin(req, options.config().authenticateServiceUrl, clientIpOf(req));
    return current().provider;
  };

  return {
    get issuer() {
      return options.config().authenticateServiceUrl;
    },
    handles: (_method, path) => isAuthorizationServerPath(path),
    handle(req, res) {
      dispatch(req, res).catch((error: unknown) => {
        logger.error(
          { requestId: requestIdOf(req), error: messageOf(error) },
          'authorization server request failed',
        );
        if (isStoreUnavailable(error)) sendStoreUnavailable(req, res);
        else if (!res.headersSent) sendOAuthError(res, 500, 'server_error', 'internal error');
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
