import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { withoutGatehouseSetCookies } from './gatehouse-cookies.ts';
import { connectionTokens, isHopByHop } from './hop-by-hop.ts';
import { isIdentityHeader } from './identity-headers.ts';
import { sseKeepAliveFor, type SseKeepAlive } from './sse-keepalive.ts';
import type { ProxyTarget } from './target.ts';

const droppedNames = new Map<string, boolean>();

/** Identity and hop-by-hop fields, remembered per name (bounded: an upstream may invent names). */
function isDropped(name: string): boolean {
  let dropped = droppedNames.get(name);
  if (dropped === undefined) {
    dropped = isIdentityHeader(name) || isHopByHop(name);
    if (droppedNames.size >= 1_000) droppedNames.clear();
    droppedNames.set(name, dropped);
  }
  return dropped;
}

/**
 * The upstream's response headers as the client may see them: no hop-by-hop fields, no
 * identity headers, no Set-Cookie for a `_gatehouse*` cookie (research §5 G9). For a 101
 * answer Upgrade and Connection stay, since they complete the handshake.
 */
export function clientResponseHeaders(
  headers: IncomingHttpHeaders,
  upgrade = false,
): OutgoingHttpHeaders {
  const named = connectionTokens(headers.connection);
  const out: OutgoingHttpHeaders = {};
  for (const name of Object.keys(headers)) {
    if (isDropped(name) || named.has(name)) continue;
    const value = headers[name];
    if (value === undefined) continue;
    if (name === 'set-cookie' && Array.isArray(value)) {
      const kept = withoutGatehouseSetCookies(value);
      if (kept.length > 0) out[name] = kept;
      continue;
    }
    out[name] = value;
  }
  if (upgrade && headers.upgrade !== undefined) {
    out.connection = 'Upgrade';
    out.upgrade = headers.upgrade;
  }
  return out;
}

/** An HTTP/1.1 response head for writing straight to a socket (upgrade answers). */
export function rawResponseHead(
  status: number,
  statusMessage: string,
  headers: OutgoingHttpHeaders,
): string {
  let head = `HTTP/1.1 ${status} ${statusMessage}\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) head += `${name}: ${item}\r\n`;
  }
  return `${head}\r\n`;
}

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
