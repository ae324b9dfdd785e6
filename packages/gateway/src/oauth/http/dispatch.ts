import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock, RecordRepository } from '@gatehouse/core';
import type { GatewayConfig } from '../../config/types.ts';
import { createRateLimiter } from '../../session/rate-limit.ts';
import type { Built } from '../provider/build.ts';
import type { ExtraResource } from '../provider/resources.ts';
import { defaultScope } from './authorize.ts';
import { clientIpOf } from './client-ip.ts';
import { refuseUnserved } from './method-guard.ts';
import { CORS_PATHS, OAUTH_ROUTES } from './paths.ts';
import { pinOrigin } from './pin-origin.ts';
import { precheckRegistration } from './registration.ts';
import { applyCors } from './respond.ts';
import { precheckTokenRequest } from './token.ts';

const DCR_LIMIT_PER_HOUR = 20;

export interface DispatchOptions {
  readonly config: () => GatewayConfig;
  readonly current: () => Built;
  readonly records: RecordRepository;
  readonly clock: Clock;
  readonly extraResource?: ExtraResource | undefined;
}

/**
 * The thin HTTP layer in front of the provider: pins the origin, answers CORS, refuses what we do
 * not serve, and checks what the provider checks too late (token `resource`) or not at all
 * (DCR rate limit, default scope) before handing the request to it.
 */
export function createDispatch(
  options: DispatchOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const registrations = createRateLimiter({
    records: options.records,
    kind: 'rl-oauth-register-ip',
    limit: DCR_LIMIT_PER_HOUR,
    windowMs: 3_600_000,
    clock: options.clock,
  });
  return async (req, res) => {
    const config = options.config();
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://as.invalid').pathname;
    const ip = clientIpOf(req);
    const { callback, provider } = options.current();
    pinOrigin(req, config.authenticateServiceUrl, ip);
    if (CORS_PATHS.has(path) && applyCors(method, res)) return;
    if (refuseUnserved(method, path, config.oauth.dynamicClientRegistration, res)) return;
    let forward: IncomingMessage | undefined = req;
    if (path === OAUTH_ROUTES.authorization && method === 'GET') {
      defaultScope(req);
    } else if (path === OAUTH_ROUTES.token && method === 'POST') {
      const codes = provider.AuthorizationCode;
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
}
