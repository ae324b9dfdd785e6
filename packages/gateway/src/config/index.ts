export { ConfigError, type ConfigIssue } from './errors.ts';
export { configFromText, defaultConfig, loadConfigFile } from './load.ts';
export { parseConfigText } from './parse.ts';
export { hostOf } from './resolve-routes.ts';
export { resolveConfig, type ResolveOptions } from './resolve.ts';
export type { IdentityProviderConfig, ParsedConfig, RouteConfig } from './schema/index.ts';
export {
  loadOrCreateClusterSecret,
  loadOrCreateSecrets,
  type GatewaySecrets,
  type SigningKey,
} from './secrets.ts';
export type {
  AcmeSettings,
  CertificateFiles,
  ClusterConfig,
  TlsSettings,
  GatewayConfig,
  ListenAddress,
  ResolvedIdentityProvider,
  ResolvedRoute,
  StoreSettings,
} from './types.ts';
export { watchConfig, type ConfigWatcher, type WatchConfigOptions } from './watch.ts';
