import type {
  McpExchange,
  McpExchangeSummary,
  McpTrafficInspector,
  ReplayResult,
  TrafficViewer,
} from '@gatehouse/core';

/**
 * The MCP calls one SSH session's TUI shows (panel [5]), as plain data: the gateway's traffic
 * inspector (a core port, wired by packages/cli) seen by the session's user, who sees only the
 * routes they own (the port enforces it).
 */
export interface McpCallsSource {
  /** Oldest first, at most the source's limit. */
  current(): readonly McpExchangeSummary[];
  subscribe(listener: () => void): () => void;
  get(id: string): Promise<McpExchange | undefined>;
  /** Re-sends a recorded tools/call as the user, through the same policy (the port decides). */
  replay(id: string): Promise<ReplayResult>;
  /** Stops listening to the inspector (the SSH session ended). */
  close(): void;
}

/** Calls a TUI keeps: enough to scroll back, small per session (research/spikes.md §3). */
const DEFAULT_LIMIT = 200;

export function createMcpCallsSource(
  inspector: McpTrafficInspector,
  viewer: TrafficViewer,
  limit = DEFAULT_LIMIT,
): McpCallsSource {
  let calls: McpExchangeSummary[] = [];
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const listener of listeners) listener();
  };
  /** New calls go last; a completed one replaces its row in place. */
  const put = (summary: McpExchangeSummary): void => {
    const i = calls.findIndex((c) => c.id === summary.id);
    if (i >= 0) calls = calls.map((c, j) => (j === i ? summary : c));
    else calls = [...calls, summary].slice(-limit);
    notify();
  };
  let closed = false;
  // Subscribe first, then fill in what came before: a call in between is merged, not lost.
  const unsubscribe = inspector.subscribe(viewer, { limit }, (event) => put(event.exchange));
  void inspector.list(viewer, { limit }).then(
    (recent) => {
      if (closed) return;
      const seen = new Set(calls.map((c) => c.id));
      calls = [...[...recent].reverse().filter((c) => !seen.has(c.id)), ...calls].slice(-limit);
      notify();
    },
    () => {
      // The list is only the backlog; live calls still arrive.
    },
  );
  return {
    current: () => calls,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get: (id) => inspector.get(viewer, id),
    replay: (id) => inspector.replay(viewer, id),
    close() {
      closed = true;
      unsubscribe();
      listeners.clear();
    },
  };
}
