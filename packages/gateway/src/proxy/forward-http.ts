import { request } from 'node:http';
import type { Agent, ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GatehouseError } from '@gatehouse/core';
import type { Logger } from '@gatehouse/core';
import { startExchangeTimers, type ExchangeTimers } from './exchange-timers.ts';
import { headerList, upstreamPath, upstreamRequestHeaders } from './request-headers.ts';
import { clientResponseHeaders } from './response-headers.ts';
import { sseKeepAliveFor, type SseKeepAlive } from './sse-keepalive.ts';
import type { RouteAgents } from './route-agents.ts';
import { answerFailure } from './answer-failure.ts';
import { admitRequest, tooLarge } from './request-admission.ts';
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

/** One HTTP exchange: request streamed up, response streamed down, nothing buffered. */
export function forwardHttp(
  context: ProxyContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: ProxyTarget,
): void {
  const hasBody = admitRequest(req, res, target);
  if (hasBody === undefined) return;
  new HttpExchange(context, req, res, target).start(target, hasBody);
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
  /**
   * Dropped once the response headers are written: from then on a failure can only cut the
   * stream, so the edge's callbacks, identity assertion and log subject need not live on.
   */
  #target: ProxyTarget | undefined;
  readonly #routeId: string;
  readonly #requestId: string;
  readonly #timers: ExchangeTimers;
  readonly #started = performance.now();
  /** Needed until the response arrives (a stale pooled connection retries with them). */
  #headers: string[] | undefined;
  #upstreamReq: ClientRequest | undefined;
  #upstreamRes: IncomingMessage | undefined;
  #keepAlive: SseKeepAlive | undefined;
  /** Ends this event stream at shutdown; set while it is in `context.streams`. */
  #endStream: (() => void) | undefined;
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
    this.#routeId = target.routeId;
    this.#requestId = target.requestId;
    this.#headers = headerList(upstreamRequestHeaders(req, target, false));
    const timeout = (): void => this.#fail(upstreamFailure('ERR_UPSTREAM_TIMEOUT', this.#routeId));
    this.#timers = startExchangeTimers(target.timeoutMs, target.idleTimeoutMs, timeout, timeout);
  }

  start(target: ProxyTarget, hasBody: boolean): void {
    const agent = this.#context.agents.get(target.routeId, target.url);
    this.#res.on('close', () => this.#clientClosed());
    const retry = hasBody ? false : RETRYABLE_METHODS.has(this.#req.method ?? '');
    this.#send(target, agent, hasBody, retry);
  }

  #fail(error: GatehouseError): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#timers.clear();
    this.#upstreamReq?.destroy();
    this.#upstreamRes?.destroy();
    this.#keepAlive?.stop();
    answerFailure(this.#res, this.#target, error, this.#context.logger, {
      routeId: this.#routeId,
      requestId: this.#requestId,
    });
  }

  #send(target: ProxyTarget, agent: Agent, hasBody: boolean, retry: boolean): void {
    const req = this.#req;
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
    this.#listenUpstream(outgoing, agent, hasBody, retry);
    if (target.body !== undefined) outgoing.end(target.body);
    else if (hasBody) this.#pumpBody(outgoing, target.maxRequestBytes);
    else outgoing.end();
  }

  /**
   * The listeners live as long as the upstream request (hours for an event stream), so they
   * reach the target through the exchange, which drops it once the headers are out.
   */
  #listenUpstream(outgoing: ClientRequest, agent: Agent, hasBody: boolean, retry: boolean): void {
    outgoing.on('response', (incoming: IncomingMessage) => this.#relay(incoming));
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      const stale =
        retry &&
        !this.#settled &&
        this.#upstreamRes === undefined &&
        outgoing.reusedSocket &&
        STALE_CONNECTION_CODES.has(error.code ?? '');
      const current = this.#target;
      if (stale && current !== undefined) this.#send(current, agent, hasBody, false);
      else this.#fail(toUpstreamError(error, this.#routeId));
    });
  }

  #pumpBody(outgoing: ClientRequest, maxRequestBytes: number): void {
    const req = this.#req;
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      if (this.#settled) return;
      this.#timers.touch();
      received += chunk.length;
      if (received > maxRequestBytes) {
        req.pause();
        this.#fail(tooLarge(this.#routeId, maxRequestBytes));
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
    target?.onResponse?.(status, performance.now() - this.#started);
    if (this.#settled || target === undefined) {
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
    const keepAlive = eventStream ? sseKeepAliveFor(res, target.sseKeepaliveMs, out) : undefined;
    this.#keepAlive = keepAlive;
    // Headers are out: from here a failure cuts the stream, and the target's callbacks and
    // headers (the identity assertion among them) need not live as long as the stream.
    this.#target = undefined;
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
    const routeId = this.#routeId;
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
    // Removed by #clientClosed (the response's one 'close' listener), not by a listener more.
    this.#endStream = end;
  }

  #clientClosed(): void {
    this.#timers.clear();
    this.#keepAlive?.stop();
    if (this.#endStream !== undefined) this.#context.streams.delete(this.#endStream);
    if (this.#res.writableFinished) return;
    // The client went away: stop the upstream side too.
    this.#settled = true;
    this.#upstreamReq?.destroy();
    this.#upstreamRes?.destroy();
  }
}
