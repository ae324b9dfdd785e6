import { subscribe } from 'node:diagnostics_channel';
import type { Duplex } from 'node:stream';

/**
 * node:http's Agent emits 'free' on a socket when its exchange is done and the socket goes back
 * to the pool; an Upstream may rely on it (a tunnel closes channels whose local address changed
 * once they are idle, packages/tunnel `PooledChannels`). undici's pool has no such event, so the
 * route pools recreate it from undici's diagnostics channels (undici docs, "Diagnostics
 * Channel"): `undici:client:sendHeaders` names the socket of a request, `undici:request:trailers`
 * says its response is complete.
 */
const watched = new WeakSet<Duplex>();
const socketOf = new WeakMap<object, Duplex>();
let subscribed = false;

interface SendHeadersMessage {
  readonly request: object;
  readonly socket: unknown;
}

interface TrailersMessage {
  readonly request: object;
}

function onSendHeaders(message: unknown): void {
  const { request, socket } = message as SendHeadersMessage;
  if (watched.has(socket as Duplex)) socketOf.set(request, socket as Duplex);
}

function onTrailers(message: unknown): void {
  const { request } = message as TrailersMessage;
  const socket = socketOf.get(request);
  if (socket === undefined) return;
  socketOf.delete(request);
  // After undici's own bookkeeping of the completed response (it resumes the connection for
  // the next request only on a later turn of the event loop), so a channel closed on 'free'
  // is one without an exchange.
  queueMicrotask(() => {
    if (!socket.destroyed) socket.emit('free');
  });
}

/** Emits 'free' on `stream` after each exchange undici completes over it. */
export function signalFree(stream: Duplex): void {
  if (!subscribed) {
    subscribed = true;
    subscribe('undici:client:sendHeaders', onSendHeaders);
    subscribe('undici:request:trailers', onTrailers);
  }
  watched.add(stream);
}
