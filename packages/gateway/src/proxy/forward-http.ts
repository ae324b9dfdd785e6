import { request } from 'node:http';
import type {
  ClientRequest,
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { GatehouseError } from '@gatehouse/core';
import type { Logger } from '@gatehouse/core';
import { startExchangeTimers } from './exchange-timers.ts';
import { upstreamPath, upstreamRequestHeaders } from './request-headers.ts';
import { clientResponseHeaders } from './response-headers.ts';
import { startSseKeepAlive, type SseKeepAlive } from './sse-keepalive.ts';
import type { RouteAgents } from './route-agents.ts';
import { ERR_REQUEST_TOO_LARGE } from './target.ts';
import type { ProxyTarget } from './target.ts';
import { toUpstreamError, upstreamFailure } from './upstream-error.ts';

export interface ProxyContext {
  readonly agents: RouteAgents;
  readonly logger: Logger;
  /** Enders of the event streams being relayed now (for shutdown). */
  readonly streams: Set<() => void>;
}

// A pooled connection the upstream closed while idle fails at once with one of these; a
// bodiless safe request can then be retried on a fresh connection (RFC 9110 §9.2.2).
const RETRYABLE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
const STALE_CONNECTION_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE']);

function tooLarge(target: ProxyTarget): GatehouseError {
  return new GatehouseError(
    ERR_REQUEST_TOO_LARGE,
    `route "${target.routeId}": request body exceeds ${target.maxRequestBytes} bytes`,
  );
}

/** One HTTP exchange: request streamed up, response streamed down, nothing buffered. */
// long-function: placeholder: proxy/ belongs to branch `perf` (issue 18/19); the lead reconciles at merge
export function forwardHttp(
  context: ProxyContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: ProxyTarget,
): void {
  const declared = req.headers['content-length'];
  const length = declared === undefined ? undefined : Number(declared);
  if (length !== undefined && length > target.maxRequestBytes) {
    // Refused before any upstream is contacted; the connection closes so the unread body dies.
    res.setHeader('connection', 'close');
    target.onError(tooLarge(target), res);
    return;
  }
  const hasBody =
    target.body !== undefined ||
    (length === undefined ? req.headers['transfer-encoding'] !== undefined : length > 0);
  const agent = context.agents.get(target.routeId, target.url);
  const headers = upstreamRequestHeaders(req, target, false);
  const started = performance.now();
  let upstreamReq: ClientRequest | undefined;
  let upstreamRes: IncomingMessage | undefined;
  let settled = false;
  const timeout = (): void => fail(upstreamFailure('ERR_UPSTREAM_TIMEOUT', target.routeId));
  const timers = startExchangeTimers(target.timeoutMs, target.idleTimeoutMs, timeout, timeout);

  function fail(error: GatehouseError): void {
    if (settled) return;
    settled = true;
    timers.clear();
    upstreamReq?.destroy();
    upstreamRes?.destroy();
    context.logger.debug(
      { routeId: target.routeId, requestId: target.requestId, code: error.code },
      'proxy exchange failed',
    );
    // Once the upstream's status is on its way, the only honest signal left is a cut stream.
    if (res.headersSent) res.destroy();
    else {
      if (error.code === ERR_REQUEST_TOO_LARGE) res.setHeader('connection', 'close');
      target.onError(error, res);
    }
  }

  function send(retry: boolean): void {
    let outgoing: ClientRequest;
    try {
      outgoing = request({
        agent,
        host: target.url.hostname,
        port: target.url.port,
        method: req.method,
        path: upstreamPath(target.url, req.url),
        headers,
      });
    } catch (error) {
      fail(toUpstreamError(error, target.routeId));
      return;
    }
    upstreamReq = outgoing;
    outgoing.on('response', relay);
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      const stale =
        retry &&
        !settled &&
        upstreamRes === undefined &&
        outgoing.reusedSocket &&
        STALE_CONNECTION_CODES.has(error.code ?? '');
      if (stale) send(false);
      else fail(toUpstreamError(error, target.routeId));
    });
    if (target.body !== undefined) outgoing.end(target.body);
    else if (hasBody) pumpBody(outgoing);
    else outgoing.end();
  }

  function pumpBody(outgoing: ClientRequest): void {
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      timers.touch();
      received += chunk.length;
      if (received > target.maxRequestBytes) {
        req.pause();
        fail(tooLarge(target));
      } else if (!outgoing.write(chunk)) req.pause();
    });
    outgoing.on('drain', () => req.resume());
    req.on('end', () => outgoing.end());
    req.on('error', () => outgoing.destroy());
  }

  function relay(incoming: IncomingMessage): void {
    timers.headersArrived();
    const status = incoming.statusCode ?? 502;
    target.onResponse?.(status, performance.now() - started);
    if (settled) {
      incoming.destroy();
      return;
    }
    upstreamRes = incoming;
    let out = clientResponseHeaders(incoming.headers);
    const transformed = target.transformResponse?.(status, out);
    if (transformed !== undefined) out = transformed.headers;
    const eventStream = /^text\/event-stream/i.test(String(out['content-type'] ?? ''));
    // nginx and its kin buffer responses unless told not to; an event stream must not wait.
    if (eventStream) out['x-accel-buffering'] = 'no';
    if (incoming.statusMessage) res.writeHead(status, incoming.statusMessage, out);
    else res.writeHead(status, out);
    // Streams (SSE, chunked) must reach the client as they are produced.
    if (out['content-length'] === undefined) res.flushHeaders();
    const through = transformed?.stream;
    const keepAlive = eventStream ? keepAliveFor(out) : undefined;
    if (eventStream) trackStream(incoming, through, keepAlive);
    const sink = through ?? res;
    if (through !== undefined) {
      through.on('data', (chunk: Buffer) => {
        keepAlive?.wrote(chunk);
        if (!res.write(chunk)) through.pause();
      });
      res.on('drain', () => through.resume());
      through.on('end', () => {
        keepAlive?.stop();
        res.end();
      });
      through.on('error', () => res.destroy());
      through.on('drain', () => incoming.resume());
    } else {
      res.on('drain', () => incoming.resume());
    }
    incoming.on('data', (chunk: Buffer) => {
      timers.touch();
      if (through === undefined) keepAlive?.wrote(chunk);
      if (!sink.write(chunk)) incoming.pause();
    });
    incoming.on('end', () => {
      timers.clear();
      if (through === undefined) keepAlive?.stop();
      sink.end();
    });
    incoming.on('error', (error) => fail(toUpstreamError(error, target.routeId)));
    incoming.on('close', () => {
      if (!incoming.complete) fail(upstreamFailure('ERR_UPSTREAM_FAILED', target.routeId));
    });
  }

  /**
   * Comments are plain bytes: inserted into a compressed body they would corrupt it, so an
   * encoded stream gets none.
   */
  function keepAliveFor(out: OutgoingHttpHeaders): SseKeepAlive | undefined {
    const interval = target.sseKeepaliveMs ?? 0;
    const encoding = String(out['content-encoding'] ?? 'identity').toLowerCase();
    if (interval <= 0 || encoding !== 'identity') return undefined;
    return startSseKeepAlive(res, interval);
  }

  /** An event stream ends cleanly (after the bytes already relayed) when the proxy shuts down. */
  function trackStream(
    incoming: IncomingMessage,
    through: Duplex | undefined,
    keepAlive: SseKeepAlive | undefined,
  ): void {
    const end = (): void => {
      context.streams.delete(end);
      keepAlive?.stop();
      if (settled) return;
      settled = true;
      timers.clear();
      incoming.destroy();
      through?.destroy();
      res.end();
    };
    context.streams.add(end);
    res.once('close', () => context.streams.delete(end));
  }

  res.on('close', () => {
    timers.clear();
    if (res.writableFinished) return;
    // The client went away: stop the upstream side too.
    settled = true;
    upstreamReq?.destroy();
    upstreamRes?.destroy();
  });
  send(hasBody ? false : RETRYABLE_METHODS.has(req.method ?? ''));
}
