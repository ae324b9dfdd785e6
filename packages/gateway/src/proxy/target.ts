import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GatehouseError } from '@gatehouse/core';

/** What the edge tells the proxy about one request after routing, identity and policy. */
export interface ProxyTarget {
  readonly routeId: string;
  /** Upstream origin, plus an optional base path that is prepended to the request path. */
  readonly url: URL;
  /** Send the client's Host upstream; otherwise Host is the upstream `host[:port]`. */
  readonly preserveHost: boolean;
  /** Until the upstream's response headers arrive; 0 = none. */
  readonly timeoutMs: number;
  /**
   * No bytes for this long destroys the exchange; 0 = none. Before the answer's headers the
   * earlier of this and `timeoutMs` applies; after them, silence of the upstream's body counts.
   */
  readonly idleTimeoutMs: number;
  /** A larger request body is refused with ERR_GATEWAY_REQUEST_TOO_LARGE (413). */
  readonly maxRequestBytes: number;
  /** `: keep-alive` comments between SSE events after this much upstream silence; 0/absent = off. */
  readonly sseKeepaliveMs?: number;
  /** The socket peer, already resolved by the edge. */
  readonly clientIp: string;
  /** Sent as X-Forwarded-For (the edge appends the client to trusted values). */
  readonly forwardedFor: string;
  readonly forwardedProto: 'http' | 'https';
  /** The Host the client used; sent as X-Forwarded-Host (and as Host with preserveHost). */
  readonly forwardedHost: string;
  /** Sent as X-Request-Id (a client's value is replaced). */
  readonly requestId: string;
  /** Added last, after every client header is filtered (e.g. the identity assertion). */
  readonly setHeaders: Readonly<Record<string, string>>;
  /**
   * Called once when the exchange fails before response headers reached the client. The edge
   * renders the page (413, 502, 503, 504). `res` is null for upgrades; the proxy then closes
   * the client socket itself.
   */
  onError(error: GatehouseError, res: ServerResponse | null): void;
  /** Metrics hook: upstream status and time until its response headers. */
  onResponse?(status: number, upstreamLatencyMs: number): void;
  /** Client request headers never sent upstream (lower-case), e.g. `authorization` on MCP routes. */
  readonly removeHeaders?: readonly string[];
  /**
   * The request body, already read and checked by the edge (MCP inspection): sent with its exact
   * length instead of streaming the client's request.
   */
  readonly body?: Buffer;
  /**
   * Sees the upstream's response before it is relayed and may replace its headers and pipe the
   * body through a transform (e.g. filtering `tools/list`). Undefined = relay as is.
   */
  transformResponse?(
    status: number,
    headers: OutgoingHttpHeaders,
  ): { headers: OutgoingHttpHeaders; stream?: Duplex } | undefined;
}

/** The reverse-proxy engine: one per gateway, keeping a keep-alive pool per route. */
export interface Proxy {
  forward(req: IncomingMessage, res: ServerResponse, target: ProxyTarget): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, target: ProxyTarget): void;
  /**
   * Ends every event stream (SSE) being relayed: they never finish on their own, so a graceful
   * shutdown would otherwise wait its whole grace period for them. Clients reconnect.
   */
  endStreams(): void;
  /** Closes every pooled upstream connection. */
  close(): void;
}

/**
 * Codes `onError` receives besides the upstream ones (ERR_UPSTREAM_REFUSED → 502,
 * ERR_UPSTREAM_TIMEOUT → 504, ERR_UPSTREAM_OFFLINE → 503, ERR_UPSTREAM_FAILED → 502).
 */
export const ERR_REQUEST_TOO_LARGE = 'ERR_GATEWAY_REQUEST_TOO_LARGE';
