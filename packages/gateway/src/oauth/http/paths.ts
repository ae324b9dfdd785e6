/** Where the provider's endpoints live on the authenticate host (all under `/oauth/`). */
export const OAUTH_ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  registration: '/oauth/register',
  revocation: '/oauth/revoke',
  jwks: '/oauth/jwks',
  // Required by the provider even when the features are off; nothing is served there.
  end_session: '/oauth/session/end',
  userinfo: '/oauth/userinfo',
  introspection: '/oauth/introspect',
  code_verification: '/oauth/device',
  device_authorization: '/oauth/device/auth',
  pushed_authorization_request: '/oauth/par',
  backchannel_authentication: '/oauth/backchannel',
  challenge: '/oauth/challenge',
  credential: '/oauth/credential',
} as const;

export const WELL_KNOWN_PATHS: ReadonlySet<string> = new Set([
  '/.well-known/oauth-authorization-server',
  '/.well-known/openid-configuration',
]);

const INTERACTION_PREFIX = '/oauth/interaction/';

/** Our interaction pages (served by the edge, not the provider). */
export function interactionPath(uid: string): string {
  return `${INTERACTION_PREFIX}${uid}`;
}

/** Endpoints whose answers browsers may read from any origin (no credentials). */
export const CORS_PATHS: ReadonlySet<string> = new Set([
  OAUTH_ROUTES.token,
  OAUTH_ROUTES.registration,
  OAUTH_ROUTES.revocation,
  OAUTH_ROUTES.jwks,
  ...WELL_KNOWN_PATHS,
]);

/** True for requests the authorization server answers (see AuthorizationServer.handles). */
export function isAuthorizationServerPath(path: string): boolean {
  if (WELL_KNOWN_PATHS.has(path)) return true;
  return path.startsWith('/oauth/') && !path.startsWith(INTERACTION_PREFIX);
}
