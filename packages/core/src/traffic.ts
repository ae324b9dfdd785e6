/**
 * The MCP traffic inspector port (issue 16): what the gateway captures of each MCP exchange and
 * how the views (web page `/inspect`, TUI panel `[5] MCP Calls`, `ssh … inspect`) read it.
 *
 * The gateway implements it; `packages/tunnel` gets it through the cli wiring and never imports
 * the gateway (like `TunnelStatus`/`TunnelAccounts` in tunnel.ts). Ownership is enforced INSIDE
 * the port: every call names its viewer, and an exchange of a route the viewer may not inspect
 * looks exactly like one that does not exist.
 *
 * Everything in an exchange is already masked (Authorization, cookies, tokens, values under
 * secret-like keys) before it is stored, and every text comes from the network: views must
 * escape it.
 */

/** Who asks. Admins see every route only when the gateway's config allows it. */
export interface TrafficViewer {
  /** The signed-in user (an exchange's `ownerAccountId` names the same id). */
  readonly userId: string;
  readonly admin: boolean;
}

/**
 * `legacy`: 2025-03-26 … 2025-11-25 (initialize, Mcp-Session-Id); `modern`: 2026-07-28 and later
 * (stateless, `_meta` carries the client); `unknown`: no version seen yet.
 */
export type McpProtocolEra = 'legacy' | 'modern' | 'unknown';

/** One captured body. `text` is at most the configured bytes per body (UTF-8). */
export interface CapturedBody {
  /** The (masked) body as text; for SSE answers, the raw stream (see `events`). */
  readonly text: string;
  /** Bytes the wire carried (the whole body, even when the capture is truncated). */
  readonly bytes: number;
  /** The capture stopped at the limit; `text` ends with TRAFFIC_TRUNCATED_MARKER. */
  readonly truncated: boolean;
  /** `text/event-stream` answers: the `data:` of each event, in order (masked, bounded). */
  readonly events?: readonly CapturedSseEvent[];
}

export interface CapturedSseEvent {
  readonly id?: string;
  readonly event?: string;
  readonly data: string;
}

/** Appended to a body cut at the per-body limit. */
export const TRAFFIC_TRUNCATED_MARKER = '…[truncated by gatehouse]';
/** What a masked value reads as, in headers and JSON bodies alike. */
export const TRAFFIC_MASK = '[masked]';

export interface ExchangeTimings {
  /** Epoch ms the gateway received the request. */
  readonly startedAt: number;
  /** ms from gateway-in to the upstream's first byte (undefined: never reached the upstream). */
  readonly upstreamFirstByteMs?: number;
  /** ms from gateway-in to the last byte sent to the client. */
  readonly totalMs?: number;
}

export type ExchangeDecision = 'allow' | 'deny' | 'error';

/** What a list shows: small, no bodies. */
export interface McpExchangeSummary {
  /** Unique per gateway process and stable across a restart when persisted. */
  readonly id: string;
  /** The gateway's route id (for a tunnel route `<route>.<namespace>`). */
  readonly routeId: string;
  /** Tunnel routes: the owner's namespace and route name; configured routes: undefined. */
  readonly namespace?: string;
  readonly route: string;
  /** The account that owns the route (tunnel routes); configured routes: undefined. */
  readonly ownerAccountId?: string;
  /** The signed-in user (email, else subject); null before authentication. */
  readonly user: string | null;
  readonly clientName?: string;
  readonly clientVersion?: string;
  readonly protocolEra: McpProtocolEra;
  readonly protocolVersion?: string;
  /** JSON-RPC method, or the HTTP method for a bodiless GET/DELETE. */
  readonly method: string;
  /** Tool, resource URI or prompt name the call names. */
  readonly target?: string;
  readonly decision: ExchangeDecision;
  /** HTTP status sent to the client (0 while the answer is still streaming). */
  readonly status: number;
  /** A JSON-RPC error in the answer (its code), if any. */
  readonly rpcError?: number;
  readonly timings: ExchangeTimings;
  readonly requestBytes: number;
  readonly responseBytes: number;
  readonly truncated: boolean;
  /** This exchange re-sent the recorded one with that id. */
  readonly replayOf?: string;
  /** Still streaming (an SSE answer): a later event with the same id completes it. */
  readonly inProgress: boolean;
}

/** One whole exchange: the summary plus bodies, masked headers and the decision trace. */
export interface McpExchange extends McpExchangeSummary {
  readonly requestId: string;
  readonly httpMethod: string;
  readonly path: string;
  readonly sessionId?: string;
  readonly reasons: readonly string[];
  /** Header name (lower case) → value, masked. */
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly request?: CapturedBody;
  readonly response?: CapturedBody;
}

export interface TrafficFilter {
  /** Only this route id (`<route>.<namespace>` for tunnels), or a bare route name of the viewer's. */
  readonly route?: string;
  readonly method?: string;
  readonly target?: string;
  readonly decision?: ExchangeDecision;
  readonly status?: number;
  /** Case-insensitive substring over method, target, user and bodies. */
  readonly text?: string;
  /** Newest first, at most this many (default 100, at most the ring size). */
  readonly limit?: number;
}

/** A live event: a new exchange, or one that completed (same id, `inProgress: false`). */
export type TrafficEvent =
  | { readonly type: 'exchange'; readonly exchange: McpExchangeSummary }
  | { readonly type: 'complete'; readonly exchange: McpExchangeSummary };

export type TrafficListener = (event: TrafficEvent) => void;

export interface ReplayOptions {
  /** Replaces `params.arguments` of the recorded `tools/call`; the rest is sent unchanged. */
  readonly arguments?: Readonly<Record<string, unknown>>;
}

export type ReplayRefusal =
  /** No such exchange, or one the viewer may not see (indistinguishable on purpose). */
  | 'not-found'
  /** Only the route's owner (or admins, when configured) may replay. */
  | 'forbidden'
  /** Only `tools/call` is replayable. */
  | 'not-replayable'
  /** The request body was truncated or masked in the capture: it cannot be sent again as it was. */
  | 'incomplete-capture'
  /** The route is gone or its tunnel is down. */
  | 'route-unavailable';

export type ReplayResult =
  | { readonly ok: true; readonly exchange: McpExchange }
  | { readonly ok: false; readonly reason: ReplayRefusal; readonly message: string };

/**
 * The inspector, as every view sees it. `list`/`get`/`subscribe` show only exchanges of routes
 * the viewer owns (or every route for admins, when the gateway allows it).
 */
export interface McpTrafficInspector {
  list(viewer: TrafficViewer, filter?: TrafficFilter): Promise<readonly McpExchangeSummary[]>;
  get(viewer: TrafficViewer, id: string): Promise<McpExchange | undefined>;
  /** Live events matching the filter; returns the unsubscribe function. */
  subscribe(viewer: TrafficViewer, filter: TrafficFilter, listener: TrafficListener): () => void;
  /**
   * Re-sends a recorded `tools/call` to the SAME route's upstream as the original user, through
   * the same policy (a denied call is denied again), audited and logged as a replay. A policy
   * denial still yields `ok: true` with the new exchange's `decision: 'deny'`.
   */
  replay(viewer: TrafficViewer, id: string, options?: ReplayOptions): Promise<ReplayResult>;
}
