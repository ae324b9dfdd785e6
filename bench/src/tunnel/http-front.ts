import type { IncomingHttpHeaders, RequestListener } from 'node:http';
import type { Upstream } from '@gatehouse/core';
import { createRoutePools, isHopByHop } from '@gatehouse/gateway';

/**
 * The smallest HTTP front a tunnel route can have: each request goes up a pooled connection
 * that the tunnel's Upstream opened (an SSH `forwarded-tcpip` channel), exactly as the gateway
 * reaches tunnel routes (the gateway's own undici pool, `createRoutePools`, over
 * `upstream.connect`; docs/adr/0015), but with none of the gateway's sign-in, policy or logging
 * in the path. Request and response are streamed, hop-by-hop headers dropped (RFC 9110 §7.6.1).
 */
export function tunnelFront(upstream: Upstream, routeId: string, url: URL): RequestListener {
  const pools = createRoutePools(upstream);
  return (req, res) => {
    const declared = req.headers['content-length'];
    const hasBody =
      declared === undefined ? req.headers['transfer-encoding'] !== undefined : declared !== '0';
    const abort = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    pools
      .get(routeId, url)
      .request({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: endToEnd(req.headers),
        body: hasBody ? req : null,
        signal: abort.signal,
      })
      .then(
        ({ statusCode, headers, body }) => {
          res.writeHead(statusCode, endToEnd(headers));
          // Streams (SSE) must reach the client as they are produced.
          if (headers['content-length'] === undefined) res.flushHeaders();
          body.pipe(res);
          body.once('error', () => res.destroy());
        },
        (error: unknown) => {
          if (res.headersSent) {
            res.destroy();
            return;
          }
          const text = `tunnel: ${error instanceof Error ? error.message : String(error)}\n`;
          res.writeHead(502, {
            'content-type': 'text/plain',
            'content-length': Buffer.byteLength(text),
          });
          res.end(text);
        },
      );
  };
}

function endToEnd(
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !isHopByHop(name)) out[name] = value;
  }
  return out;
}
