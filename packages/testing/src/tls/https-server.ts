import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestPem } from './test-ca.ts';

export interface RunningHttps {
  readonly port: number;
  close(): Promise<void>;
}

/** An HTTPS server on 127.0.0.1 port 0 (a deployment standing in for a third party's). */
export async function startHttps(
  certificate: TestPem,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<RunningHttps> {
  const server: Server = createServer({ cert: certificate.cert, key: certificate.key }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Reads a request body as text. */
export async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
