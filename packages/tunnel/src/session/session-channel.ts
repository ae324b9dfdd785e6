import type { ServerChannel, Session } from 'ssh2';
import type { LiveTunnel, Logger, McpTrafficInspector, TunnelAccounts } from '@gatehouse/core';
import { createMcpCallsSource, type McpCallsSource } from '../mcp-calls.ts';
import type { TunnelConnection } from '../connection/tunnel-connection.ts';
import type { SessionActions, SessionViewSource } from '../session-view.ts';
import { createTuiIo } from '../tui-io.ts';
import type { TerminalSize, TuiIo } from '../tui-io.ts';
import { runCommand } from './commands.ts';
import { startPlainPrinter } from './plain-printer.ts';
import { shareFromSession } from './share-action.ts';

export type RenderTui = (
  io: TuiIo,
  view: SessionViewSource,
  actions: SessionActions,
  /** Panel [5] MCP Calls: the session user's captured calls (issue 16). */
  calls?: McpCallsSource,
) => { close(): void };

export interface SessionDeps {
  readonly accounts: TunnelAccounts;
  readonly logger: Logger;
  readonly renderTui: RenderTui | undefined;
  readonly tunnels: (userId: string) => readonly LiveTunnel[];
  readonly traffic?: McpTrafficInspector | undefined;
}

/**
 * One `session` channel (RFC 4254 §6): a pty + shell gets the TUI, a shell without pty gets
 * plain lines, an exec runs a command (`--to 3000` sets the local address, then stays).
 */
export function handleSession(
  session: Session,
  connection: TunnelConnection,
  deps: SessionDeps,
): void {
  const size: TerminalSize = { columns: 0, rows: 0 };
  // ssh2 emits 'close' on a server channel only after its input was read to the end; the
  // Session object and the connection tell us sooner that the channel is gone.
  const gone = new AbortController();
  const end = (): void => gone.abort();
  session.once('close', end);
  connection.lifetime.addEventListener('abort', end, { once: true });
  let pty = false;
  let resize: ((columns: number, rows: number) => void) | undefined;
  session.on('pty', (accept, _reject, info) => {
    pty = true;
    size.columns = info.cols;
    size.rows = info.rows;
    accept?.();
  });
  session.on('window-change', (accept, _reject, info) => {
    size.columns = info.cols;
    size.rows = info.rows;
    resize?.(info.cols, info.rows);
    accept?.();
  });
  session.on('env', (accept) => accept?.());
  session.on('shell', (accept) => {
    const channel = accept();
    connection.sessionSettled();
    connection.addSession(channel, gone.signal);
    channel.once('close', end);
    resize = present(channel, connection, deps, { pty, size, gone: gone.signal });
  });
  session.on('exec', (accept, _reject, info) => {
    const channel = accept();
    channel.once('close', end);
    connection.addSession(channel, gone.signal);
    void exec(channel, info.command, connection, deps, { pty, gone: gone.signal }).then((next) => {
      connection.sessionSettled();
      if (next === 'stay')
        resize = present(channel, connection, deps, { pty, size, gone: gone.signal });
      if (next === 'disconnect') {
        // After the client has closed the channel: a DISCONNECT racing the exit status makes
        // OpenSSH report 255 instead of 0.
        const close = (): void => connection.close();
        gone.signal.addEventListener('abort', close, { once: true });
        setTimeout(close, DISCONNECT_GRACE_MS).unref();
      }
    });
  });
}

interface Terminal {
  readonly pty: boolean;
  readonly size: TerminalSize;
  /** Aborted when the channel is gone. */
  readonly gone: AbortSignal;
}

/** Shows the live view on a channel until it is gone; returns the resize hook. */
function present(
  channel: ServerChannel,
  connection: TunnelConnection,
  deps: SessionDeps,
  { pty, size, gone }: Terminal,
): ((columns: number, rows: number) => void) | undefined {
  if (pty && deps.renderTui !== undefined) {
    const io = createTuiIo(channel, size);
    const actions: SessionActions = {
      setLocalAddress: (address) => connection.setLocalAddress(address),
      share: (email, route) => shareFromSession(connection, deps, email, route),
      quit: () => {
        channel.exit(0);
        channel.end();
      },
    };
    const identity = connection.identity;
    // The SSH user sees the calls of the routes they own, never as an admin (the port enforces it).
    const calls =
      deps.traffic === undefined || identity === undefined
        ? undefined
        : createMcpCallsSource(deps.traffic, { userId: identity.userId, admin: false });
    if (calls !== undefined) gone.addEventListener('abort', () => calls.close(), { once: true });
    try {
      const tui = deps.renderTui(io, connection.view, actions, calls);
      gone.addEventListener('abort', () => tui.close(), { once: true });
      connection.beforeClose(channel, () => tui.close());
      return (columns, rows) => io.resize(columns, rows);
    } catch (error) {
      // A broken TUI must not take the tunnel down: fall back to plain text.
      deps.logger.error({ err: error, connectionId: connection.id }, 'tunnel TUI failed');
    }
  }
  const stop = startPlainPrinter(channel, connection.view, pty ? '\r\n' : '\n');
  gone.addEventListener('abort', stop, { once: true });
  // Without a pty, Ctrl-C is a byte on the channel (and `-T` users expect it to end the session).
  if (pty) {
    channel.on('data', (data: Buffer) => {
      if (data.includes(3) || data.includes(0x71)) {
        channel.exit(0);
        channel.end();
      }
    });
  } else channel.resume();
  return undefined;
}

const DISCONNECT_GRACE_MS = 2000;

/** Runs an exec command; resolves with what the session does next. */
async function exec(
  channel: ServerChannel,
  command: string,
  connection: TunnelConnection,
  deps: SessionDeps,
  { pty, gone }: { readonly pty: boolean; readonly gone: AbortSignal },
): Promise<'stay' | 'done' | 'disconnect'> {
  const newline = pty ? '\r\n' : '\n';
  const identity = connection.identity;
  if (identity === undefined) return 'done';
  const finish = (code: number): void => {
    channel.exit(code);
    channel.end();
  };
  try {
    const result = await runCommand(command, {
      connection,
      identity,
      accounts: deps.accounts,
      tunnels: () => deps.tunnels(identity.userId),
      ...(deps.traffic === undefined ? {} : { traffic: deps.traffic }),
      gone,
      out: (line) => channel.write(`${line.replace(/\n/g, newline)}${newline}`),
      err: (line) => channel.stderr.write(`${line.replace(/\n/g, newline)}${newline}`),
    });
    if (result.kind === 'stay') return 'stay';
    if (result.kind === 'logout') {
      finish(0);
      return 'disconnect';
    }
    finish(result.code);
  } catch (error) {
    deps.logger.warn({ err: error, connectionId: connection.id }, 'tunnel command failed');
    const message = error instanceof Error ? error.message : 'failed';
    channel.stderr.write(`gatehouse: ${message}${newline}`);
    finish(1);
  }
  return 'done';
}
