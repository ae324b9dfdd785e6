import { fstatSync, write, writeSync } from 'node:fs';

/** A batch goes out once this many characters of lines wait (or on `flush()`). */
const BATCH_CHARS = 16_384;
/** A full non-blocking pipe (EAGAIN) is tried again after this long. */
const RETRY_MS = 50;
/**
 * PIPE_BUF on Linux: a pipe takes a write of at most this many bytes whole, never interleaved
 * with another process's writes. `--workers` processes share one stdout, so a batch to a pipe or
 * socket goes out in writes of whole lines up to this size, and no line is torn by another
 * worker's (only a single line longer than this can be, as with any logger).
 */
const ATOMIC_WRITE_BYTES = 4096;

/** Where to cut `data` for one write: after the last whole line within ATOMIC_WRITE_BYTES. */
function atomicCut(data: Buffer): number {
  if (data.length <= ATOMIC_WRITE_BYTES) return data.length;
  const lastNewline = data.lastIndexOf(0x0a, ATOMIC_WRITE_BYTES - 1);
  if (lastNewline >= 0) return lastNewline + 1;
  // One line longer than a pipe takes at once: it goes out whole, in one write.
  const end = data.indexOf(0x0a);
  return end < 0 ? data.length : end + 1;
}

/** What flushSync sleeps on while a full pipe drains (nothing ever wakes it early). */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

const isBusy = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && (error.code === 'EAGAIN' || error.code === 'EBUSY');

function isRegularFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/**
 * Where pino writes the log lines (stdout), standing in for `pino.destination` (sonic-boom),
 * which appends each line to one growing string and measures that string's byte length again on
 * every line: the cost of a line grew with the batch, about 2 µs of the gateway's per-request
 * decision line (issue 18). Here lines wait in a list and go out in batches of about 16 KiB.
 *
 * To a pipe, socket or terminal a batch is written on libuv's thread pool, so a slow reader
 * holds back the batches, never the event loop, in writes of whole lines of at most 4 KiB that
 * another worker's lines cannot tear. To a regular file (stdout redirected to a log
 * file) it is written at once: handing a batch to the thread pool (waking a thread) cost the
 * event loop more than the page-cache copy it spares it (measured, issue 18).
 *
 * A write error other than EAGAIN drops the batch: logging must not take the gateway down (EPIPE
 * when the reader went away).
 */
export class BatchedLogDestination {
  readonly #fd: number;
  /** A regular file: batches are written synchronously. */
  readonly #toFile: boolean;
  #lines: string[] = [];
  #chars = 0;
  /** The write on the thread pool now, or waiting to be tried again after EAGAIN. */
  #inFlight: Buffer | undefined;
  /** Lines taken for a pipe but not yet handed to a write (the batch past its first write). */
  #backlog: Buffer | undefined;
  #retrying = false;

  /** `threadPool` writes through the thread pool whatever `fd` is (tests of that path). */
  constructor(fd: number, options: { readonly threadPool?: boolean } = {}) {
    this.#fd = fd;
    this.#toFile = options.threadPool !== true && isRegularFile(fd);
  }

  /** pino's stream contract: one serialized line (with its newline) per call. */
  write(line: string): boolean {
    this.#lines.push(line);
    this.#chars += line.length;
    if (this.#inFlight === undefined && this.#chars >= BATCH_CHARS) this.#next();
    return true;
  }

  /** Starts writing what waits, however little (a quiet gateway's periodic flush). */
  flush(): void {
    if (this.#inFlight === undefined && (this.#backlog !== undefined || this.#chars > 0)) {
      this.#next();
    }
  }

  /**
   * Writes what waits before returning (at exit), as sonic-boom's flushSync does: a batch the
   * thread pool is writing now is left to it, one waiting to be tried again is written here.
   */
  flushSync(): void {
    const batches: Buffer[] = [];
    if (this.#retrying && this.#inFlight !== undefined) batches.push(this.#inFlight);
    if (this.#retrying) this.#inFlight = undefined;
    if (this.#backlog !== undefined) batches.push(this.#backlog);
    this.#backlog = undefined;
    batches.push(this.#take());
    for (const data of batches) {
      if (this.#toFile) this.#writeNow(data);
      else for (let rest = data; rest.length > 0;) rest = this.#writeNow(rest, atomicCut(rest));
    }
  }

  /**
   * Writes `data` up to `end` before returning and answers what is left after `end`; a failed
   * write (other than EAGAIN) drops all of it.
   */
  #writeNow(data: Buffer, end = data.length): Buffer {
    let offset = 0;
    while (offset < end) {
      try {
        offset += writeSync(this.#fd, data, offset, end - offset);
      } catch (error) {
        if (!isBusy(error)) return data.subarray(data.length);
        Atomics.wait(PAUSE, 0, 0, RETRY_MS);
      }
    }
    return data.subarray(end);
  }

  /** Hands the next write to the thread pool (a pipe), or writes what waits (a file). */
  #next(): void {
    if (this.#toFile) {
      this.#writeNow(this.#take());
      return;
    }
    const data = this.#backlog ?? this.#take();
    const cut = atomicCut(data);
    this.#backlog = cut < data.length ? data.subarray(cut) : undefined;
    this.#send(data.subarray(0, cut));
  }

  #take(): Buffer {
    const data = Buffer.from(this.#lines.join(''), 'utf8');
    this.#lines = [];
    this.#chars = 0;
    return data;
  }

  #send(data: Buffer): void {
    this.#inFlight = data;
    this.#retrying = false;
    write(this.#fd, data, 0, data.length, null, (error, written) =>
      this.#sent(data, error, written),
    );
  }

  #sent(data: Buffer, error: NodeJS.ErrnoException | null, written: number): void {
    if (error !== null && isBusy(error)) {
      this.#retrying = true;
      setTimeout(() => this.#inFlight === data && this.#send(data), RETRY_MS).unref();
      return;
    }
    if (error === null && written < data.length) {
      this.#send(data.subarray(written));
      return;
    }
    this.#inFlight = undefined;
    if (this.#backlog !== undefined || this.#chars >= BATCH_CHARS) this.#next();
  }
}
