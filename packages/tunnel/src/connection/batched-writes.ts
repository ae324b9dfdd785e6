import type { Socket } from 'node:net';
import type { Connection } from 'ssh2';

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
 */
export function batchSocketWrites(client: Connection): void {
  // ssh2 keeps the accepted socket on `_sock` and writes through it; its types do not say so.
  const socket = (client as Connection & { readonly _sock?: Socket })._sock;
  if (socket === undefined || typeof socket.cork !== 'function') return;
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  const flush = (): void => {
    corked = false;
    socket.uncork();
  };
  socket.write = (...args: unknown[]) => {
    if (!corked && !socket.writableEnded) {
      corked = true;
      socket.cork();
      setImmediate(flush);
    }
    return write(...args);
  };
}
