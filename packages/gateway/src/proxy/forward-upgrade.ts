import { STATUS_CODES, request } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import type { GatehouseError, Logger, Upstream } from '@gatehouse/core';
import { startExchangeTimers } from './exchange-timers.ts';
import type { ExchangeTimers } from './exchange-timers.ts';
import { upstreamPath, upstreamRequestHeaders } from './request-headers.ts';
import { clientResponseHeaders, rawResponseHead } from './response-headers.ts';
import type { ProxyTarget } from './target.ts';
import { answerUpgradeFailure } from './upgrade-failure.ts';
import { toUpstreamError, upstreamFailure } from './upstream-error.ts';

export interface UpgradeContext {
  /** Dials the route: an upgrade never shares a connection, so no pool stands in between. */
  readonly upstream: Upstream;
  readonly logger: Logger;
}

/**
 * An Upgrade request (WebSocket): sent upstream with the same header rules as any request, on
 * a connection of its own (after a 101 it belongs to the upgraded protocol, after any other
 * answer it closes, so pooling it would buy nothing); after the upstream's 101 the two sockets
 * are piped together. Any other answer is relayed to the client as a plain HTTP response and
 * the connection closed.
 */
export function forwardUpgrade(
  context: UpgradeContext,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  target: ProxyTarget,
): void {
  new UpgradeExchange(context, socket, head, target).start(req);
}

/**
 * One upgrade exchange as one object with its steps as methods (as PoolExchange): a WebSocket
 * lives for hours, and each keeps only these fields and its listeners, not a closure per step.
 */
class UpgradeExchange {
  readonly #context: UpgradeContext;
  readonly #socket: Duplex;
  readonly #head: Buffer;
  readonly #target: ProxyTarget;
  readonly #timers: ExchangeTimers;
  readonly #started = performance.now();
  #upstreamReq: ClientRequest | undefined;
  #upstreamSocket: Duplex | undefined;
  /** waiting: no answer yet; open: 101 piped or an answer being relayed; done: all closed. */
  #phase: 'waiting' | 'open' | 'done' = 'waiting';

  constructor(context: UpgradeContext, socket: Duplex, head: Buffer, target: ProxyTarget) {
    this.#context = context;
    this.#socket = socket;
    this.#head = head;
    this.#target = target;
    const timeout = (): void => this.#fail(upstreamFailure('ERR_UPSTREAM_TIMEOUT', target.routeId));
    this.#timers = startExchangeTimers(target.timeoutMs, target.idleTimeoutMs, timeout, timeout);
  }

  start(req: IncomingMessage): void {
    const target = this.#target;
    this.#socket.on('error', this.#teardown);
    this.#socket.on('close', () => {
      if (this.#phase !== 'done') this.#teardown();
    });
    let upstreamReq: ClientRequest;
    try {
      upstreamReq = request({
        createConnection: this.#dial,
        host: target.url.hostname,
        port: target.url.port,
        method: req.method,
        path: upstreamPath(target.url, req.url),
        headers: upstreamRequestHeaders(req, target, true),
      });
    } catch (error) {
      this.#fail(toUpstreamError(error, target.routeId));
      return;
    }
    this.#upstreamReq = upstreamReq;
    upstreamReq.on('upgrade', this.#piped);
    upstreamReq.on('response', (incoming: IncomingMessage) => this.#relay(incoming));
    upstreamReq.on('error', (error) => this.#fail(toUpstreamError(error, target.routeId)));
    upstreamReq.end();
  }

  /**
   * node:http's callback form of `createConnection`: the route's Upstream yields any Duplex (a
   * TCP or TLS socket, or a tunnel's SSH channel), which ClientRequest drives as it is.
   */
  readonly #dial = (
    _options: unknown,
    callback: (error: Error | null, stream: Duplex) => void,
  ): undefined => {
    const { routeId, url } = this.#target;
    this.#context.upstream.connect({ routeId, url }).then(
      (stream) => {
        // The exchange may have ended (client gone, deadline) while the dial was under way.
        if (this.#phase === 'done') stream.destroy();
        else callback(null, stream);
      },
      // ClientRequest ignores the stream argument when an error is given.
      (error: unknown) => callback(toUpstreamError(error, routeId), undefined as unknown as Duplex),
    );
    return undefined;
  };

  /** Closes both sides without reporting: the client left, or an open tunnel ended. */
  readonly #teardown = (): void => {
    this.#phase = 'done';
    this.#timers.clear();
    this.#upstreamReq?.destroy();
    this.#upstreamSocket?.destroy();
    this.#socket.destroy();
  };

  readonly #touch = (): void => this.#timers.touch();

  /** The upstream answered: false (and `stream` destroyed) when the exchange already ended. */
  #answered(status: number, stream: Readable): boolean {
    this.#timers.headersArrived();
    this.#target.onResponse?.(status, performance.now() - this.#started);
    if (this.#phase !== 'waiting') {
      stream.destroy();
      return false;
    }
    this.#phase = 'open';
    return true;
  }

  #fail(error: GatehouseError): void {
    if (this.#phase !== 'waiting') {
      this.#teardown();
      return;
    }
    this.#phase = 'done';
    this.#timers.clear();
    this.#upstreamReq?.destroy();
    answerUpgradeFailure(this.#context.logger, this.#socket, this.#target, error);
  }

  /** The upstream switched protocols: from now on bytes flow both ways untouched. */
  readonly #piped = (incoming: IncomingMessage, upSocket: Duplex, upHead: Buffer): void => {
    if (!this.#answered(101, upSocket)) return;
    this.#upstreamSocket = upSocket;
    const socket = this.#socket;
    const out = clientResponseHeaders(incoming.headers, true);
    socket.write(rawResponseHead(101, incoming.statusMessage || 'Switching Protocols', out));
    if (upHead.length > 0) socket.write(upHead);
    if (this.#head.length > 0) upSocket.write(this.#head);
    for (const side of [socket, upSocket]) {
      side.on('data', this.#touch);
      side.on('error', this.#teardown);
      side.on('close', this.#teardown);
    }
    upSocket.pipe(socket);
    socket.pipe(upSocket);
  };

  /** Not switching protocols: relay the answer, delimited by closing the connection. */
  #relay(incoming: IncomingMessage): void {
    const status = incoming.statusCode ?? 502;
    if (!this.#answered(status, incoming)) return;
    const out = clientResponseHeaders(incoming.headers);
    out.connection = 'close';
    const reason = incoming.statusMessage || STATUS_CODES[status] || '';
    this.#socket.write(rawResponseHead(status, reason, out));
    incoming.on('data', this.#touch);
    incoming.pipe(this.#socket, { end: false });
    incoming.on('close', () => {
      if (!incoming.complete) return this.#teardown();
      this.#phase = 'done';
      this.#timers.clear();
      this.#socket.end();
    });
  }
}
