import { createServer } from 'node:http';
import type {
  Server as HttpServer,
  IncomingMessage,
  RequestListener,
  ServerResponse,
} from 'node:http';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterEach } from 'vitest';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  // Last registered first: clients and proxies go before the servers they talk to.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs `cleanup` after the current test. */
export function onCleanup(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

export interface TestServer<S extends Server = Server> {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly server: S;
  /** TCP connections accepted so far. */
  connections(): number;
}

/** A real HTTP server on 127.0.0.1 and a free port, closed after the test. */
export async function listen(handler: RequestListener): Promise<TestServer<HttpServer>> {
  return listenServer(createServer(handler));
}

/** Starts an already built server (http, https, raw TCP), closed after the test. */
export async function listenServer<S extends Server>(server: S): Promise<TestServer<S>> {
  let accepted = 0;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  onCleanup(() => close(server, sockets));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, server, connections: () => accepted };
}

function close(server: Server, sockets: ReadonlySet<Socket> = new Set()): Promise<void> {
  for (const socket of sockets) socket.destroy();
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A port where nothing listens (a server was there a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  const { port } = await listenServer(server);
  await close(server);
  return port;
}

export interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  /** Header names exactly as they arrived. */
  readonly rawNames: readonly string[];
  readonly body: string;
}

/** An upstream that records each request and answers with `reply` (default: 200 "ok"). */
export async function recordingUpstream(
  reply: (req: IncomingMessage, res: ServerResponse, body: string) => void = (_req, res) =>
    res.end('ok'),
): Promise<TestServer<HttpServer> & { readonly seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = await listen((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const rawNames = req.rawHeaders.filter((_value, index) => index % 2 === 0);
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawNames,
        body,
      });
      reply(req, res, body);
    });
  });
  return { ...server, seen };
}
