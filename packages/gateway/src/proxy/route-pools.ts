import type { Socket } from 'node:net';
import { Pool } from './undici-pool.ts';
import type { Upstream } from '@gatehouse/core';
import { signalFree } from './free-signal.ts';
import { toUpstreamError } from './upstream-error.ts';

/**
 * Idle upstream connections close after this long when the upstream sends no `Keep-Alive:
 * timeout=` hint; with a hint undici closes them 2 s before the upstream would (fewer stale
 * connections than a fixed timeout).
 */
const IDLE_CONNECTION_MS = 60_000;

/**
 * One undici keep-alive pool per route (docs/adr/0014), dialling through the route's Upstream.
 * A tunnel route's pool goes away with its last connection (docs/adr/0015): when every SSH
 * session serving it has closed, nothing of it stays; the next request starts a fresh pool.
 */
export interface RoutePools {
  get(routeId: string, url: URL): Pool;
  close(): void;
}

interface Entry {
  url: URL;
  readonly origin: string;
  readonly pool: Pool;
}

export function createRoutePools(upstream: Upstream): RoutePools {
  const pools = new Map<string, Entry>();
  return {
    get(routeId, url) {
      const entry = pools.get(routeId);
      // Hot path: the edge passes the same URL object for a route on every request.
      if (entry?.url === url) return entry.pool;
      const origin = `${url.protocol}//${url.host}`;
      if (entry?.origin === origin) {
        entry.url = url;
        return entry.pool;
      }
      // The route now points elsewhere (config reload): in-flight exchanges finish on the old
      // pool, which then closes; new ones dial the new upstream.
      if (entry !== undefined) void entry.pool.close().catch(() => undefined);
      const pool = createPool(upstream, routeId, url);
      const created: Entry = { url, origin, pool };
      pools.set(routeId, created);
      if (!isHttp(url))
        releaseWhenUnused(pool, () => pools.get(routeId) === created && pools.delete(routeId));
      return pool;
    },
    close() {
      for (const { pool } of pools.values()) void pool.destroy().catch(() => undefined);
      pools.clear();
    },
  };
}

const isHttp = (url: URL): boolean => url.protocol === 'http:' || url.protocol === 'https:';

/**
 * Closes a tunnel route's pool once it holds no connection and no request: its SSH sessions
 * closed (every channel gone), or its keep-alive connections idled out. undici keeps a
 * disconnected client for reuse, so without this a route served once keeps its pool forever.
 */
function releaseWhenUnused(pool: Pool, forget: () => void): void {
  const check = (): void => {
    const { connected, pending, running, queued } = pool.stats;
    if (connected + pending + running + queued > 0) return;
    forget();
    void pool.close().catch(() => undefined);
  };
  pool.on('disconnect', check);
  // A failed dial (tunnel offline) drops its client without a 'disconnect'.
  pool.on('connectionError', check);
}

function createPool(upstream: Upstream, routeId: string, routeUrl: URL): Pool {
  // The upstream's own URL (a tunnel's `tunnel://<route>.<namespace>`) goes to `connect`;
  // undici only accepts an http(s) origin, which names nothing it dials itself.
  const url = new URL(`${routeUrl.protocol}//${routeUrl.host}`);
  const http = isHttp(url);
  const origin = http ? url.origin : `http://${url.host}`;
  return new Pool(origin, {
    // Every connection goes through the route's Upstream (TCP/TLS for a static route, or what
    // a test or composition root supplies): undici only speaks HTTP/1.1 over it.
    connect: (_options, callback) => {
      upstream.connect({ routeId, url }).then(
        // undici needs only the Duplex side (read, write, cork, destroy) of the stream.
        (stream) => {
          // A tunnel retires channels whose local address changed once they are idle.
          if (!http) signalFree(stream);
          callback(null, stream as Socket);
        },
        (error: unknown) => callback(toUpstreamError(error, routeId), null),
      );
    },
    keepAliveTimeout: IDLE_CONNECTION_MS,
    keepAliveMaxTimeout: IDLE_CONNECTION_MS,
    // Each exchange passes its route's deadlines with the request (forward-pool.ts).
    headersTimeout: 0,
    bodyTimeout: 0,
  });
}
