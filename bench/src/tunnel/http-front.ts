import type { RequestListener } from 'node:http';
import type { Upstream } from '@gatehouse/core';
import { createProxy } from '@gatehouse/gateway';

/** The gateway's own deadlines for a tunnel route (packages/gateway tunnel-accounts/routes.ts). */
const TIMEOUT_MS = 30_000;
const IDLE_TIMEOUT_MS = 300_000;

/**
 * The smallest HTTP front a tunnel route can have: each request goes through the gateway's own
 * proxy engine (`createProxy`: the undici pool per route over the tunnel's `Upstream`, whose
 * connections are SSH `forwarded-tcpip` channels; docs/adr/0015), exactly as the gateway
 * reaches tunnel routes, but with none of its sign-in, policy or logging in the path. Streamed
 * both ways, hop-by-hop headers dropped, the client's Host kept.
 */
export function tunnelFront(upstream: Upstream, routeId: string, url: URL): RequestListener {
  const proxy = createProxy({ upstream });
  let requests = 0;
  return (req, res) => {
    requests += 1;
    proxy.forward(req, res, {
      routeId,
      url,
      preserveHost: true,
      timeoutMs: TIMEOUT_MS,
      idleTimeoutMs: IDLE_TIMEOUT_MS,
      maxRequestBytes: 1_048_576,
      clientIp: req.socket.remoteAddress ?? '',
      forwardedFor: req.socket.remoteAddress ?? '',
      forwardedProto: 'http',
      forwardedHost: req.headers.host ?? '',
      requestId: String(requests),
      setHeaders: {},
      onError(error, out) {
        if (out === null) return;
        const text = `tunnel: ${error.code}: ${error.message}\n`;
        out.writeHead(error.code === 'ERR_UPSTREAM_OFFLINE' ? 503 : 502, {
          'content-type': 'text/plain',
          'content-length': Buffer.byteLength(text),
        });
        out.end(text);
      },
    });
  };
}
