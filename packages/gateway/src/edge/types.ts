import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Clock, Logger, SessionRecord } from '@gatehouse/core';
import type { Decision } from '@gatehouse/policy';
import type { AssertionSigner } from '../assertion/index.ts';
import type { GatewayConfig, ResolvedRoute } from '../config/index.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { Proxy } from '../proxy/index.ts';
import type { SessionManager } from '../session/sessions.ts';
import type { TunnelRoutes } from '../tunnel-accounts/index.ts';
import type { McpRouteDeps } from './mcp-route.ts';
import type { RouteEndpointDeps } from './route-endpoints.ts';

export interface EdgeDeps extends RouteEndpointDeps {
  readonly config: () => GatewayConfig;
  readonly sessions: SessionManager;
  readonly proxy: Proxy;
  readonly signer: AssertionSigner;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Handles every request for the authenticate service host. */
  readonly authListener: (req: IncomingMessage, res: ServerResponse) => void;
  /** Whether the edge listener itself speaks TLS. */
  readonly tls: boolean;
  /** OAuth resource-server parts for routes with `mcp` (absent: such routes answer 503). */
  readonly mcp?: McpRouteDeps;
  /** Synthesized MCP routes of SSH tunnels, for hosts no configured route claims. */
  readonly tunnelRoutes?: TunnelRoutes;
}

export interface Edge {
  request(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface McpPrepared {
  readonly kind: 'mcp';
  readonly route: ResolvedRoute;
  readonly requestId: string;
  readonly host: string;
  readonly path: string;
  readonly ip: string;
  readonly proto: 'http' | 'https';
  readonly forwardedFor: string;
}

/** The one identity shape lives in core (issue 19); re-exported for the edge's modules. */
export type { Identity } from '@gatehouse/core';

export interface Prepared {
  readonly kind: 'route';
  readonly route: ResolvedRoute;
  readonly requestId: string;
  readonly host: string;
  readonly path: string;
  readonly ip: string;
  readonly proto: 'http' | 'https';
  readonly forwardedFor: string;
  readonly session: SessionRecord | undefined;
  readonly decision: Decision;
}
