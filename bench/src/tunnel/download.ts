import { request } from 'node:http';

/** Milliseconds from the request to the last body byte of one `GET <url>`; the size must match. */
export function timeDownload(
  url: string,
  expectedBytes: number,
  timeoutMs = 60_000,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      res.once('error', reject);
      res.once('end', () => {
        const ms = performance.now() - started;
        if (res.statusCode !== 200 || received !== expectedBytes) {
          reject(
            new Error(
              `${url}: ${res.statusCode ?? 0} with ${received} bytes, expected 200 with ${expectedBytes}`,
            ),
          );
        } else resolve(ms);
      });
    });
    req.once('timeout', () => req.destroy(new Error(`${url}: not done within ${timeoutMs} ms`)));
    req.once('error', reject);
    req.end();
  });
}
