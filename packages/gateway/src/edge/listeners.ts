import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { Logger } from '@gatehouse/core';
import type { EdgeTls } from '../tls/edge-setup.ts';
import { requestReadGuard } from './read-timeout.ts';

/** What the edge server hands requests and upgrades to (`createEdge`'s result). */
export interface EdgeHandler {
  request(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface EdgeListeners {
  /** The edge: HTTPS with per-host certificates when `tls` is set, else plain HTTP. */
  readonly server: Server;
  /** `http_listen` beside a TLS edge (ACME http-01, redirects to https); else undefined. */
  readonly httpServer: Server | undefined;
  /** Requests being answered now: at shutdown, connections without one close at once. */
  readonly inFlight: () => number;
}

/** The edge's servers, wired to the edge handler, not yet listening. */
export function createEdgeListeners(options: {
  readonly edge: EdgeHandler;
  readonly tls: EdgeTls | undefined;
  readonly withHttpListener: boolean;
  readonly requestReadTimeoutMs: () => number;
  readonly logger: Logger;
}): EdgeListeners {
  const { edge, tls, logger } = options;
  const server = tls === undefined ? createHttpServer() : createHttpsServer(tls.serverOptions);
  server.on('tlsClientError', (error: Error) =>
    logger.debug({ err: { message: error.message } }, 'TLS handshake failed'),
  );
  const httpServer =
    tls === undefined || !options.withHttpListener ? undefined : createHttpServer(tls.httpListener);
  let inFlight = 0;
  // One shared listener, not a closure (and once-wrapper) per response: an idle event stream
  // keeps its listeners for hours (issue 18). A response emits 'close' once.
  const responseClosed = (): void => {
    inFlight -= 1;
  };
  // Slowloris guard: headers and body pauses bounded by request_read_timeout (SSE responses are
  // not cut), run from this one 'request' listener.
  const guardReads = requestReadGuard(server, options.requestReadTimeoutMs);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    inFlight += 1;
    res.on('close', responseClosed);
    guardReads(req, res);
    edge.request(req, res);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    edge.upgrade(req, socket, head),
  );
  // Keep-alive sockets idle 65 s at most.
  server.keepAliveTimeout = 65_000;
  return { server, httpServer, inFlight: () => inFlight };
}
