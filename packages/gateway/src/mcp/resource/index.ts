/**
 * The resource side of MCP routes: access-token verification on the hot path, the in-memory
 * revocation view, protected-resource metadata (RFC 9728), Bearer challenges, CORS and the
 * binding of legacy `Mcp-Session-Id`s to their owner.
 */
export { createAccessTokenVerifier } from './access-token.ts';
export type {
  AccessTokenVerifier,
  AccessTokenVerifierOptions,
  TokenFailure,
  TokenResult,
} from './access-token.ts';
export { MAX_TOKEN_LENGTH, hasQueryToken, parseAuthorization, parseBearer } from './bearer.ts';
export type { AuthorizationParse, BearerParse } from './bearer.ts';
export {
  bothChallenges,
  dpopChallenge,
  unauthorizedResponse,
  wwwAuthenticate,
} from './challenge.ts';
export {
  DPOP_FUTURE_SKEW_S,
  DPOP_MAX_AGE_S,
  DPOP_SIGNING_ALGS,
  accessTokenHash,
  createDpopProofVerifier,
} from './dpop-proof.ts';
export type { DpopFailure, DpopProofVerifier, DpopRequest } from './dpop-proof.ts';
export { DPOP_JTI_KIND, createDpopReplayGuard } from './dpop-replay.ts';
export type { DpopReplayGuard } from './dpop-replay.ts';
export type { ChallengeOptions, UnauthorizedResponse } from './challenge.ts';
export { mcpCorsHeaders, preflightResponse } from './cors.ts';
export type { PreflightResponse } from './cors.ts';
export {
  MCP_SCOPE,
  PRM_WELL_KNOWN,
  matchPrmRequest,
  prmPaths,
  prmResponse,
  prmUrl,
  protectedResourceMetadata,
} from './prm.ts';
export type { PrmResponse, ProtectedResourceMetadata } from './prm.ts';
export { createRevocationCache } from './revocation-cache.ts';
export { REVOCATION_REFRESH_FAILED } from './revocation-copy.ts';
export type { RevocationCache, RevocationCacheOptions } from './revocation-cache.ts';
export type { RevocationView } from './revocation-view.ts';
export { NOT_AN_MCP_ROUTE, mcpPathOf, mcpResourceOf } from './route.ts';
export type { McpRouteView } from './route.ts';
export {
  SESSION_ID_INVALID,
  SESSION_OWNED_ELSEWHERE,
  SESSION_RECORD_KIND,
  createSessionBindings,
} from './session-binding.ts';
export type { SessionBindings, SessionCheck } from './session-binding.ts';
export type { AccessToken } from './token-claims.ts';
