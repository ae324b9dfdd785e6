import type { IncomingMessage, ServerResponse } from 'node:http';

/** RFC 8555 §8.3: where the CA fetches http-01 key authorizations. */
const CHALLENGE_PREFIX = '/.well-known/acme-challenge/';
const HOST = /^(?<name>[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)(?::\d{1,5})?$/i;

export interface HttpListenerDeps {
  readonly http01: (token: string) => Promise<string | undefined>;
  /** The edge's HTTPS port (443 is left out of redirects). */
  readonly httpsPort: () => number;
}

/**
 * `http_listen`: answers ACME http-01 challenges and sends everything else to https on the same
 * host (301 for GET/HEAD, 308 keeps the method and body).
 */
export function createHttpListener(deps: HttpListenerDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    if (url.startsWith(CHALLENGE_PREFIX)) {
      const token = url.slice(CHALLENGE_PREFIX.length);
      // RFC 8555 §8.3: tokens are base64url; anything else is not ours to look up.
      if (!/^[A-Za-z0-9_-]{1,256}$/.test(token)) return send(res, 404, 'no such challenge\n');
      deps.http01(token).then(
        (answer) => {
          if (answer === undefined) return send(res, 404, 'no such challenge\n');
          send(res, 200, answer);
        },
        () => send(res, 503, 'challenge lookup failed\n'),
      );
      return;
    }
    const name = HOST.exec(req.headers.host ?? '')?.groups?.['name'];
    if (name === undefined) return send(res, 400, 'missing or invalid Host header\n');
    const port = deps.httpsPort();
    const location = `https://${name.toLowerCase()}${port === 443 ? '' : `:${port}`}${url.startsWith('/') ? url : '/'}`;
    const method = req.method ?? 'GET';
    res.writeHead(method === 'GET' || method === 'HEAD' ? 301 : 308, {
      location,
      'content-length': '0',
      'cache-control': 'no-store',
    });
    res.end();
  };
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}
