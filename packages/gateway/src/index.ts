export { startGateway } from './gateway.ts';
export type { GatewayOptions, RunningGateway } from './gateway.ts';
export {
  configFromText,
  defaultConfig,
  loadConfigFile,
  loadOrCreateSecrets,
  parseConfigText,
  resolveConfig,
  watchConfig,
} from './config/index.ts';
export type {
  ConfigWatcher,
  GatewayConfig,
  ResolvedIdentityProvider,
  ResolvedRoute,
} from './config/index.ts';
export { openSqliteStore } from './store/index.ts';
export {
  checkPasswordStrength,
  hashPassword,
  verifyPassword,
} from './identity/builtin/passwords.ts';
export { createSignInLink } from './authenticate/signin-link.ts';
export { ASSERTION_HEADER, JWKS_PATH } from './assertion/index.ts';
export { GATEWAY_REASONS } from './reasons.ts';
export type { GatewayReason } from './reasons.ts';
export { GATEWAY_ERRORS } from './errors.ts';
export type { GatewayErrorCode } from './errors.ts';
