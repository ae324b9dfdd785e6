import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Clock, Logger } from '@gatehouse/core';
import type { AssertionSigner } from '../assertion/index.ts';
import type { GatewayConfig, ResolvedRoute } from '../config/index.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { Proxy } from '../proxy/index.ts';
import type { SessionManager } from '../session/sessions.ts';
import type { TrafficInspector } from '../traffic/index.ts';
import type { TunnelRoutes } from '../tunnel-accounts/index.ts';
import type { McpRouteDeps } from './mcp/context.ts';
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
  /** The MCP traffic inspector (issue 16): captures tunnel routes and `inspect: true` routes. */
  readonly traffic?: TrafficInspector;
}

export interface Edge {
  request(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/** A request on a route, after routing and before identity (edge/prepare.ts). */
interface PreparedRequest {
  readonly route: ResolvedRoute;
  readonly requestId: string;
  readonly host: string;
  /** URL path without the query. */
  readonly path: string;
  readonly ip: string;
  readonly proto: 'http' | 'https';
  readonly forwardedFor: string;
}

/** A request on an MCP route (OAuth tokens, edge/mcp-route.ts). */
export interface McpPrepared extends PreparedRequest {
  readonly kind: 'mcp';
}

/** A request on a browser route (cookie sessions, edge/cookie-route.ts). */
export interface Prepared extends PreparedRequest {
  readonly kind: 'route';
}

/** The one identity shape lives in core (issue 19); re-exported for the edge's modules. */
export type { Identity } from '@gatehouse/core';
