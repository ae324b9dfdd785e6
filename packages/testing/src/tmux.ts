// @gatehouse/testing/tmux: a real terminal for TUI tests. tmux on a private socket runs a shell
// command in one detached session of a fixed size; capture-pane reads the screen.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TmuxOptions {
  /** Names the private socket (with the pid and a random suffix): one tmux server per terminal. */
  readonly name: string;
  /** The shell command the session runs (see `shellWords` for quoting an argv). */
  readonly command: string;
  readonly columns: number;
  readonly rows: number;
  /** The session (and target) name; default `ssh`. */
  readonly session?: string;
  /** tmux.conf text, e.g. `set -g set-clipboard on`; default none (`-f /dev/null`). */
  readonly config?: string;
}

export interface TmuxTerminal {
  /** The session name, for `tmux('send-keys', '-t', session, …)`. */
  readonly session: string;
  /** Runs a tmux command against this terminal's server; returns its stdout. */
  tmux(...args: string[]): string;
  /** The visible screen (capture-pane). */
  screen(): string;
  /** send-keys to the session (tmux key names, e.g. `Tab`, `Enter`, `C-l`). */
  keys(...keys: string[]): void;
  /** Ends the tmux server and removes its socket and config; safe to call twice. */
  close(): void;
}

/** Starts a tmux server on a private socket with one detached session running `command`. */
export function openTmux(options: TmuxOptions): TmuxTerminal {
  const session = options.session ?? 'ssh';
  const socket = `${options.name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  let dir: string | undefined;
  let conf = '/dev/null';
  if (options.config !== undefined) {
    dir = mkdtempSync(join(tmpdir(), `${options.name}-`));
    conf = join(dir, 'tmux.conf');
    writeFileSync(conf, options.config);
  }
  // `-f` is read when the server starts (by new-session); later commands reach the same server.
  const tmux = (...args: string[]): string =>
    execFileSync('tmux', ['-L', socket, '-f', conf, ...args], { encoding: 'utf8' });
  const close = (): void => {
    try {
      const socketPath = tmux('display-message', '-p', '#{socket_path}').trim();
      tmux('kill-server');
      rmSync(socketPath, { force: true });
    } catch {
      // already gone
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  };
  try {
    tmux(
      'new-session',
      '-d',
      '-x',
      String(options.columns),
      '-y',
      String(options.rows),
      '-s',
      session,
      options.command,
    );
  } catch (error) {
    close();
    throw error;
  }
  return {
    session,
    tmux,
    screen: () => tmux('capture-pane', '-p', '-t', session),
    keys: (...keys) => void tmux('send-keys', '-t', session, ...keys),
    close,
  };
}

/** An argv as one shell command line, each word in single quotes (words hold no quote). */
export function shellWords(words: readonly string[]): string {
  return words.map((w) => `'${w}'`).join(' ');
}
