import { systemClock, type Clock } from '@gatehouse/core';
import { render } from 'ink';
import { createElement, type ReactElement } from 'react';
import type { McpCallsSource } from '../mcp-calls.ts';
import type { SessionActions, SessionViewSource } from '../session-view.ts';
import { TuiApp } from './app.ts';
import { osc52Copy } from './osc52.ts';
import { discardingStream, TerminalInput, TerminalOutput } from './terminal-streams.ts';
import type { TuiIo } from '../tui-io.ts';

export interface TuiOptions {
  /** For connection durations; the system clock by default. */
  readonly clock?: Clock;
  /** Panel [5] MCP Calls (issue 16); without it the panel starts hidden. */
  readonly calls?: McpCallsSource;
}

export interface TuiHandle {
  /** Unmount: leave the alternate screen, show the cursor, stop reading input. Idempotent. */
  readonly close: () => void;
}

/** ink's frame rate cap: at most 10 frames a second per session (research/spikes.md §3). */
const MAX_FPS = 10;

/**
 * After a channel failure, full repaints at these delays: OpenSSH prints its own line on the
 * user's terminal around the time the failure reaches us, sometimes after our next frame, so
 * one repaint soon and one a little later cover it (a repaint is one frame, cheap).
 */
const FOREIGN_OUTPUT_REPAINTS_MS = [300, 1500];

/** ECMA-48: erase the whole display (ED 2), cursor home (CUP). */
const CLEAR_SCREEN = '\x1b[2J\x1b[H';

/**
 * Draw the live tunnel TUI on `io` (an SSH session channel with a pty) until `close()` or until
 * the user quits (`q`, Ctrl-C: the TUI closes itself, then calls `actions.quit()`).
 *
 * React picks its development build unless NODE_ENV is `production` when it is first imported;
 * that is the composition root's job (packages/cli), not this package's.
 */
export function renderTui(
  io: TuiIo,
  view: SessionViewSource,
  actions: SessionActions,
  options: TuiOptions = {},
): TuiHandle {
  const output = new TerminalOutput(io);
  const input = new TerminalInput();
  io.input.pipe(input);
  const stopResize = io.onResize(() => {
    output.readSize();
    // Commit the tree for the new size first (synchronous in ink's legacy mode), then let ink
    // redraw on `resize`.
    draw();
    output.emit('resize');
  });
  let closed = false;
  const pending = new Set<NodeJS.Timeout>();
  const stopForeign =
    view.onForeignOutput?.(() => {
      if (pending.size > 0) return;
      for (const ms of FOREIGN_OUTPUT_REPAINTS_MS) {
        const timer = setTimeout(() => {
          pending.delete(timer);
          repaint();
        }, ms);
        timer.unref();
        pending.add(timer);
      }
    }) ?? ((): void => {});
  const close = (): void => {
    if (closed) return;
    closed = true;
    stopForeign();
    for (const timer of pending) clearTimeout(timer);
    stopResize();
    io.input.unpipe(input);
    instance.unmount();
    input.destroy();
  };
  const quit = (): void => {
    // Leave the key handler first: unmounting from inside React's event dispatch is not safe.
    setImmediate(() => {
      close();
      actions.quit();
    });
  };
  const props = {
    source: view,
    actions,
    clock: options.clock ?? systemClock,
    ...(options.calls === undefined ? {} : { calls: options.calls }),
    copy: (text: string) => output.write(osc52Copy(text)),
    quit,
    // Out of the key handler first, as for quit.
    repaint: () => setImmediate(repaint),
  };
  const app = (): ReactElement =>
    createElement(TuiApp, { ...props, columns: output.columns, rows: output.rows });
  const draw = (): void => {
    if (!closed) instance.rerender(app());
  };
  /**
   * Clear and draw everything again: what is on the terminal is not what ink last drew (a line
   * OpenSSH printed scrolled it), so ink's line-by-line diff would land in the wrong places. ink
   * forgets what it drew only when the terminal gets narrower (ink.js `resized`), so after the
   * clear it is told of one column more, then of the real width.
   */
  const repaint = (): void => {
    if (closed) return;
    output.write(CLEAR_SCREEN);
    output.columns += 1;
    output.emit('resize');
    output.readSize();
    output.emit('resize');
  };
  const instance = render(app(), {
    stdout: output,
    stdin: input,
    stderr: discardingStream(),
    interactive: true,
    alternateScreen: true,
    exitOnCtrlC: false,
    patchConsole: false,
    incrementalRendering: true,
    maxFps: MAX_FPS,
  });
  // A channel that fails to take a write is gone: stop drawing instead of throwing into ink.
  output.on('error', close);
  return { close };
}
