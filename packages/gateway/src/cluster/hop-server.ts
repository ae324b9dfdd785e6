import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  GatehouseError,
  isGatehouseError,
  TUNNEL_URL_SCHEME,
  type Clock,
  type Logger,
  type Upstream,
} from '@gatehouse/core';
import { createHopVerifier, type HopVerifier } from './hop-auth.ts';

/** The response header that carries an Upstream error code back to the sending node. */
export const HOP_ERROR_HEADER = 'x-gatehouse-hop-error';
/** The control request that closes SSH connections on this node (a key or account revoked). */
export const HOP_DISCONNECT_PATH = '/v1/disconnect';
const MAX_CONTROL_BODY = 4096;

export interface HopServerOptions {
  readonly nodeId: string;
  readonly secret: Buffer;
  readonly clock: Clock;
  readonly logger: Logger;
  /** This node's own tunnels (the SSH server's Upstream). */
  readonly local: Upstream;
  /** Closes this node's SSH connections of a key or an account. */
  disconnect(what: { fingerprint?: string; accountId?: string }): void;
}

export interface HopServer {
  listen(host: string, port: number, exclusive: boolean): Promise<number>;
  close(): Promise<void>;
}

/**
 * The internal listener other nodes forward tunnel requests to. A signed `CONNECT <route key>:80`
 * becomes a raw byte pipe to a new SSH channel of that route on this node, so HTTP, SSE, long
 * bodies and upgrades pass unchanged in both directions (the sending node's proxy speaks HTTP/1.1
 * over it exactly as over a local channel). Anything unsigned, replayed or unknown is refused.
 * It must listen only where other nodes reach it, never on a public address.
 */
export function createHopServer(options: HopServerOptions): HopServer {
  const { logger } = options;
  const verifier = createHopVerifier(options.secret, options.nodeId, options.clock);
  const sockets = new Set<Socket | Duplex>();
  const server: Server = createServer((req, res) => void control(options, verifier, req, res));
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    void tunnel(req, socket, head);
  });

  const refuse = (socket: Socket, status: string, code?: string): void => {
    const extra = code === undefined ? '' : `${HOP_ERROR_HEADER}: ${code}\r\n`;
    socket.end(`HTTP/1.1 ${status}\r\n${extra}connection: close\r\ncontent-length: 0\r\n\r\n`);
  };

  async function tunnel(req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    const target = req.url ?? '';
    const verdict = verifier.verify(req.headers, { method: 'CONNECT', target });
    if (!verdict.ok) {
      logger.warn({ reason: verdict.reason, peer: socket.remoteAddress }, 'internal hop refused');
      refuse(socket, '401 Unauthorized');
      return;
    }
    const routeKey = target.replace(/:\d+$/, '').toLowerCase();
    let stream: Duplex;
    try {
      stream = await options.local.connect({
        routeId: routeKey,
        url: new URL(`${TUNNEL_URL_SCHEME}//${routeKey}`),
      });
    } catch (error) {
      const code = isGatehouseError(error) ? error.code : 'ERR_UPSTREAM_FAILED';
      refuse(socket, code === 'ERR_UPSTREAM_OFFLINE' ? '503 Offline' : '502 Bad Gateway', code);
      return;
    }
    if (socket.destroyed) {
      stream.destroy();
      return;
    }
    socket.setNoDelay(true);
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) stream.write(head);
    sockets.add(stream);
    // Either side ending or failing ends the other: no half-open channels are left behind.
    const done = (): void => {
      sockets.delete(stream);
      socket.destroy();
      stream.destroy();
    };
    stream.once('close', done).on('error', done);
    socket.once('close', done);
    stream.pipe(socket);
    socket.pipe(stream);
  }

  return {
    listen: (host, port, exclusive) => listen(server, host, port, exclusive),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Signed control requests from other nodes: only `POST /v1/disconnect` today. */
async function control(
  options: HopServerOptions,
  verifier: HopVerifier,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readBody(req).catch(() => undefined);
  const target = req.url ?? '';
  if (body === undefined) {
    res.writeHead(413).end();
    return;
  }
  const verdict = verifier.verify(req.headers, { method: req.method ?? '', target, body });
  if (!verdict.ok) {
    options.logger.warn({ reason: verdict.reason }, 'internal hop refused');
    res.writeHead(401).end();
    return;
  }
  if (req.method !== 'POST' || target !== HOP_DISCONNECT_PATH) {
    res.writeHead(404).end();
    return;
  }
  const what = parseDisconnect(body);
  if (what === undefined) {
    res.writeHead(400).end();
    return;
  }
  options.disconnect(what);
  res.writeHead(204).end();
}

/** Listens for other nodes; a bind failure names `cluster.internal_listen`. */
function listen(server: Server, host: string, port: number, exclusive: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void =>
      reject(
        new GatehouseError(
          'ERR_CLUSTER_LISTEN',
          `cannot listen for other nodes on ${host}:${String(port)} (cluster.internal_listen): ${error.message}`,
          { cause: error },
        ),
      );
    server.once('error', failed);
    // exclusive: under node:cluster each worker needs its own port, not a shared one.
    server.listen({ host, port, exclusive }, () => {
      server.off('error', failed);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_CONTROL_BODY) {
        req.destroy();
        reject(new Error('body too large'));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseDisconnect(body: string): { fingerprint?: string; accountId?: string } | undefined {
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value !== 'object' || value === null) return undefined;
    const { fingerprint, accountId } = value as Record<string, unknown>;
    if (typeof fingerprint === 'string') return { fingerprint };
    if (typeof accountId === 'string') return { accountId };
  } catch {
    // fall through: not JSON
  }
  return undefined;
}
