import type { ServerResponse } from 'node:http';
import { OAUTH_ROUTES } from './paths.ts';
import { sendOAuthError } from './respond.ts';

/**
 * Answers, in JSON, the requests to the token and registration endpoints that oidc-provider
 * would answer with its router's plain-text 404: another method than POST, and a registration
 * while dynamic client registration is off. Clients such as Claude read every error of these
 * endpoints as JSON with an `error` member (RFC 6749 §5.2, RFC 7591 §3.2.2). Returns true when it
 * answered. OPTIONS never reaches here (CORS preflight is answered first).
 */
export function refuseUnserved(
  method: string,
  path: string,
  registrationEnabled: boolean,
  res: ServerResponse,
): boolean {
  if (path !== OAUTH_ROUTES.token && path !== OAUTH_ROUTES.registration) return false;
  if (path === OAUTH_ROUTES.registration && !registrationEnabled) {
    sendOAuthError(
      res,
      404,
      'invalid_request',
      'dynamic client registration is not offered here: use a client ID metadata document',
    );
    return true;
  }
  if (method === 'POST') return false;
  sendOAuthError(res, 405, 'invalid_request', `${method} is not allowed here: use POST`, {
    allow: 'POST, OPTIONS',
  });
  return true;
}
