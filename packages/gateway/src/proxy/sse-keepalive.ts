import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { unwatch, watch, type Swept } from './deadline-sweep.ts';

/**
 * An SSE comment (WHATWG HTML §9.2.6: a line starting with `:` is ignored) that keeps bytes
 * moving through proxies and load balancers that cut idle streams after 30–125 s.
 */
export const SSE_KEEPALIVE_COMMENT = ': keep-alive\n\n';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Writes `: keep-alive\n\n` to `res` after `intervalMs` without a byte from the upstream, but
 * only at an event boundary: after a blank line, or before the first byte. Inserted in the
 * middle of an event, a blank line would dispatch the half-written event early, so while the
 * upstream is mid-event the comment waits for the next quiet interval. The owner calls `stop()`
 * when the stream ends or the response closes.
 *
 * A class with plain fields (no closures) and no node timer of its own: thousands of idle
 * streams each keep one for hours, so it is an entry in the proxy's shared deadline sweep
 * (deadline-sweep.ts; a comment comes up to two ticks, at most a quarter of the interval,
 * after the interval) and a written chunk only sets a flag (issue 18: memory per idle stream).
 */
export class SseKeepAlive implements Swept {
  readonly #res: ServerResponse;
  readonly #intervalMs: number;
  #watched = true;
  /** Bytes were written since the last tick. */
  #active = false;
  #quietSince: number;
  /** Before the first byte nothing is open. */
  #atBoundary = true;
  /** Bytes of the current line seen since its start. */
  #lineOpen = false;
  /** A CR whose LF (of a CRLF) may still follow in the next chunk. */
  #lastWasCr = false;

  constructor(res: ServerResponse, intervalMs: number) {
    this.#res = res;
    this.#intervalMs = intervalMs;
    this.#quietSince = performance.now();
    watch(this, intervalMs);
  }

  /** `chunk` is about to be written to the client: note where it leaves the event stream. */
  wrote(chunk: Buffer): void {
    this.#feed(chunk);
    this.#active = true;
  }

  /** The stream ended (or the client left): no comment is written after this. */
  stop(): void {
    if (!this.#watched) return;
    this.#watched = false;
    unwatch(this, this.#intervalMs);
  }

  /** A tick of the sweep: beat once the stream has been quiet for the interval. */
  check(now: number): void {
    if (this.#active) {
      this.#active = false;
      this.#quietSince = now;
      return;
    }
    if (now - this.#quietSince < this.#intervalMs) return;
    this.#quietSince = now;
    this.beat();
  }

  /** The quiet interval passed. */
  beat(): void {
    if (!this.#watched) return;
    const res = this.#res;
    if (res.writableEnded || res.destroyed) {
      this.stop();
      return;
    }
    // A full socket buffer means bytes are already waiting: no need to add more.
    // After a lone trailing CR the next byte may be its LF; a comment in between would still
    // be parsed correctly (the CR ended the line), so a CR-terminated blank line counts.
    if (this.#atBoundary && !res.writableNeedDrain) res.write(SSE_KEEPALIVE_COMMENT);
  }

  /**
   * Follows the line structure of an event stream (WHATWG HTML §9.2.5: lines end in CRLF, LF
   * or CR; a blank line ends an event) across chunk borders. Only a chunk's trailing line
   * endings matter: any other byte means the stream is inside a line.
   */
  #feed(chunk: Buffer): void {
    let start = chunk.length;
    while (start > 0 && (chunk[start - 1] === LF || chunk[start - 1] === CR)) start -= 1;
    if (start > 0) {
      // Something other than a line ending: the stream is in a line that is not empty.
      this.#atBoundary = false;
      this.#lineOpen = true;
      this.#lastWasCr = false;
    }
    for (let i = start; i < chunk.length; i += 1) {
      const byte = chunk[i];
      if (byte === LF && this.#lastWasCr) {
        this.#lastWasCr = false; // the LF of a CRLF: the CR already ended the line
        continue;
      }
      if (!this.#lineOpen) this.#atBoundary = true; // an empty line: the event is complete
      this.#lineOpen = false;
      this.#lastWasCr = byte === CR;
    }
  }
}

/** Starts the keep-alive comments of one relayed event stream. */
export function startSseKeepAlive(res: ServerResponse, intervalMs: number): SseKeepAlive {
  return new SseKeepAlive(res, intervalMs);
}

/**
 * The keep-alive of a relayed event stream with response headers `out`, if it gets one.
 * Comments are plain bytes: inserted into a compressed body they would corrupt it, so an
 * encoded stream gets none.
 */
export function sseKeepAliveFor(
  res: ServerResponse,
  intervalMs: number | undefined,
  out: OutgoingHttpHeaders,
): SseKeepAlive | undefined {
  const interval = intervalMs ?? 0;
  const encoding = String(out['content-encoding'] ?? 'identity').toLowerCase();
  if (interval <= 0 || encoding !== 'identity') return undefined;
  return startSseKeepAlive(res, interval);
}
