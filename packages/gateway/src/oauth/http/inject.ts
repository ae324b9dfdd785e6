import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Runs one GET through a Node request handler in-process and returns status and body. Used to
 * read the provider's own metadata document (so route hosts serve exactly what the
 * authenticate host serves) without a network round trip.
 */
export function injectGet(
  handler: Handler,
  path: string,
  headers: Readonly<Record<string, string>>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = new IncomingMessage(new Socket());
    req.method = 'GET';
    req.url = path;
    req.headers = { ...headers };
    req.push(null);
    const res = new ServerResponse(req);
    const chunks: Buffer[] = [];
    const collect = (chunk: unknown) => {
      if (typeof chunk === 'string') chunks.push(Buffer.from(chunk));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    // No socket is attached: capture what the handler writes instead of sending it.
    const write = (chunk: unknown) => {
      collect(chunk);
      return true;
    };
    const end = (chunk?: unknown) => {
      if (typeof chunk !== 'function') collect(chunk);
      resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') });
      return res;
    };
    res.write = write as ServerResponse['write'];
    res.end = end as ServerResponse['end'];
    try {
      handler(req, res);
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
