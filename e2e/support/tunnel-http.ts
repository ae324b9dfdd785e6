import { request, type IncomingMessage } from 'node:http';

/**
 * A GET to `url` whose response is handed over as soon as its head arrives (not buffered), for
 * streams such as SSE. Like the harness's `Client`, every host is sent to 127.0.0.1.
 */
export function openStream(url: string, headers: Record<string, string>): Promise<IncomingMessage> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: target.port,
      path: `${target.pathname}${target.search}`,
      headers: { host: target.host, ...headers },
      agent: false,
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

/** The next chunk of a streamed response, as text. */
export function nextChunk(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    response.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8')));
    response.once('error', reject);
  });
}

/** Resolves when the response is over, whether it ended cleanly or was cut. */
export function streamOver(response: IncomingMessage): Promise<'ended' | 'cut'> {
  return new Promise((resolve) => {
    if (response.complete) resolve('ended');
    response.once('end', () => resolve('ended'));
    response.once('close', () => resolve(response.complete ? 'ended' : 'cut'));
    response.resume();
  });
}
