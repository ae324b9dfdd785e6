import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { serveAsChild } from '../lib/serve-child.ts';

// The "local server" behind every tunnel benchmark, run as its own process (node: imports and the
// node:-only serve-child.ts). `GET /` answers a small fixed body; `GET /download` answers
// DOWNLOAD_BYTES of zeros from one reused buffer, honouring backpressure; `GET /events?n=&gap=`
// answers `text/event-stream` and writes n events `gap` ms apart, each carrying the wall-clock
// instant it was written, with µs resolution (performance.timeOrigin + performance.now(): the same
// clock in every process on the machine), then ends.

export const SMALL_BODY = 'hello from the upstream\n';
/** 100 MB (10⁸ bytes, as the report counts MB). */
export const DOWNLOAD_BYTES = 100_000_000;
const CHUNK = Buffer.alloc(64 * 1024);

/** Milliseconds since the epoch with sub-millisecond resolution, comparable across processes. */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

function download(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': DOWNLOAD_BYTES,
  });
  let left = DOWNLOAD_BYTES;
  const pump = (): void => {
    while (left > 0) {
      const chunk = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
      left -= chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  pump();
}

function events(url: URL, res: ServerResponse): void {
  const count = Number(url.searchParams.get('n') ?? '10');
  const gapMs = Number(url.searchParams.get('gap') ?? '10');
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(': open\n\n');
  let sent = 0;
  const timer = setInterval(() => {
    res.write(`data: ${wallClockMs().toFixed(3)}\n\n`);
    if (++sent >= count) {
      clearInterval(timer);
      res.end();
    }
  }, gapMs);
  res.once('close', () => clearInterval(timer));
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://upstream');
  if (url.pathname === '/download') return download(res);
  if (url.pathname === '/events') return events(url, res);
  if (url.pathname === '/') {
    res.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(SMALL_BODY),
    });
    res.end(SMALL_BODY);
    return;
  }
  res.writeHead(404, { 'content-length': 0 });
  res.end();
}

// Only when run as a process (the benchmarks import the constants above).
if (process.argv[1] === import.meta.filename) {
  const server = createServer(handle);
  server.keepAliveTimeout = 65_000;
  serveAsChild(server, { backlog: 4096 });
}
