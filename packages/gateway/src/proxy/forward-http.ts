import { request } from 'node:http';
import type {
  Agent,
  ClientRequest,
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { GatehouseError } from '@gatehouse/core';
import type { Logger } from '@gatehouse/core';
import { startExchangeTimers, type ExchangeTimers } from './exchange-timers.ts';
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
  new HttpExchange(context, req, res, target).start(hasBody);
}

/**
 * The state of one exchange as one object with its steps as methods: an idle event stream
 * (SSE) lives for hours, and each of the thousands open at once keeps only these fields and its
 * listeners, not a closure per step (issue 18: memory per idle stream).
 */
class HttpExchange {
  readonly #context: ProxyContext;
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #target: ProxyTarget;
  readonly #timers: ExchangeTimers;
  readonly #started = performance.now();
  /** Needed until the response arrives (a stale pooled connection retries with them). */
  #headers: OutgoingHttpHeaders | undefined;
  #upstreamReq: ClientRequest | undefined;
  #upstreamRes: IncomingMessage | undefined;
  #settled = false;

  constructor(
    context: ProxyContext,
    req: IncomingMessage,
    res: ServerResponse,
    target: ProxyTarget,
  ) {
    this.#context = context;
    this.#req = req;
    this.#res = res;
    this.#target = target;
    this.#headers = upstreamRequestHeaders(req, target, false);
    const timeout = (): void => this.#fail(upstreamFailure('ERR_UPSTREAM_TIMEOUT', target.routeId));
    this.#timers = startExchangeTimers(target.timeoutMs, target.idleTimeoutMs, timeout, timeout);
  }

  start(hasBody: boolean): void {
    const agent = this.#context.agents.get(this.#target.routeId, this.#target.url);
    this.#res.on('close', () => this.#clientClosed());
    this.#send(agent, hasBody, hasBody ? false : RETRYABLE_METHODS.has(this.#req.method ?? ''));
  }

  #fail(error: GatehouseError): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#timers.clear();
    this.#upstreamReq?.destroy();
    this.#upstreamRes?.destroy();
    const target = this.#target;
    this.#context.logger.debug(
      { routeId: target.routeId, requestId: target.requestId, code: error.code },
      'proxy exchange failed',
    );
    // Once the upstream's status is on its way, the only honest signal left is a cut stream.
    if (this.#res.headersSent) this.#res.destroy();
    else {
      if (error.code === ERR_REQUEST_TOO_LARGE) this.#res.setHeader('connection', 'close');
      target.onError(error, this.#res);
    }
  }

  #send(agent: Agent, hasBody: boolean, retry: boolean): void {
    const req = this.#req;
    const target = this.#target;
    let outgoing: ClientRequest;
    try {
      outgoing = request({
        agent,
        host: target.url.hostname,
        port: target.url.port,
        method: req.method,
        path: upstreamPath(target.url, req.url),
        headers: this.#headers,
      });
    } catch (error) {
      this.#fail(toUpstreamError(error, target.routeId));
      return;
    }
    this.#upstreamReq = outgoing;
    outgoing.on('response', (incoming: IncomingMessage) => this.#relay(incoming));
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      const stale =
        retry &&
        !this.#settled &&
        this.#upstreamRes === undefined &&
        outgoing.reusedSocket &&
        STALE_CONNECTION_CODES.has(error.code ?? '');
      if (stale) this.#send(agent, hasBody, false);
      else this.#fail(toUpstreamError(error, target.routeId));
    });
    if (target.body !== undefined) outgoing.end(target.body);
    else if (hasBody) this.#pumpBody(outgoing);
    else outgoing.end();
  }

  #pumpBody(outgoing: ClientRequest): void {
    const req = this.#req;
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      if (this.#settled) return;
      this.#timers.touch();
      received += chunk.length;
      if (received > this.#target.maxRequestBytes) {
        req.pause();
        this.#fail(tooLarge(this.#target));
      } else if (!outgoing.write(chunk)) req.pause();
    });
    outgoing.on('drain', () => req.resume());
    req.on('end', () => outgoing.end());
    req.on('error', () => outgoing.destroy());
  }

  /** Response headers arrived: write the client's status and headers, then stream the body. */
  #relay(incoming: IncomingMessage): void {
    const res = this.#res;
    const target = this.#target;
    this.#timers.headersArrived();
    this.#headers = undefined;
    const status = incoming.statusCode ?? 502;
    target.onResponse?.(status, performance.now() - this.#started);
    if (this.#settled) {
      incoming.destroy();
      return;
    }
    this.#upstreamRes = incoming;
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
    const keepAlive = eventStream ? this.#keepAliveFor(out) : undefined;
    if (eventStream) this.#trackStream(incoming, through, keepAlive);
    if (through !== undefined) this.#relayThrough(incoming, through, keepAlive);
    else res.on('drain', () => incoming.resume());
    this.#relayBody(incoming, through, keepAlive);
  }

  /** The transform's output goes to the client; the upstream's body goes into the transform. */
  #relayThrough(
    incoming: IncomingMessage,
    through: Duplex,
    keepAlive: SseKeepAlive | undefined,
  ): void {
    const res = this.#res;
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
  }

  #relayBody(
    incoming: IncomingMessage,
    through: Duplex | undefined,
    keepAlive: SseKeepAlive | undefined,
  ): void {
    const sink = through ?? this.#res;
    const routeId = this.#target.routeId;
    incoming.on('data', (chunk: Buffer) => {
      this.#timers.touch();
      if (through === undefined) keepAlive?.wrote(chunk);
      if (!sink.write(chunk)) incoming.pause();
    });
    incoming.on('end', () => {
      this.#timers.clear();
      if (through === undefined) keepAlive?.stop();
      sink.end();
    });
    incoming.on('error', (error) => this.#fail(toUpstreamError(error, routeId)));
    incoming.on('close', () => {
      if (!incoming.complete) this.#fail(upstreamFailure('ERR_UPSTREAM_FAILED', routeId));
    });
  }

  /**
   * Comments are plain bytes: inserted into a compressed body they would corrupt it, so an
   * encoded stream gets none.
   */
  #keepAliveFor(out: OutgoingHttpHeaders): SseKeepAlive | undefined {
    const interval = this.#target.sseKeepaliveMs ?? 0;
    const encoding = String(out['content-encoding'] ?? 'identity').toLowerCase();
    if (interval <= 0 || encoding !== 'identity') return undefined;
    return startSseKeepAlive(this.#res, interval);
  }

  /** An event stream ends cleanly (after the bytes already relayed) when the proxy shuts down. */
  #trackStream(
    incoming: IncomingMessage,
    through: Duplex | undefined,
    keepAlive: SseKeepAlive | undefined,
  ): void {
    const streams = this.#context.streams;
    const end = (): void => {
      streams.delete(end);
      keepAlive?.stop();
      if (this.#settled) return;
      this.#settled = true;
      this.#timers.clear();
      incoming.destroy();
      through?.destroy();
      this.#res.end();
    };
    streams.add(end);
    this.#res.once('close', () => streams.delete(end));
  }

  #clientClosed(): void {
    this.#timers.clear();
    if (this.#res.writableFinished) return;
    // The client went away: stop the upstream side too.
    this.#settled = true;
    this.#upstreamReq?.destroy();
    this.#upstreamRes?.destroy();
  }
}
