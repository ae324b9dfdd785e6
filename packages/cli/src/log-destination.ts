import { writeSync } from 'node:fs';

/** A batch goes out once this many characters of lines wait (or on `flush()`). */
const BATCH_CHARS = 16_384;
/** A full non-blocking pipe (EAGAIN) is tried again after this long. */
const RETRY_MS = 50;
/**
 * PIPE_BUF on Linux: a pipe takes a write of at most this many bytes whole, never interleaved
 * with another process's writes. `--workers` processes share one stdout, so a batch goes out in
 * writes of whole lines up to this size, and no line is torn by another worker's (only a single
 * line longer than this can be, as with any logger).
 */
const ATOMIC_WRITE_BYTES = 4096;

/** What a write to a full non-blocking pipe sleeps on (nothing ever wakes it early). */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

const isBusy = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && (error.code === 'EAGAIN' || error.code === 'EBUSY');

/** Where to cut `data` for one write: after the last whole line within ATOMIC_WRITE_BYTES. */
function atomicCut(data: Buffer, from: number): number {
  if (data.length - from <= ATOMIC_WRITE_BYTES) return data.length;
  const lastNewline = data.lastIndexOf(0x0a, from + ATOMIC_WRITE_BYTES - 1);
  if (lastNewline >= from) return lastNewline + 1;
  // One line longer than a pipe takes at once: it goes out whole, in one write.
  const end = data.indexOf(0x0a, from);
  return end < 0 ? data.length : end + 1;
}

/**
 * Where pino writes the log lines (stdout), standing in for `pino.destination` (sonic-boom),
 * which appends each line to one growing string and measures that string's byte length again on
 * every line: the cost of a line grew with the batch, about 2 µs of the gateway's per-request
 * decision line (issue 18). Here lines wait in a list and go out in batches of about 16 KiB
 * (or on the periodic `flush()`).
 *
 * A batch is written synchronously, in writes of whole lines of at most 4 KiB, as Node writes
 * its own stdout to files and pipes on Linux: lines arrive in order, none is left on a thread at
 * exit, and no other worker's write tears one. The price is that a log reader that stops reading
 * (a full pipe) holds up the event loop until it reads again, as it would `console.log`; an
 * asynchronous write on libuv's thread pool (tried, issue 18) reordered the last lines at exit
 * and let unwritten lines pile up in memory instead.
 *
 * A write error other than EAGAIN drops the batch: logging must not take the gateway down (EPIPE
 * when the reader went away).
 */
export class BatchedLogDestination {
  readonly #fd: number;
  #lines: string[] = [];
  #chars = 0;

  constructor(fd: number) {
    this.#fd = fd;
  }

  /** pino's stream contract: one serialized line (with its newline) per call. */
  write(line: string): boolean {
    this.#lines.push(line);
    this.#chars += line.length;
    if (this.#chars >= BATCH_CHARS) this.flush();
    return true;
  }

  /** Writes what waits, however little (a quiet gateway's periodic flush). */
  flush(): void {
    if (this.#chars === 0) return;
    const data = Buffer.from(this.#lines.join(''), 'utf8');
    this.#lines = [];
    this.#chars = 0;
    this.#writeAll(data);
  }

  /** The same as `flush()`: every write is synchronous (pino's and sonic-boom's name at exit). */
  flushSync(): void {
    this.flush();
  }

  /** Writes `data` in whole-line writes; a failed write (other than EAGAIN) drops the rest. */
  #writeAll(data: Buffer): void {
    let offset = 0;
    while (offset < data.length) {
      const end = atomicCut(data, offset);
      try {
        offset += writeSync(this.#fd, data, offset, end - offset);
      } catch (error) {
        if (!isBusy(error)) return;
        Atomics.wait(PAUSE, 0, 0, RETRY_MS);
      }
    }
  }
}
