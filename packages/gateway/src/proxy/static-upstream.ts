import net from 'node:net';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import type { Upstream, UpstreamTarget } from '@gatehouse/core';
import { toUpstreamError, upstreamFailure } from './upstream-error.ts';

export interface StaticUpstreamOptions {
  /** TCP (and TLS handshake) deadline; default 10 000 ms, 0 = none. */
  readonly connectTimeoutMs?: number;
  /** PEM CA certificate(s) to trust for https upstreams instead of Node's bundled roots. */
  readonly ca?: string;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** The upstream of a static route: TCP for `http:`, TLS (verified, with SNI) for `https:`. */
export function createStaticUpstream(options: StaticUpstreamOptions = {}): Upstream {
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return {
    connect: (target, signal) => dial(target, timeoutMs, options.ca, signal),
  };
}

function dial(
  target: UpstreamTarget,
  timeoutMs: number,
  ca: string | undefined,
  signal: AbortSignal | undefined,
): Promise<Duplex> {
  const { routeId, url } = target;
  if (signal?.aborted === true) {
    return Promise.reject(upstreamFailure('ERR_UPSTREAM_FAILED', routeId, signal.reason));
  }
  // URL.hostname keeps the brackets of an IPv6 literal; sockets want the bare address.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const secure = url.protocol === 'https:';
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  return new Promise((resolve, reject) => {
    const socket: Socket = secure
      ? tls.connect({
          host,
          port,
          // RFC 6066 §3: SNI carries DNS names only, never an IP literal.
          ...(net.isIP(host) === 0 ? { servername: host } : {}),
          ...(ca === undefined ? {} : { ca }),
          ALPNProtocols: ['http/1.1'],
        })
      : net.connect({ host, port });
    socket.setNoDelay(true);
    const timer =
      timeoutMs > 0
        ? setTimeout(() => fail(upstreamFailure('ERR_UPSTREAM_TIMEOUT', routeId)), timeoutMs)
        : undefined;
    const onAbort = (): void =>
      fail(upstreamFailure('ERR_UPSTREAM_FAILED', routeId, signal?.reason));
    const onError = (error: Error): void => fail(toUpstreamError(error, routeId));
    const settle = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
    };
    function fail(error: Error): void {
      settle();
      socket.destroy();
      reject(error);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      settle();
      resolve(socket);
    });
  });
}
