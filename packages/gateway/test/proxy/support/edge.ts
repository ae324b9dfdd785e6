import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { GatehouseError, Upstream } from '@gatehouse/core';
import { createProxy, createStaticUpstream } from '../../../src/proxy/index.ts';
import type { ProxyTarget } from '../../../src/proxy/index.ts';
import { listenServer, onCleanup } from './servers.ts';
import type { TestServer } from './servers.ts';

type TargetSettings = Omit<ProxyTarget, 'onError' | 'onResponse' | 'url'>;

export interface EdgeOptions {
  /** The upstream URL (origin plus optional base path). */
  readonly to: string;
  readonly upstream?: Upstream;
  readonly target?: Partial<TargetSettings>;
}

export interface TestEdge extends TestServer {
  /** Every error the proxy reported, with whether it came with a response to render. */
  readonly errors: { readonly error: GatehouseError; readonly withResponse: boolean }[];
  readonly statuses: number[];
}

/** The status the real edge renders for each code; the test edge does the same. */
export const STATUS_FOR: Readonly<Record<string, number>> = {
  ERR_GATEWAY_REQUEST_TOO_LARGE: 413,
  ERR_UPSTREAM_TIMEOUT: 504,
  ERR_UPSTREAM_OFFLINE: 503,
};

/**
 * A tiny stand-in for the gateway edge: every request goes to one route, through the proxy
 * under test. Errors are rendered as `<status>` with the code as the body.
 */
export async function startEdge(options: EdgeOptions): Promise<TestEdge> {
  const proxy = createProxy({ upstream: options.upstream ?? createStaticUpstream() });
  onCleanup(() => proxy.close());
  const errors: TestEdge['errors'] = [];
  const statuses: number[] = [];
  const target = (req: IncomingMessage): ProxyTarget => ({
    routeId: 'app',
    url: new URL(options.to),
    preserveHost: false,
    timeoutMs: 5_000,
    idleTimeoutMs: 10_000,
    maxRequestBytes: 1_048_576,
    clientIp: req.socket.remoteAddress ?? '',
    forwardedFor: '203.0.113.7',
    forwardedProto: 'https',
    forwardedHost: req.headers.host ?? '',
    requestId: 'req-test-1',
    setHeaders: {},
    ...options.target,
    onError(error, res) {
      errors.push({ error, withResponse: res !== null });
      if (res === null) return;
      res.writeHead(STATUS_FOR[error.code] ?? 502, { 'content-type': 'text/plain' });
      res.end(error.code);
    },
    onResponse: (status) => statuses.push(status),
  });
  const server = createServer((req, res) => proxy.forward(req, res, target(req)));
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) =>
    proxy.upgrade(req, socket, head, target(req)),
  );
  return { ...(await listenServer(server)), errors, statuses };
}
