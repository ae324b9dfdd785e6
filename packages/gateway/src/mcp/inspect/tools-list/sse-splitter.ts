const CR = 0x0d;
const LF = 0x0a;

/** A complete event's exact bytes (up to and including the blank line), or an oversize mark. */
export type SsePiece =
  { readonly kind: 'event'; readonly raw: Buffer } | { readonly kind: 'oversize' };

function nextTerminator(chunk: Buffer, from: number): number {
  const lf = chunk.indexOf(LF, from);
  const cr = chunk.indexOf(CR, from);
  if (lf === -1) return cr;
  return cr === -1 ? lf : Math.min(lf, cr);
}

/**
 * Splits a `text/event-stream` byte stream into events as they complete (HTML Living Standard
 * §9.2.5: lines end in CRLF, LF or CR; a blank line dispatches), keeping each event's bytes
 * exactly. An event larger than `maxEventBytes` is dropped and reported once as `oversize`.
 */
export class SseSplitter {
  readonly #maxEventBytes: number;
  #parts: Buffer[] = [];
  #size = 0;
  #atLineStart = true;
  #afterCr = false;
  #discarding = false;

  constructor(maxEventBytes: number) {
    this.#maxEventBytes = maxEventBytes;
  }

  push(chunk: Buffer): SsePiece[] {
    const out: SsePiece[] = [];
    let start = 0;
    let j = 0;
    while (j < chunk.length) {
      const b = chunk[j];
      if (this.#afterCr && b === LF) {
        // The LF of a CRLF whose CR ended the previous chunk. When that CR ended an event, the
        // LF is the event's last byte: send it on by itself, unchanged.
        this.#afterCr = false;
        if (this.#size === 0 && start === j) {
          out.push({ kind: 'event', raw: chunk.subarray(j, j + 1) });
          start = j + 1;
        }
        j += 1;
        continue;
      }
      if (b === CR || b === LF) {
        let end = j + 1;
        if (b === CR && chunk[end] === LF) end += 1;
        this.#afterCr = b === CR && end === chunk.length;
        if (this.#atLineStart) {
          this.#complete(chunk.subarray(start, end), out);
          start = end;
        }
        this.#atLineStart = true;
        j = end;
      } else {
        this.#afterCr = false;
        this.#atLineStart = false;
        const next = nextTerminator(chunk, j + 1);
        j = next === -1 ? chunk.length : next;
      }
    }
    this.#append(chunk.subarray(start), out);
    return out;
  }

  /** The bytes of an event the stream ended in the middle of, if any. */
  rest(): Buffer | undefined {
    const rest = this.#discarding || this.#size === 0 ? undefined : Buffer.concat(this.#parts);
    this.#parts = [];
    this.#size = 0;
    return rest;
  }

  #append(bytes: Buffer, out: SsePiece[]): void {
    if (this.#discarding || bytes.length === 0) return;
    this.#parts.push(bytes);
    this.#size += bytes.length;
    if (this.#size > this.#maxEventBytes) {
      this.#parts = [];
      this.#size = 0;
      this.#discarding = true;
      out.push({ kind: 'oversize' });
    }
  }

  #complete(bytes: Buffer, out: SsePiece[]): void {
    this.#append(bytes, out);
    if (this.#discarding) {
      this.#discarding = false;
      return;
    }
    out.push({ kind: 'event', raw: Buffer.concat(this.#parts, this.#size) });
    this.#parts = [];
    this.#size = 0;
  }
}
