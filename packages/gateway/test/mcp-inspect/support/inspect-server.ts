import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { createServer, request } from 'node:http';
import { onTestFinished } from 'vitest';
import type { JsonRpcReadResult } from '../../../src/mcp/inspect/index.ts';
import { checkMcpHeaders, readJsonRpcRequest } from '../../../src/mcp/inspect/index.ts';

/** What the test server saw for one request: the read result and the header check. */
export interface Seen {
  readonly result: JsonRpcReadResult;
  readonly headerCheck: ReturnType<typeof checkMcpHeaders> | 'not-run';
}

export interface InspectServer {
  readonly port: number;
  readonly url: string;
  /** One entry per request, in arrival order. */
  readonly seen: Seen[];
}

/**
 * A real node:http server on 127.0.0.1:0 that reads each POST with `readJsonRpcRequest`, runs
 * `checkMcpHeaders` on `req.headersDistinct` when the body parsed, and answers the refusal (or
 * 200 with the forwarded bytes) the way the edge will.
 */
export async function startInspectServer(maxBytes = 1024 * 1024): Promise<InspectServer> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    void readJsonRpcRequest(req, maxBytes).then((result) => {
      const headerCheck = result.ok
        ? checkMcpHeaders(req.headersDistinct, result.message)
        : 'not-run';
      seen.push({ result, headerCheck });
      if (!result.ok) {
        res.writeHead(result.status, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify(result.jsonRpc));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(result.body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onTestFinished(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  return { port, url: `http://127.0.0.1:${port}/mcp`, seen };
}

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

async function collect(res: IncomingMessage): Promise<Reply> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) };
}

/** POSTs `body` (one write, or one write per element: chunked) and reads the whole answer. */
export async function post(
  url: string,
  body: string | Buffer | readonly (string | Buffer)[],
  headers: OutgoingHttpHeaders = { 'content-type': 'application/json' },
): Promise<Reply> {
  const req = request(url, { method: 'POST', headers });
  const answered = once(req, 'response') as Promise<[IncomingMessage]>;
  if (Array.isArray(body)) for (const part of body) req.write(part);
  else req.write(body);
  req.end();
  const [res] = await answered;
  return collect(res);
}

/** Sends raw request bytes on a socket (for repeated headers exactly as written). */
export async function rawExchange(port: number, bytes: string | Buffer): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.end(bytes);
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
