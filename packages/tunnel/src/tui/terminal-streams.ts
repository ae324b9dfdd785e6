import { PassThrough, Writable } from 'node:stream';
import type { TuiIo } from '../tui-io.ts';

/** `ssh -tt` without a local terminal reports 0×0 (research/spikes.md §3). */
export const DEFAULT_COLUMNS = 80;
export const DEFAULT_ROWS = 24;

/**
 * The stdout ink needs, over a TuiIo: a TTY with a size and `resize` events. There is no pty on
 * our side of the channel to turn `\n` into `\r\n`, so this does.
 */
export class TerminalOutput extends Writable {
  readonly isTTY = true;
  columns: number;
  rows: number;
  readonly #io: TuiIo;

  constructor(io: TuiIo) {
    super({ decodeStrings: false });
    this.#io = io;
    this.columns = DEFAULT_COLUMNS;
    this.rows = DEFAULT_ROWS;
    this.readSize();
  }

  override _write(
    chunk: unknown,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    const text =
      typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    try {
      this.#io.write(text.replace(/\r?\n/g, '\r\n'));
      callback();
    } catch (error) {
      callback(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Take the io's current size; the caller emits `resize` for ink when its tree is ready. */
  readSize(): void {
    this.columns = this.#io.columns > 0 ? this.#io.columns : DEFAULT_COLUMNS;
    this.rows = this.#io.rows > 0 ? this.#io.rows : DEFAULT_ROWS;
  }
}

/**
 * The stdin ink needs: a TTY whose raw mode can be switched. Raw mode belongs to the SSH client's
 * terminal (ssh sets it), so switching it here does nothing; the io's input is piped in.
 */
export class TerminalInput extends PassThrough {
  readonly isTTY = true;

  setRawMode(_mode: boolean): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }
}

/** ink's stderr: nothing of ours writes there, and the server's own stderr is not the user's. */
export function discardingStream(): Writable {
  return new Writable({
    write(_chunk: unknown, _encoding: BufferEncoding, callback: () => void) {
      callback();
    },
  });
}
