import { createServer, type Server, type Socket } from 'node:net';
import type { Upstream } from '@gatehouse/core';

/**
 * A byte relay onto a tunnel route: each TCP connection gets its own SSH `forwarded-tcpip`
 * channel (`upstream.connect`) and the bytes are piped both ways, unparsed. That is exactly
 * what sshd does for `ssh -R` (a channel per accepted connection), so the server CPU of this
 * path against sshd's is the tunnel's own cost, without the HTTP front's parsing.
 */
export function relayFront(upstream: Upstream, routeId: string, url: URL): Server {
  return createServer({ noDelay: true }, (socket: Socket) => {
    socket.pause();
    upstream.connect({ routeId, url }).then(
      (channel) => {
        socket.pipe(channel).pipe(socket);
        socket.resume();
        const done = (): void => {
          socket.destroy();
          channel.destroy();
        };
        socket.once('close', done).once('error', done);
        channel.once('close', done).once('error', done);
      },
      () => socket.destroy(),
    );
  });
}
