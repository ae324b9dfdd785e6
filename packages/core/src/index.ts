export { GatehouseError, isGatehouseError } from './errors.ts';
export type { LogFn, Logger } from './logger.ts';
export { silentLogger } from './logger.ts';
export type { Clock } from './clock.ts';
export type { Identity } from './identity.ts';
export { systemClock } from './clock.ts';
export type {
  Account,
  AccountPatch,
  AcmeAccountRecord,
  CertificateRepository,
  StoredCertificate,
  StoredExchange,
  TrafficRepository,
  AccountRepository,
  NewAccount,
  OAuthRepository,
  RecordPut,
  RecordRepository,
  SessionRecord,
  SessionRepository,
  Store,
  TunnelKeyBinding,
  TunnelRepository,
  TunnelShareRecord,
} from './store.ts';
export { CHANGE_TOPICS } from './store-changes.ts';
export type { ChangeFeed, ChangeTopic } from './store-changes.ts';
export type { LiveRouteHolder, NodeRecord, NodeRepository, RouteHolder } from './store-nodes.ts';
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
  AccountDisconnectReason,
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
export { CORE_ERRORS } from './errors.ts';
export type { CoreErrorCode } from './errors.ts';
