import { request } from 'node:http';

export interface FirstChunk {
  readonly status: number;
  readonly contentType: string;
  /** The first body chunk as text ('' for a non-200 answer). */
  readonly text: string;
}

/**
 * Opens one SSE stream on 127.0.0.1:<port> with `Host: host`, reads its first body chunk, then
 * drops the connection: the sanity check before thousands of streams are opened.
 */
export function sseFirstChunk(
  port: number,
  host: string,
  path: string,
  cookie?: string,
): Promise<FirstChunk> {
  const headers: Record<string, string> = { host, accept: 'text/event-stream' };
  if (cookie !== undefined) headers['cookie'] = cookie;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      const status = res.statusCode ?? 0;
      const contentType = res.headers['content-type'] ?? '';
      // Dropping the stream mid-body makes it emit 'aborted' errors: expected, not a failure.
      res.on('error', () => undefined);
      const done = (text: string) => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status, contentType, text });
      };
      if (status !== 200) {
        res.resume();
        done('');
        return;
      }
      res.once('data', (chunk: Buffer) => done(chunk.toString('utf8')));
    });
    const timer = setTimeout(() => req.destroy(new Error('no first chunk within 10 s')), 10_000);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}
