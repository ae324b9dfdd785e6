import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** Checks per deadline: the pause that ends a body is noticed within a quarter of it. */
const TICKS_PER_TIMEOUT = 4;
const BODY = JSON.stringify({
  error: 'request_timeout',
  error_description: 'the request body did not arrive in time',
});

/**
 * A read deadline on every request of a listener (defect 4: `Content-Length: 100` and no body
 * held a connection forever, on sign-in, token, registration and MCP routes alike).
 *
 * - Headers: node's `headersTimeout` (checked by node every `connectionsCheckingInterval`).
 * - Body: an idle deadline, not a total one: a body may take as long as it needs while bytes
 *   keep arriving (slow uploads), but a pause longer than `timeoutMs()` ends it with 408 and a
 *   closed connection. node's own `requestTimeout` is a total deadline and would cut slow
 *   uploads, so it stays off. Progress is the socket's `bytesRead`, which moves even when
 *   nobody reads the body yet (node buffers up to the stream's high-water mark).
 * - Responses are never timed here: once the body is complete the watch ends, so a long SSE
 *   response lives on (the proxy's idle timeout and keep-alives govern it).
 */
export function guardRequestReads(server: Server, timeoutMs: () => number): void {
  server.on('request', requestReadGuard(server, timeoutMs));
}

/**
 * `guardRequestReads` for a server whose own 'request' listener calls the returned guard first
 * (the edge: one listener per request event, not two; issue 18).
 */
export function requestReadGuard(
  server: Server,
  timeoutMs: () => number,
): (req: IncomingMessage, res: ServerResponse) => void {
  server.headersTimeout = timeoutMs();
  server.requestTimeout = 0;
  return (req, res) => {
    if (expectsBody(req)) watchBody(req, res, timeoutMs());
  };
}

function expectsBody(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

function watchBody(req: IncomingMessage, res: ServerResponse, timeoutMs: number): void {
  const { socket } = req;
  let seen = socket.bytesRead;
  let quietSince = Date.now();
  // Removed again when the watch ends: a keep-alive socket carries many requests.
  const stop = (): void => {
    clearInterval(tick);
    socket.off('close', stop);
  };
  const tick = setInterval(
    () => {
      if (req.complete || socket.destroyed) {
        stop();
        return;
      }
      const now = Date.now();
      if (socket.bytesRead !== seen) {
        seen = socket.bytesRead;
        quietSince = now;
        return;
      }
      if (now - quietSince < timeoutMs) return;
      stop();
      timedOut(req, res);
    },
    Math.max(1, Math.floor(timeoutMs / TICKS_PER_TIMEOUT)),
  );
  tick.unref();
  socket.once('close', stop);
  req.once('end', stop);
}

/** RFC 9110 §15.5.9: 408 where a response can still be sent, then the connection goes. */
function timedOut(req: IncomingMessage, res: ServerResponse): void {
  const { socket } = req;
  if (res.headersSent || res.writableEnded) {
    socket.destroy();
    return;
  }
  res.shouldKeepAlive = false;
  res.writeHead(408, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(BODY)),
    connection: 'close',
  });
  res.end(BODY, () => socket.destroy());
  // A client that does not read the 408 either must not keep the socket through a full buffer.
  setTimeout(() => socket.destroy(), 1_000).unref();
}
