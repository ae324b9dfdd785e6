import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { selfSignedCertificate } from '../tls/test-ca.ts';

export interface DocumentServer {
  readonly origin: string;
  readonly port: number;
  /** The test CA (the self-signed certificate itself). */
  readonly ca: string;
  /** TCP connections accepted so far. */
  connections(): number;
  /** Serves `body` (JSON-encoded unless a string) at `path`. */
  serve(
    path: string,
    body: unknown,
    options?: { status?: number; headers?: Record<string, string> },
  ): void;
  close(): Promise<void>;
}

/** An HTTPS server on 127.0.0.1 with a test certificate, serving client metadata documents. */
export async function startDocumentServer(): Promise<DocumentServer> {
  const { cert, key } = selfSignedCertificate();
  const documents = new Map<
    string,
    { status: number; body: string; headers: Record<string, string> }
  >();
  let connections = 0;
  const server = createHttpsServer({ cert, key }, (req, res) => {
    const doc = documents.get(req.url ?? '/');
    if (doc === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(doc.status, { 'content-type': 'application/json', ...doc.headers }).end(doc.body);
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    port,
    ca: cert,
    connections: () => connections,
    serve: (path, body, options = {}) => {
      documents.set(path, {
        status: options.status ?? 200,
        body: typeof body === 'string' ? body : JSON.stringify(body),
        headers: options.headers ?? {},
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A plain TCP listener on 127.0.0.1 that only counts connections (an SSRF target). */
export async function startConnectionCounter(): Promise<{
  readonly port: number;
  connections(): number;
  close(): Promise<void>;
}> {
  let connections = 0;
  const server: Server = createTcpServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
