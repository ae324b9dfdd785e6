import { createServer, request } from 'node:http';
import type { IncomingMessage, RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/** The user's local server: node:http on 127.0.0.1:0. */
export async function startLocalServer(
  handler: RequestListener,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One HTTP/1.1 request over an already-open Duplex (what the gateway's proxy does). */
export function requestOver(
  stream: Duplex,
  path: string,
  headers: Record<string, string> = {},
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request({
      createConnection: () => stream,
      path,
      headers: { host: 'mcp.brave-otter-123', ...headers },
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

export async function readBody(response: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of response) body += String(chunk);
  return body;
}
