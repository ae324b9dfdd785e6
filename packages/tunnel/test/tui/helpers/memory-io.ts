import { PassThrough } from 'node:stream';
import type { TuiIo } from '../../../src/tui/index.ts';
import { VirtualTerminal } from './virtual-terminal.ts';

export interface MemoryTerminal {
  readonly io: TuiIo;
  readonly terminal: VirtualTerminal;
  /** Everything written so far, escapes included. */
  raw(): string;
  /** Keys as the SSH client would send them. */
  type(keys: string): void;
  resize(columns: number, rows: number): void;
  /** Resolves once `predicate` holds for the screen; fails with the screen after `timeoutMs`. */
  waitFor(predicate: (screen: string) => boolean, timeoutMs?: number): Promise<string>;
}

/**
 * A TuiIo in memory: a PassThrough for keys, a `columns`×`rows` virtual terminal for output.
 * `reported` is the size the io claims (a pty may report 0×0); the real size by default.
 */
export function memoryTerminal(
  columns: number,
  rows: number,
  reported: { columns: number; rows: number } = { columns, rows },
): MemoryTerminal {
  const input = new PassThrough();
  const terminal = new VirtualTerminal(columns, rows);
  const listeners = new Set<() => void>();
  const size = { ...reported };
  let raw = '';
  const io: TuiIo = {
    input,
    write(text) {
      raw += text;
      terminal.write(text);
    },
    get columns() {
      return size.columns;
    },
    get rows() {
      return size.rows;
    },
    onResize(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
  return {
    io,
    terminal,
    raw: () => raw,
    type: (keys) => input.write(keys),
    resize(c, r) {
      size.columns = c;
      size.rows = r;
      terminal.resize(c, r);
      for (const listener of listeners) listener();
    },
    async waitFor(predicate, timeoutMs = 3000) {
      const deadline = performance.now() + timeoutMs;
      while (!predicate(terminal.text())) {
        if (performance.now() > deadline) {
          throw new Error(`screen never matched; it shows:\n${terminal.text()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return terminal.text();
    },
  };
}
