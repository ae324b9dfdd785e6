import type { Duplex } from 'node:stream';

/**
 * The terminal of one SSH session with a pty, as the TUI (src/tui) sees it. The server owns
 * the SSH channel; the TUI builds ink's stdin/stdout adapters from this (see spikes.md §3).
 */
export interface TuiIo {
  /** Keystrokes, raw (the client's pty is in raw mode); keys typed together arrive as one chunk. */
  readonly input: NodeJS.ReadableStream;
  /**
   * Writes to the terminal. A bare `\n` becomes `\r\n` (the server has no pty to translate it);
   * `\r\n` passes unchanged, so a TUI that already sends `\r\n` is unaffected.
   */
  write(text: string): void;
  /** Current size; 80×24 when the client reported 0 (e.g. `ssh -tt` without a terminal). */
  readonly columns: number;
  readonly rows: number;
  /** Called after every `window-change`; returns the unsubscribe function. */
  onResize(listener: () => void): () => void;
}

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** A TuiIo over a session channel; call `resize` on `window-change`. */
export function createTuiIo(
  channel: Duplex,
  size: TerminalSize,
): TuiIo & { resize(columns: number, rows: number): void } {
  const listeners = new Set<() => void>();
  return {
    input: channel,
    write(text) {
      if (channel.writable) channel.write(text.replace(/\r?\n/g, '\r\n'));
    },
    get columns() {
      return size.columns > 0 ? size.columns : 80;
    },
    get rows() {
      return size.rows > 0 ? size.rows : 24;
    },
    onResize(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    resize(columns, rows) {
      size.columns = columns;
      size.rows = rows;
      for (const listener of listeners) listener();
    },
  };
}
