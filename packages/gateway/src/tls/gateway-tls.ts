import type { Clock, Logger, Store } from '@gatehouse/core';
import type { GatewayConfig } from '../config/index.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { TunnelRoutes } from '../tunnel-accounts/index.ts';
import { setupEdgeTls, type EdgeTls } from './edge-setup.ts';

/**
 * The gateway's TLS part: undefined without `tls` in the config; else certificate files and
 * ACME (edge-setup.ts), told which names are tunnel hosts (on-demand certificates), with the
 * certificate-expiry gauge on /metrics.
 */
export async function startGatewayTls(deps: {
  readonly config: () => GatewayConfig;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tunnelRoutes: TunnelRoutes;
  readonly edgePort: () => number;
  readonly acmeRetry: { readonly minMs: number; readonly maxMs: number } | undefined;
}): Promise<EdgeTls | undefined> {
  if (deps.config().tls === undefined) return undefined;
  const routes = deps.tunnelRoutes;
  const tls = await setupEdgeTls({
    config: deps.config,
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    tunnelHost: async (name) => {
      const route =
        (await routes.resolve(name)) ?? (await routes.resolve(`${name}:${deps.edgePort()}`));
      if (route === undefined) return 'unknown';
      return routes.upstreamHost(route) === undefined ? 'exists' : 'live';
    },
    edgePort: deps.edgePort,
    ...(deps.acmeRetry === undefined ? {} : { retry: deps.acmeRetry }),
  });
  deps.metrics.setGaugeFamily(
    'gatehouse_certificate_expiry_seconds',
    'Seconds until the certificate for a name expires.',
    () => tls.expiries().map((e) => ({ labels: [['name', e.name]], value: e.seconds })),
  );
  return tls;
}
