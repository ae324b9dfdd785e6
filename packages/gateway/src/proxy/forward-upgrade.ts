import { STATUS_CODES, request } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex, Readable } from 'node:stream';
import type { GatehouseError } from '@gatehouse/core';
import { startExchangeTimers } from './exchange-timers.ts';
import type { ExchangeTimers } from './exchange-timers.ts';
import type { ProxyContext } from './forward-http.ts';
import { upstreamPath, upstreamRequestHeaders } from './request-headers.ts';
import { clientResponseHeaders, rawResponseHead } from './response-headers.ts';
import type { ProxyTarget } from './target.ts';
import { answerUpgradeFailure } from './upgrade-failure.ts';
import { toUpstreamError, upstreamFailure } from './upstream-error.ts';

/**
 * An Upgrade request (WebSocket): sent upstream with the same header rules as any request;
 * after the upstream's 101 the two sockets are piped together. Any other answer is relayed
 * to the client as a plain HTTP response and the connection closed.
 */
export function forwardUpgrade(
  context: ProxyContext,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  target: ProxyTarget,
): void {
  new UpgradeExchange(context, socket, head, target).start(req);
}

/**
 * One upgrade exchange as one object with its steps as methods (as HttpExchange): a WebSocket
 * lives for hours, and each keeps only these fields and its listeners, not a closure per step.
 */
class UpgradeExchange {
  readonly #context: ProxyContext;
  readonly #socket: Duplex;
  readonly #head: Buffer;
  readonly #target: ProxyTarget;
  readonly #timers: ExchangeTimers;
  readonly #started = performance.now();
  #upstreamReq: ClientRequest | undefined;
  #upstreamSocket: Duplex | undefined;
  /** waiting: no answer yet; open: 101 piped or an answer being relayed; done: all closed. */
  #phase: 'waiting' | 'open' | 'done' = 'waiting';

  constructor(context: ProxyContext, socket: Duplex, head: Buffer, target: ProxyTarget) {
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
        agent: this.#context.agents.get(target.routeId, target.url),
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
    answerUpgradeFailure(this.#context, this.#socket, this.#target, error);
  }

  /** The upstream switched protocols: from now on bytes flow both ways untouched. */
  readonly #piped = (incoming: IncomingMessage, upSocket: Duplex, upHead: Buffer): void => {
    if (!this.#answered(101, upSocket)) return;
    this.#upstreamSocket = upSocket;
    // A pooled connection may still carry the agent's free-socket timeout; idle is ours now.
    (upSocket as Partial<Pick<Socket, 'setTimeout'>>).setTimeout?.(0);
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
