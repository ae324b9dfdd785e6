export { startGateway } from './gateway.ts';
export type { GatewayOptions, RunningGateway } from './gateway.ts';
export {
  configFromText,
  defaultConfig,
  loadConfigFile,
  loadOrCreateClusterSecret,
  loadOrCreateSecrets,
  parseConfigText,
  resolveConfig,
  watchConfig,
} from './config/index.ts';
export type {
  ClusterConfig,
  ConfigWatcher,
  GatewayConfig,
  ResolvedIdentityProvider,
  ResolvedRoute,
} from './config/index.ts';
export {
  openConfiguredStore,
  openPostgresStore,
  openSqliteStore,
  redactPostgresUrl,
} from './store/index.ts';
export {
  checkPasswordStrength,
  hashPassword,
  verifyPassword,
} from './identity/builtin/passwords.ts';
export { createSignInLink } from './authenticate/signin-link.ts';
export { ASSERTION_HEADER, JWKS_PATH } from './assertion/index.ts';
// The hot paths bench/ measures in isolation (it may use only this public entry).
export { createAccessTokenVerifier, createRevocationCache } from './mcp/resource/index.ts';
export type { AccessTokenVerifier, RevocationCache } from './mcp/resource/index.ts';
export { isHopByHop } from './proxy/hop-by-hop.ts';
export { createRoutePools } from './proxy/route-pools.ts';
export { createProxy } from './proxy/forward.ts';
export type { ProxyTarget } from './proxy/target.ts';
export {
  HEARTBEAT_MS,
  LEASE_MS,
  newNodeId,
  startClusterNode,
  type ClusterNode,
  type ClusterSettings,
} from './cluster/index.ts';
export { GATEWAY_REASONS } from './reasons.ts';
export type { GatewayReason } from './reasons.ts';
export { GATEWAY_ERRORS } from './errors.ts';
export type { GatewayErrorCode } from './errors.ts';
