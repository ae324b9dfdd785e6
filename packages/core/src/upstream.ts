import type { Duplex } from 'node:stream';

/**
 * How the gateway reaches a route's upstream. A static route dials TCP (or TLS) to its `to`
 * URL; a tunnel route opens an SSH channel. The proxy speaks HTTP/1.1 over whatever Duplex it
 * gets, so it never needs to know which.
 */
export interface Upstream {
  /** Opens one connection for one HTTP exchange (or a WebSocket). Rejects with a GatehouseError. */
  connect(target: UpstreamTarget, signal?: AbortSignal): Promise<Duplex>;
}

export interface UpstreamTarget {
  /** The route id from config (or the tunnel's route name). */
  readonly routeId: string;
  /** The upstream URL (`http://127.0.0.1:8080`); only host, port and protocol are used. */
  readonly url: URL;
}

/**
 * Error codes an Upstream raises, mapped by the gateway to its 502/503 pages:
 * - ERR_UPSTREAM_REFUSED: nothing listens at the address (502, "start your server");
 * - ERR_UPSTREAM_TIMEOUT: connect timed out (504);
 * - ERR_UPSTREAM_OFFLINE: a tunnel route with no live tunnel (503);
 * - ERR_UPSTREAM_FAILED: anything else (502).
 */
export const UPSTREAM_ERROR_CODES = Object.freeze([
  'ERR_UPSTREAM_REFUSED',
  'ERR_UPSTREAM_TIMEOUT',
  'ERR_UPSTREAM_OFFLINE',
  'ERR_UPSTREAM_FAILED',
] as const);
export type UpstreamErrorCode = (typeof UPSTREAM_ERROR_CODES)[number];
