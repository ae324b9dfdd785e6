import type { Server } from 'node:http';
import type { Logger, Store, TunnelAccounts } from '@gatehouse/core';
import type { GatewayConfig } from '../config/index.ts';
import type { AuditLog } from '../mcp/audit.ts';
import type { Proxy } from '../proxy/index.ts';
import type { EdgeTls } from '../tls/edge-setup.ts';
import type { TunnelRoutes } from '../tunnel-accounts/index.ts';
import type { Listening } from './listen.ts';
import type { RunningGateway } from './options.ts';
import type { TrafficInspector } from '../traffic/index.ts';

/** The running parts a reload touches and a shutdown closes. */
export interface RunningParts {
  readonly logger: Logger;
  readonly store: Store;
  /** Its queued records are committed before the store closes. */
  readonly audit: AuditLog;
  readonly proxy: Proxy;
  readonly server: Server;
  readonly httpServer: Server | undefined;
  readonly admin: Server | undefined;
  readonly edgeTls: EdgeTls | undefined;
  readonly revocations: { stop(): void };
  readonly tunnelRoutes: TunnelRoutes;
  /** Requests being answered now (edge/listeners.ts). */
  readonly inFlight: () => number;
  readonly stopPurging: () => void;
  /** The live config. */
  readonly config: () => GatewayConfig;
  /** Makes `next` the live config, with what is built from it (identity providers). */
  readonly swap: (next: GatewayConfig) => void;
}

/** Grace period for in-flight requests at shutdown. */
const SHUTDOWN_GRACE_MS = 5_000;

/** Swaps in a new, already validated config. */
export function reloadGateway(parts: RunningParts, next: GatewayConfig): void {
  const { logger } = parts;
  const current = parts.config();
  if (next.listen.host !== current.listen.host || next.listen.port !== current.listen.port) {
    logger.warn({}, 'listen address changes take effect after a restart');
  }
  for (const warning of next.warnings) logger.warn({ config: next.source }, warning);
  parts.swap(next);
  parts.server.headersTimeout = next.requestReadTimeoutMs;
  parts.tunnelRoutes.invalidate();
  void parts.edgeTls?.reload();
  logger.info({ routes: next.routes.length }, 'config reloaded');
}

const closed = (server: Server): Promise<void> =>
  new Promise<void>((resolve) => server.close(() => resolve()));

/** Stops timers, lets in-flight requests finish (up to the grace period), closes the store. */
export async function closeGateway(parts: RunningParts): Promise<void> {
  const { server, httpServer, admin, proxy } = parts;
  parts.stopPurging();
  parts.edgeTls?.close();
  parts.revocations.stop();
  const allClosed = (async () => {
    await closed(server);
    if (httpServer !== undefined) {
      httpServer.closeAllConnections();
      await closed(httpServer);
    }
    if (admin !== undefined) await closed(admin);
  })();
  server.closeIdleConnections();
  proxy.endStreams();
  // In-flight requests get the grace period; once none is left, every connection goes
  // (a kept-alive one, or a browser's preconnected socket that never sent a request).
  const idle = setInterval(() => {
    if (parts.inFlight() === 0) server.closeAllConnections();
    else server.closeIdleConnections();
  }, 50);
  const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
  grace.unref();
  await allClosed;
  clearInterval(idle);
  clearTimeout(grace);
  proxy.close();
  await parts.audit.close();
  await parts.store.close();
}

/** What `startGateway` hands back: the bound ports, the store, and reload and close. */
export function runningGateway(
  parts: RunningParts,
  listening: Listening,
  tunnelAccounts: TunnelAccounts,
  firstRunLink: string | undefined,
  traffic: TrafficInspector,
  nodeId: string,
): RunningGateway {
  return {
    nodeId,
    port: listening.port,
    adminPort: listening.adminPort,
    httpPort: listening.httpPort,
    store: parts.store,
    tunnelAccounts,
    traffic,
    firstRunLink,
    reload: (next) => reloadGateway(parts, next),
    close: () => closeGateway(parts),
  };
}
