import { type Agent, request } from 'node:http';

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface HttpRequest {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Give up after this many milliseconds (default 10 s). */
  readonly timeoutMs?: number;
  /** A fresh connection per request when false (default: Node's global keep-alive agent). */
  readonly agent?: Agent | false;
}

/** One plain node:http request, body collected as UTF-8. */
export function httpRequest(url: string, options: HttpRequest = {}): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        timeout: options.timeoutMs ?? 10_000,
        ...(options.agent !== undefined && { agent: options.agent }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', reject);
        res.once('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.once('timeout', () => req.destroy(new Error(`${url}: no answer within the timeout`)));
    req.once('error', reject);
    req.end(options.body);
  });
}
