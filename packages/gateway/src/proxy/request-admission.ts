import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatehouseError } from '@gatehouse/core';
import { ERR_REQUEST_TOO_LARGE, type ProxyTarget } from './target.ts';

/** The error a forwarded exchange answers with when a body outgrows the route's limit. */
export function tooLarge(routeId: string, maxRequestBytes: number): GatehouseError {
  return new GatehouseError(
    ERR_REQUEST_TOO_LARGE,
    `route "${routeId}": request body exceeds ${maxRequestBytes} bytes`,
  );
}

/**
 * The first step of every forwarded exchange: refuses a declared body over the route's limit
 * before any upstream is contacted (answered here; returns undefined), else says whether the
 * request carries a body to stream up.
 */
export function admitRequest(
  req: IncomingMessage,
  res: ServerResponse,
  target: ProxyTarget,
): boolean | undefined {
  const declared = req.headers['content-length'];
  const length = declared === undefined ? undefined : Number(declared);
  if (length !== undefined && length > target.maxRequestBytes) {
    // The connection closes so the unread body dies with it.
    res.setHeader('connection', 'close');
    target.onError(tooLarge(target.routeId, target.maxRequestBytes), res);
    return undefined;
  }
  return (
    target.body !== undefined ||
    (length === undefined ? req.headers['transfer-encoding'] !== undefined : length > 0)
  );
}
