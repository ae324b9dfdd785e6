import { IncomingMessage } from 'node:http';

/**
 * Reads a request body up to `limit` bytes; undefined when it is larger (the caller answers 413).
 * Used for the few endpoints where we must look at the body before oidc-provider runs.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * A request equal to `req` (same socket, method, URL and headers) whose body is `body`: the
 * original stream has been read, so the provider gets this one to read instead.
 */
export function withBody(req: IncomingMessage, body: Buffer): IncomingMessage {
  const replay = new IncomingMessage(req.socket);
  replay.method = req.method ?? 'POST';
  replay.url = req.url ?? '/';
  replay.httpVersion = req.httpVersion;
  replay.httpVersionMajor = req.httpVersionMajor;
  replay.httpVersionMinor = req.httpVersionMinor;
  replay.headers = { ...req.headers, 'content-length': String(body.length) };
  delete replay.headers['transfer-encoding'];
  // Complete, or Node treats the replay's end as an abort and destroys the shared socket.
  replay.complete = true;
  replay.push(body);
  replay.push(null);
  return replay;
}
