import { request } from 'node:http';
import type { Agent, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface SendOptions {
  readonly method?: string;
  readonly headers?: OutgoingHttpHeaders;
  /** Written in one go, or chunk by chunk (then sent chunked unless a length is given). */
  readonly body?: string | readonly string[];
  /** Defaults to a fresh connection that closes after the exchange. */
  readonly agent?: Agent | false;
}

/** One HTTP request with a real client; resolves with the whole response. */
export function send(url: string, options: SendOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: options.agent ?? false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const body = options.body;
    if (typeof body === 'string') req.end(body);
    else if (body === undefined) req.end();
    else {
      for (const chunk of body) req.write(chunk);
      req.end();
    }
  });
}
