import { STATUS_CODES, request } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { GatehouseError } from '@gatehouse/core';
import { startExchangeTimers } from './exchange-timers.ts';
import type { ProxyContext } from './forward-http.ts';
import { upstreamPath, upstreamRequestHeaders } from './request-headers.ts';
import { clientResponseHeaders, rawResponseHead } from './response-headers.ts';
import type { ProxyTarget } from './target.ts';
import { toUpstreamError, upstreamFailure } from './upstream-error.ts';

const FAILURE_STATUS: Readonly<Record<string, number>> = {
  ERR_UPSTREAM_TIMEOUT: 504,
  ERR_UPSTREAM_OFFLINE: 503,
};

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
  const started = performance.now();
  let upstreamReq: ClientRequest | undefined;
  let upstreamSocket: Duplex | undefined;
  // waiting: no answer yet; open: 101 piped or an answer being relayed; done: all closed.
  let phase: 'waiting' | 'open' | 'done' = 'waiting';
  const timeout = (): void => fail(upstreamFailure('ERR_UPSTREAM_TIMEOUT', target.routeId));
  const timers = startExchangeTimers(target.timeoutMs, target.idleTimeoutMs, timeout, timeout);

  /** Closes both sides without reporting: the client left, or an open tunnel ended. */
  function teardown(): void {
    phase = 'done';
    timers.clear();
    upstreamReq?.destroy();
    upstreamSocket?.destroy();
    socket.destroy();
  }

  function fail(error: GatehouseError): void {
    if (phase !== 'waiting') {
      teardown();
      return;
    }
    phase = 'done';
    timers.clear();
    upstreamReq?.destroy();
    context.logger.debug(
      { routeId: target.routeId, requestId: target.requestId, code: error.code },
      'proxy upgrade failed',
    );
    target.onError(error, null);
    // A bare status line still tells the client what happened before the connection closes.
    const status = FAILURE_STATUS[error.code] ?? 502;
    const head = rawResponseHead(status, STATUS_CODES[status] ?? '', {
      connection: 'close',
      'content-length': '0',
    });
    if (socket.writable) socket.end(head, () => socket.destroy());
    else socket.destroy();
  }

  function piped(incoming: IncomingMessage, upSocket: Duplex, upHead: Buffer): void {
    timers.headersArrived();
    target.onResponse?.(101, performance.now() - started);
    if (phase !== 'waiting') {
      upSocket.destroy();
      return;
    }
    phase = 'open';
    upstreamSocket = upSocket;
    // A pooled connection may still carry the agent's free-socket timeout; idle is ours now.
    (upSocket as Partial<Pick<Socket, 'setTimeout'>>).setTimeout?.(0);
    const out = clientResponseHeaders(incoming.headers, true);
    socket.write(rawResponseHead(101, incoming.statusMessage || 'Switching Protocols', out));
    if (upHead.length > 0) socket.write(upHead);
    if (head.length > 0) upSocket.write(head);
    for (const side of [socket, upSocket]) {
      side.on('data', () => timers.touch());
      side.on('error', teardown);
      side.on('close', teardown);
    }
    upSocket.pipe(socket);
    socket.pipe(upSocket);
  }

  function relay(incoming: IncomingMessage): void {
    // Not switching protocols: relay the answer, delimited by closing the connection.
    timers.headersArrived();
    const status = incoming.statusCode ?? 502;
    target.onResponse?.(status, performance.now() - started);
    if (phase !== 'waiting') {
      incoming.destroy();
      return;
    }
    phase = 'open';
    const out = clientResponseHeaders(incoming.headers);
    out.connection = 'close';
    const reason = incoming.statusMessage || STATUS_CODES[status] || '';
    socket.write(rawResponseHead(status, reason, out));
    incoming.on('data', () => timers.touch());
    incoming.pipe(socket, { end: false });
    incoming.on('close', () => {
      if (!incoming.complete) return teardown();
      phase = 'done';
      timers.clear();
      socket.end();
    });
  }

  socket.on('error', teardown);
  socket.on('close', () => {
    if (phase !== 'done') teardown();
  });
  try {
    upstreamReq = request({
      agent: context.agents.get(target.routeId, target.url),
      host: target.url.hostname,
      port: target.url.port,
      method: req.method,
      path: upstreamPath(target.url, req.url),
      headers: upstreamRequestHeaders(req, target, true),
    });
  } catch (error) {
    fail(toUpstreamError(error, target.routeId));
    return;
  }
  upstreamReq.on('upgrade', piped);
  upstreamReq.on('response', relay);
  upstreamReq.on('error', (error) => fail(toUpstreamError(error, target.routeId)));
  upstreamReq.end();
}
