import type { IncomingMessage } from 'node:http';

/** Facts the edge works out once per request (client IP behind trusted proxies, request id). */
export interface RequestMeta {
  readonly requestId: string;
  readonly clientIp: string;
  readonly proto: 'http' | 'https';
  /** The Host the client used, lower-cased. */
  readonly host: string;
}

const metas = new WeakMap<IncomingMessage, RequestMeta>();

export function setRequestMeta(req: IncomingMessage, meta: RequestMeta): void {
  metas.set(req, meta);
}

export function requestMeta(req: IncomingMessage): RequestMeta {
  const meta = metas.get(req);
  if (meta === undefined) throw new Error('request metadata missing: the edge must set it first');
  return meta;
}

/** The request id the edge gave `req`, or null when it failed before getting that far. */
export function requestIdOf(req: IncomingMessage): string | null {
  return metas.get(req)?.requestId ?? null;
}
