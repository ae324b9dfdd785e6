import {
  type Clock,
  type Logger,
  type Store,
  type TunnelAccounts,
  type TunnelStatus,
} from '@gatehouse/core';
import type { GatewayConfig } from '../config/index.ts';
import { createTunnelAccounts } from './accounts.ts';
import { followChangeNotices } from './change-notices.ts';
import { createSignInNotifier } from './notifier.ts';
import { createTunnelRoutes, type TunnelRoutes } from './routes.ts';
import type { SettleDeps } from './settle.ts';

export interface TunnelServiceOptions {
  readonly store: Store;
  readonly config: () => GatewayConfig;
  readonly edgePort: () => number;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The SSH server's live view (account page, revocation, Host for the local server). */
  readonly status?: TunnelStatus | undefined;
}

/** Everything the gateway does for the SSH tunnel, built once from its store. */
export interface TunnelService {
  /** Handed to the SSH server (`RunningGateway.tunnelAccounts`). */
  readonly accounts: TunnelAccounts;
  /** Synthesized MCP routes for the edge and the authorization server. */
  readonly routes: TunnelRoutes;
  /** For the verify page. */
  readonly settle: SettleDeps;
  readonly status: TunnelStatus | undefined;
  readonly store: Store;
  readonly logger: Logger;
}

export function createTunnelService(options: TunnelServiceOptions): TunnelService {
  const logger = options.logger.child({ component: 'tunnel' });
  const notifier = createSignInNotifier();
  const routes = createTunnelRoutes(options);
  const accounts = createTunnelAccounts({
    ...options,
    logger,
    notifier,
    onSharesChanged: (namespace) => routes.invalidate(namespace),
  });
  // Keys revoked and accounts disabled anywhere close their SSH connections here within ~1 s.
  followChangeNotices({ ...options, logger });
  return {
    accounts,
    routes,
    settle: { store: options.store, notifier, clock: options.clock, logger },
    status: options.status,
    store: options.store,
    logger,
  };
}
