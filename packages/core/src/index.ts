export { GatehouseError, isGatehouseError } from './errors.ts';
export type { LogFn, Logger } from './logger.ts';
export { silentLogger } from './logger.ts';
export type { Clock } from './clock.ts';
export { systemClock } from './clock.ts';
export type {
  Account,
  AccountPatch,
  AcmeAccountRecord,
  CertificateRepository,
  StoredCertificate,
  AccountRepository,
  NewAccount,
  OAuthRepository,
  RecordRepository,
  SessionRecord,
  SessionRepository,
  Store,
  TunnelKeyBinding,
  TunnelRepository,
  TunnelShareRecord,
} from './store.ts';
export type { Upstream, UpstreamErrorCode, UpstreamTarget } from './upstream.ts';
export { UPSTREAM_ERROR_CODES } from './upstream.ts';
export type {
  LiveTunnel,
  PendingSshSignIn,
  SshIdentity,
  SshKeyInfo,
  SshSignInOutcome,
  TunnelAccounts,
  TunnelShare,
  TunnelStatus,
} from './tunnel.ts';
export { TUNNEL_URL_SCHEME } from './tunnel.ts';
export type {
  CapturedBody,
  CapturedSseEvent,
  ExchangeDecision,
  ExchangeTimings,
  McpExchange,
  McpExchangeSummary,
  McpProtocolEra,
  McpTrafficInspector,
  ReplayOptions,
  ReplayRefusal,
  ReplayResult,
  TrafficEvent,
  TrafficFilter,
  TrafficListener,
  TrafficViewer,
} from './traffic.ts';
export { TRAFFIC_MASK, TRAFFIC_TRUNCATED_MARKER } from './traffic.ts';
