import type { ServerResponse } from 'node:http';
import type { NodeServerResponseLike } from '@modelcontextprotocol/node';

/**
 * A response view for the SDK's Node adapter that sends SSE headers at once. Node holds
 * `writeHead` back until the first body byte, and an idle GET stream has none until the first
 * keep-alive (15 s), so clients would wait that long to learn the stream is open.
 * `X-Accel-Buffering: no` keeps reverse proxies (nginx) from buffering the stream (2026-07-28 SHOULD).
 */
export function flushingSse(res: ServerResponse): NodeServerResponseLike {
  return {
    writeHead(status, headers) {
      const sse = headers?.['content-type']?.includes('text/event-stream') === true;
      res.writeHead(status, sse ? { ...headers, 'x-accel-buffering': 'no' } : headers);
      if (sse) res.flushHeaders();
      return res;
    },
    write: (chunk) => res.write(chunk),
    end: (chunk) => (chunk === undefined ? res.end() : res.end(chunk)),
    on: (event, listener) => res.on(event, listener),
    get destroyed() {
      return res.destroyed;
    },
  };
}
