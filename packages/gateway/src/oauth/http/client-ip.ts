import type { IncomingMessage } from 'node:http';
import { requestMeta } from '../../edge/request-meta.ts';

/**
 * The client's address: the edge's (trusted-proxy aware) when the request came through it, else
 * the socket peer (the server mounted on its own, as in tests).
 */
export function clientIpOf(req: IncomingMessage): string {
  try {
    return requestMeta(req).clientIp;
  } catch {
    return req.socket.remoteAddress ?? 'unknown';
  }
}
