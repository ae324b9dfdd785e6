import type { Clock, Logger, Store } from '@gatehouse/core';
import type { GatewayConfig } from '../config/index.ts';
import type { McpRouteDeps } from '../edge/mcp-route.ts';
import type { AuditLog } from '../mcp/audit.ts';
import {
  createAccessTokenVerifier,
  createDpopProofVerifier,
  createDpopReplayGuard,
  createSessionBindings,
  type RevocationView,
} from '../mcp/resource/index.ts';
import type { AuthorizationServer } from '../oauth/index.ts';

/**
 * The resource-server side of MCP routes: access tokens (and DPoP proofs) checked against our
 * authorization server's keys and the revocation view, session bindings, and the audit log.
 */
export function createMcpResource(deps: {
  readonly config: () => GatewayConfig;
  readonly store: Store;
  readonly authorizationServer: AuthorizationServer;
  readonly revocations: RevocationView;
  /** Shared with the traffic inspector's replays, which are audited too. */
  readonly audit: AuditLog;
  readonly logger: Logger;
  readonly clock: Clock;
}): McpRouteDeps {
  const { store, clock, logger, authorizationServer } = deps;
  const issuer = () => deps.config().authenticateServiceUrl;
  return {
    verifier: createAccessTokenVerifier({
      issuer,
      jwks: () => authorizationServer.jwks(),
      revocations: deps.revocations,
      clock,
      dpop: createDpopProofVerifier(createDpopReplayGuard(store.records)),
    }),
    bindings: createSessionBindings(store.records, clock),
    audit: deps.audit,
    authorizationServer: () => authorizationServer,
    issuer,
    logger,
  };
}
