import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { serveAsChild } from '../lib/serve-child.ts';

// The upstream behind the gateway benchmarks, run as its own process so it never shares an event
// loop with the load generator or the proxy under test. Light (node: imports and the node:-only
// serve-child.ts). `GET /` answers a small fixed body; `GET /sse` answers `text/event-stream`,
// writes one comment line and then holds the stream open until the client goes away.

export const SMALL_BODY = 'hello from the upstream\n';
export const SSE_FIRST_LINE = ': open\n\n';

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/sse') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(SSE_FIRST_LINE);
    return;
  }
  if (req.url === '/' || req.url === '/health') {
    res.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(SMALL_BODY),
    });
    res.end(SMALL_BODY);
    return;
  }
  res.writeHead(404, { 'content-length': 0 });
  res.end();
}

// Only when run as a process (the benchmarks import the constants above).
if (process.argv[1] === import.meta.filename) {
  const server = createServer(handle);
  // Idle SSE streams are the point of one benchmark: no server-side timeout may cut them.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;
  serveAsChild(server, { backlog: 4096 });
}
