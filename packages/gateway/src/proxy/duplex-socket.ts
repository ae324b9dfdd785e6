import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** The socket methods http.Agent and ClientRequest call besides the Duplex ones. */
interface SocketLike {
  timeout?: number;
  setKeepAlive?: (enable?: boolean, initialDelay?: number) => unknown;
  setNoDelay?: (noDelay?: boolean) => unknown;
  ref?: () => unknown;
  unref?: () => unknown;
  setTimeout?: (ms: number, callback?: () => void) => unknown;
}

/**
 * Lets http.Agent pool any Duplex: a tunnel's SSH channel has no setKeepAlive, setNoDelay,
 * ref, unref or setTimeout, which the agent calls on every socket it keeps or reuses. The
 * first four are meaningless off TCP; setTimeout keeps its contract (emit 'timeout' after `ms`
 * without reads or writes) so the agent's idle clean-up of free connections still works.
 */
export function asAgentSocket(stream: Duplex): Duplex {
  if (stream instanceof Socket) return stream;
  const shim = stream as Duplex & SocketLike;
  const self = (): Duplex => stream;
  shim.setKeepAlive ??= self;
  shim.setNoDelay ??= self;
  shim.ref ??= self;
  shim.unref ??= self;
  if (shim.setTimeout === undefined) installTimeout(stream, shim);
  return stream;
}

function installTimeout(stream: Duplex, shim: Duplex & SocketLike): void {
  let timer: NodeJS.Timeout | undefined;
  let active = false;
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  const push = stream.push.bind(stream);
  // Activity is noted on the way in (push) and out (write) without adding a 'data' listener,
  // which would switch an idle pooled stream into flowing mode and lose bytes.
  stream.write = ((...args: unknown[]) => {
    active = true;
    return write(...args);
  }) as Duplex['write'];
  stream.push = (chunk: unknown, encoding?: BufferEncoding) => {
    active = true;
    return push(chunk, encoding);
  };
  shim.timeout = 0;
  shim.setTimeout = (ms: number, callback?: () => void) => {
    clearInterval(timer);
    timer = undefined;
    shim.timeout = ms;
    // net.Socket semantics: a 0 timeout also removes the callback it was given before.
    if (callback !== undefined) {
      if (ms === 0) stream.off('timeout', callback);
      else stream.once('timeout', callback);
    }
    if (ms > 0) {
      active = false;
      timer = setInterval(() => {
        if (!active) stream.emit('timeout');
        active = false;
      }, ms);
      timer.unref();
    }
    return stream;
  };
  stream.once('close', () => clearInterval(timer));
}
