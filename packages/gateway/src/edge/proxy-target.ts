import { ASSERTION_HEADER, type AssertionSigner } from '../assertion/index.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { ProxyTarget } from '../proxy/index.ts';
import type { TunnelRoutes } from '../tunnel-accounts/index.ts';
import type { DecisionLog, LogSubject } from './decision-log.ts';
import type { Identity, McpPrepared, Prepared } from './types.ts';
import { upstreamUrl } from './upstream-failure.ts';

export interface ProxyTargetDeps {
  readonly signer: AssertionSigner;
  readonly metrics: Metrics;
  readonly tunnelRoutes?: TunnelRoutes;
  readonly log: DecisionLog;
}

/** Builds what the proxy needs for one allowed request. */
export type TargetBuilder = (
  p: Prepared | McpPrepared,
  subject: LogSubject,
  identity: Identity | undefined,
  onError: ProxyTarget['onError'],
) => ProxyTarget;

/**
 * The proxy target of an allowed request: the route's upstream and limits, the forwarded-for
 * facts, and the signed identity assertion when the route passes identity headers. Synchronous
 * (signing is): no promise on the proxied request's path (issue 18).
 */
export function createTargetBuilder(deps: ProxyTargetDeps): TargetBuilder {
  return (p, subject, identity, onError) => {
    const setHeaders: Record<string, string> = {};
    // A tunnel's local server sees its own address as Host, as a static route's upstream does.
    const tunnelHost = deps.tunnelRoutes?.upstreamHost(p.route);
    if (tunnelHost !== undefined) setHeaders['host'] = tunnelHost;
    if (p.route.passIdentityHeaders && identity !== undefined) {
      setHeaders[ASSERTION_HEADER] = deps.signer.signNow({
        audience: p.route.from,
        sub: identity.userId,
        email: identity.email,
        name: identity.name,
        groups: identity.groups,
      });
    }
    return {
      routeId: p.route.id,
      url: upstreamUrl(p.route.to),
      preserveHost: p.route.preserveHostHeader,
      timeoutMs: p.route.timeoutMs,
      idleTimeoutMs: p.route.idleTimeoutMs,
      maxRequestBytes: p.route.maxRequestBytes,
      sseKeepaliveMs: p.route.sseKeepaliveMs,
      clientIp: p.ip,
      forwardedFor: p.forwardedFor,
      forwardedProto: p.proto,
      forwardedHost: p.host,
      requestId: p.requestId,
      setHeaders,
      onError,
      onResponse: (status, latencyMs) => {
        deps.metrics.observeUpstreamLatency(p.route.id, latencyMs / 1000);
        deps.log(subject, status);
      },
    };
  };
}
