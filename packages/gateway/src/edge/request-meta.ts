import type { IncomingMessage } from 'node:http';

/** Facts the edge works out once per request (client IP behind trusted proxies, request id). */
export interface RequestMeta {
  readonly requestId: string;
  readonly clientIp: string;
  readonly proto: 'http' | 'https';
  /** The Host the client used, lower-cased. */
  readonly host: string;
}

/**
 * Kept on the request under a private symbol, not in a WeakMap: a WeakMap entry per request
 * was a measurable share of the proxied GET's time (issue 18), a property is one store.
 */
const META = Symbol('gatehouse.requestMeta');

interface WithMeta {
  [META]?: RequestMeta;
}

export function setRequestMeta(req: IncomingMessage, meta: RequestMeta): void {
  (req as IncomingMessage & WithMeta)[META] = meta;
}

export function requestMeta(req: IncomingMessage): RequestMeta {
  const meta = (req as IncomingMessage & WithMeta)[META];
  if (meta === undefined) throw new Error('request metadata missing: the edge must set it first');
  return meta;
}

/** The request id the edge gave `req`, or null when it failed before getting that far. */
export function requestIdOf(req: IncomingMessage): string | null {
  return (req as IncomingMessage & WithMeta)[META]?.requestId ?? null;
}
