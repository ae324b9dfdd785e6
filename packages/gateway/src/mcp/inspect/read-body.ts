import type { IncomingMessage } from 'node:http';
import { INVALID_REQUEST, PARSE_ERROR } from './json-rpc-codes.ts';
import type { InspectRefusal } from './json-rpc-error.ts';
import { refuse } from './json-rpc-error.ts';

export function tooLarge(maxBytes: number): InspectRefusal {
  const message = `Request body larger than ${maxBytes} bytes`;
  return refuse(413, 'mcp-body-too-large', null, INVALID_REQUEST, message);
}

/**
 * Reads the request body, but no more than `maxBytes`: a declared Content-Length over the limit
 * is refused before reading, and a body that crosses it is refused at that chunk. Reading stops
 * there (the request is paused); the caller answers with `Connection: close` so the unread rest
 * never reaches the next request on the connection.
 */
export function readLimitedBody(
  req: IncomingMessage,
  maxBytes: number,
): Promise<{ ok: true; body: Buffer } | InspectRefusal> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    return Promise.resolve(tooLarge(maxBytes));
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (result: { ok: true; body: Buffer } | InspectRefusal): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > maxBytes) {
        req.pause();
        finish(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ ok: true, body: Buffer.concat(chunks, total) });
    const onAbort = (): void =>
      finish(refuse(400, 'mcp-body-incomplete', null, PARSE_ERROR, 'Parse error: incomplete body'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onAbort);
  });
}
