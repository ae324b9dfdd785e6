import { request, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import type { Upstream } from '@gatehouse/core';
import { createRouteAgents, isHopByHop } from '@gatehouse/gateway';

/**
 * The smallest HTTP front a tunnel route can have: each request goes up a pooled connection
 * that the tunnel's Upstream opened (an SSH `forwarded-tcpip` channel), exactly as the gateway
 * reaches tunnel routes (the gateway's own keep-alive pool, `createRouteAgents`, over
 * `upstream.connect`), but with none of the gateway's sign-in, policy or logging in the path.
 * Request and response are streamed, hop-by-hop headers dropped (RFC 9110 §7.6.1).
 */
export function tunnelFront(upstream: Upstream, routeId: string, url: URL): RequestListener {
  const agent = createRouteAgents(upstream).get(routeId, url);
  return (req, res) => {
    const outgoing = request(
      { agent, method: req.method, path: req.url, headers: endToEnd(req.headers) },
      (incoming) => {
        res.writeHead(incoming.statusCode ?? 502, endToEnd(incoming.headers));
        // Streams (SSE) must reach the client as they are produced.
        if (incoming.headers['content-length'] === undefined) res.flushHeaders();
        incoming.pipe(res);
        incoming.once('error', () => res.destroy());
      },
    );
    outgoing.once('error', (error) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = `tunnel: ${error.message}\n`;
      res.writeHead(502, {
        'content-type': 'text/plain',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
    res.once('close', () => {
      if (!res.writableFinished) outgoing.destroy();
    });
    req.pipe(outgoing);
  };
}

function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !isHopByHop(name)) out[name] = value;
  }
  return out;
}
