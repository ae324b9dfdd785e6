import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { clientResponseHeaders } from './response-headers.ts';
import { sseKeepAliveFor, type SseKeepAlive } from './sse-keepalive.ts';
import type { ProxyTarget } from './target.ts';

const EVENT_STREAM = /^text\/event-stream/i;

/** How the body of an answer whose head is written goes on to the client. */
export interface ResponseStart {
  /** The transform the body goes through (e.g. the `tools/list` filter); else straight. */
  readonly through: Duplex | undefined;
  readonly eventStream: boolean;
  readonly keepAlive: SseKeepAlive | undefined;
}

/**
 * The upstream's status and headers, as the client may see them, written to `res`: hop-by-hop
 * and identity fields dropped, the target's transform applied, event streams marked unbuffered
 * and flushed at once so their first event is not held back.
 */
export function writeResponseStart(
  res: ServerResponse,
  target: ProxyTarget,
  status: number,
  statusMessage: string | undefined,
  headers: IncomingHttpHeaders,
): ResponseStart {
  let out = clientResponseHeaders(headers);
  const transformed = target.transformResponse?.(status, out);
  if (transformed !== undefined) out = transformed.headers;
  const eventStream = EVENT_STREAM.test(String(out['content-type'] ?? ''));
  // nginx and its kin buffer responses unless told not to; an event stream must not wait.
  if (eventStream) out['x-accel-buffering'] = 'no';
  if (statusMessage) res.writeHead(status, statusMessage, out);
  else res.writeHead(status, out);
  // Streams (SSE, chunked) must reach the client as they are produced.
  if (out['content-length'] === undefined) res.flushHeaders();
  return {
    through: transformed?.stream,
    eventStream,
    keepAlive: eventStream ? sseKeepAliveFor(res, target.sseKeepaliveMs, out) : undefined,
  };
}
