import type { ServerResponse } from 'node:http';

/**
 * An SSE comment (WHATWG HTML §9.2.6: a line starting with `:` is ignored) that keeps bytes
 * moving through proxies and load balancers that cut idle streams after 30–125 s.
 */
export const SSE_KEEPALIVE_COMMENT = ': keep-alive\n\n';

const LF = 0x0a;
const CR = 0x0d;

/** Keep-alive comments for one relayed event stream. */
export interface SseKeepAlive {
  /** `chunk` is about to be written to the client: note where it leaves the event stream. */
  wrote(chunk: Buffer): void;
  /** The stream ended (or the client left): no comment is written after this. */
  stop(): void;
}

/**
 * Writes `: keep-alive\n\n` to `res` after `intervalMs` without a byte from the upstream, but
 * only at an event boundary: after a blank line, or before the first byte. Inserted in the
 * middle of an event, a blank line would dispatch the half-written event early, so while the
 * upstream is mid-event the comment waits for the next quiet interval. One timer per stream,
 * cleared on `stop()` and when the response closes.
 */
export function startSseKeepAlive(res: ServerResponse, intervalMs: number): SseKeepAlive {
  const boundary = createBoundaryTracker();
  let timer: NodeJS.Timeout | undefined = setTimeout(beat, intervalMs);
  timer.unref();

  function beat(): void {
    if (timer === undefined) return;
    if (res.writableEnded || res.destroyed) {
      stop();
      return;
    }
    // A full socket buffer means bytes are already waiting: no need to add more.
    if (boundary.atBoundary() && !res.writableNeedDrain) res.write(SSE_KEEPALIVE_COMMENT);
    timer.refresh();
  }

  function stop(): void {
    clearTimeout(timer);
    timer = undefined;
  }

  res.once('close', stop);
  return {
    wrote(chunk) {
      boundary.feed(chunk);
      timer?.refresh();
    },
    stop,
  };
}

/**
 * Follows the line structure of an event stream (WHATWG HTML §9.2.5: lines end in CRLF, LF or
 * CR; a blank line ends an event) across chunk borders. Only a chunk's trailing line endings
 * matter: any other byte means the stream is inside a line.
 */
function createBoundaryTracker(): { feed(chunk: Buffer): void; atBoundary(): boolean } {
  let atBoundary = true; // before the first byte nothing is open
  let lineOpen = false; // bytes of the current line seen since its start
  let lastWasCr = false; // a CR whose LF (of a CRLF) may still follow in the next chunk

  const endLine = (): void => {
    if (!lineOpen) atBoundary = true; // an empty line: the event is complete
    lineOpen = false;
  };

  return {
    feed(chunk) {
      let start = chunk.length;
      while (start > 0 && (chunk[start - 1] === LF || chunk[start - 1] === CR)) start -= 1;
      if (start > 0) {
        // Something other than a line ending: the stream is in a line that is not empty.
        atBoundary = false;
        lineOpen = true;
        lastWasCr = false;
      }
      for (let i = start; i < chunk.length; i += 1) {
        const byte = chunk[i];
        if (byte === LF && lastWasCr) {
          lastWasCr = false; // the LF of a CRLF: the CR already ended the line
          continue;
        }
        endLine();
        lastWasCr = byte === CR;
      }
    },
    // After a lone trailing CR the next byte may be its LF; a comment in between would still
    // be parsed correctly (the CR ended the line), so a CR-terminated blank line counts.
    atBoundary: () => atBoundary,
  };
}
