import { executionAsyncResource } from 'node:async_hooks';
import type { Socket } from 'node:net';
import type { Connection } from 'ssh2';

/** Node's Immediate class: the async resource of a `setImmediate` callback while it runs. */
const Immediate = (() => {
  const probe = setImmediate(() => undefined);
  clearImmediate(probe);
  return probe.constructor;
})();

/** True while a `setImmediate` callback runs (the event loop's check phase). */
function inCheckPhase(): boolean {
  return executionAsyncResource() instanceof Immediate;
}

/**
 * Gathers every SSH packet written to one connection's socket during an event-loop turn into
 * a single `writev` at the end of that turn (the check phase, `setImmediate`).
 *
 * ssh2 hands each encrypted packet to `socket.write` on its own, and the socket has
 * TCP_NODELAY (accept-connection.ts), so every packet was its own syscall and its own TCP
 * segment: with 50 requests in flight, 50 `write` calls where one carries them all. Profiles of
 * the tunnel process put the socket writes (`writeBuffer`) first in self time (docs/benchmarks.md,
 * tunnel-forward). The packets and their order are unchanged (RFC 4253 §6 framing is per
 * packet, not per write); only the syscall boundaries move. A turn never waits for I/O while an
 * immediate is pending, so no packet waits longer than the rest of the current turn.
 *
 * One exception: when the last batch held a single packet (one request at a time), a first
 * packet written during the check phase itself leaves at once, and only packets after it wait
 * for the flush. An immediate queued in the check phase runs in the next turn, so waiting would
 * cost that packet a whole extra turn; and that is where the gateway's requests are written:
 * undici writes a request on a reused keep-alive connection from a `setImmediate` (its
 * idle-socket check). Under load the batches hold many packets and stay whole. docs/adr/0025.
 */
export function batchSocketWrites(client: Connection): void {
  // ssh2 keeps the accepted socket on `_sock` and writes through it; its types do not say so.
  const socket = (client as Connection & { readonly _sock?: Socket })._sock;
  if (socket === undefined || typeof socket.cork !== 'function') return;
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  let packets = 0;
  let lone = true;
  const flush = (): void => {
    corked = false;
    lone = packets <= 1;
    socket.uncork();
  };
  socket.write = (...args: unknown[]) => {
    packets += 1;
    if (corked || socket.writableEnded) return write(...args);
    corked = true;
    packets = 1;
    setImmediate(flush);
    if (lone && inCheckPhase()) {
      const ok = write(...args);
      socket.cork();
      return ok;
    }
    socket.cork();
    return write(...args);
  };
}
