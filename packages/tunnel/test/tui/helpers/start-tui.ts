import type { McpCallsSource } from '../../../src/mcp-calls.ts';
import type { SessionView } from '../../../src/session-view.ts';
import { renderTui } from '../../../src/tui/index.ts';
import { memoryTerminal, type MemoryTerminal } from './memory-io.ts';
import { sampleView, viewSource } from './sample-view.ts';

export interface RunningTui {
  readonly term: MemoryTerminal;
  readonly quits: { count: number };
  readonly addresses: string[];
  /** `share` calls as `route email`. */
  readonly shares: string[];
  readonly set: (view: SessionView) => void;
  readonly close: () => void;
}

export interface StartOptions {
  readonly columns?: number;
  readonly rows?: number;
  /** The size the io reports, when it differs from the terminal's (a 0×0 pty). */
  readonly reported?: { columns: number; rows: number };
  readonly view?: SessionView;
  /** What `setLocalAddress` answers; accepts everything by default. */
  readonly refuse?: string;
  /** What `share` answers; accepts everything by default (and logs it, as the server does). */
  readonly refuseShare?: string;
  /** Panel [5]'s calls (issue 16); without it the panel starts hidden. */
  readonly calls?: McpCallsSource;
}

const running = new Set<RunningTui>();

/** renderTui on an in-memory terminal (100×30 by default) with recording actions. */
export function startTui(options: StartOptions = {}): RunningTui {
  const columns = options.columns ?? 100;
  const rows = options.rows ?? 30;
  const term = memoryTerminal(columns, rows, options.reported ?? { columns, rows });
  const data = viewSource(options.view ?? sampleView(Date.now()));
  const quits = { count: 0 };
  const addresses: string[] = [];
  const shares: string[] = [];
  const handle = renderTui(
    term.io,
    data.source,
    {
      setLocalAddress(address) {
        addresses.push(address);
        return options.refuse === undefined ? { ok: true } : { ok: false, message: options.refuse };
      },
      share(email, route = '?') {
        shares.push(`${route} ${email}`);
        if (options.refuseShare !== undefined) {
          return Promise.resolve({ ok: false, message: options.refuseShare });
        }
        const view = data.source.current();
        const line = {
          at: Date.now(),
          level: 'info' as const,
          text: `shared ${route} with ${email}`,
        };
        data.set({ ...view, logs: [...view.logs, { ...line, count: 1 }] });
        return Promise.resolve({ ok: true });
      },
      quit() {
        quits.count += 1;
      },
    },
    options.calls === undefined ? {} : { calls: options.calls },
  );
  const tui: RunningTui = { term, quits, addresses, shares, set: data.set, close: handle.close };
  running.add(tui);
  return tui;
}

/** Close every TUI a test started (for afterEach). */
export function closeAll(): void {
  for (const tui of running) tui.close();
  running.clear();
}
