import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Dispatcher, Pool } from 'undici';
import type { GatehouseError } from '@gatehouse/core';
import type { Logger } from '@gatehouse/core';
import { BodyRelay, type BodyWatcher } from './body-relay.ts';
import { upstreamPath, upstreamRequestHeaders } from './request-headers.ts';
import { writeResponseStart } from './response-headers.ts';
import type { RoutePools } from './route-pools.ts';
import type { SseKeepAlive } from './sse-keepalive.ts';
import { answerFailure } from './answer-failure.ts';
import { admitRequest, tooLarge } from './request-admission.ts';
import type { ProxyTarget } from './target.ts';
import { toUpstreamError, upstreamFailure } from './upstream-error.ts';

export interface PoolContext {
  readonly pools: RoutePools;
  readonly logger: Logger;
  /** Enders of the event streams being relayed now (for shutdown). */
  readonly streams: Set<() => void>;
}

// A pooled connection the upstream closed while idle fails at once with one of these; a
// bodiless safe request can then be retried on a fresh connection (RFC 9110 §9.2.2).
const RETRYABLE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
const STALE_CONNECTION_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
]);

const CLIENT_GONE = new Error('the client closed the connection');

/** The exchange a response belongs to, for the shared 'close' listener. */
const EXCHANGE = Symbol('gatehouse.poolExchange');

interface WithExchange {
  [EXCHANGE]?: PoolExchange;
}

function errorCode(error: Error): string {
  return 'code' in error && typeof error.code === 'string' ? error.code : '';
}

/** undici's deadline errors are the route's timeouts; the rest maps as for any client. */
function upstreamErrorOf(error: Error, routeId: string): GatehouseError {
  const code = errorCode(error);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
    return upstreamFailure('ERR_UPSTREAM_TIMEOUT', routeId, error);
  return toUpstreamError(error, routeId);
}

/**
 * Before the answer starts no byte moves down, so the earlier of the route's two deadlines
 * applies to the headers (0 = none). undici refreshes it while a request body is still going up.
 */
function headersDeadline(timeoutMs: number, idleTimeoutMs: number): number {
  if (timeoutMs <= 0) return Math.max(0, idleTimeoutMs);
  return idleTimeoutMs > 0 ? Math.min(timeoutMs, idleTimeoutMs) : timeoutMs;
}

/** A `Content-Length` value as a byte count, or undefined when absent or not a plain number. */
function declaredLength(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const length = Number(value);
  return Number.isSafeInteger(length) && length > 0 ? length : undefined;
}

/**
 * One HTTP exchange over the route's undici pool (docs/adr/0014): request streamed up, answer
 * streamed down as undici parses it, nothing buffered.
 */
export function forwardPooled(
  context: PoolContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: ProxyTarget,
): void {
  const hasBody = admitRequest(req, res, target);
  if (hasBody === undefined) return;
  new PoolExchange(context, req, res, target).start(hasBody);
}

/**
 * The exchange is undici's dispatch handler itself: one object per request, its steps shared
 * prototype methods, no closure per step (an idle event stream keeps it for hours).
 */
class PoolExchange implements Dispatcher.DispatchHandler, BodyWatcher {
  readonly #context: PoolContext;
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  /** Dropped once the response headers are written: from then on a failure cuts the stream. */
  #target: ProxyTarget | undefined;
  readonly #routeId: string;
  readonly #requestId: string;
  #pool: Pool;
  readonly #started = performance.now();
  /** Kept until the answer starts: a stale pooled connection retries with them. */
  #options: Dispatcher.DispatchOptions | undefined;
  #retry = false;
  #controller: Dispatcher.DispatchController | undefined;
  #through: Duplex | undefined;
  #keepAlive: SseKeepAlive | undefined;
  /** Ends this event stream at shutdown; set while it is in `context.streams`. */
  #endStream: (() => void) | undefined;
  #settled = false;
  #drainWatched = false;
  /**
   * Bytes of the answer's declared `Content-Length` still to come, while its body goes straight
   * to the client; undefined when the length is not known or the body is transformed or kept
   * alive. The chunk that completes it ends the response at once (ADR 0026).
   */
  #bodyLeft: number | undefined;

  constructor(
    context: PoolContext,
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
    this.#pool = context.pools.get(target.routeId, target.url);
  }

  start(hasBody: boolean): void {
    const req = this.#req;
    const target = this.#target;
    if (target === undefined) return;
    (this.#res as ServerResponse & WithExchange)[EXCHANGE] = this;
    this.#res.on('close', PoolExchange.#onClose);
    const method = req.method ?? 'GET';
    this.#retry = !hasBody && RETRYABLE_METHODS.has(method);
    let body: Buffer | BodyRelay | null = null;
    if (target.body !== undefined) body = target.body;
    else if (hasBody) body = new BodyRelay(req, this, target.maxRequestBytes);
    this.#options = {
      path: upstreamPath(target.url, req.url),
      method,
      headers: upstreamRequestHeaders(req, target, false),
      body,
      // The route's deadlines run on undici's own timers (one per connection, refreshed), not
      // two node timers per request: `timeout` until the answer's headers, `idle_timeout`
      // between its body chunks.
      headersTimeout: headersDeadline(target.timeoutMs, target.idleTimeoutMs),
      bodyTimeout: Math.max(0, target.idleTimeoutMs),
    };
    this.#pool.dispatch(this.#options, this);
  }

  tooLarge(): void {
    this.#fail(tooLarge(this.#routeId, this.#target?.maxRequestBytes ?? 0));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // The exchange may have ended while the request waited for a connection.
    if (this.#settled) controller.abort(CLIENT_GONE);
    else this.#controller = controller;
  }

  /** Response headers arrived: write the client's status and headers, then stream the body. */
  onResponseStart(
    controller: Dispatcher.DispatchController,
    status: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    const target = this.#target;
    this.#options = undefined;
    // undici's controller keeps the raw header Buffers (views of the socket's first read) for the
    // life of the exchange; parsed into `headers` already, they need not live as long as a stream.
    controller.rawHeaders = null;
    target?.onResponse?.(status, performance.now() - this.#started);
    if (this.#settled || target === undefined) {
      controller.abort(CLIENT_GONE);
      return;
    }
    const started = writeResponseStart(this.#res, target, status, statusMessage, headers);
    const { through, keepAlive } = started;
    this.#through = through;
    this.#keepAlive = keepAlive;
    // Headers are out: the target's callbacks and headers (the identity assertion among them)
    // need not live as long as the stream.
    this.#target = undefined;
    if (started.eventStream) this.#trackStream();
    if (through !== undefined) this.#relayThrough(through);
    else if (keepAlive === undefined) this.#bodyLeft = declaredLength(headers['content-length']);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const through = this.#through;
    if (through !== undefined) {
      if (!through.write(chunk)) controller.pause();
      return;
    }
    this.#keepAlive?.wrote(chunk);
    const left = this.#bodyLeft;
    if (left !== undefined) {
      if (chunk.length === left) {
        // The rest of the body in one piece (most answers: one read). `end(chunk)` sends the
        // head and the body in one write without the separate write, cork and uncork turn of
        // `write(chunk)` then `end()`; onResponseEnd then has nothing left to do.
        this.#bodyLeft = 0;
        this.#res.end(chunk);
        return;
      }
      this.#bodyLeft = left - chunk.length;
    }
    if (!this.#res.write(chunk)) this.#pauseUntilDrained(controller);
  }

  /**
   * The client's socket is full: undici stops reading until it drains. The 'drain' listener is
   * added the first time only; most answers fit in the socket's buffer and never need one.
   */
  #pauseUntilDrained(controller: Dispatcher.DispatchController): void {
    controller.pause();
    if (this.#drainWatched) return;
    this.#drainWatched = true;
    this.#res.on('drain', () => this.#controller?.resume());
  }

  onResponseEnd(): void {
    this.#controller = undefined;
    if (this.#bodyLeft === 0) return;
    const through = this.#through;
    if (through !== undefined) {
      through.end();
      return;
    }
    this.#keepAlive?.stop();
    this.#res.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#controller = undefined;
    if (this.#settled) return;
    const options = this.#options;
    if (this.#retry && options !== undefined && STALE_CONNECTION_CODES.has(errorCode(error))) {
      this.#retry = false;
      // Once undici has finished with the failed connection, the next one is dialled fresh,
      // from the route's pool of now: a tunnel route's pool closes with its last connection.
      setImmediate(() => {
        const target = this.#target;
        if (this.#settled || target === undefined) return;
        this.#pool = this.#context.pools.get(this.#routeId, target.url);
        this.#pool.dispatch(options, this);
      });
      return;
    }
    this.#fail(upstreamErrorOf(error, this.#routeId));
  }

  #fail(error: GatehouseError): void {
    if (this.#settled) return;
    this.#settled = true;
    const controller = this.#controller;
    this.#controller = undefined;
    controller?.abort(error);
    this.#through?.destroy();
    this.#keepAlive?.stop();
    answerFailure(this.#res, this.#target, error, this.#context.logger, {
      routeId: this.#routeId,
      requestId: this.#requestId,
    });
  }

  /** The transform's output goes to the client; the upstream's body goes into the transform. */
  #relayThrough(through: Duplex): void {
    const res = this.#res;
    const keepAlive = this.#keepAlive;
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
    through.on('drain', () => this.#controller?.resume());
  }

  /** An event stream ends cleanly (after the bytes already relayed) when the proxy shuts down. */
  #trackStream(): void {
    const streams = this.#context.streams;
    const end = (): void => {
      streams.delete(end);
      this.#keepAlive?.stop();
      if (this.#settled) return;
      this.#settled = true;
      const controller = this.#controller;
      this.#controller = undefined;
      controller?.abort(CLIENT_GONE);
      this.#through?.destroy();
      this.#res.end();
    };
    streams.add(end);
    // Removed by #clientClosed (the response's one 'close' listener), not by a listener more.
    this.#endStream = end;
  }

  /** The response's one 'close' listener, shared by every exchange (no closure per request). */
  static #onClose(this: ServerResponse & WithExchange): void {
    const exchange = this[EXCHANGE];
    if (exchange !== undefined) exchange.#clientClosed();
  }

  #clientClosed(): void {
    this.#keepAlive?.stop();
    if (this.#endStream !== undefined) this.#context.streams.delete(this.#endStream);
    if (this.#res.writableFinished) return;
    // The client went away: stop the upstream side too.
    this.#settled = true;
    const controller = this.#controller;
    this.#controller = undefined;
    controller?.abort(CLIENT_GONE);
    this.#through?.destroy();
  }
}
